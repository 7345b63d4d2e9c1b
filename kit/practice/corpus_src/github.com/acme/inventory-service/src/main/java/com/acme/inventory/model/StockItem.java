package com.acme.inventory.model;

/** How many units of one SKU one warehouse holds. */
public record StockItem(String sku, String warehouse, int quantity) {}
