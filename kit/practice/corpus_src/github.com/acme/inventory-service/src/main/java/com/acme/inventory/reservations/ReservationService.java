package com.acme.inventory.reservations;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** Holds stock for a while, so that two checkouts cannot sell the last item twice. */
@Service
public class ReservationService {
    private final Clock clock;
    private final Duration holdFor;
    private final Map<String, Reservation> held = new ConcurrentHashMap<>();

    public ReservationService(Clock systemClock, @Value("${inventory.reservations.hold-minutes}") long holdMinutes) {
        this.clock = systemClock;
        this.holdFor = Duration.ofMinutes(holdMinutes);
    }

    public Reservation reserve(String sku, String location, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("a reservation holds at least one item");
        }
        String id = UUID.randomUUID().toString();
        Reservation reservation = new Reservation(id, sku, location, quantity, clock.instant().plus(holdFor));
        held.put(id, reservation);
        return reservation;
    }

    public void release(String id) {
        held.remove(id);
    }
}
