package io.callvault.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Opens envelopes and decrypts whole media objects, for playback, export and mux (guide L32548-32551).
 * Liberal in what it opens (RSA PKCS#1 v1.5 or RSA-OAEP with SHA-1 or SHA-256; AES-128/192/256-CBC), so
 * media encrypted by other recorders plays; strict about the rest: DES, 3DES, RC2, non-RSA recipients and
 * any malformed input are refused. Validity dates are never checked here: expired certificates keep their
 * old recordings playable (guide L10519).
 *
 * <p>Every failure is one {@link MediaDecryptionException} with one message; see there why.
 */
public final class EnvelopeDecryptor {
    private EnvelopeDecryptor() {}

    /** Tries the private key on every RSA KeyTransRecipientInfo of the PEM envelope (the {@code pkcs7} field). */
    public static ContentKey open(String pkcs7Pem, PrivateKey key) throws MediaDecryptionException {
        return open(() -> Envelopes.fromPem(pkcs7Pem), key, null);
    }

    /** Like {@link #open(String, PrivateKey)}, but only the recipient whose identifier names {@code certificate}. */
    public static ContentKey open(String pkcs7Pem, PrivateKey key, X509Certificate certificate)
            throws MediaDecryptionException {
        return open(() -> Envelopes.fromPem(pkcs7Pem), key, certificate);
    }

    /** The envelope as DER bytes (a ContentInfo holding EnvelopedData, detached or not). */
    public static ContentKey open(byte[] envelopeDer, PrivateKey key) throws MediaDecryptionException {
        return open(() -> Envelopes.fromDer(envelopeDer), key, null);
    }

    public static ContentKey open(byte[] envelopeDer, PrivateKey key, X509Certificate certificate)
            throws MediaDecryptionException {
        return open(() -> Envelopes.fromDer(envelopeDer), key, certificate);
    }

    /**
     * Decrypts a whole object (the raw CBC octets) in constant memory. Output is written as it is decrypted,
     * so on a {@link MediaDecryptionException} (truncated object, bad padding, a damaged last block) the
     * caller must discard everything written so far: abort the upload, reset the response. Damage in the
     * middle of the object is not visible to CBC; use the overload with the plaintext SHA-256 for that.
     * Neither stream is closed.
     *
     * @return the number of plaintext bytes written
     */
    public static long decryptAll(ContentKey key, InputStream ciphertext, OutputStream plaintext)
            throws IOException, MediaDecryptionException {
        return decryptAll(key, ciphertext, plaintext, null);
    }

    /**
     * As {@link #decryptAll(ContentKey, InputStream, OutputStream)}, and then compares the SHA-256 of what was
     * written with {@code expectedPlaintextSha256} (hex, from {@link EncryptedMedia#plaintextSha256()}); a
     * mismatch is the same {@link MediaDecryptionException}, raised after the last byte was written.
     */
    public static long decryptAll(ContentKey key, InputStream ciphertext, OutputStream plaintext,
                                  String expectedPlaintextSha256) throws IOException, MediaDecryptionException {
        Cipher cipher;
        MessageDigest sha256;
        try {
            cipher = ContentAlgorithm.cbc(Cipher.DECRYPT_MODE, key.keyBytes(), key.iv(), true);
            sha256 = expectedPlaintextSha256 == null ? null : MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC and SHA-256 are part of every JDK", e);
        }
        byte[] in = new byte[EnvelopeEncryptor.BUFFER_BYTES];
        byte[] out = new byte[cipher.getOutputSize(in.length)];
        long ciphertextSize = 0;
        long plaintextSize = 0;
        try {
            int n;
            while ((n = ciphertext.read(in)) != -1) {
                ciphertextSize += n;
                int produced = cipher.update(in, 0, n, out, 0);
                plaintextSize += write(plaintext, sha256, out, produced);
            }
            if (ciphertextSize < ContentAlgorithm.BLOCK_BYTES) {
                // An empty input would "decrypt" to nothing; real ciphertext always holds a padding block.
                throw new MediaDecryptionException("Encrypted media is corrupted: " + ciphertextSize + " bytes");
            }
            plaintextSize += write(plaintext, sha256, out, cipher.doFinal(out, 0));
        } catch (GeneralSecurityException e) {
            throw new MediaDecryptionException("Encrypted media cannot be decrypted by the session key or is corrupted", e);
        }
        if (sha256 != null && !MessageDigest.isEqual(sha256.digest(), hex(expectedPlaintextSha256))) {
            throw new MediaDecryptionException("Encrypted media is corrupted: plaintext SHA-256 does not match");
        }
        return plaintextSize;
    }

    private static int write(OutputStream plaintext, MessageDigest sha256, byte[] out, int length) throws IOException {
        if (length > 0) {
            if (sha256 != null) {
                sha256.update(out, 0, length);
            }
            plaintext.write(out, 0, length);
        }
        return length;
    }

    private static byte[] hex(String sha256) {
        try {
            return HexFormat.of().parseHex(sha256);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static ContentKey open(Supplier<EnvelopedData> parse, PrivateKey key, X509Certificate certificate)
            throws MediaDecryptionException {
        if (!(key instanceof RSAPrivateKey)) {
            throw new MediaDecryptionException("Private key is invalid: not an RSA private key");
        }
        try {
            EnvelopedData envelope = parse.get();
            AlgorithmIdentifier content = envelope.getEncryptedContentInfo().getContentEncryptionAlgorithm();
            ContentAlgorithm algorithm = ContentAlgorithm.of(content.getAlgorithm()).orElseThrow(() ->
                    new MediaDecryptionException("content encryption " + content.getAlgorithm() + " is not AES-CBC"));
            byte[] iv = ASN1OctetString.getInstance(content.getParameters()).getOctets();
            if (iv.length != ContentAlgorithm.BLOCK_BYTES) {
                throw new MediaDecryptionException("content encryption IV has " + iv.length + " bytes");
            }
            return RecipientUnwrapper.unwrap(envelope, key, certificate, algorithm, iv);
        } catch (RuntimeException e) {
            // Malformed ASN.1 shows up as IllegalArgumentException, IllegalStateException or ClassCastException.
            throw new MediaDecryptionException("Pem is not a valid PKCS7 envelope", e);
        }
    }
}
