package io.callvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Encrypt then decrypt, at the sizes where CBC padding changes shape, with both key transports. */
class EnvelopeRoundTripTest {
    static final int FIVE_MIB_PLUS_ONE = 5 * 1024 * 1024 + 1;
    static final X509Certificate ALICE = TestPki.selfSigned(TestPki.ALICE, "Alice");
    static final X509Certificate BOB = TestPki.selfSigned(TestPki.BOB, "Bob");
    static final EnvelopeEncryptor ENCRYPTOR = new EnvelopeEncryptor();

    static byte[] plaintext(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    record Encrypted(EncryptedMedia media, byte[] ciphertext) {}

    static Encrypted encrypt(byte[] plaintext, KeyTransport transport, Recipient... recipients) throws Exception {
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        EncryptedMedia media = ENCRYPTOR.encrypt(new ByteArrayInputStream(plaintext), ciphertext, List.of(recipients),
                transport);
        return new Encrypted(media, ciphertext.toByteArray());
    }

    static byte[] decrypt(Encrypted e, java.security.PrivateKey key) throws Exception {
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        try (ContentKey contentKey = EnvelopeDecryptor.open(e.media().pkcs7Pem(), key)) {
            long written = EnvelopeDecryptor.decryptAll(contentKey, new ByteArrayInputStream(e.ciphertext()), plaintext,
                    e.media().plaintextSha256());
            assertThat(written).isEqualTo(plaintext.size());
        }
        return plaintext.toByteArray();
    }

    static Stream<Arguments> sizesAndTransports() {
        return Stream.of(0, 1, 15, 16, 17, FIVE_MIB_PLUS_ONE)
                .flatMap(size -> Stream.of(KeyTransport.values()).map(t -> Arguments.of(size, t)));
    }

    @ParameterizedTest(name = "{0} bytes, {1}")
    @MethodSource("sizesAndTransports")
    void roundTrips(int size, KeyTransport transport) throws Exception {
        byte[] plaintext = plaintext(size);

        Encrypted e = encrypt(plaintext, transport, new Recipient("alice", ALICE));

        assertThat(e.media().plaintextSize()).isEqualTo(size);
        assertThat(e.media().ciphertextSize()).isEqualTo(e.ciphertext().length)
                .isEqualTo(RangeDecryption.ciphertextSizeFor(size)).isEqualTo((size / 16 + 1) * 16L);
        assertThat(e.media().plaintextSha256()).isEqualTo(sha256(plaintext));
        assertThat(e.media().certAliases()).containsExactly("alice");
        assertThat(decrypt(e, TestPki.ALICE.getPrivate())).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @EnumSource(KeyTransport.class)
    void writesADetachedEnvelopeWithOneRecipientPerCertificate(KeyTransport transport) throws Exception {
        Encrypted e = encrypt(plaintext(100), transport, new Recipient("alice", ALICE), new Recipient("bob", BOB));

        assertThat(e.media().pkcs7Pem()).startsWith("-----BEGIN PKCS7-----\n").endsWith("-----END PKCS7-----\n");
        EnvelopedData envelope = Envelopes.fromPem(e.media().pkcs7Pem());
        assertThat(envelope.getEncryptedContentInfo().getEncryptedContent()).as("detached").isNull();
        assertThat(envelope.getEncryptedContentInfo().getContentEncryptionAlgorithm().getAlgorithm())
                .isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
        assertThat(ASN1OctetString.getInstance(envelope.getEncryptedContentInfo().getContentEncryptionAlgorithm()
                .getParameters()).getOctets()).hasSize(16);
        assertThat(envelope.getRecipientInfos().size()).isEqualTo(2);
        for (var element : envelope.getRecipientInfos()) {
            KeyTransRecipientInfo recipient = (KeyTransRecipientInfo) RecipientInfo.getInstance(element).getInfo();
            IssuerAndSerialNumber rid = IssuerAndSerialNumber.getInstance(recipient.getRecipientIdentifier().getId());
            assertThat(rid.getSerialNumber().getValue()).isIn(ALICE.getSerialNumber(), BOB.getSerialNumber());
            if (transport == KeyTransport.RSA_PKCS1_V15) {
                assertThat(recipient.getKeyEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.rsaEncryption);
            } else {
                assertThat(recipient.getKeyEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_RSAES_OAEP);
                RSAESOAEPparams params = RSAESOAEPparams.getInstance(recipient.getKeyEncryptionAlgorithm().getParameters());
                assertThat(params.getHashAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
                assertThat(params.getMaskGenAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_mgf1);
            }
        }
    }

    @Test
    void eachOfTwoPrivateKeysDecryptsAlone() throws Exception {
        byte[] plaintext = plaintext(4097);
        Encrypted e = encrypt(plaintext, KeyTransport.RSA_OAEP_SHA256, new Recipient("alice", ALICE), new Recipient("bob", BOB));

        assertThat(e.media().certAliases()).containsExactly("alice", "bob");
        assertThat(decrypt(e, TestPki.ALICE.getPrivate())).isEqualTo(plaintext);
        assertThat(decrypt(e, TestPki.BOB.getPrivate())).isEqualTo(plaintext);
        // Picking the recipient by certificate works too, and a key under another certificate's name does not.
        assertThat(EnvelopeDecryptor.open(e.media().pkcs7Pem(), TestPki.BOB.getPrivate(), BOB).iv()).hasSize(16);
        assertThatThrownBy(() -> EnvelopeDecryptor.open(e.media().pkcs7Pem(), TestPki.BOB.getPrivate(), ALICE))
                .isInstanceOf(MediaDecryptionException.class);
    }

    @Test
    void freshKeyAndIvOnEveryCall() throws Exception {
        byte[] plaintext = plaintext(64);
        Encrypted first = encrypt(plaintext, KeyTransport.RSA_OAEP_SHA256, new Recipient("alice", ALICE));
        Encrypted second = encrypt(plaintext, KeyTransport.RSA_OAEP_SHA256, new Recipient("alice", ALICE));

        ContentKey a = EnvelopeDecryptor.open(first.media().pkcs7Pem(), TestPki.ALICE.getPrivate());
        ContentKey b = EnvelopeDecryptor.open(second.media().pkcs7Pem(), TestPki.ALICE.getPrivate());
        assertThat(a.iv()).isNotEqualTo(b.iv());
        assertThat(a.keyBytes()).isNotEqualTo(b.keyBytes());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(a.algorithm()).isEqualTo(ContentAlgorithm.AES_256_CBC);
        assertThat(a.toString()).isEqualTo("ContentKey[AES_256_CBC]");
    }

    @Test
    void refusesToEncryptWithoutAUsableRecipient() {
        X509Certificate ec = TestPki.selfSigned(TestPki.ec(), "EC");

        assertThatThrownBy(() -> encrypt(plaintext(1), KeyTransport.RSA_OAEP_SHA256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one recipient");
        assertThatThrownBy(() -> ENCRYPTOR.encrypt(new ByteArrayInputStream(new byte[1]), new ByteArrayOutputStream(), null,
                KeyTransport.RSA_OAEP_SHA256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encrypt(plaintext(1), KeyTransport.RSA_OAEP_SHA256, new Recipient("ec", ec)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA");
        assertThatThrownBy(() -> encrypt(plaintext(1), KeyTransport.RSA_OAEP_SHA256, new Recipient("a", ALICE),
                new Recipient("again", ALICE))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats");
    }

    @Test
    void decryptionIgnoresValidityDates() throws Exception {
        // Expired certificates stay in the key store so that old recordings play (guide L10519).
        X509Certificate expired = TestPki.selfSigned(TestPki.ALICE, "Expired", java.time.Instant.parse("2020-01-01T00:00:00Z"),
                java.time.Instant.parse("2021-01-01T00:00:00Z"));
        byte[] plaintext = plaintext(33);
        Encrypted e = encrypt(plaintext, KeyTransport.RSA_PKCS1_V15, new Recipient("old", expired));

        assertThat(decrypt(e, TestPki.ALICE.getPrivate())).isEqualTo(plaintext);
    }
}
