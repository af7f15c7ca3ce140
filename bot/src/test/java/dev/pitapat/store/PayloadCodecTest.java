package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.testing.OctokitExamples;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PayloadCodecTest {

    private static final Path EXAMPLE = Path.of("src/test/resources/webhooks/issue_comment/created.json");

    /** The example as GitHub sends it: compact JSON (the file is indented). */
    private static byte[] real() {
        return JsonMapper.builder()
                .build()
                .readTree(EXAMPLE.toFile())
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRealPayloadKeepsWithTheDictionaryAsATenthOfItsBytesAndComesBackWhole() throws Exception {
        byte[] real = real();

        PayloadCodec.Kept kept = PayloadCodec.keep(real);

        assertThat(kept.encoding()).isEqualTo(PayloadCodec.ZSTD_GITHUB_1);
        assertThat(kept.bytes().length).isLessThan(real.length / 10);
        assertThat(PayloadCodec.restore(kept.encoding(), kept.bytes(), real.length))
                .isEqualTo(real);
    }

    /**
     * The dictionary learnt the examples, this one among them: with the owner, the repository, every id, node id
     * and year changed, as in another organisation's payloads, it still keeps less than half of what LZ4 kept.
     */
    @Test
    void aPayloadTheDictionaryNeverSawKeepsAsLessThanHalfOfWhatLz4Kept() throws Exception {
        byte[] unseen =
                withOtherIdentities(new String(real(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        int lz4Length = LZ4Factory.nativeInstance().fastCompressor().compress(unseen).length;

        PayloadCodec.Kept kept = PayloadCodec.keep(unseen);

        assertThat(kept.encoding()).isEqualTo(PayloadCodec.ZSTD_GITHUB_1);
        assertThat(kept.bytes().length).isLessThan(lz4Length / 2);
        assertThat(PayloadCodec.restore(kept.encoding(), kept.bytes(), unseen.length))
                .isEqualTo(unseen);
    }

    @Test
    void everyExamplePayloadOfGitHubComesBackWhole() {
        int examples = 0;
        for (JsonNode event : OctokitExamples.index()) {
            for (JsonNode example : event.path("examples")) {
                byte[] payload = example.toString().getBytes(StandardCharsets.UTF_8);
                PayloadCodec.Kept kept = PayloadCodec.keep(payload);
                assertThat(PayloadCodec.restore(kept.encoding(), kept.bytes(), payload.length))
                        .as(event.path("name").asString())
                        .isEqualTo(payload);
                examples++;
            }
        }
        assertThat(examples).isNotZero();
    }

    @Test
    void payloadsKeptWithLz4BeforeZstdStillComeBackWhole() throws Exception {
        byte[] real = real();
        var lz4 = LZ4Factory.safeInstance().fastCompressor();
        byte[] block = lz4.compress(real);

        assertThat(PayloadCodec.restore(PayloadCodec.LZ4, block, real.length)).isEqualTo(real);
    }

    /** Payloads kept with dictionary 1 can only be read with it: a changed file would lose every one of them. */
    @Test
    void theShippedDictionaryNeverChanges() throws Exception {
        try (InputStream in = PayloadCodec.class.getResourceAsStream("github-1.zdict")) {
            assertThat(in).as("github-1.zdict in the jar").isNotNull();
            String sha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            assertThat(sha256)
                    .as("dictionary 1 changed: add a new one (bot/dictionary/train.sh) under a new encoding instead")
                    .isEqualTo("aacc172e554ac176c5f6258b7aeb84dd6762b6710bdf752ccc7947d33b6261ab");
        }
    }

    @Test
    void compressingAPayloadAllocatesLittleMoreThanWhatItKeeps() throws Exception {
        byte[] real = real();
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
        byte[] real = real();
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
        assertThat(kept.encoding()).isEqualTo(PayloadCodec.ZSTD_GITHUB_1);
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
    void saysWhenStoredBytesDoNotDecode() throws Exception {
        byte[] real = real();
        byte[] kept = PayloadCodec.keep(real).bytes();
        byte[] garbage = "garbage".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> PayloadCodec.restore("lz4", garbage, 40))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decode");
        assertThatThrownBy(() -> PayloadCodec.restore(PayloadCodec.ZSTD_GITHUB_1, garbage, 40))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decode");
        assertThatThrownBy(() -> PayloadCodec.restore(PayloadCodec.ZSTD_GITHUB_1, kept, 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decode");
        assertThatThrownBy(() -> PayloadCodec.restore(PayloadCodec.ZSTD_GITHUB_1, kept, real.length + 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decode");
        assertThatThrownBy(() -> PayloadCodec.restore("zstd-github-2", kept, 10))
                .hasMessageContaining("unknown payload encoding 'zstd-github-2'");
    }

    @Test
    void compressesWithZstdsNativeLibraryWhereItLoads() {
        assertThat(PayloadCodec.implementation()).isEqualTo("zstd-github-1 (JNI)");
    }

    /**
     * A process whose temporary directory cannot take the native libraries (as a read-only one): intake goes on
     * with LZ4 in pure Java, says so, and reads what it kept; a payload kept with zstd fails with the reason.
     */
    @Test
    void whereZstdCannotLoadPayloadsKeepWithLz4AndSaySo(@TempDir Path dir) throws Exception {
        Path payload = dir.resolve("payload.json");
        Files.write(payload, real());
        Process process = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-Djava.io.tmpdir=" + dir.resolve("missing"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WithoutNativeLibraries.class.getName(),
                        payload.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output)
                .contains("implementation: lz4 (JavaSafe; zstd unavailable: ")
                .contains("kept: lz4, comes back whole: true")
                .contains("zstd payload: the payload was kept with zstd, whose native library cannot load here");
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** Run by {@link #whereZstdCannotLoadPayloadsKeepWithLz4AndSaySo} in a process of its own. */
    static final class WithoutNativeLibraries {
        public static void main(String[] args) throws Exception {
            byte[] payload = Files.readAllBytes(Path.of(args[0]));
            System.out.println("implementation: " + PayloadCodec.implementation());
            PayloadCodec.Kept kept = PayloadCodec.keep(payload);
            boolean whole = Arrays.equals(PayloadCodec.restore(kept.encoding(), kept.bytes(), payload.length), payload);
            System.out.println("kept: " + kept.encoding() + ", comes back whole: " + whole);
            try {
                PayloadCodec.restore(PayloadCodec.ZSTD_GITHUB_1, new byte[] {1, 2, 3}, 10);
            } catch (IllegalStateException e) {
                System.out.println("zstd payload: " + e.getMessage());
            }
        }
    }

    /**
     * The payload as another organisation's: other names, and every id, node id and year changed (each one the
     * same wherever it appears, as the same user's id is in a real payload).
     */
    static String withOtherIdentities(String payload) {
        Random random = new Random(11);
        Map<String, String> changed = new HashMap<>();
        String renamed = payload.replace("Codertocat", "acme-infra")
                .replace("codertocat", "acme-infra")
                .replace("Hello-World", "payment-api")
                .replace("hello-world", "payment-api");
        String ids = Pattern.compile("\\d{3,}")
                .matcher(renamed)
                .replaceAll(number -> changed.computeIfAbsent(
                        number.group(),
                        n -> (1 + random.nextInt(9))
                                + random.ints(n.length() - 1, 0, 10)
                                        .mapToObj(Integer::toString)
                                        .collect(Collectors.joining())));
        return Pattern.compile("(\"node_id\":\")([^\"]+)")
                .matcher(ids)
                .replaceAll(id -> id.group(1)
                        + changed.computeIfAbsent(
                                id.group(2),
                                n -> random.ints(n.length(), 'A', 'Z' + 1)
                                        .mapToObj(c -> String.valueOf((char) c))
                                        .collect(Collectors.joining())));
    }
}
