package com.acme.inventory.api;

import com.acme.inventory.audit.AuditLog;
import com.acme.inventory.db.StockDao;
import com.acme.inventory.model.StockItem;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The stock endpoints. */
@RestController
@RequestMapping("/stock")
public class StockController {
    private final StockDao dao;

    public StockController(StockDao dao) {
        this.dao = dao;
    }

    @GetMapping("/warehouse/{warehouse}")
    public List<StockItem> byWarehouse(@PathVariable String warehouse) {
        return dao.findByWarehouse(warehouse);
    }

    @GetMapping("/sku/{sku}")
    public List<StockItem> bySku(@PathVariable String sku) {
        return dao.findBySku(sku);
    }

    @GetMapping("/search")
    public List<StockItem> search(@RequestParam String prefix, @RequestParam(defaultValue = "sku") String orderBy) {
        return dao.search(prefix, orderBy);
    }

    @PutMapping("/sku/{sku}/warehouse/{warehouse}")
    public void setQuantity(
            @PathVariable String sku,
            @PathVariable String warehouse,
            @RequestParam int quantity,
            @RequestHeader("X-User") String user) {
        dao.setQuantity(sku, warehouse, quantity);
        AuditLog.stockChanged(user, sku, warehouse, quantity);
    }
}
