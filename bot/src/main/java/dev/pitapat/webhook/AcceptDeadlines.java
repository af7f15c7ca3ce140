package dev.pitapat.webhook;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The webhooks' waits for the store, each bounded by {@code pitapat.queue.accept-timeout}, kept by one thread
 * for all of them rather than by a timed wait in each request.
 *
 * <p>A timed wait on a virtual thread schedules a timeout task and cancels it again, which with the JDK's
 * scheduler thread that runs those tasks cost about an eighth of intake's CPU (bench/intake). Every webhook
 * waits for the same span, so the waits end in the order they began: the sweeper looks at the oldest one only,
 * drops it once answered, and fails it with a {@link TimeoutException} once past its deadline. While waits are
 * open it looks at least every {@link #TICK}, so a deadline is kept to within that; with none open it sleeps
 * until the next one begins.
 */
final class AcceptDeadlines implements AutoCloseable {

    /** The longest the sweeper sleeps: how late past its deadline a wait may be failed. */
    static final Duration TICK = Duration.ofMillis(50);

    private record Wait(CompletableFuture<?> answer, long deadline) {}

    private final ConcurrentLinkedQueue<Wait> waits = new ConcurrentLinkedQueue<>();
    private final long timeoutNanos;
    private final LongSupplier nanoTime;
    private final Thread sweeper;
    /** Whether the sweeper sleeps with no wait open: then the next wait to begin wakes it. */
    private final AtomicBoolean idle = new AtomicBoolean();

    private volatile boolean closed;

    /** Bounds waits by {@code timeout}, with a sweeper thread of its own. */
    static AcceptDeadlines started(Duration timeout) {
        AcceptDeadlines deadlines = new AcceptDeadlines(timeout, System::nanoTime, true);
        deadlines.sweeper.start();
        return deadlines;
    }

    /** Without a thread: {@link #sweep()} is called by the test that made it. */
    static AcceptDeadlines swept(Duration timeout, LongSupplier nanoTime) {
        return new AcceptDeadlines(timeout, nanoTime, false);
    }

    private AcceptDeadlines(Duration timeout, LongSupplier nanoTime, boolean threaded) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoTime = nanoTime;
        this.sweeper = threaded
                ? Thread.ofPlatform().name("pitapat-accept-deadlines").daemon().unstarted(this::run)
                : null;
    }

    /**
     * What the store answers, or a {@link TimeoutException} if it has not answered by the deadline. The store's
     * own future goes on either way.
     */
    <T> CompletableFuture<T> within(CompletableFuture<T> stored) {
        if (stored.isDone()) {
            return stored;
        }
        if (closed) { // stopping, the sweeper may be gone: a wait of its own, so that none is left unbounded
            return stored.copy().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        waits.add(new Wait(answer, nanoTime.getAsLong() + timeoutNanos));
        if (idle.get() && idle.compareAndSet(true, false)) {
            LockSupport.unpark(sweeper);
        }
        stored.whenComplete((value, failure) -> {
            if (failure == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(failure);
            }
        });
        return answer;
    }

    /**
     * Drops the answered waits at the head and fails those past their deadline; returns the nanoseconds until
     * the oldest open wait's deadline, or -1 when none is open.
     */
    long sweep() {
        long now = nanoTime.getAsLong();
        Wait oldest;
        while ((oldest = waits.peek()) != null) {
            if (!oldest.answer().isDone()) {
                long left = oldest.deadline() - now;
                if (left > 0) {
                    return left;
                }
                oldest.answer().completeExceptionally(new TimeoutException());
            }
            waits.poll();
        }
        return -1;
    }

    /** Waits not yet dropped (answered or not): the sweeper keeps this near the number in flight. */
    int size() {
        return waits.size();
    }

    /** Whether the sweeper sleeps with no wait open. */
    boolean idle() {
        return idle.get();
    }

    private void run() {
        long tick = TICK.toNanos();
        while (!closed || !waits.isEmpty()) {
            long left = sweep();
            if (left >= 0) {
                LockSupport.parkNanos(this, Math.min(left, tick));
                continue;
            }
            // none open: sleep until within() adds one (it sees idle set, or this sees its wait) or close()
            idle.set(true);
            if (waits.isEmpty() && !closed) {
                LockSupport.park(this);
            }
            idle.set(false);
        }
    }

    /** Stops the sweeper once the waits open now have ended, each answered or past its deadline. */
    @Override
    public void close() {
        closed = true;
        if (sweeper != null) {
            LockSupport.unpark(sweeper);
        }
    }
}
