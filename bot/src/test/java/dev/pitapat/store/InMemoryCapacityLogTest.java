package dev.pitapat.store;

class InMemoryCapacityLogTest extends CapacityLogContract {

    @Override
    CapacityLog newLog() {
        return new InMemoryCapacityLog();
    }

    @Override
    CapacityLog anotherReplicaOf(CapacityLog log) {
        return log; // one replica: every caller shares the instance
    }
}
