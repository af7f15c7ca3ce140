package dev.pitapat.webhook;

import java.io.IOException;
import java.io.InputStream;
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

    /** The first buffer of a body: most webhooks fit in it. */
    private static final int INITIAL_BUFFER = 64 * 1024;

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

        /** Gives back the room of a buffer of {@code bytes} no longer used. */
        void release(long bytes) {
            int back = Math.min(kib(bytes), held);
            held -= back;
            kibibytes.release(back);
        }

        /**
         * The body, or {@code null} as soon as it passes {@code limit} bytes: a large body is refused while it
         * is read, never buffered whole. Each buffer is reserved here before it is allocated and the one it
         * replaces given back after; a declared length reserves its room at once, all of it, growing and cutting
         * to size included, while the buffers are still sized by what arrives, so a false Content-Length holds
         * room but no memory.
         *
         * @throws NoRoom when a buffer finds no room within the budget's wait
         */
        byte[] read(InputStream in, long declared, int limit) throws IOException, NoRoom {
            boolean declaredRoom = declared >= 0 && declared <= limit;
            if (declaredRoom) {
                reserve(2 * declared + INITIAL_BUFFER);
            }
            // a declared length is the size of the body as a rule: read into a buffer of just that size
            int initial =
                    (int) Math.min(declared >= 0 ? declared : INITIAL_BUFFER, Math.min(INITIAL_BUFFER, limit + 1L));
            byte[] buffer = allocate(Math.max(initial, 1), declaredRoom);
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length > limit) {
                        return null;
                    }
                    // full: if the body ends here, the buffer is the body, with no copy cut to size
                    int next = in.read();
                    if (next < 0) {
                        return buffer;
                    }
                    byte[] grown = allocate((int) Math.min((long) buffer.length * 2, limit + 1L), declaredRoom);
                    System.arraycopy(buffer, 0, grown, 0, length);
                    giveBack(buffer.length, declaredRoom);
                    buffer = grown;
                    buffer[length++] = (byte) next;
                    continue;
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    byte[] body = allocate(length, declaredRoom);
                    System.arraycopy(buffer, 0, body, 0, length);
                    giveBack(buffer.length, declaredRoom);
                    return body;
                }
                length += read;
                if (length > limit) {
                    return null;
                }
            }
        }

        private byte[] allocate(int bytes, boolean declaredRoom) throws NoRoom {
            if (!declaredRoom) {
                reserve(bytes);
            }
            return new byte[bytes];
        }

        private void giveBack(int bytes, boolean declaredRoom) {
            if (!declaredRoom) {
                release(bytes);
            }
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
