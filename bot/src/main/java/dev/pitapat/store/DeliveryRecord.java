package dev.pitapat.store;

import java.time.Instant;
import java.util.Optional;

/** What the store remembers of a delivery: shown at {@code GET /api/deliveries}. */
public record DeliveryRecord(
        String id,
        String event,
        String action,
        String repo,
        DeliveryStatus status,
        int attempts,
        Optional<String> lastError,
        Instant receivedAt,
        Instant updatedAt) {}
