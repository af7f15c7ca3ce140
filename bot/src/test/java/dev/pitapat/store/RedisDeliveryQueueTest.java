package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

class RedisDeliveryQueueTest extends DeliveryQueueContract {

    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final String prefix = RedisServer.freshPrefix();

    @Override
    DeliveryQueue newQueue(QueueProperties p) {
        return queueOn(RedisServer.shared().port(), p);
    }

    private RedisDeliveryQueue queueOn(int port, QueueProperties p) {
        var factory = RedisServer.connectionFactory(port);
        factories.add(factory);
        QueueProperties withPrefix = new QueueProperties(
                p.workers(),
                p.maxAttempts(),
                p.backoff(),
                p.maxBackoff(),
                p.claimTimeout(),
                p.retention(),
                p.recentLimit(),
                prefix,
                Duration.ofSeconds(5));
        RedisDeliveryQueue queue = new RedisDeliveryQueue(factory, withPrefix, Clock.systemUTC());
        queue.createGroup();
        return queue;
    }

    @AfterEach
    void closeConnections() {
        factories.forEach(JedisConnectionFactory::destroy);
    }

    @Test
    void twoReplicasShareTheQueueWithoutHandingOutADeliveryTwice() throws Exception {
        DeliveryQueue replicaA = queue();
        DeliveryQueue replicaB = queue();
        int total = 300;
        for (int i = 0; i < total; i++) {
            (i % 2 == 0 ? replicaA : replicaB).offer(delivery("issue_comment"));
        }

        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> handled = new ArrayList<>();
        for (DeliveryQueue replica : List.of(replicaA, replicaB)) {
            handled.add(pool.submit(() -> {
                int count = 0;
                while (true) {
                    List<Claim> claims = replica.claim(7, Duration.ofMillis(200));
                    if (claims.isEmpty()) {
                        return count;
                    }
                    for (Claim c : claims) {
                        if (!seen.add(c.delivery().id())) {
                            synchronized (duplicates) {
                                duplicates.add(c.delivery().id());
                            }
                        }
                        replica.complete(c);
                        count++;
                    }
                }
            }));
        }
        int a = handled.get(0).get();
        int b = handled.get(1).get();
        pool.shutdown();

        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(total);
        assertThat(a + b).isEqualTo(total);
        assertThat(a).isPositive();
        assertThat(b).isPositive();
        assertThat(replicaA.depth()).isZero();
    }

    @Test
    void deliveriesOutliveTheReplicaThatStoredThem() throws Exception {
        DeliveryQueue before = queue();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Delivery d = delivery("push");
            before.offer(d);
            ids.add(d.id());
        }
        ((RedisDeliveryQueue) before).close();

        DeliveryQueue after = queue();

        assertThat(claimAtLeast(after, 5)).extracting(c -> c.delivery().id()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void saysItIsDurableWhenRedisHasAof() {
        assertThat(queue().health().details())
                .containsEntry("persistence", "aof")
                .containsEntry("durable", true);
    }

    @Test
    void warnsWhenRedisHasNoPersistence() throws Exception {
        RedisServer bare = RedisServer.start();
        try {
            var factory = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", bare.port()));
            factory.afterPropertiesSet();
            factory.start();
            factories.add(factory);
            factory.getConnection().serverCommands().setConfig("appendonly", "no");

            StoreHealth health = new RedisDeliveryQueue(
                            factory, properties(CLAIM_TIMEOUT, Duration.ofDays(1)), Clock.systemUTC())
                    .health();

            assertThat(health.details())
                    .containsEntry("persistence", "none")
                    .containsEntry("durable", false)
                    .containsKey("warning");
        } finally {
            bare.stop();
        }
    }

    @Test
    void refusesToStoreWhenRedisIsDown() throws Exception {
        DeliveryQueue down = queueOn(RedisServer.freePort(), properties(CLAIM_TIMEOUT, Duration.ofDays(1)));

        assertThatThrownBy(() -> down.offer(delivery("push")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("storing delivery");
        assertThat(down.health().up()).isFalse();
    }

    @Test
    void recreatesItsConsumerGroupWhenRedisLostIt() throws Exception {
        RedisDeliveryQueue queue = (RedisDeliveryQueue) queue();
        try (var connection = factories.getLast().getConnection()) {
            connection.keyCommands().del((prefix + "deliveries").getBytes());
        }
        assertThat(queue.claim(1, Duration.ofMillis(50))).isEmpty();

        Delivery d = delivery("push");
        queue.offer(d);

        assertThat(claimAtLeast(queue, 1)).extracting(c -> c.delivery().id()).containsExactly(d.id());
    }
}
