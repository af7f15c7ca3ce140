package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

    @Test
    void aRealPayloadKeepsAsAQuarterOfItsBytesAndComesBackWhole() throws Exception {
        byte[] real = Files.readAllBytes(Path.of("src/test/resources/webhooks/issue_comment/created.json"));

        PayloadCodec.Kept kept = PayloadCodec.keep(real);

        assertThat(kept.encoding()).isEqualTo(PayloadCodec.LZ4);
        assertThat(kept.bytes().length).isLessThan(real.length / 3);
        assertThat(PayloadCodec.restore(kept.encoding(), kept.bytes(), real.length))
                .isEqualTo(real);
    }

    @Test
    void compressingAPayloadAllocatesLittleMoreThanWhatItKeeps() throws Exception {
        byte[] real = Files.readAllBytes(Path.of("src/test/resources/webhooks/issue_comment/created.json"));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PayloadCodec.keep(real);
        long before = threads.getCurrentThreadAllocatedBytes();

        PayloadCodec.Kept kept = PayloadCodec.keep(real);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // the kept bytes, not a buffer of the payload's size besides
        assertThat(allocated).isLessThan(kept.bytes().length + 1024);
    }

    @Test
    void payloadsCompressedAtOnceAndLargeOnesEachComeBackWhole() throws Exception {
        byte[] real = Files.readAllBytes(Path.of("src/test/resources/webhooks/issue_comment/created.json"));
        try (var threads = Executors.newFixedThreadPool(16)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int n = 0; n < 400; n++) {
                byte[] payload =
                        (new String(real, StandardCharsets.UTF_8) + " ".repeat(n)).getBytes(StandardCharsets.UTF_8);
                results.add(threads.submit(() -> {
                    PayloadCodec.Kept kept = PayloadCodec.keep(payload);
                    return Arrays.equals(PayloadCodec.restore(kept.encoding(), kept.bytes(), payload.length), payload);
                }));
            }
            for (var result : results) {
                assertThat(result.get()).isTrue();
            }
        }
        byte[] large = new byte[PayloadCodec.SCRATCH_INPUT * 3];
        for (int k = 0; k < large.length; k++) {
            large[k] = real[k % real.length];
        }
        PayloadCodec.Kept kept = PayloadCodec.keep(large);
        assertThat(kept.encoding()).isEqualTo(PayloadCodec.LZ4);
        assertThat(PayloadCodec.restore(kept.encoding(), kept.bytes(), large.length))
                .isEqualTo(large);
    }

    @Test
    void bytesThatDoNotShrinkAreKeptAsReceived() {
        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);

        PayloadCodec.Kept kept = PayloadCodec.keep(noise);

        assertThat(kept.encoding()).isEqualTo(PayloadCodec.RAW);
        assertThat(kept.bytes()).isSameAs(noise);
        assertThat(PayloadCodec.restore("raw", noise, 0)).isSameAs(noise);
        assertThat(PayloadCodec.restore("", noise, 0)).isSameAs(noise);
    }

    @Test
    void saysWhenStoredBytesDoNotDecode() {
        byte[] kept = PayloadCodec.keep(
                        "{\"a\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}".getBytes(StandardCharsets.UTF_8))
                .bytes();

        assertThatThrownBy(() -> PayloadCodec.restore("lz4", "garbage".getBytes(StandardCharsets.UTF_8), 40))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decode");
        assertThatThrownBy(() -> PayloadCodec.restore("lz4", kept, 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PayloadCodec.restore("zstd", kept, 10))
                .hasMessageContaining("unknown payload encoding 'zstd'");
    }

    @Test
    void compressesWithTheNativeLibraryWhereItLoads() {
        assertThat(PayloadCodec.implementation()).isEqualTo("JNI");
    }
}
