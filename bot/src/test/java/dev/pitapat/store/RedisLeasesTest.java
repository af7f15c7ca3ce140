package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

class RedisLeasesTest extends LeasesContract {

    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final String prefix = RedisServer.freshPrefix();

    @Override
    Leases newLeases() {
        return leasesOn(RedisServer.shared().port());
    }

    /** A second connection factory on the same keys: what another replica of the bot has. */
    @Override
    Leases anotherReplicaOf(Leases leases) {
        return leasesOn(RedisServer.shared().port());
    }

    private RedisLeases leasesOn(int port) {
        var factory = RedisServer.connectionFactory(port);
        factories.add(factory);
        return new RedisLeases(factory, RedisStores.properties(prefix));
    }

    @AfterEach
    void closeConnections() {
        factories.forEach(JedisConnectionFactory::destroy);
    }

    @Test
    void keepsEachLeaseUnderARoleKeyBelowThePrefixExpiringOnTheServer() {
        leases.hold("follower", "replica-a", LONG);

        try (RedisConnection redis = factories.getFirst().getConnection()) {
            assertThat(keys(redis)).containsExactly(prefix + "role:follower");
            assertThat(pttl(redis, "role:follower")).isBetween(1L, LONG.toMillis());
        }
    }

    @Test
    void holdingAgainSetsTheServersExpiryToTheNewTtl() {
        leases.hold("follower", "replica-a", Duration.ofSeconds(30));

        leases.hold("follower", "replica-a", LONG);

        try (RedisConnection redis = factories.getFirst().getConnection()) {
            assertThat(pttl(redis, "role:follower"))
                    .isGreaterThan(Duration.ofSeconds(30).toMillis());
        }
    }

    @Test
    void aLapsedLeaseLeavesNoKeyBehind() {
        leases.hold("follower", "died-holding-it", SHORT);

        try (RedisConnection redis = factories.getFirst().getConnection()) {
            assertThat(keys(redis)).isNotEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> keys(redis).isEmpty());
        }
    }

    @Test
    void worksAfterRedisForgetsItsScripts() {
        try (RedisConnection redis = factories.getFirst().getConnection()) {
            redis.scriptingCommands().scriptFlush();
        }

        assertThat(leases.hold("follower", "replica-a", LONG)).isTrue();
        assertThat(leases.release("follower", "replica-a")).isTrue();
    }

    @Test
    void refusesEveryCallWhenRedisIsDownNamingWhatItWasDoing() throws Exception {
        Leases down = leasesOn(RedisServer.freePort());
        Map<String, Consumer<Leases>> calls = Map.of(
                "holding the lease follower", l -> l.hold("follower", "replica-a", LONG),
                "releasing the lease follower", l -> l.release("follower", "replica-a"),
                "reading the lease follower", l -> l.holder("follower"));

        calls.forEach((what, call) -> assertThatThrownBy(() -> call.accept(down))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith(what + " in Redis"));
    }

    private Set<String> keys(RedisConnection redis) {
        Set<String> keys = new TreeSet<>();
        Set<byte[]> found = redis.keyCommands().keys((prefix + "*").getBytes(UTF_8));
        if (found != null) {
            found.forEach(k -> keys.add(new String(k, UTF_8)));
        }
        return keys;
    }

    private long pttl(RedisConnection redis, String key) {
        Long ttl = redis.keyCommands().pTtl((prefix + key).getBytes(UTF_8));
        return ttl == null ? -2 : ttl;
    }
}
