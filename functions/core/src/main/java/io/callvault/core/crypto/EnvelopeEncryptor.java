package io.callvault.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JceGenericKey;

/**
 * Encrypts media to the tenant's certificates as CMS EnvelopedData (guide L32513-32516): a fresh AES-256
 * content key and IV per call, one KeyTransRecipientInfo (issuer and serial) per certificate, AES-256-CBC
 * content. The ciphertext goes to {@code ciphertext} as raw CBC octets, which is what the media object
 * holds; the envelope comes back detached, as PEM, for the metadata. {@link EnvelopeFiles#writeDer} joins
 * the two into the file {@code openssl cms -decrypt} opens.
 *
 * <p>BouncyCastle builds the ASN.1 and wraps the content key; the bulk data goes through the JDK's AES
 * (AES-NI), in a fixed buffer, so memory does not grow with the media size.
 *
 * <p>The caller chooses the recipients: checking validity at use
 * ({@link CertificateParser#checkUsableForEncryption}) and deciding what to do when a certificate fails
 * belong to ingest, which knows the tenant's certificates and the time.
 */
public final class EnvelopeEncryptor {
    static final int BUFFER_BYTES = 64 * 1024;
    private static final ContentAlgorithm CONTENT = ContentAlgorithm.AES_256_CBC;

    private final SecureRandom random;

    public EnvelopeEncryptor() {
        this(new SecureRandom());
    }

    public EnvelopeEncryptor(SecureRandom random) {
        this.random = random;
    }

    /**
     * Reads {@code plaintext} to its end and writes the ciphertext (plaintext size rounded up to the next
     * multiple of 16, always at least one padding byte). Neither stream is closed.
     *
     * @throws IllegalArgumentException no recipients, a non-RSA certificate, or the same certificate twice
     */
    public EncryptedMedia encrypt(InputStream plaintext, OutputStream ciphertext, List<Recipient> recipients,
                                  KeyTransport transport) throws IOException {
        checkRecipients(recipients);
        byte[] key = new byte[CONTENT.keyBytes()];
        byte[] iv = new byte[ContentAlgorithm.BLOCK_BYTES];
        try {
            random.nextBytes(key);
            random.nextBytes(iv);
            AlgorithmIdentifier contentAlgorithm = CONTENT.identifier(iv);
            // Wrap the key for every recipient before reading any input: a certificate that cannot be used
            // fails the call before a single byte is consumed.
            ASN1EncodableVector recipientInfos = new ASN1EncodableVector();
            for (Recipient recipient : recipients) {
                recipientInfos.add(recipientInfo(recipient, transport, contentAlgorithm, key));
            }
            Cipher cipher = ContentAlgorithm.cbc(Cipher.ENCRYPT_MODE, key, iv, true);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] in = new byte[BUFFER_BYTES];
            byte[] out = new byte[BUFFER_BYTES + ContentAlgorithm.BLOCK_BYTES];
            long plaintextSize = 0;
            long ciphertextSize = 0;
            int n;
            while ((n = plaintext.read(in)) != -1) {
                if (n == 0) {
                    continue;
                }
                sha256.update(in, 0, n);
                plaintextSize += n;
                int produced = cipher.update(in, 0, n, out, 0);
                ciphertext.write(out, 0, produced);
                ciphertextSize += produced;
            }
            int produced = cipher.doFinal(out, 0);
            ciphertext.write(out, 0, produced);
            ciphertextSize += produced;

            EnvelopedData envelope = new EnvelopedData(null, new DERSet(recipientInfos),
                    new EncryptedContentInfo(CMSObjectIdentifiers.data, contentAlgorithm, null), (ASN1Set) null);
            List<String> aliases = recipients.stream().map(Recipient::alias).toList();
            return new EncryptedMedia(Envelopes.toPem(envelope), aliases, plaintextSize, ciphertextSize,
                    HexFormat.of().formatHex(sha256.digest()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC and SHA-256 are part of every JDK", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static RecipientInfo recipientInfo(Recipient recipient, KeyTransport transport,
                                               AlgorithmIdentifier contentAlgorithm, byte[] key) {
        try {
            return new JceKeyTransRecipientInfoGenerator(recipient.certificate(), transport.algorithmIdentifier())
                    .generate(new JceGenericKey(contentAlgorithm, new SecretKeySpec(key, "AES")));
        } catch (CMSException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("the content key cannot be wrapped for certificate " + recipient.alias()
                    + ": " + e.getMessage(), e);
        }
    }

    private static void checkRecipients(List<Recipient> recipients) {
        if (recipients == null || recipients.isEmpty()) {
            // Media is never stored in plaintext for want of a certificate (architecture, "Encryption").
            throw new IllegalArgumentException("at least one recipient certificate is required");
        }
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Recipient r : recipients) {
            X509Certificate c = r.certificate();
            if (!(c.getPublicKey() instanceof RSAPublicKey)) {
                problems.add(r.alias() + " does not hold an RSA key");
            }
            if (!seen.add(c.getIssuerX500Principal().getName() + "#" + c.getSerialNumber())) {
                problems.add(r.alias() + " repeats a certificate (same issuer and serial number)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
