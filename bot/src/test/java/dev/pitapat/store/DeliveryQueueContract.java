package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link DeliveryQueue} does; each implementation runs these same tests. */
abstract class DeliveryQueueContract {

    static final Duration CLAIM_TIMEOUT = Duration.ofMillis(600);

    /** A fresh, empty queue with the given settings. */
    abstract DeliveryQueue newQueue(QueueProperties properties);

    static QueueProperties properties(Duration claimTimeout, Duration retention) {
        return new QueueProperties(
                4,
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                claimTimeout,
                retention,
                1000,
                "pitapat:",
                Duration.ofSeconds(5),
                200,
                40);
    }

    DeliveryQueue queue() {
        return newQueue(properties(CLAIM_TIMEOUT, Duration.ofDays(7)));
    }

    static Delivery delivery(String event) {
        return new Delivery(
                UUID.randomUUID().toString(),
                event,
                "created",
                "acme/hello",
                ("{\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void queuesANewDeliveryAndAnswersDuplicateForTheSameId() {
        DeliveryQueue queue = queue();
        Delivery d = delivery("issue_comment");

        assertThat(queue.offer(d)).isEqualTo(Offer.QUEUED);
        assertThat(queue.offer(d)).isEqualTo(Offer.DUPLICATE);
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(queue.record(d.id())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(r.event()).isEqualTo("issue_comment");
            assertThat(r.action()).isEqualTo("created");
            assertThat(r.repo()).isEqualTo("acme/hello");
            assertThat(r.attempts()).isZero();
            assertThat(r.receivedAt()).isEqualTo(d.receivedAt());
        });
    }

    @Test
    void handsOutDeliveriesInOrderWithTheirExactPayload() throws Exception {
        DeliveryQueue queue = queue();
        byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, '{', '}'};
        Delivery first =
                new Delivery("first-1", "push", "", "", binary, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Delivery second = delivery("pull_request");
        queue.offer(first);
        queue.offer(second);

        List<Claim> claims = claimAtLeast(queue, 2);

        assertThat(claims).extracting(c -> c.delivery().id()).containsExactly(first.id(), second.id());
        assertThat(claims.get(0).delivery().payload()).isEqualTo(binary);
        assertThat(claims.get(0).delivery().event()).isEqualTo("push");
        assertThat(claims.get(0).delivery().receivedAt()).isEqualTo(first.receivedAt());
        assertThat(claims.get(0).attempts()).isZero();
    }

    @Test
    void aHandedBackClaimIsHandedOutAgainAtOnceRatherThanAfterTheClaimTimeout() throws Exception {
        DeliveryQueue queue = queue();
        Delivery d = delivery("issue_comment");
        queue.offer(d);
        Claim claim = claimAtLeast(queue, 1).get(0);
        assertThat(queue.claim(4, Duration.ofMillis(50))).as("still in hand").isEmpty();

        queue.handBack(List.of(claim));

        assertThat(queue.claim(4, Duration.ofMillis(50)))
                .as("within 50 ms, the claim timeout being " + CLAIM_TIMEOUT.toMillis() + " ms")
                .extracting(c -> c.delivery().id())
                .containsExactly(d.id());
    }

    @Test
    void claimWaitsAndReturnsNothingWhenEmpty() throws Exception {
        assertThat(queue().claim(4, Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void aCompletedDeliveryLeavesTheQueueAndIsNotHandedOutAgain() throws Exception {
        DeliveryQueue queue = queue();
        Delivery d = delivery("push");
        queue.offer(d);
        Claim claim = claimAtLeast(queue, 1).get(0);

        queue.complete(claim);

        assertThat(queue.depth()).isZero();
        assertThat(queue.record(d.id()))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(DeliveryStatus.DONE));
        assertThat(queue.claim(4, CLAIM_TIMEOUT.multipliedBy(2))).isEmpty();
        assertThat(queue.offer(d)).isEqualTo(Offer.DUPLICATE);
    }

    @Test
    void countsFailedAttemptsAndKeepsTheReasonOfAFinalFailure() throws Exception {
        DeliveryQueue queue = queue();
        Delivery d = delivery("check_run");
        queue.offer(d);
        Claim claim = claimAtLeast(queue, 1).get(0);

        assertThat(queue.recordFailure(claim, "first: boom")).isEqualTo(1);
        assertThat(queue.record(d.id())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.RETRYING);
            assertThat(r.lastError()).contains("first: boom");
        });
        assertThat(queue.recordFailure(claim, "second: boom")).isEqualTo(2);
        queue.fail(claim, "second: boom");

        assertThat(queue.depth()).isZero();
        assertThat(queue.record(d.id())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.lastError()).contains("second: boom");
        });
    }

    @Test
    void aDeliveryWhoseWorkerWentSilentIsClaimedAgainWithItsAttempts() throws Exception {
        DeliveryQueue queue = queue();
        Delivery d = delivery("issue_comment");
        queue.offer(d);
        Claim abandoned = claimAtLeast(queue, 1).get(0);
        queue.recordFailure(abandoned, "worker crashed mid-way");

        List<Claim> again = claimAtLeast(queue, 1);

        assertThat(again).singleElement().satisfies(c -> {
            assertThat(c.delivery().id()).isEqualTo(d.id());
            assertThat(c.attempts()).isEqualTo(1);
            assertThat(c.status()).isEqualTo(DeliveryStatus.RETRYING);
        });
    }

    @Test
    void aClaimKeptAliveIsNotHandedToAnotherWorker() throws Exception {
        DeliveryQueue queue = queue();
        queue.offer(delivery("push"));
        Claim claim = claimAtLeast(queue, 1).get(0);

        long until = System.nanoTime() + CLAIM_TIMEOUT.multipliedBy(3).toNanos();
        List<Claim> stolen = new ArrayList<>();
        while (System.nanoTime() < until) {
            queue.keepAlive(List.of(claim));
            stolen.addAll(queue.claim(4, CLAIM_TIMEOUT.dividedBy(4)));
        }

        assertThat(stolen).isEmpty();
    }

    @Test
    void listsRecentDeliveriesNewestFirst() {
        DeliveryQueue queue = queue();
        Delivery older = delivery("push");
        Delivery newer = new Delivery(
                "newer-" + UUID.randomUUID(),
                "pull_request",
                "opened",
                "acme/hello",
                new byte[] {'{', '}'},
                older.receivedAt().plusMillis(5));
        queue.offer(older);
        queue.offer(newer);

        assertThat(queue.recent(10)).extracting(DeliveryRecord::id).containsSubsequence(newer.id(), older.id());
        assertThat(queue.recent(1)).extracting(DeliveryRecord::id).containsExactly(newer.id());
    }

    @Test
    void forgetsADeliveryIdAfterTheRetention() {
        DeliveryQueue queue = newQueue(properties(CLAIM_TIMEOUT, Duration.ofMillis(300)));
        Delivery d = delivery("push");
        queue.offer(d);
        drain(queue);

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.offer(d) == Offer.QUEUED);
    }

    @Test
    void reportsItsHealth() {
        StoreHealth health = queue().health();

        assertThat(health.up()).isTrue();
        assertThat(health.details()).containsKey("type");
    }

    static List<Claim> claimAtLeast(DeliveryQueue queue, int count) {
        List<Claim> claims = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            claims.addAll(queue.claim(count - claims.size(), Duration.ofMillis(200)));
            return claims.size() >= count;
        });
        return claims;
    }

    static void drain(DeliveryQueue queue) {
        try {
            for (Claim claim : queue.claim(100, Duration.ofMillis(100))) {
                queue.complete(claim);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
