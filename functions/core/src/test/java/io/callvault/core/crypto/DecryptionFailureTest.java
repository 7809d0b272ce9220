package io.callvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceKEKRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.operator.jcajce.JceGenericKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way decryption can fail ends in the same exception with the same message, so nothing a client sees
 * tells a wrong key from bad padding from a malformed envelope (spec 6.5, 6.6: no Bleichenbacher or padding
 * oracle); the detail is for logs only.
 */
class DecryptionFailureTest {
    static final X509Certificate ALICE = TestPki.selfSigned(TestPki.ALICE, "Alice");
    static final PrivateKey ALICE_KEY = TestPki.ALICE.getPrivate();
    static final int SIZE = 100;   // 7 ciphertext blocks; the last holds 4 data bytes and 12 bytes of padding

    final List<MediaDecryptionException> failures = new ArrayList<>();

    interface Call {
        void run() throws Exception;
    }

    void fails(String what, Call call) {
        try {
            call.run();
        } catch (MediaDecryptionException e) {
            assertThat(e.getMessage()).as(what).isEqualTo(MediaDecryptionException.MESSAGE);
            assertThat(e.getCause()).as(what).isNull();
            assertThat(e.reasonForLogs()).as(what).isNotBlank();
            failures.add(e);
            return;
        } catch (Exception e) {
            throw new AssertionError(what + ": expected MediaDecryptionException, got " + e, e);
        }
        throw new AssertionError(what + ": expected MediaDecryptionException, nothing was thrown");
    }

    static EnvelopeRoundTripTest.Encrypted encrypted(KeyTransport transport) throws Exception {
        return EnvelopeRoundTripTest.encrypt(EnvelopeRoundTripTest.plaintext(SIZE), transport, new Recipient("alice", ALICE));
    }

    static void decryptAll(String pem, byte[] object, String sha256) throws Exception {
        try (ContentKey key = EnvelopeDecryptor.open(pem, ALICE_KEY)) {
            EnvelopeDecryptor.decryptAll(key, new ByteArrayInputStream(object), new ByteArrayOutputStream(), sha256);
        }
    }

