package com.acme.inventory.audit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Writes who changed which stock level, one log line per change. */
public final class AuditLog {
    private static final Logger AUDIT = LogManager.getLogger("audit");

    private AuditLog() {}

    public static void stockChanged(String user, String sku, String warehouse, int quantity) {
        AUDIT.info("user={} sku={} warehouse={} quantity={}", user, sku, warehouse, quantity);
    }
}
