package dev.pitapat.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * How the Redis store keeps payloads: zstd frames made with a dictionary of GitHub's webhook payloads. A payload
 * is mostly the same keys and API links as every other GitHub payload; the dictionary, trained on every example
 * of {@code @octokit/webhooks-examples} ({@code bot/dictionary/train.sh}), already holds them, so a 14 KB
 * delivery keeps as about 1.1 KB where LZ4 alone kept 3.1 KB: Redis copies, persists (AOF), rewrites and hands
 * out a third of the bytes, and a backlog takes a third of the memory. Compressing 14 KB takes about 9 µs with
 * zstd's native library (LZ4's took 6), which Redis more than gives back (bench/README.md).
 *
 * <p>Payloads kept with LZ4 (before zstd, or by a process where zstd's native library cannot load: LZ4 then
 * compresses, with its own native library or in pure Java) are read as they were kept. A shipped dictionary
 * never changes; a new one would come under a new encoding name beside it.
 */
final class PayloadCodec {

    /** Payload kept as received. */
    static final String RAW = "raw";

    /** Payload kept as one LZ4 block. */
    static final String LZ4 = "lz4";

    /** Payload kept as one zstd frame made with dictionary 1 ({@code github-1.zdict}). */
    static final String ZSTD_GITHUB_1 = "zstd-github-1";

    /** zstd's fastest level: with the dictionary it keeps a payload 7% larger than level 3 does, in less time. */
    private static final int LEVEL = 1;

    /** Payloads up to this size are compressed into a scratch buffer that is used again. */
    static final int SCRATCH_INPUT = 64 * 1024;

    private static final LZ4Factory LZ4_FACTORY = lz4Factory();
    private static final LZ4Compressor LZ4_COMPRESSOR = LZ4_FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4_FACTORY.safeDecompressor();
    private static final ZstdDictionary ZSTD = ZstdDictionary.load();

    /**
     * Compressors with their scratch buffers, each taken by one compression at a time: without the buffers every
     * payload cost one of its full size (zeroed, then left to the collector) for an output a tenth of that; a
     * zstd context holds the dictionary's tables and a few hundred KB of native memory, too much to make per call.
     */
    private static final AtomicReferenceArray<Compressor> COMPRESSORS = new AtomicReferenceArray<>(8);

    private PayloadCodec() {}

