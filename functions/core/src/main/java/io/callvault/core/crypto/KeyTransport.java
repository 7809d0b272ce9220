package io.callvault.core.crypto;

import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * How the content key is wrapped for each recipient certificate. A per-tenant setting (architecture,
 * "Encryption"; {@code /api/v2/settings/encryption}), named on the wire by {@link #wireName()}.
 */
public enum KeyTransport {
    /**
     * RSAES-OAEP with SHA-256 and MGF1-SHA-256: the default. Not exposed to Bleichenbacher's PKCS#1 v1.5 padding
     * attacks, and the only RSA padding AWS KMS decrypts with. Opened by {@code openssl cms -decrypt} but not
     * by the guide's {@code openssl smime -decrypt} command.
     */
    RSA_OAEP_SHA256("RSA-OAEP-SHA256"),
    /**
     * RSA PKCS#1 v1.5 ({@code rsaEncryption}): what the guide's archive command
     * {@code openssl smime -decrypt -inform DER} (L32564) opens. For tenants that need that command.
     */
    RSA_PKCS1_V15("RSA-PKCS1-v1_5");

    /** What a tenant that never chose gets. */
    public static final KeyTransport DEFAULT = RSA_OAEP_SHA256;

    private static final AlgorithmIdentifier OAEP_SHA256 = oaepSha256();
    private static final AlgorithmIdentifier RSA_ENCRYPTION =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

    private final String wireName;

    KeyTransport(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the API and in stored settings: {@code RSA-OAEP-SHA256} or {@code RSA-PKCS1-v1_5}. */
    public String wireName() {
        return wireName;
    }

    /** By wire name, ignoring case; empty for anything else. */
    public static Optional<KeyTransport> fromWire(String text) {
        return Arrays.stream(values()).filter(t -> t.wireName.equalsIgnoreCase(text)).findFirst();
    }

    /** The wire names, in declaration order (the default first). */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(KeyTransport::wireName).toList();
    }

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
