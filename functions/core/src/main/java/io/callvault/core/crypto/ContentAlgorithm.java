package io.callvault.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * The content ciphers an envelope may name. callvault writes only AES-256-CBC; it opens AES-128/192 too,
 * for media other recorders encrypted. DES, 3DES, RC2 and everything else are refused.
 *
 * <p>Why CBC and not GCM: CBC decryption is random access (block i needs only ciphertext block i-1 as its
 * IV), which serves HTTP Range playback from S3 without reading the whole object, and CBC in CMS
 * EnvelopedData is what {@code openssl smime} opens. Integrity comes from the plaintext SHA-256 kept in
 * the metadata and from uniform decryption errors (no padding oracle).
 */
public enum ContentAlgorithm {
    AES_128_CBC(NISTObjectIdentifiers.id_aes128_CBC, 16),
    AES_192_CBC(NISTObjectIdentifiers.id_aes192_CBC, 24),
    AES_256_CBC(NISTObjectIdentifiers.id_aes256_CBC, 32);

    /** The AES block size, which is also the CBC IV size. */
    public static final int BLOCK_BYTES = 16;
    /**
     * The bulk cipher is the JDK's SunJCE AES (AES-NI intrinsics), named explicitly so that a
     * BouncyCastle provider registered elsewhere never ends up on the bulk path, which is far slower.
     */
    private static final String BULK_PROVIDER = "SunJCE";

    private final ASN1ObjectIdentifier oid;
    private final int keyBytes;

    ContentAlgorithm(ASN1ObjectIdentifier oid, int keyBytes) {
        this.oid = oid;
        this.keyBytes = keyBytes;
    }

    public int keyBytes() {
        return keyBytes;
    }

    ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The contentEncryptionAlgorithm of an EnvelopedData: the OID with the IV as its parameter. */
    AlgorithmIdentifier identifier(byte[] iv) {
        return new AlgorithmIdentifier(oid, new DEROctetString(iv));
    }

    static Optional<ContentAlgorithm> of(ASN1ObjectIdentifier oid) {
        for (ContentAlgorithm a : values()) {
            if (a.oid.equals(oid)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** {@code padded}: PKCS#7 padding for whole-object streams; none for block ranges. */
    static Cipher cbc(int mode, byte[] key, byte[] iv, boolean padded) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(padded ? "AES/CBC/PKCS5Padding" : "AES/CBC/NoPadding", BULK_PROVIDER);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher;
    }
}
