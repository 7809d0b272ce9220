package io.callvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Full CMS files for archives and exports, and the way back for media other encryptors produced. */
class EnvelopeFilesTest {
    static final X509Certificate ALICE = TestPki.selfSigned(TestPki.ALICE, "Alice");

    static byte[] fullDer(EnvelopeRoundTripTest.Encrypted e) throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        EnvelopeFiles.writeDer(e.media().pkcs7Pem(), e.media().ciphertextSize(), new ByteArrayInputStream(e.ciphertext()), file);
        return file.toByteArray();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 15, 16, 17, 100, 111, 112, 200, 65_519, 65_520, EnvelopeRoundTripTest.FIVE_MIB_PLUS_ONE})
    void writesStrictDerThatBouncyCastleOpensOnItsOwn(int size) throws Exception {
        // Sizes chosen to move the DER length fields across the 1-, 2- and 3-octet boundaries.
        byte[] plaintext = EnvelopeRoundTripTest.plaintext(size);
        var e = EnvelopeRoundTripTest.encrypt(plaintext, KeyTransport.RSA_OAEP_SHA256, new Recipient("alice", ALICE));

        byte[] file = fullDer(e);

        assertThat(ASN1Primitive.fromByteArray(file).getEncoded(ASN1Encoding.DER)).as("canonical DER").isEqualTo(file);
        // An independent reader: BouncyCastle's own CMS decryption of the whole file.
        RecipientInformation recipient = new CMSEnvelopedData(file).getRecipientInfos().getRecipients().iterator().next();
        assertThat(recipient.getContent(new JceKeyTransEnvelopedRecipient(TestPki.ALICE.getPrivate()))).isEqualTo(plaintext);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 111, 65_520})
    void theLayoutIsTheFileThatWriteDerWrites(int size) throws Exception {
        var e = EnvelopeRoundTripTest.encrypt(EnvelopeRoundTripTest.plaintext(size), KeyTransport.RSA_OAEP_SHA256,
                new Recipient("alice", ALICE));

        EnvelopeFiles.DerFile layout = EnvelopeFiles.derFile(e.media().pkcs7Pem(), e.media().ciphertextSize());

        byte[] file = fullDer(e);
        assertThat(layout.size()).isEqualTo(file.length);
        assertThat(Arrays.copyOfRange(file, 0, layout.prefix().length)).isEqualTo(layout.prefix());
        assertThat(Arrays.copyOfRange(file, layout.prefix().length, layout.prefix().length + e.ciphertext().length))
                .isEqualTo(e.ciphertext());
        assertThat(Arrays.copyOfRange(file, file.length - layout.suffix().length, file.length)).isEqualTo(layout.suffix());
    }

    @ParameterizedTest
    @EnumSource(KeyTransport.class)
    void splitUndoesWriteDer(KeyTransport transport) throws Exception {
        var e = EnvelopeRoundTripTest.encrypt(EnvelopeRoundTripTest.plaintext(3000), transport, new Recipient("alice", ALICE));

        try (SplitEnvelope split = EnvelopeFiles.split(new ByteArrayInputStream(fullDer(e)))) {
            assertThat(split.pkcs7Pem()).isEqualTo(e.media().pkcs7Pem());
            assertThat(split.encryptedContent().readAllBytes()).isEqualTo(e.ciphertext());
        }
    }

    @Test
    void splitsIndefiniteLengthBerFromAStreamingEncryptor() throws Exception {
        byte[] plaintext = EnvelopeRoundTripTest.plaintext(200_003);
        CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(ALICE));
        generator.setBufferSize(1000);   // many constructed OCTET STRING chunks
        ByteArrayOutputStream ber = new ByteArrayOutputStream();
        try (OutputStream out = generator.open(ber,
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).build())) {
            out.write(plaintext);
        }
        assertThat(ber.toByteArray()[1] & 0xFF).as("indefinite length").isEqualTo(0x80);

        try (SplitEnvelope split = EnvelopeFiles.split(new ByteArrayInputStream(ber.toByteArray()))) {
            ContentKey key = EnvelopeDecryptor.open(split.pkcs7Pem(), TestPki.ALICE.getPrivate());
            ByteArrayOutputStream decrypted = new ByteArrayOutputStream();
            EnvelopeDecryptor.decryptAll(key, split.encryptedContent(), decrypted);

            assertThat(key.algorithm()).isEqualTo(ContentAlgorithm.AES_128_CBC);
            assertThat(decrypted.toByteArray()).isEqualTo(plaintext);
        }
    }

    @Test
    void writeDerChecksTheDeclaredSize() throws Exception {
        var e = EnvelopeRoundTripTest.encrypt(EnvelopeRoundTripTest.plaintext(40), KeyTransport.RSA_OAEP_SHA256,
                new Recipient("alice", ALICE));
        String pem = e.media().pkcs7Pem();
        byte[] object = e.ciphertext();

        assertThatThrownBy(() -> EnvelopeFiles.writeDer(pem, object.length + 16, new ByteArrayInputStream(object),
                OutputStream.nullOutputStream())).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> EnvelopeFiles.writeDer(pem, object.length - 16, new ByteArrayInputStream(object),
                OutputStream.nullOutputStream())).isInstanceOf(IOException.class).hasMessageContaining("longer");
        assertThatThrownBy(() -> EnvelopeFiles.writeDer(pem, object.length - 1, new ByteArrayInputStream(object),
                OutputStream.nullOutputStream())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvelopeFiles.writeDer(pem, 0, new ByteArrayInputStream(new byte[0]),
                OutputStream.nullOutputStream())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {0, 1, 127, 128, 255, 256, 65_535, 65_536, 16_777_215, 16_777_216, 629_145_616L, 4_294_967_296L,
        1L << 40})
    void lengthHeadersAreMinimalDer(long length) throws Exception {
        // Archive files reach 512 MiB and more; lengths that large are not built by the tests above.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EnvelopeFiles.writeHeader(out, 0x80, length);
        byte[] header = out.toByteArray();

        assertThat(EnvelopeFiles.headerSize(length)).isEqualTo(header.length);
        assertThat(header[0]).isEqualTo((byte) 0x80);
        if (length < 128) {
            assertThat(header).containsExactly((byte) 0x80, (byte) length);
        } else {
            assertThat(header[1] & 0xFF).as("long form, number of octets").isEqualTo(0x80 | (header.length - 2));
            assertThat(header[2]).as("no leading zero octet").isNotZero();
            assertThat(new BigInteger(1, Arrays.copyOfRange(header, 2, header.length)).longValueExact()).isEqualTo(length);
        }
    }

    @Test
    void writeDerWantsADetachedEnvelope() throws Exception {
        var e = EnvelopeRoundTripTest.encrypt(EnvelopeRoundTripTest.plaintext(40), KeyTransport.RSA_OAEP_SHA256,
                new Recipient("alice", ALICE));
        EnvelopedData detached = Envelopes.fromPem(e.media().pkcs7Pem());
        EncryptedContentInfo content = detached.getEncryptedContentInfo();
        String attached = Envelopes.toPem(new EnvelopedData(null, detached.getRecipientInfos(), new EncryptedContentInfo(
                content.getContentType(), content.getContentEncryptionAlgorithm(), new DEROctetString(e.ciphertext())),
                (ASN1Set) null));

        assertThatThrownBy(() -> EnvelopeFiles.writeDer(attached, e.ciphertext().length,
                new ByteArrayInputStream(e.ciphertext()), OutputStream.nullOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detached");
        assertThatThrownBy(() -> EnvelopeFiles.writeDer("garbage", 16, new ByteArrayInputStream(new byte[16]),
                OutputStream.nullOutputStream())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitRefusesWhatIsNotAnEnvelopedDataWithContent() throws Exception {
        var e = EnvelopeRoundTripTest.encrypt(EnvelopeRoundTripTest.plaintext(40), KeyTransport.RSA_OAEP_SHA256,
                new Recipient("alice", ALICE));
        byte[] detachedDer = Envelopes.toDer(Envelopes.fromPem(e.media().pkcs7Pem()));

        assertThatThrownBy(() -> EnvelopeFiles.split(new ByteArrayInputStream(detachedDer)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detached");
        assertThatThrownBy(() -> EnvelopeFiles.split(new ByteArrayInputStream(ALICE.getEncoded())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDetachedEnvelopeIsSmall() throws Exception {
        var e = EnvelopeRoundTripTest.encrypt(EnvelopeRoundTripTest.plaintext(5_000_000), KeyTransport.RSA_OAEP_SHA256,
                new Recipient("alice", ALICE), new Recipient("bob", TestPki.selfSigned(TestPki.BOB, "Bob")));

        // Two 2048-bit recipients: well inside a DynamoDB item, whatever the media size.
        assertThat(e.media().pkcs7Pem().length()).isLessThan(2000);
        assertThat(List.of(e.media().pkcs7Pem().split("\n"))).allMatch(line -> line.length() <= 64);
    }
}
