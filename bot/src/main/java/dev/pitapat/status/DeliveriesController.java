package dev.pitapat.status;

import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryRecord;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/deliveries}: the most recent deliveries, newest first, with status and last error; only those of
 * repositories the {@link Viewer} can read (a signed-in person sees none without a repository, such as an installation's). The
 * queue depth counts every delivery.
 */
@RestController
class DeliveriesController {

    static final int MAX_LIMIT = 1000;

    private final DeliveryQueue queue;

    DeliveriesController(DeliveryQueue queue) {
        this.queue = queue;
    }

    @GetMapping("/api/deliveries")
    Deliveries deliveries(Viewer viewer, @RequestParam(defaultValue = "100") int limit) {
        int bounded = Math.clamp(limit, 1, MAX_LIMIT);
        List<DeliveryRecord> recent = switch (viewer) {
            case Viewer.Everyone everyone -> queue.recent(bounded);
            // the newest of those they may see, among all the store keeps
            case Viewer.Person person ->
                queue.recent(MAX_LIMIT).stream()
                        .filter(delivery -> person.canSee(delivery.repo()))
                        .limit(bounded)
                        .toList();
        };
        return new Deliveries(
                queue.depth(), recent.stream().map(DeliveryView::of).toList());
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
