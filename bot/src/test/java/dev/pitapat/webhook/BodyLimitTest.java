package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BodyLimitTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    @Test
    void readsABodyUpToTheLimitWhateverTheDeclaredLength() throws Exception {
        for (long declared : new long[] {-1, 0, 10, 1000, 1_000_000}) {
            assertThat(readAtMost(new ByteArrayInputStream(bytes(1000)), declared, 1000))
                    .as("declared %d", declared)
                    .hasSize(1000);
        }
    }

    @Test
    void stopsReadingOneByteAfterTheLimit() throws Exception {
        int[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 'x');
                served[0] += len;
                return len;
            }
        };

        assertThat(readAtMost(endless, -1, 200_000)).isNull();
        assertThat(served[0]).isEqualTo(200_001);
    }

    @Test
    void aFalseLargeContentLengthDoesNotReserveMemory() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        byte[] body = readAtMost(new ByteArrayInputStream(bytes(10)), 25L * 1024 * 1024, 25 * 1024 * 1024);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(body).hasSize(10);
        assertThat(allocated).isLessThan(1024 * 1024);
    }

    @Test
    void aBodyOfItsDeclaredLengthIsReadIntoOneBufferOfThatSize() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] sent = bytes(14_237);
        sent[0] = '{';
        readAtMost(new ByteArrayInputStream(sent), sent.length, 25 * 1024 * 1024); // classes loaded, paths warm
        long before = threads.getCurrentThreadAllocatedBytes();

        byte[] body = readAtMost(new ByteArrayInputStream(sent), sent.length, 25 * 1024 * 1024);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(body).isEqualTo(sent);
        // one array of the body's size, not a second one it is copied into
        assertThat(allocated).isLessThan(sent.length + sent.length / 2);
    }

    @Test
    void aBodyThatFillsItsBufferExactlyIsReadWhole() throws Exception {
        for (int size : new int[] {1, 64 * 1024, 128 * 1024, 200_000}) {
            byte[] sent = bytes(size);
            sent[size - 1] = 'y';
            assertThat(readAtMost(new ByteArrayInputStream(sent), -1, 200_000))
                    .as("%d bytes, undeclared", size)
                    .isEqualTo(sent);
            assertThat(readAtMost(new ByteArrayInputStream(sent), size, 200_000))
                    .as("%d bytes, declared", size)
                    .isEqualTo(sent);
        }
        assertThat(readAtMost(new ByteArrayInputStream(bytes(200_001)), 200_000, 200_000))
                .as("a byte past its declared length and the limit")
                .isNull();
    }

    /** Read without a bound on the heap: the reading itself, apart from the budget. */
    private static byte[] readAtMost(InputStream in, long declared, int limit) throws Exception {
        try (BodyBudget.Held held = BodyBudget.unbounded().hold()) {
            return held.read(in, declared, limit);
        }
    }
}
