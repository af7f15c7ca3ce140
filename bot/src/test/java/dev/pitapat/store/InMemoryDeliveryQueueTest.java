package dev.pitapat.store;

import java.time.Clock;

class InMemoryDeliveryQueueTest extends DeliveryQueueContract {

    @Override
    DeliveryQueue newQueue(QueueProperties properties) {
        return new InMemoryDeliveryQueue(properties, Clock.systemUTC());
    }
}
