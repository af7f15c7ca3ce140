package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisCapacityLogTest extends CapacityLogContract {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas();

    @Override
    CapacityLog newLog() {
        return logOn(RedisServer.shared().port());
    }

    @Override
    CapacityLog anotherReplicaOf(CapacityLog log) {
        return logOn(RedisServer.shared().port());
    }

    private CapacityLog logOn(int port) {
        return replicas.storeOn(port, (factory, properties) -> new RedisCapacityLog(factory, properties));
    }

    @Test
    void refusesWhenRedisIsDownNamingWhatItWasDoing() throws Exception {
        CapacityLog down = logOn(RedisServer.freePort());

        assertThatThrownBy(down::memory)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("reading bursting's memory in Redis");
        assertThatThrownBy(() -> down.append("{}", 5))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("adding a capacity report in Redis");
    }
}
