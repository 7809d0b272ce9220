package io.callvault.core.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * The body of {@link LargeStreamingTest}, run in a JVM of its own so that its heap limit is the proof of
 * constant memory: generate plaintext on the fly, encrypt it into a file, decrypt the file into a digest,
 * compare, and print one {@code RESULT} line with the timings and the heap peak.
 *
 * <p>Arguments: plaintext size in bytes, working directory.
 */
public final class LargeStreamingRoundTrip {
    private LargeStreamingRoundTrip() {}

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]);
        Path object = Path.of(args[1]).resolve("object.bin");
        X509Certificate certificate = TestPki.selfSigned(TestPki.ALICE, "Large");

        long started = System.nanoTime();
        EncryptedMedia media;
        try (InputStream plaintext = new PseudoRandomStream(size, 20_260_101L);
             OutputStream ciphertext = Files.newOutputStream(object)) {
            media = new EnvelopeEncryptor().encrypt(plaintext, ciphertext, List.of(new Recipient("large", certificate)),
                    KeyTransport.RSA_OAEP_SHA256);
        }
        long encrypted = System.nanoTime();

        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long written;
        try (ContentKey key = EnvelopeDecryptor.open(media.pkcs7Pem(), TestPki.ALICE.getPrivate());
             InputStream ciphertext = Files.newInputStream(object);
             OutputStream plaintext = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            written = EnvelopeDecryptor.decryptAll(key, ciphertext, plaintext);
        }
        long decrypted = System.nanoTime();

        String decryptedSha256 = HexFormat.of().formatHex(sha256.digest());
        if (written != size || media.plaintextSize() != size || !decryptedSha256.equals(media.plaintextSha256())
                || Files.size(object) != media.ciphertextSize()) {
            System.out.println("MISMATCH written=" + written + " reported=" + media.plaintextSize() + " sha256="
                    + decryptedSha256 + " expected=" + media.plaintextSha256());
            System.exit(2);
        }
        double mib = size / (1024.0 * 1024.0);
        double encryptSeconds = (encrypted - started) / 1e9;
        double decryptSeconds = (decrypted - encrypted) / 1e9;
        System.out.printf("RESULT sizeBytes=%d encryptSeconds=%.2f decryptSeconds=%.2f encryptMiBps=%.0f decryptMiBps=%.0f"
                        + " heapPeakMiB=%.1f heapMaxMiB=%.1f sha256=%s%n",
                size, encryptSeconds, decryptSeconds, mib / encryptSeconds, mib / decryptSeconds, heapPeakMiB(),
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0), media.plaintextSha256());
    }

    /** Sum of each heap pool's peak: an upper bound of the heap ever in use. */
    private static double heapPeakMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024.0);
    }

    /** Deterministic, incompressible-looking bytes (xorshift64*) without holding them anywhere. */
    static final class PseudoRandomStream extends InputStream {
        private long remaining;
        private long state;

        PseudoRandomStream(long size, long seed) {
            this.remaining = size;
            this.state = seed == 0 ? 1 : seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            int i = 0;
            while (i < n) {
                state ^= state >>> 12;
                state ^= state << 25;
                state ^= state >>> 27;
                long value = state * 0x2545F4914F6CDD1DL;
                for (int b = 0; b < 8 && i < n; b++, i++) {
                    buffer[offset + i] = (byte) (value >>> (8 * b));
                }
            }
            remaining -= n;
            return n;
        }
    }
}
