package dev.pitapat.store;

import java.time.Clock;
import java.time.Duration;

/** The in-memory store's parts for tests of other packages that need a real one without Spring. */
public final class InMemoryStores {

    private InMemoryStores() {}

    public static DeliveryQueue deliveryQueue(Clock clock) {
        return new InMemoryDeliveryQueue(
                DeliveryQueueContract.properties(Duration.ofMinutes(2), Duration.ofDays(7)), clock);
    }
}
