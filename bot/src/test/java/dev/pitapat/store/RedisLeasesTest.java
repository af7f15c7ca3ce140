package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnection;

class RedisLeasesTest extends LeasesContract {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas();

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
        return replicas.storeOn(port, (factory, properties) -> new RedisLeases(factory, properties));
    }

    @Test
    void keepsEachLeaseUnderARoleKeyBelowThePrefixExpiringOnTheServer() {
        leases.hold("follower", "replica-a", LONG);

        try (RedisConnection redis = replicas.connection()) {
            assertThat(replicas.keys(redis)).containsExactly(replicas.prefix() + "role:follower");
            assertThat(replicas.pttl(redis, "role:follower")).isBetween(1L, LONG.toMillis());
        }
    }

    @Test
    void holdingAgainSetsTheServersExpiryToTheNewTtl() {
        leases.hold("follower", "replica-a", Duration.ofSeconds(30));

        leases.hold("follower", "replica-a", LONG);

        try (RedisConnection redis = replicas.connection()) {
            assertThat(replicas.pttl(redis, "role:follower"))
                    .isGreaterThan(Duration.ofSeconds(30).toMillis());
        }
    }

    @Test
    void aLapsedLeaseLeavesNoKeyBehind() {
        leases.hold("follower", "died-holding-it", SHORT);

        try (RedisConnection redis = replicas.connection()) {
            assertThat(replicas.keys(redis)).isNotEmpty();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> replicas.keys(redis).isEmpty());
        }
    }

    @Test
    void worksAfterRedisForgetsItsScripts() {
        try (RedisConnection redis = replicas.connection()) {
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
}
