package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class AcceptDeadlinesTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final AcceptDeadlines deadlines = AcceptDeadlines.swept(Duration.ofSeconds(2), now::get);

    @Test
    void aWaitGetsWhatTheStoreAnswers() throws Exception {
        CompletableFuture<String> stored = new CompletableFuture<>();
        CompletableFuture<String> answer = deadlines.within(stored);
        assertThat(answer).isNotDone();
        stored.complete("queued");
        assertThat(answer.get()).isEqualTo("queued");
    }

    @Test
    void aWaitGetsTheStoresFailure() {
        CompletableFuture<String> stored = new CompletableFuture<>();
        CompletableFuture<String> answer = deadlines.within(stored);
        stored.completeExceptionally(new IllegalStateException("Redis refused"));
        Assertions.assertThatThrownBy(answer::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .hasMessage("Redis refused");
    }

    @Test
    void aWaitPastItsDeadlineEndsInATimeoutWhileTheStoreGoesOn() {
        CompletableFuture<String> stored = new CompletableFuture<>();
        CompletableFuture<String> answer = deadlines.within(stored);
        now.addAndGet(2 * SECOND - 1);
        assertThat(deadlines.sweep()).isEqualTo(1);
        assertThat(answer).isNotDone();
        now.addAndGet(1);
        assertThat(deadlines.sweep()).isEqualTo(-1);
        Assertions.assertThatThrownBy(answer::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class);
        stored.complete("queued"); // late: the store's own future still gets its outcome
        assertThat(stored).isCompletedWithValue("queued");
    }

    @Test
    void waitsEndInTheOrderTheyBeganAndAnsweredOnesAreDropped() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> firstAnswer = deadlines.within(first);
        now.addAndGet(SECOND);
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> secondAnswer = deadlines.within(second);
        CompletableFuture<String> third = new CompletableFuture<>();
        deadlines.within(third);
        first.complete("queued");
        third.complete("queued");
        now.addAndGet(SECOND);

        // the first is dropped; the second, still open, is a second from its deadline
        assertThat(deadlines.sweep()).isEqualTo(SECOND);
        assertThat(deadlines.size()).isEqualTo(2);
        assertThat(firstAnswer).isCompletedWithValue("queued");

        now.addAndGet(SECOND);
        assertThat(deadlines.sweep()).isEqualTo(-1);
        assertThat(secondAnswer).isCompletedExceptionally();
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void anAnswerTheStoreAlreadyGaveIsNotWatched() {
        CompletableFuture<String> stored = CompletableFuture.completedFuture("duplicate");
        assertThat(deadlines.within(stored)).isSameAs(stored);
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void itsOwnSweeperEndsAWaitTheStoreNeverAnswers() throws Exception {
        try (AcceptDeadlines started = AcceptDeadlines.started(Duration.ofMillis(100))) {
            assertEndsInATimeout(started.within(new CompletableFuture<>()));
        }
    }

    @Test
    void aWaitWakesTheSweeperThatSleptWithNoneOpen() throws Exception {
        try (AcceptDeadlines started = AcceptDeadlines.started(Duration.ofMillis(100))) {
            assertEndsInATimeout(started.within(new CompletableFuture<>()));
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!started.idle() && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            assertThat(started.idle()).isTrue();

            assertEndsInATimeout(started.within(new CompletableFuture<>()));
        }
    }

    @Test
    void aWaitBegunWhileStoppingIsStillBounded() throws Exception {
        AcceptDeadlines started = AcceptDeadlines.started(Duration.ofMillis(100));
        started.close();
        CompletableFuture<String> stored = new CompletableFuture<>();
        assertEndsInATimeout(started.within(stored));
        assertThat(stored).isNotDone(); // the store's own future goes on
    }

    private static void assertEndsInATimeout(CompletableFuture<String> answer) {
        Assertions.assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class);
    }
}
