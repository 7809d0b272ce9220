package io.callvault.core.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * The unwrapped content key of one media file: the AES key, the CBC IV and which AES variant. It decrypts
 * the whole object or any byte range of it. Held in memory only while a request runs; {@link #close()}
 * overwrites the key bytes (the JDK's cipher objects keep their own copies until collected).
 */
public final class ContentKey implements AutoCloseable {
    private final ContentAlgorithm algorithm;
    private final byte[] key;
    private final byte[] iv;

    ContentKey(ContentAlgorithm algorithm, byte[] key, byte[] iv) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        if (key.length != algorithm.keyBytes() || iv.length != ContentAlgorithm.BLOCK_BYTES) {
            throw new IllegalArgumentException("key or IV has the wrong length for " + algorithm);
        }
        this.key = key.clone();
        this.iv = iv.clone();
    }

    public ContentAlgorithm algorithm() {
        return algorithm;
    }

    public byte[] iv() {
        return iv.clone();
    }

    byte[] keyBytes() {
        return key;
    }

    @Override
    public void close() {
        Arrays.fill(key, (byte) 0);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ContentKey[" + algorithm + "]";
    }
}
