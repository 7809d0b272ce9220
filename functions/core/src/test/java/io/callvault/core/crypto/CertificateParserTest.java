package io.callvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.callvault.core.crypto.CertificateRejectedException.Reason;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Certificate upload and use rules (guide L10523-10530, L32528-32544, L35437-35452). */
class CertificateParserTest {
    static final Instant NOW = Instant.now();
    static final X509Certificate ALICE = TestPki.selfSigned(TestPki.ALICE, "Interaction Recording");

    static Reason reasonOf(ThrowingCall call) {
        try {
            call.run();
        } catch (CertificateRejectedException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError("expected CertificateRejectedException, got " + e, e);
        }
        throw new AssertionError("expected CertificateRejectedException, nothing was thrown");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void parsesOnePemCertificate() throws Exception {
        X509Certificate parsed = CertificateParser.parse(TestPki.pem(ALICE));

        assertThat(parsed).isEqualTo(ALICE);
        assertThatCode(() -> CertificateParser.checkAcceptableForUpload(parsed, NOW)).doesNotThrowAnyException();
        assertThatCode(() -> CertificateParser.checkUsableForEncryption(parsed, NOW)).doesNotThrowAnyException();
    }

    @Test
    void toleratesTextOutsideTheBlockAsTheGuideSays() throws Exception {
        // L10561-10578: tools such as "openssl x509 -text" put a dump before BEGIN; CRLF line ends from Windows.
        String pem = "Certificate:\n    Data:\n        Version: 3 (0x2)\nBag Attributes\n"
                + TestPki.pem(ALICE).replace("\n", "\r\n") + "trailing words\n";

        assertThat(CertificateParser.parse(pem)).isEqualTo(ALICE);
    }

    @Test
    void refusesTextThatIsNotPem() {
        assertThat(reasonOf(() -> CertificateParser.parse("hello, I am not a certificate"))).isEqualTo(Reason.NOT_PEM);
        assertThat(reasonOf(() -> CertificateParser.parse(""))).isEqualTo(Reason.NOT_PEM);
        assertThat(reasonOf(() -> CertificateParser.parse(null))).isEqualTo(Reason.NOT_PEM);
        assertThat(reasonOf(() -> CertificateParser.parse("-----BEGIN CERTIFICATE-----\nMIIB\n"))).isEqualTo(Reason.NOT_PEM);
        assertThat(reasonOf(() -> CertificateParser.parse("-----BEGIN CERTIFICATE-----\n!!not base64!!\n-----END CERTIFICATE-----\n")))
                .isEqualTo(Reason.NOT_PEM);
    }

    @Test
    void refusesPemOfSomethingElse() {
        String keyPem = TestPki.pkcs8Pem(TestPki.ALICE.getPrivate());
        String garbageCertificate = Pem.encode("CERTIFICATE", "definitely not DER".getBytes());

        assertThat(reasonOf(() -> CertificateParser.parse(keyPem))).isEqualTo(Reason.NOT_X509);
        assertThat(reasonOf(() -> CertificateParser.parse(garbageCertificate))).isEqualTo(Reason.NOT_X509);
    }

    @Test
    void refusesTwoCertificatesWhereOneIsExpected() {
        X509Certificate bob = TestPki.selfSigned(TestPki.BOB, "Bob");
        String bundle = TestPki.pem(ALICE) + TestPki.pem(bob);

        assertThat(reasonOf(() -> CertificateParser.parse(bundle))).isEqualTo(Reason.MORE_THAN_ONE_CERTIFICATE);
    }

    @Test
    void readsACaBundle() throws Exception {
        X509Certificate bob = TestPki.selfSigned(TestPki.BOB, "Bob");

        assertThat(CertificateParser.parseAll("intermediate\n" + TestPki.pem(ALICE) + "root\n" + TestPki.pem(bob)))
                .containsExactly(ALICE, bob);
    }

    @Test
    void refusesAnEcCertificate() throws Exception {
        X509Certificate ec = CertificateParser.parse(TestPki.pem(TestPki.selfSigned(TestPki.ec(), "EC")));

        assertThat(reasonOf(() -> CertificateParser.checkAcceptableForUpload(ec, NOW))).isEqualTo(Reason.NOT_RSA);
        assertThat(reasonOf(() -> CertificateParser.checkUsableForEncryption(ec, NOW))).isEqualTo(Reason.NOT_RSA);
    }

    @Test
    void refusesRsa1024() throws Exception {
        X509Certificate small = CertificateParser.parse(TestPki.pem(TestPki.selfSigned(TestPki.rsa(1024), "Small")));

        assertThat(reasonOf(() -> CertificateParser.checkAcceptableForUpload(small, NOW))).isEqualTo(Reason.KEY_TOO_SMALL);
        assertThat(reasonOf(() -> CertificateParser.checkUsableForEncryption(small, NOW))).isEqualTo(Reason.KEY_TOO_SMALL);
    }

    @Test
    void refusesAnExpiredCertificateAtUploadAndAtUse() {
        X509Certificate expired = TestPki.selfSigned(TestPki.ALICE, "Expired", NOW.minus(Duration.ofDays(400)),
                NOW.minus(Duration.ofDays(35)));

        assertThat(reasonOf(() -> CertificateParser.checkAcceptableForUpload(expired, NOW))).isEqualTo(Reason.EXPIRED);
        assertThat(reasonOf(() -> CertificateParser.checkUsableForEncryption(expired, NOW))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void acceptsANotYetValidCertificateAtUploadButNotAtUse() {
        // L32544: "A certificate that is not yet valid can be imported, but an error will occur if it used".
        X509Certificate future = TestPki.selfSigned(TestPki.ALICE, "Future", NOW.plus(Duration.ofDays(2)),
                NOW.plus(Duration.ofDays(400)));

        assertThatCode(() -> CertificateParser.checkAcceptableForUpload(future, NOW)).doesNotThrowAnyException();
        assertThat(reasonOf(() -> CertificateParser.checkUsableForEncryption(future, NOW))).isEqualTo(Reason.NOT_YET_VALID);
        assertThatCode(() -> CertificateParser.checkUsableForEncryption(future, NOW.plus(Duration.ofDays(3))))
                .doesNotThrowAnyException();
    }

    @Test
    void validityBoundsAreInclusive() {
        Instant notBefore = Instant.parse("2030-01-01T00:00:00Z");
        Instant notAfter = Instant.parse("2031-01-01T00:00:00Z");
        X509Certificate c = TestPki.selfSigned(TestPki.ALICE, "Bounds", notBefore, notAfter);

        assertThatCode(() -> CertificateParser.checkUsableForEncryption(c, notBefore)).doesNotThrowAnyException();
        assertThatCode(() -> CertificateParser.checkUsableForEncryption(c, notAfter)).doesNotThrowAnyException();
        assertThat(reasonOf(() -> CertificateParser.checkUsableForEncryption(c, notAfter.plusSeconds(1))))
                .isEqualTo(Reason.EXPIRED);
        assertThat(reasonOf(() -> CertificateParser.checkUsableForEncryption(c, notBefore.minusSeconds(1))))
                .isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void chainToAConfiguredCa() {
        KeyPair caKeys = TestPki.rsa(2048);
        X509Certificate ca = TestPki.ca(caKeys, "Recording CA");
        X509Certificate leaf = TestPki.issuedBy(TestPki.BOB, "Recording", ca, caKeys.getPrivate());
        X509Certificate otherCa = TestPki.ca(TestPki.ALICE, "Other CA");

        assertThatCode(() -> CertificateParser.checkChain(leaf, List.of(ca), NOW)).doesNotThrowAnyException();
        assertThat(reasonOf(() -> CertificateParser.checkChain(leaf, List.of(otherCa), NOW)))
                .isEqualTo(Reason.CHAIN_NOT_TRUSTED);
        // With no CA configured only a self-signed certificate anchors itself.
        assertThat(reasonOf(() -> CertificateParser.checkChain(leaf, List.of(), NOW))).isEqualTo(Reason.CHAIN_NOT_TRUSTED);
        assertThatCode(() -> CertificateParser.checkChain(ALICE, List.of(), NOW)).doesNotThrowAnyException();
        assertThatCode(() -> CertificateParser.checkChain(ca, null, NOW)).doesNotThrowAnyException();
    }

    @Test
    void describesTheCertificate() throws Exception {
        CertificateInfo info = CertificateInfo.of("gir_Tenant:101:CN=x:1", ALICE);

        assertThat(info.alias()).isEqualTo("gir_Tenant:101:CN=x:1");
        assertThat(info.subject()).isEqualTo("CN=Interaction Recording,O=Monster & Sons\\, Inc.,C=US");
        assertThat(info.issuer()).isEqualTo(info.subject());
        assertThat(info.serialNumber()).isEqualTo(ALICE.getSerialNumber().toString(16)).matches("[0-9a-f]+");
        assertThat(info.notBefore()).isEqualTo(ALICE.getNotBefore().toInstant());
        assertThat(info.notAfter()).isEqualTo(ALICE.getNotAfter().toInstant());
        assertThat(info.sha256Fingerprint())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ALICE.getEncoded())))
                .matches("[0-9a-f]{64}");
        assertThat(info.keyBits()).isEqualTo(2048);
        assertThat(info.toBuilder().alias("other").build().alias()).isEqualTo("other");
    }
}
