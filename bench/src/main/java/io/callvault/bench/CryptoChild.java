package io.callvault.bench;

import io.callvault.core.crypto.ContentKey;
import io.callvault.core.crypto.EncryptedMedia;
import io.callvault.core.crypto.EnvelopeDecryptor;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.crypto.KeyTransport;
import io.callvault.core.crypto.Recipient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One file-to-file encryption or decryption in a JVM of its own (started by {@link CryptoBenchmark} with a
 * 64 MiB heap, so the heap limit is the proof that the file streams), done twice: a {@code RESULT} line for the
 * first pass in the fresh JVM, a {@code WARM} line for the second (same output file, written anew). Each gives
 * the seconds of the operation itself (JVM start and reading the key material excluded, the same for every mode), the
 * set-up before the first read, bytes in and out, and the heap peak so far.
 *
 * <p>Arguments: {@code mode in out materialDir}. Modes: {@code ours-encrypt} ({@link EnvelopeEncryptor}, writes the
 * envelope to {@code materialDir/ours.p7}), {@code ours-decrypt} ({@link EnvelopeDecryptor#open} and
 * {@link EnvelopeDecryptor#decryptAll}), {@code raw-encrypt} and {@code raw-decrypt} (plain
 * {@code AES/CBC/PKCS5Padding} from SunJCE with a 256-bit key, key and IV in {@code materialDir/raw.key}), and
 * {@code raw-encrypt-sha256} (the same with a SHA-256 of the plaintext, which callvault's encryption computes).
 */
public final class CryptoChild {
    /** The buffer of the raw baseline: the same as EnvelopeEncryptor's and EnvelopeDecryptor's. */
    static final int BUFFER_BYTES = 64 * 1024;
    static final String RESULT_PREFIX = "RESULT ";
    static final String WARM_PREFIX = "WARM ";

    private CryptoChild() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Path material = Path.of(args[3]);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(material.resolve("cert.der"))));
        PrivateKey privateKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(material.resolve("key.der"))));
        String envelope = mode.equals("ours-decrypt") ? Files.readString(material.resolve("ours.p7")) : null;
        byte[] rawKey = mode.equals("raw-decrypt") ? Files.readAllBytes(material.resolve("raw.key")) : null;

        // The same operation twice: first in this fresh JVM (cold: class loading, JIT), then again (warm: what a
        // function that has already handled a file gets). Between them, untimed: the digest of what was decrypted,
        // then the output is deleted (truncating 1 GiB of page cache would otherwise count as the warm pass's
        // set-up) and synced, so the warm pass starts from the state the cold one did.
        operate(mode, in, out, material, certificate, privateKey, envelope, rawKey, RESULT_PREFIX);
        digestOutput(mode, out, RESULT_PREFIX);
        Files.delete(out);
        new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor();
        operate(mode, in, out, material, certificate, privateKey, envelope, rawKey, WARM_PREFIX);
        digestOutput(mode, out, WARM_PREFIX);
    }

    /** For the decrypt modes, the SHA-256 of what was decrypted, untimed, read in the same 64 KiB buffers. */
    private static void digestOutput(String mode, Path out, String prefix) throws Exception {
        if (!mode.endsWith("-decrypt")) {
            return;
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(out)) {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        System.out.println(prefix + "OUTSHA256 " + HexFormat.of().formatHex(sha256.digest()));
    }

    private static void operate(String mode, Path in, Path out, Path material, X509Certificate certificate,
                                PrivateKey privateKey, String envelope, byte[] rawKey, String prefix) throws Exception {
        FirstRead.at = 0;
        long started = System.nanoTime();
        switch (mode) {
            case "ours-encrypt" -> {
                EncryptedMedia media;
                try (InputStream plaintext = new FirstRead(Files.newInputStream(in));
                     OutputStream ciphertext = Files.newOutputStream(out)) {
                    media = new EnvelopeEncryptor().encrypt(plaintext, ciphertext,
                            List.of(new Recipient("bench", certificate)), KeyTransport.RSA_OAEP_SHA256);
                }
                finish(started, prefix, mode, in, out);
                // Each pass's ciphertext replaces the last: the key that opens the file is the last pass's.
                Files.writeString(material.resolve("ours.p7"), media.pkcs7Pem());
                System.out.println(prefix + "SHA256 " + media.plaintextSha256());
            }
            case "ours-decrypt" -> {
                try (ContentKey key = EnvelopeDecryptor.open(envelope, privateKey);
                     InputStream ciphertext = new FirstRead(Files.newInputStream(in));
                     OutputStream plaintext = Files.newOutputStream(out)) {
                    EnvelopeDecryptor.decryptAll(key, ciphertext, plaintext);
                }
                finish(started, prefix, mode, in, out);
            }
            case "raw-encrypt", "raw-encrypt-sha256" -> {
                byte[] keyAndIv = new byte[48];
                new SecureRandom().nextBytes(keyAndIv);
                MessageDigest sha256 = mode.equals("raw-encrypt") ? null : MessageDigest.getInstance("SHA-256");
                raw(Cipher.ENCRYPT_MODE, keyAndIv, in, out, sha256);
                finish(started, prefix, mode, in, out);
                Files.write(material.resolve("raw.key"), keyAndIv);
                if (sha256 != null) {
                    System.out.println(prefix + "SHA256 " + HexFormat.of().formatHex(sha256.digest()));
                }
            }
            case "raw-decrypt" -> {
                raw(Cipher.DECRYPT_MODE, rawKey, in, out, null);
                finish(started, prefix, mode, in, out);
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /**
     * The baseline: the JDK's AES-256-CBC, the same loop, buffer and streams as callvault's, and nothing else;
     * with {@code sha256}, also the plaintext digest callvault's encryption computes, in the same thread.
     */
    private static void raw(int direction, byte[] keyAndIv, Path in, Path out, MessageDigest sha256) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding", "SunJCE");
        cipher.init(direction, new SecretKeySpec(keyAndIv, 0, 32, "AES"),
                new IvParameterSpec(Arrays.copyOfRange(keyAndIv, 32, 48)));
        byte[] buffer = new byte[BUFFER_BYTES];
        byte[] output = new byte[cipher.getOutputSize(buffer.length)];
        try (InputStream source = new FirstRead(Files.newInputStream(in)); OutputStream sink = Files.newOutputStream(out)) {
            for (int n = source.read(buffer); n != -1; n = source.read(buffer)) {
                if (sha256 != null) {
                    sha256.update(buffer, 0, n);
                }
                sink.write(output, 0, cipher.update(buffer, 0, n, output, 0));
            }
            sink.write(output, 0, cipher.doFinal(output, 0));
        }
    }

    private static void finish(long started, String prefix, String mode, Path in, Path out) throws Exception {
        long ended = System.nanoTime();
        long setup = FirstRead.at == 0 ? ended - started : FirstRead.at - started;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        System.out.println(String.format(Locale.ROOT,
                prefix + "mode=%s seconds=%.6f setupSeconds=%.6f inBytes=%d outBytes=%d heapPeakMiB=%.1f heapMaxMiB=%.1f gcs=%d",
                mode, (ended - started) / 1e9, setup / 1e9, Files.size(in), Files.size(out), heapPeakMiB(),
                Runtime.getRuntime().maxMemory() / 1048576.0, gcCount));
    }

    /**
     * The input stream of every mode, unchanged but for noting when it is first read: the time before that is
     * set-up (key generation and wrapping, envelope parsing and unwrapping, class loading in this fresh JVM),
     * the time after it the bulk work. One field write per read of 64 KiB, the same for every mode.
     */
    private static final class FirstRead extends java.io.FilterInputStream {
        static long at;

        FirstRead(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (at == 0) {
                at = System.nanoTime();
            }
            return in.read(b, off, len);
        }
    }

    /** Sum of each heap pool's peak: an upper bound of the heap ever in use. */
    private static double heapPeakMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }
}
