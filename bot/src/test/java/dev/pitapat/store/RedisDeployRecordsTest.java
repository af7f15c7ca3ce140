package dev.pitapat.store;

import static dev.pitapat.store.DeployRecords.Standing.DONE;
import static dev.pitapat.store.DeployRecords.Standing.FOLLOWED;
import static dev.pitapat.store.DeployRecords.Standing.OPEN;
import static java.nio.charset.StandardCharsets.UTF_8;
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

class RedisDeployRecordsTest extends DeployRecordsContract {

    /** Time a test may take between a write and the check of its expiry. */
    private static final long SLACK_MS = Duration.ofMinutes(1).toMillis();

    private static final long RETENTION_MS = DeployRecords.RETENTION.toMillis();

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas();

    @Override
    DeployRecords newRecords() {
        return recordsOn(RedisServer.shared().port());
    }

    /** A second connection factory on the same keys: what another replica of the bot has. */
    @Override
    DeployRecords anotherReplicaOf(DeployRecords records) {
        return recordsOn(RedisServer.shared().port());
    }

    private RedisDeployRecords recordsOn(int port) {
        return replicas.storeOn(port, (factory, properties) -> new RedisDeployRecords(factory, properties));
    }

    @Test
    void keepsRecordsOpenAndFollowedSetsAndThreadsUnderTheirOwnKeysBelowThePrefixExpiringAfterTheRetention() {
        records.create(FIRST, "{}");
        records.append("hello/production", FIRST, 5);
        records.update(SECOND, "{}", FOLLOWED);

        try (RedisConnection redis = replicas.connection()) {
            assertThat(replicas.keys(redis))
                    .containsExactlyInAnyOrder(
                            replicas.prefix() + "deploy:" + FIRST,
                            replicas.prefix() + "deploy:" + SECOND,
                            replicas.prefix() + "deploys:open",
                            replicas.prefix() + "deploys:followed",
                            replicas.prefix() + "deploys:thread:hello/production");
            assertThat(replicas.pttl(redis, "deploy:" + FIRST)).isBetween(RETENTION_MS - SLACK_MS, RETENTION_MS);
            assertThat(replicas.pttl(redis, "deploy:" + SECOND)).isBetween(RETENTION_MS - SLACK_MS, RETENTION_MS);
            assertThat(replicas.pttl(redis, "deploys:thread:hello/production"))
                    .isBetween(RETENTION_MS - SLACK_MS, RETENTION_MS);
            assertThat(replicas.pttl(redis, "deploys:open")).isEqualTo(-1L);
            assertThat(replicas.pttl(redis, "deploys:followed")).isEqualTo(-1L);
        }
    }

    @Test
    void everyUpdateStartsTheRecordsRetentionAgain() {
        records.create(FIRST, "{}");
        try (RedisConnection redis = replicas.connection()) {
            expireIn(redis, "deploy:" + FIRST, Duration.ofMinutes(5));

            records.update(FIRST, "{\"step\":\"watching\"}", OPEN);
            assertThat(replicas.pttl(redis, "deploy:" + FIRST)).isBetween(RETENTION_MS - SLACK_MS, RETENTION_MS);

            expireIn(redis, "deploy:" + FIRST, Duration.ofMinutes(5));
            records.update(FIRST, "{\"step\":\"done\"}", DONE);
            assertThat(replicas.pttl(redis, "deploy:" + FIRST)).isBetween(RETENTION_MS - SLACK_MS, RETENTION_MS);

            expireIn(redis, "deploy:" + FIRST, Duration.ofMinutes(5));
            records.update(FIRST, "{\"step\":\"committed\"}", FOLLOWED);
            assertThat(replicas.pttl(redis, "deploy:" + FIRST)).isBetween(RETENTION_MS - SLACK_MS, RETENTION_MS);

            records.update(SECOND, "{}", OPEN);
            assertThat(replicas.pttl(redis, "deploy:" + SECOND)).isBetween(RETENTION_MS - SLACK_MS, RETENTION_MS);
        }
    }

    @Test
    void anAppendStartsTheThreadsRetentionAgain() {
        records.append("hello/production", FIRST, 5);
        try (RedisConnection redis = replicas.connection()) {
            expireIn(redis, "deploys:thread:hello/production", Duration.ofMinutes(5));

            records.append("hello/production", SECOND, 5);

            assertThat(replicas.pttl(redis, "deploys:thread:hello/production"))
                    .isBetween(RETENTION_MS - SLACK_MS, RETENTION_MS);
        }
    }

