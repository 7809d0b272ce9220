package io.callvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.crypto.PrivateKeyRejectedException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Private key upload (guide L32528-32534) and its failures (L35446-35451). */
class PrivateKeyParserTest {
    static final PrivateKey ALICE_KEY = TestPki.ALICE.getPrivate();
    static final X509Certificate ALICE = TestPki.selfSigned(TestPki.ALICE, "Alice");
    static final X509Certificate BOB = TestPki.selfSigned(TestPki.BOB, "Bob");

    static Reason reasonOf(String pem, String password) {
        try {
            PrivateKeyParser.parse(pem, password == null ? null : password.toCharArray());
        } catch (PrivateKeyRejectedException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain(pem.length() > 80 ? pem.substring(40, 80) : "\u0000");
            return e.reason();
        }
        throw new AssertionError("expected PrivateKeyRejectedException");
    }

    @Test
    void acceptsAllThreeFormsTheGuideNames() throws Exception {
        PrivateKey pkcs1 = PrivateKeyParser.parse(TestPki.pkcs1Pem(ALICE_KEY), null);
        PrivateKey pkcs8 = PrivateKeyParser.parse(TestPki.pkcs8Pem(ALICE_KEY), null);
        PrivateKey encrypted = PrivateKeyParser.parse(TestPki.encryptedPkcs8Pem(ALICE_KEY, "s3cret"), "s3cret".toCharArray());

        for (PrivateKey key : new PrivateKey[] {pkcs1, pkcs8, encrypted}) {
            assertThat(key).isInstanceOf(RSAPrivateCrtKey.class);
            assertThat(key.getEncoded()).isEqualTo(ALICE_KEY.getEncoded());
            assertThat(PrivateKeyParser.matches(ALICE, key)).isTrue();
        }
    }

    @Test
    void toleratesLeadingJunkAndStoresOneCanonicalForm() throws Exception {
        String pem = "Key for the recording solution\nBag Attributes: none\n" + TestPki.pkcs1Pem(ALICE_KEY) + "\n";

        PrivateKey key = PrivateKeyParser.parse(pem, null);
        String canonical = PrivateKeyParser.toPkcs8Pem(key);

        assertThat(canonical).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(PrivateKeyParser.parse(canonical, null)).isEqualTo(key);
    }

    @Test
    void readsKeysWrittenByOpenSsl(@TempDir Path dir) throws Exception {
        OpenSsl.assumeAvailable();
        OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pkcs8.pem").ok();
        OpenSsl.run(dir, "req", "-new", "-x509", "-key", "pkcs8.pem", "-subj", "/CN=Interaction Recording", "-days", "2",
                "-out", "cert.pem").ok();
        OpenSsl.run(dir, "rsa", "-in", "pkcs8.pem", "-traditional", "-out", "pkcs1.pem").ok();
        OpenSsl.run(dir, "pkcs8", "-topk8", "-in", "pkcs8.pem", "-passout", "pass:s3cret", "-out", "encrypted.pem").ok();
        OpenSsl.run(dir, "rsa", "-in", "pkcs8.pem", "-traditional", "-aes256", "-passout", "pass:s3cret",
                "-out", "legacy-encrypted.pem").ok();
        X509Certificate certificate = CertificateParser.parse(Files.readString(dir.resolve("cert.pem")));

        assertThat(Files.readString(dir.resolve("pkcs1.pem"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("encrypted.pem"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("legacy-encrypted.pem"))).contains("Proc-Type: 4,ENCRYPTED");
        for (String file : new String[] {"pkcs8.pem", "pkcs1.pem", "encrypted.pem", "legacy-encrypted.pem"}) {
            PrivateKey key = PrivateKeyParser.parse(Files.readString(dir.resolve(file)), "s3cret".toCharArray());
            assertThat(PrivateKeyParser.matches(certificate, key)).as(file).isTrue();
        }
        assertThat(reasonOf(Files.readString(dir.resolve("legacy-encrypted.pem")), null))
                .isEqualTo(Reason.ENCRYPTED_WITHOUT_PASSWORD);
        assertThat(reasonOf(Files.readString(dir.resolve("legacy-encrypted.pem")), "wrong"))
                .isEqualTo(Reason.WRONG_PASSWORD);
    }

    @Test
    void encryptedKeyWithoutPasswordOrWithTheWrongOne() {
        String encrypted = TestPki.encryptedPkcs8Pem(ALICE_KEY, "s3cret");

        assertThat(reasonOf(encrypted, null)).isEqualTo(Reason.ENCRYPTED_WITHOUT_PASSWORD);
        assertThat(reasonOf(encrypted, "")).isEqualTo(Reason.ENCRYPTED_WITHOUT_PASSWORD);
        assertThat(reasonOf(encrypted, "S3cret")).isEqualTo(Reason.WRONG_PASSWORD);
    }

    @Test
    void refusesWhatIsNotAnRsaPrivateKeyPem() {
        assertThat(reasonOf("no PEM here", null)).isEqualTo(Reason.NOT_PEM);
        assertThat(reasonOf(TestPki.pem(ALICE), null)).isEqualTo(Reason.NOT_PEM);
        assertThat(reasonOf(TestPki.pkcs8Pem(ALICE_KEY) + TestPki.pkcs8Pem(TestPki.BOB.getPrivate()), null))
                .isEqualTo(Reason.NOT_PEM);
        assertThat(reasonOf(TestPki.pkcs8Pem(TestPki.ec().getPrivate()), null)).isEqualTo(Reason.NOT_RSA);
        assertThat(reasonOf(Pem.encode("EC PRIVATE KEY", new byte[] {1, 2, 3}), null)).isEqualTo(Reason.NOT_RSA);
    }

    @Test
    void refusesCorruptKeyBlocks() {
        byte[] damaged = ALICE_KEY.getEncoded().clone();
        damaged[0] = 0x04;

        assertThat(reasonOf(Pem.encode("PRIVATE KEY", damaged), null)).isEqualTo(Reason.CORRUPT);
        assertThat(reasonOf(Pem.encode("RSA PRIVATE KEY", "garbage".getBytes()), null)).isEqualTo(Reason.CORRUPT);
        assertThat(reasonOf(Pem.encode("ENCRYPTED PRIVATE KEY", "garbage".getBytes()), "pw")).isEqualTo(Reason.CORRUPT);
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateDoesNotMatch() throws Exception {
        PrivateKey bobKey = PrivateKeyParser.parse(TestPki.pkcs8Pem(TestPki.BOB.getPrivate()), null);

        assertThat(PrivateKeyParser.matches(ALICE, bobKey)).isFalse();
        assertThat(PrivateKeyParser.matches(BOB, bobKey)).isTrue();
        assertThat(PrivateKeyParser.matches(TestPki.selfSigned(TestPki.ec(), "EC"), bobKey)).isFalse();
    }

    @Test
    void canonicalFormNeedsAPkcs8Encoding() {
        PrivateKey opaque = new PrivateKey() {
            @Override public String getAlgorithm() { return "RSA"; }
            @Override public String getFormat() { return null; }
            @Override public byte[] getEncoded() { return null; }
        };

        assertThatThrownBy(() -> PrivateKeyParser.toPkcs8Pem(opaque)).isInstanceOf(IllegalArgumentException.class);
    }
}
