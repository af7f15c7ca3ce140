package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

class RedisDeliveryQueueTest extends DeliveryQueueContract {

    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final List<RedisDeliveryQueue> queues = new ArrayList<>();
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
                Duration.ofSeconds(5),
                200,
                40);
        RedisDeliveryQueue queue = new RedisDeliveryQueue(factory, withPrefix, Clock.systemUTC());
        queue.createGroup();
        queues.add(queue);
        return queue;
    }

    @AfterEach
    void closeConnections() {
        queues.forEach(RedisDeliveryQueue::close);
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
                .containsEntry("durable", true)
                .containsEntry("payloads", "zstd-github-1 (JNI)");
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

    @Test
    void offersAgainWhenRedisForgotItsScripts() {
        DeliveryQueue queue = queue();
        Delivery before = delivery("push");
        assertThat(queue.offer(before)).isEqualTo(Offer.QUEUED);
        try (var connection = factories.getLast().getConnection()) {
            connection.scriptingCommands().scriptFlush(); // what a restarted Redis knows of them
        }

        Delivery after = delivery("push");
        assertThat(queue.offer(after)).isEqualTo(Offer.QUEUED);
        assertThat(queue.offer(after)).isEqualTo(Offer.DUPLICATE);
        assertThat(queue.offer(before)).isEqualTo(Offer.DUPLICATE);
    }

    @Test
    void offersSentAtOnceByManyWebhooksAreEachAnsweredForThemselves() throws Exception {
        DeliveryQueue queue = queue();
        List<Delivery> distinct = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            distinct.add(delivery("issue_comment"));
        }
        ExecutorService webhooks = Executors.newFixedThreadPool(48);
        List<Future<Offer>> answers = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (Delivery d : distinct) { // each delivery twice, as GitHub may send it to two replicas
                answers.add(webhooks.submit(() -> queue.offer(d)));
            }
        }
        int queued = 0;
        int duplicates = 0;
        for (Future<Offer> answer : answers) {
            if (answer.get() == Offer.QUEUED) {
                queued++;
            } else {
                duplicates++;
            }
        }
        webhooks.shutdown();

        assertThat(queued).isEqualTo(150);
        assertThat(duplicates).isEqualTo(150);
        assertThat(claimAtLeast(queue, 150))
                .extracting(c -> c.delivery().id())
                .containsExactlyInAnyOrderElementsOf(
                        distinct.stream().map(Delivery::id).toList());
    }

    @Test
    void offersThatWaitedForRedisGoAsOneScriptCall() throws Exception {
        RedisDeliveryQueue queue = (RedisDeliveryQueue) queue();
        assertThat(queue.offer(delivery("push"))).isEqualTo(Offer.QUEUED); // the script loaded
        long before = scriptCalls();
        try (var connection = factories.getLast().getConnection()) {
            // Redis holds writes for a moment, as it does while it is busy: offers pile up behind the first
            connection.execute("CLIENT", "PAUSE".getBytes(), "500".getBytes(), "WRITE".getBytes());
        }
        List<Delivery> offered = new ArrayList<>();
        List<CompletableFuture<Offer>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Delivery d = delivery("issue_comment");
            offered.add(d);
            answers.add(queue.offerAsync(d));
        }

        for (var answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(Offer.QUEUED);
        }
        // what the writer took before Redis paused, then all that waited behind it, in one call
        assertThat(scriptCalls() - before).isLessThanOrEqualTo(2);
        assertThat(queue.offer(offered.get(7))).isEqualTo(Offer.DUPLICATE);
        assertThat(claimAtLeast(queue, 21)).hasSize(21);
    }

    /** How many scripts Redis has run by their SHA so far. */
    private long scriptCalls() {
        try (var connection = factories.getLast().getConnection()) {
            String stats = connection.serverCommands().info("commandstats").getProperty("cmdstat_evalsha", "");
            var calls = Pattern.compile("calls=(\\d+)").matcher(stats);
            return calls.find() ? Long.parseLong(calls.group(1)) : 0;
        }
    }

    @Test
    void aStoppedQueueRefusesOffersRatherThanLeavingThemWaiting() {
        RedisDeliveryQueue queue = (RedisDeliveryQueue) queue();
        queue.close();

        assertThatThrownBy(() -> queue.offer(delivery("push")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("stopping");
    }

    @Test
    void keepsPayloadsCompressedAndHandsThemOutAsReceived() throws Exception {
        DeliveryQueue queue = queue();
        byte[] real = java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("src/test/resources/webhooks/issue_comment/created.json"));
        Delivery d = new Delivery(
                "compressed-" + java.util.UUID.randomUUID(),
                "issue_comment",
                "created",
                "Codertocat/Hello-World",
                real,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        queue.offer(d);

        try (var connection = factories.getLast().getConnection()) {
            var entries = connection
                    .streamCommands()
                    .xRange((prefix + "deliveries").getBytes(), org.springframework.data.domain.Range.unbounded());
            var fields = new java.util.HashMap<String, byte[]>();
            entries.getLast().getValue().forEach((k, v) -> fields.put(new String(k), v));
            assertThat(new String(fields.get("encoding"))).isEqualTo(PayloadCodec.ZSTD_GITHUB_1);
            assertThat(fields.get("payload").length).isLessThan(real.length / 3);
        }
        assertThat(claimAtLeast(queue, 1).getFirst().delivery().payload()).isEqualTo(real);
    }

    @Test
    void handsOutPayloadsStoredBeforeCompressionAndOnesThatDoNotDecodeAsKept() throws Exception {
        DeliveryQueue queue = queue();
        byte[] stream = (prefix + "deliveries").getBytes();
        try (var connection = factories.getLast().getConnection()) {
            for (String[] entry : List.of(
                    new String[] {"old", "", "{\"stored\":\"before\"}", ""},
                    new String[] {"corrupt", "lz4", "not an lz4 block", "500"})) {
                var fields = new java.util.LinkedHashMap<byte[], byte[]>();
                fields.put("id".getBytes(), entry[0].getBytes());
                fields.put("event".getBytes(), "push".getBytes());
                fields.put("action".getBytes(), "".getBytes());
                fields.put("repo".getBytes(), "acme/hello".getBytes());
                fields.put("received".getBytes(), "1700000000000".getBytes());
                fields.put("payload".getBytes(), entry[2].getBytes());
                if (!entry[1].isEmpty()) {
                    fields.put("encoding".getBytes(), entry[1].getBytes());
                    fields.put("size".getBytes(), entry[3].getBytes());
                }
                connection.streamCommands().xAdd(stream, fields);
            }
        }

        assertThat(claimAtLeast(queue, 2))
                .extracting(
                        c -> c.delivery().id() + " " + new String(c.delivery().payload()))
                .containsExactlyInAnyOrder("old {\"stored\":\"before\"}", "corrupt not an lz4 block");
    }

    /**
     * A record and a recent index as versions before the capped list wrote them (every field at once, a sorted set
     * of ids): the delivery still answers {@code duplicate} and is listed after the newer ones, until the list
     * holds {@code recent-limit} deliveries and the next start drops the sorted set.
     */
    @Test
    void recordsAndTheRecentIndexOfEarlierVersionsStillAnswer() {
        QueueProperties three = new QueueProperties(
                4,
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                CLAIM_TIMEOUT,
                Duration.ofDays(7),
                3,
                "pitapat:",
                Duration.ofSeconds(5),
                200,
                40);
        RedisDeliveryQueue queue = (RedisDeliveryQueue) newQueue(three);
        Delivery earlier = delivery("push");
        try (var connection = factories.getLast().getConnection()) {
            byte[] record = (prefix + "delivery:" + earlier.id()).getBytes();
            connection
                    .hashCommands()
                    .hMSet(
                            record,
                            java.util.Map.of(
                                    "event".getBytes(), "push".getBytes(),
                                    "action".getBytes(), "created".getBytes(),
                                    "repo".getBytes(), "acme/hello".getBytes(),
                                    "status".getBytes(), "done".getBytes(),
                                    "attempts".getBytes(), "1".getBytes(),
                                    "received".getBytes(), "1700000000000".getBytes(),
                                    "updated".getBytes(), "1700000000500".getBytes()));
            connection.keyCommands().pExpire(record, Duration.ofDays(7).toMillis());
            connection
                    .zSetCommands()
                    .zAdd(
                            (prefix + "deliveries:recent").getBytes(),
                            1.7e12,
                            earlier.id().getBytes());
        }
        Delivery newer = delivery("issue_comment");

        assertThat(queue.offer(earlier)).isEqualTo(Offer.DUPLICATE);
        assertThat(queue.offer(newer)).isEqualTo(Offer.QUEUED);
        assertThat(queue.recent(10))
                .extracting(r -> r.id() + " " + r.status() + " " + r.attempts() + " "
                        + r.updatedAt().toEpochMilli())
                .containsExactly(
                        newer.id() + " QUEUED 0 " + newer.receivedAt().toEpochMilli(),
                        earlier.id() + " DONE 1 1700000000500");

        queue.offer(delivery("push"));
        queue.createGroup();
        assertThat(queue.recent(10)).extracting(DeliveryRecord::id).contains(earlier.id());
        queue.offer(delivery("push"));
        queue.createGroup(); // the list holds 3, the recent limit: the sorted set goes
        assertThat(queue.recent(10)).hasSize(3).extracting(DeliveryRecord::id).doesNotContain(earlier.id());
        assertThat(queue.offer(earlier)).isEqualTo(Offer.DUPLICATE);
    }

    @Test
    void offersWaitingForAHungRedisHoldABoundedAmountOfPayload() throws Exception {
        RedisServer hung = RedisServer.start();
        try {
            RedisDeliveryQueue queue = queueOn(hung.port(), properties(CLAIM_TIMEOUT, Duration.ofDays(1)));
            queue.offer(delivery("push")); // the writer's connection is open
            hung.pause();
            byte[] noise = new byte[12 * 1024 * 1024]; // does not compress
            new java.util.Random(1).nextBytes(noise);
            List<java.util.concurrent.CompletableFuture<Offer>> waiting = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waiting.add(queue.offerAsync(new Delivery(
                        "big-" + i + "-" + java.util.UUID.randomUUID(),
                        "push",
                        "",
                        "acme/hello",
                        noise,
                        java.time.Instant.now())));
                if (i == 0) { // the writer has taken it and is stuck sending it (else it might take three at once)
                    await().atMost(Duration.ofSeconds(10)).until(() -> queue.offersWaitingBytes() == 0);
                }
            }

            // the first is with Redis, the next two wait (24 MiB), the fourth would pass 32 MiB: refused at once
            assertThat(waiting.get(3))
                    .failsWithin(Duration.ofSeconds(1))
                    .withThrowableThat()
                    .withMessageContaining("already hold 32 MiB");
            assertThat(waiting.subList(0, 3)).noneMatch(java.util.concurrent.CompletableFuture::isDone);
            hung.resume();
            for (var offer : waiting.subList(1, 3)) { // the first may have met the client's timeout meanwhile
                assertThat(offer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Offer.QUEUED);
            }
        } finally {
            hung.resume();
            hung.stop();
        }
    }
}
