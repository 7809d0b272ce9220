package io.callvault.core.crypto;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A full CMS EnvelopedData file taken apart ({@link EnvelopeFiles#split}): the detached envelope as PEM, for
 * the {@code pkcs7} metadata field, and the encryptedContent octets, read straight from the source stream,
 * for the media object. Read {@code encryptedContent} to its end before anything else reads the source.
 */
public record SplitEnvelope(String pkcs7Pem, InputStream encryptedContent) implements Closeable {
    public SplitEnvelope {
        Objects.requireNonNull(pkcs7Pem, "pkcs7Pem");
        Objects.requireNonNull(encryptedContent, "encryptedContent");
    }

    @Override
    public void close() throws IOException {
        encryptedContent.close();
    }
}
