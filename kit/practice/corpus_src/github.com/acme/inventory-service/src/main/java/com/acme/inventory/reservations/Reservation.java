package com.acme.inventory.reservations;

import java.time.Instant;

/** Stock held for one checkout until {@code expiresAt}. */
public record Reservation(String id, String sku, String location, int quantity, Instant expiresAt) {}