    /**
     * LZ4's native library when it loads, else pure Java. Asked for by name: {@code fastestInstance()} takes the
     * native one only from the system class loader, never from the executable jar's.
     */
    private static LZ4Factory lz4Factory() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (LinkageError | RuntimeException e) {
            return LZ4Factory.safeInstance();
        }
    }

    /**
     * How this process keeps new payloads, for the health details: {@code zstd-github-1 (JNI)}, or when zstd's
     * native library cannot load {@code lz4 (JNI)} or {@code lz4 (JavaSafe)} and why zstd is not used.
     */
    static String implementation() {
        if (ZSTD.available()) {
            return ZSTD_GITHUB_1 + " (JNI)";
        }
        return LZ4 + " (" + LZ4_FACTORY.toString().replace("LZ4Factory:", "") + "; zstd unavailable: "
                + ZSTD.unavailable() + ")";
    }

    /** The payload as kept, and how. */
    record Kept(String encoding, byte[] bytes) {}

    static Kept keep(byte[] payload) {
        Compressor compressor = take();
        boolean scratch = payload.length <= SCRATCH_INPUT;
        byte[] out = scratch ? compressor.scratch : new byte[compressor.bound(payload.length)];
        try {
            int length = compressor.compress(payload, out);
            return length < payload.length
                    ? new Kept(compressor.encoding(), Arrays.copyOf(out, length))
                    : new Kept(RAW, payload);
        } finally {
            giveBack(compressor);
        }
    }

    private static Compressor take() {
        for (int k = 0; k < COMPRESSORS.length(); k++) {
            Compressor compressor = COMPRESSORS.getAndSet(k, null);
            if (compressor != null) {
                return compressor;
            }
        }
        return new Compressor(ZSTD.available() ? ZSTD.context() : null);
    }

    private static void giveBack(Compressor compressor) {
        for (int k = 0; k < COMPRESSORS.length(); k++) {
            if (COMPRESSORS.compareAndSet(k, null, compressor)) {
                return;
            }
        }
        compressor.close();
    }

    /**
     * The payload as it was received.
     *
     * @throws IllegalStateException when the bytes do not decode to {@code size} bytes, or were kept with an
     *     encoding this process cannot read
     */
    static byte[] restore(String encoding, byte[] bytes, int size) {
        return switch (encoding) {
            case "", RAW -> bytes;
            case LZ4 -> restoreLz4(bytes, size);
            case ZSTD_GITHUB_1 -> ZSTD.restore(bytes, size);
            default -> throw new IllegalStateException("unknown payload encoding '" + encoding + "'");
        };
    }

    private static byte[] restoreLz4(byte[] bytes, int size) {
        byte[] payload = new byte[size];
        try {
            int length = LZ4_DECOMPRESSOR.decompress(bytes, 0, bytes.length, payload, 0, size);
            checkSize(length, size);
        } catch (LZ4Exception e) {
            throw new IllegalStateException("the payload does not decode: " + e.getMessage(), e);
        }
        return payload;
    }

    private static void checkSize(int length, int size) {
        if (length != size) {
            throw new IllegalStateException(
                    "the payload does not decode: " + length + " bytes where " + size + " were kept");
        }
    }

    /** One compression at a time: a zstd context with the dictionary (or none: LZ4) and its scratch buffer. */
    private static final class Compressor {
        private final ZstdCompressCtx zstd;
        private final byte[] scratch;

        Compressor(ZstdCompressCtx zstd) {
            this.zstd = zstd;
            this.scratch = new byte[bound(SCRATCH_INPUT)];
        }

        String encoding() {
            return zstd == null ? LZ4 : ZSTD_GITHUB_1;
        }

        int bound(int length) {
            return zstd == null ? LZ4_COMPRESSOR.maxCompressedLength(length) : (int) Zstd.compressBound(length);
        }

        int compress(byte[] payload, byte[] out) {
            return zstd == null
                    ? LZ4_COMPRESSOR.compress(payload, 0, payload.length, out, 0, out.length)
                    : zstd.compressByteArray(out, 0, out.length, payload, 0, payload.length);
        }

        void close() {
            if (zstd != null) {
                zstd.close();
            }
        }
    }

    /** zstd with dictionary 1, or why this process cannot use it. */
    private record ZstdDictionary(ZstdDictCompress compress, ZstdDictDecompress decompress, String unavailable) {

        static final String DICTIONARY = "github-1.zdict";

        static ZstdDictionary load() {
            byte[] dictionary = dictionary();
            try {
                return new ZstdDictionary(
                        new ZstdDictCompress(dictionary, LEVEL), new ZstdDictDecompress(dictionary), "");
            } catch (LinkageError | RuntimeException e) {
                // the native library did not load (an unsupported platform, or no executable temporary directory)
                return new ZstdDictionary(null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        static byte[] dictionary() {
            try (InputStream in = PayloadCodec.class.getResourceAsStream(DICTIONARY)) {
                if (in == null) {
                    throw new IllegalStateException("the jar has no " + DICTIONARY);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + DICTIONARY, e);
            }
        }

        boolean available() {
            return compress != null;
        }

        ZstdCompressCtx context() {
            return new ZstdCompressCtx().setLevel(LEVEL).loadDict(compress);
        }

        byte[] restore(byte[] bytes, int size) {
            if (!available()) {
                throw new IllegalStateException(
                        "the payload was kept with zstd, whose native library cannot load here: " + unavailable);
            }
            byte[] payload = new byte[size];
            try (ZstdDecompressCtx context = new ZstdDecompressCtx().loadDict(decompress)) {
                checkSize(context.decompressByteArray(payload, 0, size, bytes, 0, bytes.length), size);
            } catch (ZstdException e) {
                throw new IllegalStateException("the payload does not decode: " + e.getMessage(), e);
            }
            return payload;
        }
    }
}
