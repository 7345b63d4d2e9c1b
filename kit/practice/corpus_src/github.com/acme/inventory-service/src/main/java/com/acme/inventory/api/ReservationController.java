package com.acme.inventory.api;

import com.acme.inventory.reservations.Reservation;
import com.acme.inventory.reservations.ReservationService;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Holds stock for a checkout until it is paid, or lets it go. */
@RestController
@RequestMapping("/reservations")
public class ReservationController {
    private final ReservationService service;

    public ReservationController(ReservationService reservations) {
        this.service = reservations;
    }

    @PostMapping(consumes = "application/json")
    public Reservation reserve(@RequestBody Reservation request) {
        return service.reserve(request.sku(), request.location(), request.quantity());
    }

    @DeleteMapping("/{id}")
    public void release(@PathVariable String id) {
        service.release(id);
    }
}
