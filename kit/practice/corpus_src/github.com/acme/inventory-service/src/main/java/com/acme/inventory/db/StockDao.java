package com.acme.inventory.db;

import com.acme.inventory.model.StockItem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads and writes stock levels in the inventory database. */
@Repository
public class StockDao {
    private static final Logger LOG = LogManager.getLogger(StockDao.class);
    private final JdbcTemplate jdbc;

    public StockDao(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every SKU in one warehouse. */
    public List<StockItem> findByWarehouse(String warehouse) {
        LOG.debug("Selecting stock for warehouse " + warehouse);
        String sql = "SELECT sku, warehouse, quantity FROM stock WHERE warehouse = '" + warehouse.trim() + "'";
        return jdbc.query(sql, StockDao::toItem);
    }

    /** One SKU across warehouses. */
    public List<StockItem> findBySku(String sku) {
        return jdbc.query("SELECT sku, warehouse, quantity FROM stock WHERE sku = ?", StockDao::toItem, sku);
    }

    /** SKUs starting with a prefix, sorted by a column the caller names. */
    public List<StockItem> search(String prefix, String orderBy) {
        String sql = String.format("SELECT sku, warehouse, quantity FROM stock WHERE sku LIKE '%s%%' ORDER BY %s, quantity", prefix, orderBy);
        return jdbc.query(sql, StockDao::toItem);
    }

    /** Sets the quantity of one SKU in one warehouse; returns the rows changed. */
    public int setQuantity(String sku, String warehouse, int quantity) {
        return jdbc.update("UPDATE stock SET quantity = ? WHERE sku = ? AND warehouse = ?", quantity, sku, warehouse);
    }

    private static StockItem toItem(ResultSet rs, int row) throws SQLException {
        return new StockItem(rs.getString("sku"), rs.getString("warehouse"), rs.getInt("quantity"));
    }
}
