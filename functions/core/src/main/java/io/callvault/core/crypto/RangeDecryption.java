package io.callvault.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * Decrypts one byte range of a media object for HTTP {@code Range} playback (spec 6.5) without reading the
 * rest of it. In CBC, plaintext block i is D(C[i]) xor C[i-1], with the envelope IV as C[-1]; so the
 * plaintext range [first, last] needs ciphertext blocks floor(first/16)-1 .. floor(last/16), and only
 * those are fetched and decrypted.
 *
 * <p>A range that reaches the end of the media also fetches the final ciphertext block and checks its
 * PKCS#7 padding, so a truncated object or a damaged last block fails instead of playing. Damage inside a
 * block the range does not end in cannot be seen by CBC; ranged reads rely on S3 checksums and object
 * immutability, whole reads verify the plaintext SHA-256 ({@link EnvelopeDecryptor#decryptAll}).
 *
 * <p>Use: {@link #ciphertextRangeFor} gives the bytes to GET from S3, {@link #decrypt} turns exactly those
 * bytes into exactly the requested plaintext. Every failure is the uniform {@link MediaDecryptionException}
 * and returns no plaintext.
 */
public final class RangeDecryption {
    private static final int BLOCK = ContentAlgorithm.BLOCK_BYTES;
    /** Ranges come back as one array; callers serve chunks of a few MiB (the Lambda response limit). */
    public static final long MAX_RANGE_BYTES = 256L * 1024 * 1024;

    /** An inclusive byte range of the ciphertext object, as in {@code Range: bytes=first-last}. */
    public record CiphertextRange(long first, long last) {
        public long length() {
            return last - first + 1;
        }

        /** The value of an HTTP/S3 {@code Range} header for this range. */
        public String httpRange() {
            return "bytes=" + first + "-" + last;
        }
    }

    private final ContentKey key;
    private final long plaintextSize;

    /** {@code plaintextSize} is the media file's size from the metadata, not the object's. */
    public RangeDecryption(ContentKey key, long plaintextSize) {
        if (plaintextSize < 0) {
            throw new IllegalArgumentException("plaintext size is negative");
        }
        this.key = Objects.requireNonNull(key, "key");
        this.plaintextSize = plaintextSize;
    }

    /** CBC with PKCS#7 padding: always at least one padding byte, so a whole extra block when size % 16 == 0. */
    public static long ciphertextSizeFor(long plaintextSize) {
        return (plaintextSize / BLOCK + 1) * BLOCK;
    }

    public long ciphertextSize() {
        return ciphertextSizeFor(plaintextSize);
    }

    /**
     * The ciphertext bytes to fetch for plaintext bytes {@code first..last} (inclusive, already clamped to
     * the media: {@code 0 <= first <= last < plaintextSize}).
     */
    public CiphertextRange ciphertextRangeFor(long first, long last) {
        checkRange(first, last);
        long firstBlock = first / BLOCK;
        long lastBlock = last / BLOCK;
        if (last == plaintextSize - 1) {
            // Reaching the end: include the final block, whose padding is then checked.
            lastBlock = ciphertextSize() / BLOCK - 1;
        }
        long fetchFirstBlock = firstBlock == 0 ? 0 : firstBlock - 1;
        return new CiphertextRange(fetchFirstBlock * BLOCK, (lastBlock + 1) * BLOCK - 1);
    }

    /**
     * Plaintext bytes {@code first..last} from {@code fetchedCiphertext}, which must be exactly the bytes of
     * {@link #ciphertextRangeFor ciphertextRangeFor(first, last)}.
     */
    public byte[] decrypt(long first, long last, byte[] fetchedCiphertext) throws MediaDecryptionException {
        CiphertextRange range = ciphertextRangeFor(first, last);
        if (fetchedCiphertext == null || fetchedCiphertext.length != range.length()) {
            throw new MediaDecryptionException("Encrypted media is corrupted: fetched "
                    + (fetchedCiphertext == null ? "nothing" : fetchedCiphertext.length + " bytes") + " for "
                    + range.httpRange());
        }
        // Starting in block 0, the envelope IV precedes the data; otherwise the first fetched block is the IV.
        boolean startsAtZero = range.first() == 0;
        byte[] iv = startsAtZero ? key.iv() : Arrays.copyOfRange(fetchedCiphertext, 0, BLOCK);
        int offset = startsAtZero ? 0 : BLOCK;
        byte[] plain;
        try {
            plain = ContentAlgorithm.cbc(Cipher.DECRYPT_MODE, key.keyBytes(), iv, false)
                    .doFinal(fetchedCiphertext, offset, fetchedCiphertext.length - offset);
        } catch (GeneralSecurityException e) {
            throw new MediaDecryptionException("Encrypted media cannot be decrypted by the session key", e);
        }
        try {
            if (range.last() == ciphertextSize() - 1 && !paddingIsValid(plain)) {
                throw new MediaDecryptionException("Encrypted media is corrupted: bad padding in the last block");
            }
            long plainStart = startsAtZero ? 0 : range.first() + BLOCK;
            int from = (int) (first - plainStart);
            return Arrays.copyOfRange(plain, from, from + (int) (last - first + 1));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The padding length is known from the plaintext size, so the check compares every padding byte with
     * that one value and looks at all of them whatever it finds: no early exit for a timing oracle.
     */
    private boolean paddingIsValid(byte[] plain) {
        int padding = (int) (ciphertextSize() - plaintextSize);
        int difference = 0;
        for (int i = plain.length - padding; i < plain.length; i++) {
            difference |= plain[i] ^ padding;
        }
        return difference == 0;
    }

    private void checkRange(long first, long last) {
        if (first < 0 || last < first || last >= plaintextSize) {
            throw new IllegalArgumentException("range " + first + "-" + last + " is outside the media (size "
                    + plaintextSize + ")");
        }
        if (last - first + 1 > MAX_RANGE_BYTES) {
            throw new IllegalArgumentException("range " + first + "-" + last + " is longer than " + MAX_RANGE_BYTES);
        }
    }
}
