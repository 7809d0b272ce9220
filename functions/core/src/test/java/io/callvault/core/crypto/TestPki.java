package io.callvault.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates for the crypto tests. RSA key generation is slow, so the usual keys are made once. */
public final class TestPki {
    public static final KeyPair ALICE = rsa(2048);
    public static final KeyPair BOB = rsa(2048);
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final Instant NOW = Instant.now();

    private TestPki() {}

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Self-signed, valid from an hour ago for a year. */
    public static X509Certificate selfSigned(KeyPair keys, String commonName) {
        return selfSigned(keys, commonName, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(365)));
    }

    public static X509Certificate selfSigned(KeyPair keys, String commonName, Instant notBefore, Instant notAfter) {
        // Encoded country first, as CAs do; the RFC 2253 form lists the RDNs the other way round.
        X500Name name = new X500Name("C=US,O=Monster & Sons\\, Inc.,CN=" + commonName);
        return issue(keys, name, notBefore, notAfter, name, keys.getPrivate(), false);
    }

    /** A CA certificate for chain tests. */
    public static X509Certificate ca(KeyPair keys, String commonName) {
        X500Name name = new X500Name("CN=" + commonName);
        return issue(keys, name, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)), name, keys.getPrivate(),
                true);
    }

    public static X509Certificate issuedBy(KeyPair keys, String commonName, X509Certificate ca, PrivateKey caKey) {
        return issue(keys, new X500Name("CN=" + commonName), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(365)),
                X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), caKey, false);
    }

    private static X509Certificate issue(KeyPair keys, X500Name subject, Instant notBefore, Instant notAfter,
                                         X500Name issuer, PrivateKey signer, boolean isCa) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            if (isCa) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            }
            String algorithm = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate certificate) {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pkcs8Pem(PrivateKey key) {
        return Pem.encode("PRIVATE KEY", key.getEncoded());
    }

    /** OpenSSL's traditional {@code RSA PRIVATE KEY} (PKCS#1). */
    public static String pkcs1Pem(PrivateKey key) {
        try {
            return Pem.encode("RSA PRIVATE KEY",
                    PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC, what {@code openssl pkcs8 -topk8} writes by default. */
    public static String encryptedPkcs8Pem(PrivateKey key, String password) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setProvider(new BouncyCastleProvider()).setPassword(password.toCharArray()).build();
            return Pem.encode("ENCRYPTED PRIVATE KEY", new JcaPKCS8Generator(key, encryptor).generate().getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
