package dev.pitapat.store;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * How the Redis store keeps payloads: LZ4 blocks. A webhook payload is mostly GitHub's API links, repeated
 * for every user and repository in it, so a 14 KB delivery keeps as about 3 KB: Redis copies, persists
 * (AOF) and hands out a quarter of the bytes, and a backlog takes a quarter of its memory. LZ4's native
 * library (unpacked to the temporary directory; the jar's manifest and the image allow its native access)
 * compresses 14 KB in about 6 µs; where it cannot load, the pure Java one takes about 25 µs (bench/intake).
 */
final class PayloadCodec {

    /** Payload kept as received. */
    static final String RAW = "raw";

    /** Payload kept as one LZ4 block. */
    static final String LZ4 = "lz4";

    private static final LZ4Factory FACTORY = factory();
    private static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();

    /** Payloads up to this size are compressed into a scratch buffer that is used again. */
    static final int SCRATCH_INPUT = 64 * 1024;

    /**
     * Scratch buffers for the compressor's output, each taken by one compression at a time: without them every
     * payload cost a buffer of its full size (zeroed, then left to the collector) for an output a quarter of
     * that, about a third of what a webhook allocates.
     */
    private static final AtomicReferenceArray<byte[]> SCRATCH = new AtomicReferenceArray<>(8);

    private PayloadCodec() {}

    /**
     * The native library when it loads, else pure Java. Asked for by name: {@code fastestInstance()} takes the
     * native one only from the system class loader, never from the executable jar's.
     */
    private static LZ4Factory factory() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (LinkageError | RuntimeException e) {
            return LZ4Factory.safeInstance();
        }
    }

    /** {@code JNI} or {@code JavaSafe}: which LZ4 this process compresses with. */
    static String implementation() {
        return FACTORY.toString().replace("LZ4Factory:", "");
    }

    /** The payload as kept, and how. */
    record Kept(String encoding, byte[] bytes) {}

    static Kept keep(byte[] payload) {
        boolean scratch = payload.length <= SCRATCH_INPUT;
        byte[] out = scratch ? takeScratch() : new byte[COMPRESSOR.maxCompressedLength(payload.length)];
        try {
            int length = COMPRESSOR.compress(payload, 0, payload.length, out, 0, out.length);
            return length < payload.length ? new Kept(LZ4, Arrays.copyOf(out, length)) : new Kept(RAW, payload);
        } finally {
            if (scratch) {
                giveBack(out);
            }
        }
    }

    private static byte[] takeScratch() {
        for (int k = 0; k < SCRATCH.length(); k++) {
            byte[] scratch = SCRATCH.getAndSet(k, null);
            if (scratch != null) {
                return scratch;
            }
        }
        return new byte[COMPRESSOR.maxCompressedLength(SCRATCH_INPUT)];
    }

    private static void giveBack(byte[] scratch) {
        for (int k = 0; k < SCRATCH.length(); k++) {
            if (SCRATCH.compareAndSet(k, null, scratch)) {
                return;
            }
        }
    }

    /**
     * The payload as it was received.
     *
     * @throws IllegalStateException when the bytes do not decode to {@code size} bytes
     */
    static byte[] restore(String encoding, byte[] bytes, int size) {
        if (encoding.isEmpty() || encoding.equals(RAW)) {
            return bytes;
        }
        if (!encoding.equals(LZ4)) {
            throw new IllegalStateException("unknown payload encoding '" + encoding + "'");
        }
        byte[] payload = new byte[size];
        try {
            int length = DECOMPRESSOR.decompress(bytes, 0, bytes.length, payload, 0, size);
            if (length != size) {
                throw new IllegalStateException(
                        "the payload does not decode: " + length + " bytes where " + size + " were kept");
            }
        } catch (LZ4Exception e) {
            throw new IllegalStateException("the payload does not decode: " + e.getMessage(), e);
        }
        return payload;
    }
}
