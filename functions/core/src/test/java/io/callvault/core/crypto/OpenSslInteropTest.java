package io.callvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenSSL command line both ways: archives callvault writes open with the guide's command (L32564)
 * and with {@code openssl cms}; media OpenSSL encrypts can be split, stored and played by callvault.
 */
class OpenSslInteropTest {
    static final X509Certificate ALICE = TestPki.selfSigned(TestPki.ALICE, "Interaction Recording");
    static final PrivateKey ALICE_KEY = TestPki.ALICE.getPrivate();
    static final int SIZE = 1_000_003;

    @TempDir
    Path dir;
    byte[] plaintext;

    @BeforeEach
    void files() throws Exception {
        OpenSsl.assumeAvailable();
        plaintext = EnvelopeRoundTripTest.plaintext(SIZE);
        Files.write(dir.resolve("plain.bin"), plaintext);
        TestPki.write(dir, "cert.pem", TestPki.pem(ALICE));
        TestPki.write(dir, "key.pem", PrivateKeyParser.toPkcs8Pem(ALICE_KEY));
    }

    /** Encrypt as ingest does, then assemble the archive file as backup does. */
    Path archiveFile(KeyTransport transport) throws Exception {
        var e = EnvelopeRoundTripTest.encrypt(plaintext, transport, new Recipient("alice", ALICE));
        Path file = dir.resolve("recording-" + transport + ".bin");
        try (InputStream object = new java.io.ByteArrayInputStream(e.ciphertext()); OutputStream out = Files.newOutputStream(file)) {
            EnvelopeFiles.writeDer(e.media().pkcs7Pem(), e.media().ciphertextSize(), object, out);
        }
        return file;
    }

    byte[] importAndPlay(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file); SplitEnvelope split = EnvelopeFiles.split(in)) {
            // Ingest keeps the two parts apart: the octets become the media object, the PEM the metadata.
            ByteArrayOutputStream object = new ByteArrayOutputStream();
            split.encryptedContent().transferTo(object);
            ContentKey key = EnvelopeDecryptor.open(split.pkcs7Pem(), ALICE_KEY, ALICE);
            ByteArrayOutputStream played = new ByteArrayOutputStream();
            EnvelopeDecryptor.decryptAll(key, new java.io.ByteArrayInputStream(object.toByteArray()), played);
            return played.toByteArray();
        }
    }

    @ParameterizedTest
    @EnumSource(KeyTransport.class)
    void opensslCmsDecryptsOurArchiveFiles(KeyTransport transport) throws Exception {
        Path file = archiveFile(transport);

        OpenSsl.run(dir, "cms", "-decrypt", "-inform", "DER", "-in", file.toString(), "-inkey", "key.pem",
                "-out", "out.bin").ok();

        assertThat(Files.readAllBytes(dir.resolve("out.bin"))).isEqualTo(plaintext);
    }

    @Test
    void theGuidesSmimeCommandDecryptsPkcs1V15ArchiveFiles() throws Exception {
        Path file = archiveFile(KeyTransport.RSA_PKCS1_V15);

        // L32564, verbatim, and with -binary as the brief for exports asks.
        OpenSsl.run(dir, "smime", "-decrypt", "-inform", "DER", "-in", file.toString(), "-inkey", "key.pem",
                "-out", "guide.bin").ok();
        OpenSsl.run(dir, "smime", "-decrypt", "-inform", "DER", "-binary", "-in", file.toString(), "-inkey", "key.pem",
                "-out", "binary.bin").ok();

        assertThat(Files.readAllBytes(dir.resolve("guide.bin"))).isEqualTo(plaintext);
        assertThat(Files.readAllBytes(dir.resolve("binary.bin"))).isEqualTo(plaintext);
    }

    @ParameterizedTest(name = "openssl cms -encrypt {0} {1}")
    @CsvSource({
        "-aes256, ''",
        "-aes256, rsa_padding_mode:oaep rsa_oaep_md:sha256",
        "-aes256, rsa_padding_mode:oaep",
        "-aes128, ''",
        "-aes192, rsa_padding_mode:oaep rsa_oaep_md:sha256",
    })
    void weSplitAndPlayWhatOpensslEncrypts(String cipher, String keyOptions) throws Exception {
        for (boolean streamed : new boolean[] {false, true}) {
            List<String> command = new ArrayList<>(List.of("cms", "-encrypt", cipher, "-binary", "-outform", "DER",
                    "-in", "plain.bin", "-out", "openssl.der", "-recip", "cert.pem"));
            for (String option : keyOptions.isBlank() ? new String[0] : keyOptions.split(" ")) {
                command.addAll(List.of("-keyopt", option));
            }
            if (streamed) {
                command.add("-stream");   // BER, indefinite lengths
            }
            OpenSsl.run(dir, command.toArray(String[]::new)).ok();

            assertThat(importAndPlay(dir.resolve("openssl.der"))).as("streamed=%s", streamed).isEqualTo(plaintext);
        }
    }

    @Test
    void anArchiveFileRoundTripsThroughOpensslReencryption() throws Exception {
        // What a re-encrypting tool (the Muxer runs OpenSSL) produces from our export must import again.
        Path ours = archiveFile(KeyTransport.RSA_OAEP_SHA256);
        OpenSsl.run(dir, "cms", "-decrypt", "-inform", "DER", "-in", ours.toString(), "-inkey", "key.pem", "-out", "mid.bin").ok();
        OpenSsl.run(dir, "cms", "-encrypt", "-aes256", "-binary", "-outform", "DER", "-in", "mid.bin", "-out", "again.der",
                "-recip", "cert.pem").ok();

        assertThat(importAndPlay(dir.resolve("again.der"))).isEqualTo(plaintext);
    }
}
