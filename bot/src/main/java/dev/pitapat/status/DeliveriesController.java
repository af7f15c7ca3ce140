package dev.pitapat.status;

import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryRecord;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/deliveries}: the most recent deliveries, newest first, with status and last error. */
@RestController
class DeliveriesController {

    private final DeliveryQueue queue;

    DeliveriesController(DeliveryQueue queue) {
        this.queue = queue;
    }

    @GetMapping("/api/deliveries")
    Deliveries deliveries(@RequestParam(defaultValue = "100") int limit) {
        int bounded = Math.clamp(limit, 1, 1000);
        return new Deliveries(
                queue.depth(),
                queue.recent(bounded).stream().map(DeliveryView::of).toList());
    }

    record Deliveries(long queueDepth, List<DeliveryView> deliveries) {}

    record DeliveryView(
            String id,
            String event,
            String action,
            String repo,
            String status,
            int attempts,
            String lastError,
            Instant receivedAt,
            Instant updatedAt) {

        static DeliveryView of(DeliveryRecord r) {
            return new DeliveryView(
                    r.id(),
                    r.event(),
                    r.action(),
                    r.repo(),
                    r.status().label(),
                    r.attempts(),
                    r.lastError().orElse(null),
                    r.receivedAt(),
                    r.updatedAt());
        }
    }
}
