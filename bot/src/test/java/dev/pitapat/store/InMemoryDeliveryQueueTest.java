package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryDeliveryQueueTest extends DeliveryQueueContract {

    @Override
    DeliveryQueue newQueue(QueueProperties properties) {
        return new InMemoryDeliveryQueue(properties, Clock.systemUTC());
    }

    @Test
    void refusesDeliveriesPastItsMemoryBoundAndTakesThemAgainOnceHandled() throws Exception {
        DeliveryQueue queue = queue();
        byte[] megabyte = new byte[1024 * 1024];
        int stored = 0;
        while (stored < 1000) {
            Delivery d = new Delivery("big-" + stored, "push", "", "acme/hello", megabyte, Instant.now());
            try {
                queue.offer(d);
                stored++;
            } catch (StoreUnavailableException full) {
                assertThat(full).hasMessageContaining("in-memory queue holds");
                break;
            }
        }
        assertThat(stored).isEqualTo(InMemoryDeliveryQueue.MAX_QUEUED_BYTES / megabyte.length);
        Delivery next = new Delivery("after", "push", "", "acme/hello", megabyte, Instant.now());
        assertThatThrownBy(() -> queue.offer(next)).isInstanceOf(StoreUnavailableException.class);
        assertThat(queue.record("after")).isEmpty();

        for (Claim claim : queue.claim(10, Duration.ofMillis(10))) {
            queue.complete(claim);
        }

        assertThat(queue.offer(next)).isEqualTo(Offer.QUEUED);
    }

    @Test
    void oneDeliveryLargerThanTheBoundIsTakenWhenNothingElseWaitsAndTheNextWaitsForIt() throws Exception {
        DeliveryQueue queue = queue();
        byte[] large = new byte[20 * 1024 * 1024]; // over the 16 MiB bound, under GitHub's 25 MiB cap
        Delivery big = new Delivery("large", "push", "", "acme/hello", large, Instant.now());
        Delivery small = new Delivery("small", "push", "", "acme/hello", new byte[300 * 1024], Instant.now());

        assertThat(queue.offer(big)).isEqualTo(Offer.QUEUED);
        assertThatThrownBy(() -> queue.offer(small))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("the in-memory queue holds 20.0 MiB of deliveries not yet handled")
                .hasMessageContaining("this one (0.3 MiB) would take it past 16.0 MiB");

        for (Claim claim : queue.claim(10, Duration.ofMillis(10))) {
            queue.complete(claim);
        }
        assertThat(queue.offer(small)).isEqualTo(Offer.QUEUED);
    }
}