    @Test
    void anExpiredRecordLeavesTheOpenSetAndCanBeCreatedAgainAsTheNewest() {
        records.create(FIRST, "{\"attempt\":1}");
        records.create(SECOND, "{}");
        try (RedisConnection redis = replicas.connection()) {
            expireIn(redis, "deploy:" + FIRST, Duration.ofMillis(1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> records.get(FIRST).isEmpty());

            assertThat(records.open()).containsExactly(SECOND);
            assertThat(redis.zSetCommands().zScore(replicas.key("deploys:open"), FIRST.getBytes(UTF_8)))
                    .isNull();

            assertThat(records.create(FIRST, "{\"attempt\":2}")).isTrue();
            assertThat(records.open()).containsExactly(SECOND, FIRST);
        }
    }

    @Test
    void anExpiredRecordLeavesTheFollowedSet() {
        records.update(FIRST, "{\"step\":\"committed\"}", FOLLOWED);
        records.update(SECOND, "{}", FOLLOWED);
        try (RedisConnection redis = replicas.connection()) {
            expireIn(redis, "deploy:" + FIRST, Duration.ofMillis(1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> records.get(FIRST).isEmpty());

            assertThat(records.followed()).containsExactly(SECOND);
            assertThat(redis.zSetCommands().zScore(replicas.key("deploys:followed"), FIRST.getBytes(UTF_8)))
                    .isNull();
        }
    }

    @Test
    void aRecordCreatedAgainAfterItExpiredWhileFollowedIsNoLongerFollowed() {
        records.update(FIRST, "{\"step\":\"committed\"}", FOLLOWED);
        try (RedisConnection redis = replicas.connection()) {
            expireIn(redis, "deploy:" + FIRST, Duration.ofMillis(1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> records.get(FIRST).isEmpty());

            assertThat(records.create(FIRST, "{\"attempt\":2}")).isTrue(); // before anyone listed the followed

            assertThat(records.followed()).isEmpty();
            assertThat(records.open()).containsExactly(FIRST);
        }
    }

    @Test
    void aRecordFollowedAgainAfterItExpiredGoesLast() {
        records.update(FIRST, "{}", FOLLOWED);
        records.update(SECOND, "{}", FOLLOWED);
        try (RedisConnection redis = replicas.connection()) {
            expireIn(redis, "deploy:" + FIRST, Duration.ofMillis(1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> records.get(FIRST).isEmpty());

            records.update(FIRST, "{}", FOLLOWED); // before anyone listed the followed

            assertThat(records.followed()).containsExactly(SECOND, FIRST);
        }
    }

    @Test
    void worksAfterRedisForgetsItsScripts() {
        try (RedisConnection redis = replicas.connection()) {
            redis.scriptingCommands().scriptFlush();
        }

        assertThat(records.create(FIRST, "{}")).isTrue();
        records.update(FIRST, "{}", FOLLOWED);
        assertThat(records.followed()).containsExactly(FIRST);
        records.update(FIRST, "{}", DONE);
        records.append("hello/production", FIRST, 5);
        assertThat(records.open()).isEmpty();
        assertThat(records.followed()).isEmpty();
        assertThat(records.thread("hello/production")).containsExactly(FIRST);
    }

    @Test
    void refusesEveryCallOnceRedisHasStoppedNamingWhatItWasDoing() {
        RedisServer server = RedisServer.start();
        DeployRecords stopped = recordsOn(server.port());
        try {
            stopped.create(FIRST, "{}"); // the pool holds a connection that then breaks
            stopped.append("hello/production", FIRST, 5);
        } finally {
            server.stop();
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThatThrownBy(() -> stopped.get(FIRST)).isInstanceOf(StoreUnavailableException.class));

        Map<String, Consumer<DeployRecords>> calls = Map.of(
                "creating deploy record " + SECOND,
                r -> r.create(SECOND, "{}"),
                "updating deploy record " + FIRST,
                r -> r.update(FIRST, "{}", DONE),
                "reading deploy record " + FIRST,
                r -> r.get(FIRST),
                "listing open deploy records",
                DeployRecords::open,
                "listing followed deploy records",
                DeployRecords::followed,
                "appending " + SECOND + " to deploy thread hello/production",
                r -> r.append("hello/production", SECOND, 5),
                "reading deploy thread hello/production",
                r -> r.thread("hello/production"));
        calls.forEach((what, call) -> assertThatThrownBy(() -> call.accept(stopped))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith(what + " in Redis"));
    }

    private void expireIn(RedisConnection redis, String key, Duration ttl) {
        assertThat(redis.keyCommands().pExpire(replicas.key(key), ttl.toMillis()))
                .isTrue();
    }
}