    static byte[] flip(byte[] object, int index) {
        byte[] copy = object.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    static byte[] playToTheEnd(String pem, byte[] object, long first) throws Exception {
        RangeDecryption ranges = new RangeDecryption(EnvelopeDecryptor.open(pem, ALICE_KEY), SIZE);
        RangeDecryption.CiphertextRange range = ranges.ciphertextRangeFor(first, SIZE - 1);
        byte[] fetched = Arrays.copyOfRange(object, (int) range.first(), (int) Math.min(object.length, range.last() + 1));
        return ranges.decrypt(first, SIZE - 1, fetched);
    }

    @Test
    void damagedOrTruncatedCiphertext() throws Exception {
        for (KeyTransport transport : KeyTransport.values()) {
            var e = encrypted(transport);
            String pem = e.media().pkcs7Pem();
            String sha = e.media().plaintextSha256();
            byte[] object = e.ciphertext();
            int lastBlock = object.length - 16;

            // Last block: the padding no longer checks out, whole object or range to the end.
            fails("flipped byte in last block", () -> decryptAll(pem, flip(object, lastBlock + 3), sha));
            fails("flipped byte in last block, range", () -> playToTheEnd(pem, flip(object, lastBlock + 3), 90));
            // The byte before the last block changes the padding length byte itself: bad padding every time.
            fails("flipped padding byte, no hash", () -> decryptAll(pem, flip(object, lastBlock - 1), null));
            fails("flipped padding byte, range", () -> playToTheEnd(pem, flip(object, lastBlock - 1), 99));
            // Middle: CBC still "decrypts"; the plaintext SHA-256 catches it on a whole read.
            fails("flipped byte in the middle", () -> decryptAll(pem, flip(object, 40), sha));
            // Truncated: not a multiple of 16, or a whole block short.
            fails("truncated by 5 bytes", () -> decryptAll(pem, Arrays.copyOf(object, object.length - 5), null));
            fails("truncated by a block", () -> decryptAll(pem, Arrays.copyOf(object, object.length - 16), sha));
            fails("truncated by 5 bytes, range", () -> playToTheEnd(pem, Arrays.copyOf(object, object.length - 5), 0));
            fails("truncated by a block, range", () -> playToTheEnd(pem, Arrays.copyOf(object, object.length - 16), 50));
            fails("empty object", () -> decryptAll(pem, new byte[0], null));
            fails("wrong hash", () -> decryptAll(pem, object, "00".repeat(32)));
            fails("malformed hash", () -> decryptAll(pem, object, "not hex"));
            // The undamaged object is fine, so the failures above are the damage.
            assertThatCode(() -> decryptAll(pem, object, sha)).doesNotThrowAnyException();
            assertThatCode(() -> playToTheEnd(pem, object, 0)).doesNotThrowAnyException();
        }
        assertThat(failures).extracting(Throwable::getMessage).containsOnly(MediaDecryptionException.MESSAGE);
    }

    @Test
    void aFlipInsideABlockTheRangeDoesNotEndInIsOnlyCaughtByTheWholeObjectHash() throws Exception {
        // The documented limit of CBC ranges: damage to block 2 garbles plaintext blocks 2 and 3 of a range
        // over them and nothing can tell. Whole reads (export, mux, backup) verify the plaintext SHA-256.
        var e = encrypted(KeyTransport.RSA_OAEP_SHA256);
        byte[] damaged = flip(e.ciphertext(), 40);
        RangeDecryption ranges = new RangeDecryption(EnvelopeDecryptor.open(e.media().pkcs7Pem(), ALICE_KEY), SIZE);

        byte[] played = ranges.decrypt(32, 63, Arrays.copyOfRange(damaged, 16, 64));

        assertThat(played).isNotEqualTo(Arrays.copyOfRange(EnvelopeRoundTripTest.plaintext(SIZE), 32, 64));
        fails("whole read of the same object", () -> decryptAll(e.media().pkcs7Pem(), damaged, e.media().plaintextSha256()));
    }

    @Test
    void wrongKeyForEitherTransport() throws Exception {
        for (KeyTransport transport : KeyTransport.values()) {
            var e = encrypted(transport);
            fails("wrong key " + transport, () -> EnvelopeDecryptor.open(e.media().pkcs7Pem(), TestPki.BOB.getPrivate()));
            fails("EC key " + transport, () -> EnvelopeDecryptor.open(e.media().pkcs7Pem(), TestPki.ec().getPrivate()));
        }
    }

    @Test
    void malformedEnvelopes() throws Exception {
        String good = encrypted(KeyTransport.RSA_OAEP_SHA256).media().pkcs7Pem();
        byte[] der = Envelopes.toDer(Envelopes.fromPem(good));

        fails("garbage text", () -> EnvelopeDecryptor.open("this is not PEM", ALICE_KEY));
        fails("empty", () -> EnvelopeDecryptor.open("", ALICE_KEY));
        fails("null", () -> EnvelopeDecryptor.open((String) null, ALICE_KEY));
        fails("garbage base64", () -> EnvelopeDecryptor.open("-----BEGIN PKCS7-----\n@@@\n-----END PKCS7-----\n", ALICE_KEY));
        fails("garbage DER", () -> EnvelopeDecryptor.open(Pem.encode("PKCS7", "not DER at all".getBytes()), ALICE_KEY));
        fails("certificate instead", () -> EnvelopeDecryptor.open(TestPki.pem(ALICE), ALICE_KEY));
        fails("truncated DER", () -> EnvelopeDecryptor.open(Arrays.copyOf(der, der.length - 7), ALICE_KEY));
        byte[] trailing = Arrays.copyOf(der, der.length + 2);
        fails("bytes after the DER", () -> EnvelopeDecryptor.open(trailing, ALICE_KEY));
        fails("two PEM blocks", () -> EnvelopeDecryptor.open(good + good, ALICE_KEY));
        assertThatCode(() -> EnvelopeDecryptor.open(der, ALICE_KEY)).doesNotThrowAnyException();
    }

    @Test
    void signedDataInsteadOfEnvelopedData() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(ALICE_KEY), ALICE));
        generator.addCertificates(new JcaCertStore(List.of(ALICE)));
        byte[] signed = generator.generate(new CMSProcessableByteArray("hello".getBytes()), true).getEncoded();

        fails("signedData PEM", () -> EnvelopeDecryptor.open(Pem.encode("PKCS7", signed), ALICE_KEY));
        fails("signedData DER", () -> EnvelopeDecryptor.open(signed, ALICE_KEY));
        assertThat(failures.get(0).reasonForLogs()).contains("envelopedData");
    }

    @Test
    void refusedContentCiphersAndRecipients() throws Exception {
        EnvelopedData good = Envelopes.fromPem(encrypted(KeyTransport.RSA_PKCS1_V15).media().pkcs7Pem());
        EncryptedContentInfo content = good.getEncryptedContentInfo();
        EnvelopedData tripleDes = new EnvelopedData(null, good.getRecipientInfos(), new EncryptedContentInfo(
                CMSObjectIdentifiers.data, new AlgorithmIdentifier(PKCSObjectIdentifiers.des_EDE3_CBC, new DEROctetString(new byte[8])),
                null), (ASN1Set) null);
        EnvelopedData rc2 = new EnvelopedData(null, good.getRecipientInfos(), new EncryptedContentInfo(
                CMSObjectIdentifiers.data, new AlgorithmIdentifier(PKCSObjectIdentifiers.RC2_CBC), null), (ASN1Set) null);
        // A recipient that is not RSA key transport: a KEK (pre-shared AES key) recipient only.
        ASN1EncodableVector kek = new ASN1EncodableVector();
        kek.add(new JceKEKRecipientInfoGenerator(new byte[] {1, 2, 3}, new javax.crypto.spec.SecretKeySpec(new byte[16], "AES"))
                .generate(new JceGenericKey(content.getContentEncryptionAlgorithm(), new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"))));
        EnvelopedData kekOnly = new EnvelopedData(null, new DERSet(kek), content, (ASN1Set) null);

        fails("3DES content", () -> EnvelopeDecryptor.open(Envelopes.toPem(tripleDes), ALICE_KEY));
        fails("RC2 content", () -> EnvelopeDecryptor.open(Envelopes.toPem(rc2), ALICE_KEY));
        fails("KEK recipient only", () -> EnvelopeDecryptor.open(Envelopes.toPem(kekOnly), ALICE_KEY));
        assertThat(failures.get(2).reasonForLogs()).contains("not of type RSA");
    }

    @Test
    void desEnvelopeMadeByOpenSsl(@TempDir Path dir) throws Exception {
        OpenSsl.assumeAvailable();
        TestPki.write(dir, "cert.pem", TestPki.pem(ALICE));
        Files.write(dir.resolve("plain.bin"), EnvelopeRoundTripTest.plaintext(SIZE));
        OpenSsl.run(dir, "cms", "-encrypt", "-des3", "-binary", "-outform", "DER", "-in", "plain.bin", "-out", "des.der",
                "-recip", "cert.pem").ok();

        SplitEnvelope split = EnvelopeFiles.split(Files.newInputStream(dir.resolve("des.der")));
        split.close();

        fails("DES envelope from openssl", () -> EnvelopeDecryptor.open(split.pkcs7Pem(), ALICE_KEY));
        assertThat(failures.get(0).reasonForLogs()).contains("not AES-CBC");
    }
}
