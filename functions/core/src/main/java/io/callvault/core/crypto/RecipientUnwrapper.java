package io.callvault.core.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientIdentifier;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Finds the content key in an envelope's RSA KeyTransRecipientInfos. The RSA step uses the JDK's own
 * ciphers with parameters read from the envelope, so the accepted set is exactly what is listed here:
 * {@code rsaEncryption} (PKCS#1 v1.5), or RSAES-OAEP whose hash and MGF1 hash are SHA-1 or SHA-256. Other
 * recipient kinds (key agreement, KEK, password) and other algorithms are skipped.
 */
final class RecipientUnwrapper {
    private RecipientUnwrapper() {}

    /**
     * The first recipient the key opens. With {@code certificate}, only recipients whose identifier names it are
     * tried; without, every RSA recipient is (a v1.5 unwrap under the wrong key fails on its padding or on the
     * key length, an OAEP one on its check).
     */
    static ContentKey unwrap(EnvelopedData envelope, PrivateKey key, X509Certificate certificate,
                             ContentAlgorithm algorithm, byte[] iv) throws MediaDecryptionException {
        String problem = "Encryption is not of type RSA: no RSA KeyTransRecipientInfo";
        for (ASN1Encodable element : envelope.getRecipientInfos()) {
            if (!(RecipientInfo.getInstance(element).getInfo() instanceof KeyTransRecipientInfo recipient)) {
                continue;
            }
            if (certificate != null && !names(recipient.getRecipientIdentifier(), certificate)) {
                problem = "no recipient matches the certificate";
                continue;
            }
            Cipher rsa = rsaCipher(recipient.getKeyEncryptionAlgorithm(), key);
            if (rsa == null) {
                continue;
            }
            byte[] contentKey = null;
            try {
                contentKey = rsa.doFinal(recipient.getEncryptedKey().getOctets());
                if (contentKey.length == algorithm.keyBytes()) {
                    return new ContentKey(algorithm, contentKey, iv);
                }
                problem = "Session key cannot be decrypted by the private key: wrong length";
            } catch (GeneralSecurityException e) {
                problem = "Session key cannot be decrypted by the private key";
            } finally {
                if (contentKey != null) {
                    Arrays.fill(contentKey, (byte) 0);
                }
            }
        }
        throw new MediaDecryptionException(problem);
    }

    /** The JDK cipher for an allowed key transport, or null for anything else (which is then skipped). */
    private static Cipher rsaCipher(AlgorithmIdentifier transport, PrivateKey key) {
        try {
            ASN1ObjectIdentifier oid = transport.getAlgorithm();
            if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
                if (transport.getParameters() != null && !DERNull.INSTANCE.equals(transport.getParameters())) {
                    return null;
                }
                Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                cipher.init(Cipher.DECRYPT_MODE, key);
                return cipher;
            }
            if (PKCSObjectIdentifiers.id_RSAES_OAEP.equals(oid)) {
                OAEPParameterSpec spec = oaep(RSAESOAEPparams.getInstance(transport.getParameters()));
                if (spec == null) {
                    return null;
                }
                Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, spec);
                return cipher;
            }
            return null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** OAEP with SHA-1 or SHA-256 for the hash and for MGF1; null for any other choice. */
    private static OAEPParameterSpec oaep(RSAESOAEPparams params) {
        String hash = digestName(params.getHashAlgorithm().getAlgorithm());
        AlgorithmIdentifier mgf = params.getMaskGenAlgorithm();
        if (hash == null || !PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())) {
            return null;
        }
        String mgfHash = digestName(AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm());
        AlgorithmIdentifier source = params.getPSourceAlgorithm();
        if (mgfHash == null || !PKCSObjectIdentifiers.id_pSpecified.equals(source.getAlgorithm())) {
            return null;
        }
        byte[] label = ASN1OctetString.getInstance(source.getParameters()).getOctets();
        return new OAEPParameterSpec(hash, "MGF1",
                mgfHash.equals("SHA-256") ? MGF1ParameterSpec.SHA256 : MGF1ParameterSpec.SHA1,
                new PSource.PSpecified(label));
    }

    private static String digestName(ASN1ObjectIdentifier oid) {
        if (OIWObjectIdentifiers.idSHA1.equals(oid)) {
            return "SHA-1";
        }
        if (NISTObjectIdentifiers.id_sha256.equals(oid)) {
            return "SHA-256";
        }
        return null;
    }

    /** Whether the recipient identifier (issuer and serial, or subject key identifier) names the certificate. */
    private static boolean names(RecipientIdentifier id, X509Certificate certificate) {
        ASN1Encodable value = id.getId();
        if (value instanceof ASN1OctetString subjectKeyId) {
            byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            return extension != null && Arrays.equals(
                    ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets(),
                    subjectKeyId.getOctets());
        }
        IssuerAndSerialNumber issuerAndSerial = IssuerAndSerialNumber.getInstance(value);
        return issuerAndSerial.getSerialNumber().getValue().equals(certificate.getSerialNumber())
                && issuerAndSerial.getName().equals(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()));
    }
}
