package dev.pitapat.webhook;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The heap that webhook bodies being read may take at once ({@link #BYTES}). A body is read before its
 * signature can be checked, so without a bound a few senders of large bodies, signed or not, would exhaust the
 * heap. Each buffer is reserved before it is allocated (a buffer grows with what arrives, so a false
 * {@code Content-Length} reserves nothing) and given back when the webhook is answered; a body that finds no
 * room is answered {@code 503}, and the others go on.
 */
final class BodyBudget {

    /**
     * 64 MiB: one body at GitHub's 25 MiB cap (twice over: its buffer grows, then is cut to size) and many
     * ordinary ones beside it.
     */
    static final long BYTES = 64L * 1024 * 1024;

    /** Thrown when a body finds no room within the wait. */
    static final class NoRoom extends Exception {
        NoRoom() {
            super("webhook bodies being read take all the room there is", null, false, false);
        }
    }

    private final Semaphore kibibytes;
    private final Duration wait;

    BodyBudget(long bytes, Duration wait) {
        this.kibibytes = new Semaphore(kib(bytes)); // not fair: a small body is not kept behind a large one
        this.wait = wait;
    }

    /** No bound: for reading outside a request. */
    static BodyBudget unbounded() {
        return new BodyBudget(Integer.MAX_VALUE * 1024L, Duration.ZERO);
    }

    /** What one webhook holds; given back whole by {@link #close()}. */
    Held hold() {
        return new Held();
    }

    final class Held implements AutoCloseable {
        private int held;

        /**
         * Reserves room for {@code bytes} beside what is already held. Only the first reservation waits for
         * room: one that waited while holding some could wait for others that wait for it.
         */
        void reserve(long bytes) throws NoRoom {
            int wanted = kib(bytes);
            try {
                if (!kibibytes.tryAcquire(wanted, held == 0 ? wait.toNanos() : 0, TimeUnit.NANOSECONDS)) {
                    throw new NoRoom();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoRoom();
            }
            held += wanted;
        }

        /** Whether room is held already (then buffers need none of their own). */
        boolean reserved() {
            return held > 0;
        }

        /** Gives back the room of a buffer of {@code bytes} no longer used. */
        void release(long bytes) {
            int back = Math.min(kib(bytes), held);
            held -= back;
            kibibytes.release(back);
        }

        @Override
        public void close() {
            kibibytes.release(held);
            held = 0;
        }
    }

    private static int kib(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
    }
}
