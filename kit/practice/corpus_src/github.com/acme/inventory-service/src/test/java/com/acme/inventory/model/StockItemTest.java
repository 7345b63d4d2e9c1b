package com.acme.inventory.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StockItemTest {
    @Test
    void keepsSkuWarehouseAndQuantity() {
        StockItem item = new StockItem("mug-blue", "ber-1", 12);
        assertEquals("mug-blue", item.sku());
        assertEquals("ber-1", item.warehouse());
        assertEquals(12, item.quantity());
    }
}
