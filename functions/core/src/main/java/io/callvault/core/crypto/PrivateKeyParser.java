package io.callvault.core.crypto;

import io.callvault.core.crypto.PrivateKeyRejectedException.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads recording private keys in the forms the guide accepts (L32528-32534): OpenSSL
 * {@code RSA PRIVATE KEY} (PKCS#1, also with the legacy {@code Proc-Type: 4,ENCRYPTED} header), PKCS#8
 * {@code PRIVATE KEY} and encrypted PKCS#8 {@code ENCRYPTED PRIVATE KEY}. Keys are then kept in one
 * canonical form, unencrypted PKCS#8 ({@link #toPkcs8Pem}), which the caller protects (KMS envelope).
 */
public final class PrivateKeyParser {
    private static final String PKCS1 = "RSA PRIVATE KEY";
    private static final String PKCS8 = "PRIVATE KEY";
    private static final String ENCRYPTED_PKCS8 = "ENCRYPTED PRIVATE KEY";
    private static final Set<String> OTHER_KEY_LABELS = Set.of("EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Password-based key decryption (PBKDF2 with HMAC-SHA256 under PBES2, OpenSSL's legacy schemes) is not
     * in the JDK's providers under the names BouncyCastle asks for, so it uses a private BouncyCastle
     * provider instance. It is created on first use and never registered: only key uploads pay for it,
     * playback and ingest never load it.
     */
    private static final class PasswordDecryption {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private PrivateKeyParser() {}

    /** {@code password} is needed only for encrypted keys and may be null otherwise. */
    public static PrivateKey parse(String pem, char[] password) throws PrivateKeyRejectedException {
        Pem.Block block = keyBlock(pem);
        PrivateKeyInfo info = switch (block.label()) {
            case PKCS8 -> pkcs8(block.der());
            case PKCS1 -> block.hasHeader("Proc-Type") ? legacyEncrypted(pem, password) : pkcs1(block.der());
            case ENCRYPTED_PKCS8 -> encryptedPkcs8(block.der(), password);
            default -> throw new IllegalStateException("keyBlock returns only key labels");
        };
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw new PrivateKeyRejectedException(Reason.NOT_RSA,
                    "the private key is not of type RSA (algorithm " + info.getPrivateKeyAlgorithm().getAlgorithm() + ")");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new PrivateKeyRejectedException(Reason.CORRUPT, "the RSA private key cannot be read");
        }
    }

    /**
     * The guide's "certificate-key unmatched" check (L35451): same modulus and public exponent, and a random
     * nonce encrypted with the certificate's public key decrypts with the private key.
     */
    public static boolean matches(X509Certificate certificate, PrivateKey key) {
        if (!(certificate.getPublicKey() instanceof RSAPublicKey publicKey) || !(key instanceof RSAPrivateKey privateKey)) {
            return false;
        }
        if (!publicKey.getModulus().equals(privateKey.getModulus())) {
            return false;
        }
        if (key instanceof RSAPrivateCrtKey crt && !crt.getPublicExponent().equals(publicKey.getPublicExponent())) {
            return false;
        }
        try {
            byte[] nonce = new byte[32];
            RANDOM.nextBytes(nonce);
            OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    PSource.PSpecified.DEFAULT);
            Cipher encrypt = Cipher.getInstance("RSA/ECB/OAEPPadding");
            encrypt.init(Cipher.ENCRYPT_MODE, publicKey, oaep);
            Cipher decrypt = Cipher.getInstance("RSA/ECB/OAEPPadding");
            decrypt.init(Cipher.DECRYPT_MODE, privateKey, oaep);
            return MessageDigest.isEqual(nonce, decrypt.doFinal(encrypt.doFinal(nonce)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The one stored form: unencrypted PKCS#8, {@code -----BEGIN PRIVATE KEY-----}. */
    public static String toPkcs8Pem(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("the key has no PKCS#8 encoding (format " + key.getFormat() + ")");
        }
        return Pem.encode(PKCS8, key.getEncoded());
    }

    private static Pem.Block keyBlock(String pem) throws PrivateKeyRejectedException {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.blocks(pem);
        } catch (Pem.MalformedPemException e) {
            throw new PrivateKeyRejectedException(Reason.NOT_PEM, "the private key is not valid PEM: " + e.getMessage());
        }
        List<Pem.Block> keys = blocks.stream()
                .filter(b -> b.label().equals(PKCS1) || b.label().equals(PKCS8) || b.label().equals(ENCRYPTED_PKCS8))
                .toList();
        if (keys.size() == 1) {
            return keys.get(0);
        }
        if (keys.size() > 1) {
            throw new PrivateKeyRejectedException(Reason.NOT_PEM,
                    "expected one private key, found " + keys.size() + " private key blocks");
        }
        if (blocks.stream().anyMatch(b -> OTHER_KEY_LABELS.contains(b.label()))) {
            throw new PrivateKeyRejectedException(Reason.NOT_RSA, "the private key is not of type RSA");
        }
        if (blocks.isEmpty()) {
            throw new PrivateKeyRejectedException(Reason.NOT_PEM, "the private key is not in PEM format");
        }
        throw new PrivateKeyRejectedException(Reason.NOT_PEM,
                "the PEM holds " + blocks.get(0).label() + ", not a private key");
    }

    private static PrivateKeyInfo pkcs8(byte[] der) throws PrivateKeyRejectedException {
        try {
            return PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new PrivateKeyRejectedException(Reason.CORRUPT, "the PRIVATE KEY block is not a PKCS#8 key");
        }
    }

    private static PrivateKeyInfo pkcs1(byte[] der) throws PrivateKeyRejectedException {
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new PrivateKeyRejectedException(Reason.CORRUPT, "the RSA PRIVATE KEY block is not a PKCS#1 key");
        }
    }

    private static PrivateKeyInfo encryptedPkcs8(byte[] der, char[] password) throws PrivateKeyRejectedException {
        PKCS8EncryptedPrivateKeyInfo encrypted;
        try {
            encrypted = new PKCS8EncryptedPrivateKeyInfo(der);
        } catch (IOException | RuntimeException e) {
            throw new PrivateKeyRejectedException(Reason.CORRUPT, "the encrypted private key cannot be parsed");
        }
        requirePassword(password);
        try {
            return encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(PasswordDecryption.PROVIDER).build(password));
        } catch (Exception e) {
            // A wrong password and a damaged ciphertext look the same: bad padding or garbage DER.
            throw new PrivateKeyRejectedException(Reason.WRONG_PASSWORD,
                    "the encrypted private key cannot be decrypted with the password provided");
        }
    }

    private static PrivateKeyInfo legacyEncrypted(String pem, char[] password) throws PrivateKeyRejectedException {
        requirePassword(password);
        PEMEncryptedKeyPair encrypted;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            do {
                o = parser.readObject();
            } while (o != null && !(o instanceof PEMEncryptedKeyPair));
            if (o == null) {
                throw new PrivateKeyRejectedException(Reason.CORRUPT, "the encrypted RSA PRIVATE KEY cannot be parsed");
            }
            encrypted = (PEMEncryptedKeyPair) o;
        } catch (IOException | RuntimeException e) {
            throw new PrivateKeyRejectedException(Reason.CORRUPT, "the encrypted RSA PRIVATE KEY cannot be parsed");
        }
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(PasswordDecryption.PROVIDER)
                    .build(password)).getPrivateKeyInfo();
        } catch (Exception e) {
            throw new PrivateKeyRejectedException(Reason.WRONG_PASSWORD,
                    "the encrypted private key cannot be decrypted with the password provided");
        }
    }

    private static void requirePassword(char[] password) throws PrivateKeyRejectedException {
        if (password == null || password.length == 0) {
            throw new PrivateKeyRejectedException(Reason.ENCRYPTED_WITHOUT_PASSWORD,
                    "the private key is encrypted and no password was provided");
        }
    }
}
