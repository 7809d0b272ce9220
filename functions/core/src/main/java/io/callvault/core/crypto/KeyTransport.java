package io.callvault.core.crypto;

import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * How the content key is wrapped for each recipient certificate. A per-tenant setting (architecture,
 * "Encryption").
 */
public enum KeyTransport {
    /**
     * RSAES-OAEP with SHA-256 and MGF1-SHA-256: the default. Not exposed to Bleichenbacher's PKCS#1 v1.5 padding
     * attacks, and the only RSA padding AWS KMS decrypts with. Opened by {@code openssl cms -decrypt} but not
     * by the guide's {@code openssl smime -decrypt} command.
     */
    RSA_OAEP_SHA256,
    /**
     * RSA PKCS#1 v1.5 ({@code rsaEncryption}): what the guide's archive command
     * {@code openssl smime -decrypt -inform DER} (L32564) opens. For tenants that need that command.
     */
    RSA_PKCS1_V15;

    private static final AlgorithmIdentifier OAEP_SHA256 = oaepSha256();
    private static final AlgorithmIdentifier RSA_ENCRYPTION =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

    /** The keyEncryptionAlgorithm written into each KeyTransRecipientInfo. */
    AlgorithmIdentifier algorithmIdentifier() {
        return this == RSA_PKCS1_V15 ? RSA_ENCRYPTION : OAEP_SHA256;
    }

    private static AlgorithmIdentifier oaepSha256() {
        try {
            return new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        } catch (java.security.InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("OAEP SHA-256 parameters are fixed and valid", e);
        }
    }
}
