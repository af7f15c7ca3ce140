package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnection;

class RedisEnvironmentLocksTest extends EnvironmentLocksContract {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas();

    @Override
    EnvironmentLocks newLocks() {
        return locksOn(RedisServer.shared().port());
    }

    /** A second connection factory on the same keys: what another replica of the bot has. */
    @Override
    EnvironmentLocks anotherReplicaOf(EnvironmentLocks locks) {
        return locksOn(RedisServer.shared().port());
    }

    private RedisEnvironmentLocks locksOn(int port) {
        return replicas.storeOn(
                port, (factory, properties) -> new RedisEnvironmentLocks(factory, properties, Clock.systemUTC()));
    }

    @Test
    void keepsEachKindOfStateUnderItsOwnKeyBelowThePrefix() {
        EnvironmentLocks locks = newLocks();
        locks.lock(target("hello", "staging"), "dana", "freeze", MONDAY);
        locks.tryAcquire(target("hello", "staging"), "deploy-1", LONG);
        locks.joinLine(target("hello", "staging"), "deploy-2", LONG);
        locks.pin(target("hello", "staging"), "dana", "3f2a9c1", MONDAY);

        try (RedisConnection redis = replicas.connection()) {
            assertThat(replicas.keys(redis))
                    .containsExactlyInAnyOrder(
                            replicas.prefix() + "locks",
                            replicas.prefix() + "lock:hello:staging",
                            replicas.prefix() + "lease:hello:staging",
                            replicas.prefix() + "line:hello:staging",
                            replicas.prefix() + "line:hello:staging:until",
                            replicas.prefix() + "pin:hello:staging");
            assertThat(replicas.pttl(redis, "lease:hello:staging")).isBetween(1L, LONG.toMillis());
            assertThat(replicas.pttl(redis, "line:hello:staging")).isBetween(1L, LONG.toMillis());
            assertThat(replicas.pttl(redis, "line:hello:staging:until")).isBetween(1L, LONG.toMillis());
            assertThat(replicas.pttl(redis, "lock:hello:staging")).isEqualTo(-1L);
            assertThat(replicas.pttl(redis, "pin:hello:staging")).isEqualTo(-1L);
        }
    }

    @Test
    void aLineNobodyComesBackToLeavesNoKeysBehind() {
        newLocks().joinLine(target("hello", "staging"), "died-waiting", SHORT);

        try (RedisConnection redis = replicas.connection()) {
            assertThat(replicas.keys(redis)).isNotEmpty();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> replicas.keys(redis).isEmpty());
        }
    }

    @Test
    void worksAfterRedisForgetsItsScripts() {
        EnvironmentLocks locks = newLocks();
        try (RedisConnection redis = replicas.connection()) {
            redis.scriptingCommands().scriptFlush();
        }

        assertThat(locks.lock(target("hello", "staging"), "dana", "", MONDAY)).isInstanceOf(LockOutcome.Locked.class);
        assertThat(locks.tryAcquire(target("hello", "staging"), "deploy-1", LONG))
                .isPresent();
    }

    @Test
    void refusesEveryCallWhenRedisIsDown() throws Exception {
        EnvironmentLocks down = locksOn(RedisServer.freePort());
        Lease lease = new Lease("hello", "staging", "deploy-1", "token", MONDAY, MONDAY.plus(LONG));
        Map<String, Consumer<EnvironmentLocks>> calls = Map.ofEntries(
                Map.entry("locking hello:staging", l -> l.lock(target("hello", "staging"), "dana", "", MONDAY)),
                Map.entry("unlocking hello:staging", l -> l.unlock(target("hello", "staging"))),
                Map.entry("reading the lock of hello:staging", l -> l.lockOf(target("hello", "staging"))),
                Map.entry("listing locks", EnvironmentLocks::locks),
                Map.entry(
                        "taking the deploy lease of hello:staging",
                        l -> l.tryAcquire(target("hello", "staging"), "d", LONG)),
                Map.entry("renewing the deploy lease of hello:staging", l -> l.renew(lease, LONG)),
                Map.entry("releasing the deploy lease of hello:staging", l -> l.release(lease)),
                Map.entry("reading the deploy lease of hello:staging", l -> l.leaseOf(target("hello", "staging"))),
                Map.entry("joining the line of hello:staging", l -> l.joinLine(target("hello", "staging"), "d", LONG)),
                Map.entry("leaving the line of hello:staging", l -> l.leaveLine(target("hello", "staging"), "d")),
                Map.entry("reading the line of hello:staging", l -> l.waiting(target("hello", "staging"))),
                Map.entry("pinning hello:staging", l -> l.pin(target("hello", "staging"), "dana", "abc", MONDAY)),
                Map.entry("unpinning hello:staging", l -> l.unpin(target("hello", "staging"))),
                Map.entry("reading the pin of hello:staging", l -> l.pinOf(target("hello", "staging"))));

        calls.forEach((what, call) -> assertThatThrownBy(() -> call.accept(down))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith(what + " in Redis"));
    }
}
