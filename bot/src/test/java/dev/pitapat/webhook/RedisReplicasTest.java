package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.RedisServer;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bots sharing one real Redis: shared work, no delivery handled twice, nothing lost across a restart. */
class RedisReplicasTest {

    static final String SECRET = "replica-secret";

    @TempDir
    Path data;

    static final String KEY = TestPem.newAppKey();

    final String prefix = RedisServer.freshPrefix();
    final byte[] comment = Payloads.commentOnPullRequest(3, "/deploy staging").bytes();

    /** An App is configured (its key is never used: the handlers here only record), so deliveries are handled. */
    Map<String, String> settings(String claimTimeout) {
        return Map.of(
                "pitapat.github.app-id",
                "4242",
                "pitapat.github.private-key",
                KEY,
                "spring.data.redis.url",
                RedisServer.shared().url(),
                "pitapat.queue.key-prefix",
                prefix,
                "pitapat.queue.claim-timeout",
                claimTimeout,
                "pitapat.shutdown-grace",
                "1s",
                "pitapat.github.webhook-secret",
                SECRET,
                "pitapat.gitops.repo",
                data.resolve("gitops.git").toString(),
                "pitapat.gitops.workdir",
                data.resolve("work").toString());
    }

    @Test
    void twoBotsOnOneRedisShareTheWorkAndHandleEachDeliveryOnce() {
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        Set<String> handledByA = ConcurrentHashMap.newKeySet();
        Set<String> handledByB = ConcurrentHashMap.newKeySet();
        try (BotProcess a = BotProcess.start(settings("30s"), recording(handled, handledByA));
                BotProcess b = BotProcess.start(settings("30s"), recording(handled, handledByB))) {
            WebhookClient toA = new WebhookClient(a.port(), SECRET);
            WebhookClient toB = new WebhookClient(b.port(), SECRET);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                assertThat((i % 2 == 0 ? toA : toB)
                                .deliver("issue_comment", id, comment)
                                .statusCode())
                        .isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == ids.size());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> a.counter("issue_comment", "processed") + b.counter("issue_comment", "processed")
                            == ids.size());

            assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(handled.values()).allSatisfy(count -> assertThat(count).hasValue(1));
            assertThat(handledByA).isNotEmpty().doesNotContainAnyElementsOf(handledByB);
            assertThat(handledByB).isNotEmpty();
            assertThat(a.queue().depth()).isZero();
        }
    }

    @Test
    void aRestartedBotHandlesWhatWasStillQueued() {
        CountDownLatch neverReleased = new CountDownLatch(1);
        String inHand = UUID.randomUUID().toString();
        String waiting = UUID.randomUUID().toString();
        try (BotProcess a = BotProcess.start(
                new java.util.HashMap<>(settings("1s")) {
                    {
                        put("pitapat.queue.workers", "1");
                    }
                },
                issueComments(event -> neverReleased.await()))) {
            WebhookClient toA = new WebhookClient(a.port(), SECRET);
            assertThat(toA.deliver("issue_comment", inHand, comment).statusCode())
                    .isEqualTo(202);
            assertThat(toA.deliver("issue_comment", waiting, comment).statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.queue().depth() == 2);
        } // the bot stops with one delivery in a handler and one never read

        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        try (BotProcess b = BotProcess.start(settings("1s"), recording(handled, ConcurrentHashMap.newKeySet()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.keySet().containsAll(List.of(inHand, waiting)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.queue().record(inHand).orElseThrow().status() == DeliveryStatus.DONE
                            && b.queue().record(waiting).orElseThrow().status() == DeliveryStatus.DONE);
            assertThat(b.queue().depth()).isZero();
        }
    }

    /**
     * A bot asked to stop while a handler runs past {@code pitapat.shutdown-grace} hands the delivery back: another
     * bot takes it at once, long before the claim timeout (2 minutes here) would let it.
     */
    @Test
    void aStoppingBotHandsBackWhatItCannotFinishAndAnotherTakesItAtOnce() {
        String stuck = UUID.randomUUID().toString();
        CountDownLatch inHand = new CountDownLatch(1);
        CountDownLatch neverReleased = new CountDownLatch(1);
        Map<String, String> settings = settings("2m");
        BotProcess a = BotProcess.start(settings, issueComments(event -> {
            inHand.countDown();
            neverReleased.await();
        }));
        try {
            assertThat(new WebhookClient(a.port(), SECRET)
                            .deliver("issue_comment", stuck, comment)
                            .statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> inHand.getCount() == 0);
        } finally {
            a.close(); // gives the handler 1 s, then hands the delivery back
        }

        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        try (BotProcess b = BotProcess.start(settings, recording(handled, ConcurrentHashMap.newKeySet()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.containsKey(stuck));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("taken over before the 2-minute claim timeout")
                    .isLessThan(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.queue().record(stuck).orElseThrow().status() == DeliveryStatus.DONE);
        }
    }

    private static WebhookHandler recording(Map<String, AtomicInteger> handled, Set<String> mine) {
        return issueComments(e -> {
            handled.computeIfAbsent(e.deliveryId(), k -> new AtomicInteger()).incrementAndGet();
            mine.add(e.deliveryId());
        });
    }

    interface Body {
        void handle(WebhookEvent event) throws Exception;
    }

    private static WebhookHandler issueComments(Body body) {
        return new WebhookHandler() {
            @Override
            public String event() {
                return "issue_comment";
            }

            @Override
            public void handle(WebhookEvent e) throws Exception {
                body.handle(e);
            }
        };
    }
}
