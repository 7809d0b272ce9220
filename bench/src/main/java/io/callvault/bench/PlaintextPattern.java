package io.callvault.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The media bytes the crypto and playback benchmarks use: deterministic, incompressible-looking and computable
 * at any offset (word {@code i} is SplitMix64 of {@code seed + i}), so a 1 GiB file is streamed without being
 * held anywhere and a range read back from the middle is checked without keeping the plaintext.
 */
final class PlaintextPattern {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;

    PlaintextPattern(long seed) {
        this.seed = seed;
    }

    private long word(long index) {
        long z = seed + index * GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The pattern's bytes {@code offset .. offset + length - 1} into {@code buffer} at {@code at}. */
    void fill(long offset, byte[] buffer, int at, int length) {
        int i = 0;
        // Up to the next 8-byte boundary of the pattern, byte by byte.
        while (i < length && ((offset + i) & 7) != 0) {
            buffer[at + i] = byteAt(offset + i);
            i++;
        }
        for (; i + 8 <= length; i += 8) {
            LONGS.set(buffer, at + i, word((offset + i) >>> 3));
        }
        for (; i < length; i++) {
            buffer[at + i] = byteAt(offset + i);
        }
    }

    byte[] bytes(long offset, int length) {
        byte[] b = new byte[length];
        fill(offset, b, 0, length);
        return b;
    }

    private byte byteAt(long offset) {
        return (byte) (word(offset >>> 3) >>> (8 * (offset & 7)));
    }

    /** The first {@code size} bytes as a stream. */
    InputStream stream(long size) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                if (position >= size) {
                    return -1;
                }
                return byteAt(position++) & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - position);
                fill(position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** Writes the first {@code size} bytes and returns their SHA-256 (hex). */
    String writeTo(OutputStream out, long size) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[1 << 20];
        for (long done = 0; done < size; ) {
            int n = (int) Math.min(buffer.length, size - done);
            fill(done, buffer, 0, n);
            sha256.update(buffer, 0, n);
            out.write(buffer, 0, n);
            done += n;
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** SHA-256 (hex) and length of a stream read to its end. */
    static Digest digest(InputStream in) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[1 << 20];
        long size = 0;
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            sha256.update(buffer, 0, n);
            size += n;
        }
        return new Digest(HexFormat.of().formatHex(sha256.digest()), size);
    }

    record Digest(String sha256, long size) {}
}
