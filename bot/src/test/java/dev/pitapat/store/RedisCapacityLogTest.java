package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

class RedisCapacityLogTest extends CapacityLogContract {

    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final String prefix = RedisServer.freshPrefix();

    @Override
    CapacityLog newLog() {
        return logOn(RedisServer.shared().port());
    }

    @Override
    CapacityLog anotherReplicaOf(CapacityLog log) {
        return logOn(RedisServer.shared().port());
    }

    private CapacityLog logOn(int port) {
        var factory = RedisServer.connectionFactory(port);
        factories.add(factory);
        return new RedisCapacityLog(factory, RedisStores.properties(prefix));
    }

    @AfterEach
    void closeConnections() {
        factories.forEach(JedisConnectionFactory::destroy);
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
