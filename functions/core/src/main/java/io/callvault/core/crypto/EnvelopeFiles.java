package io.callvault.core.crypto;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetStringParser;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfoParser;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfoParser;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.EnvelopedDataParser;
import org.bouncycastle.asn1.cms.OriginatorInfo;

/**
 * Converts between the stored form of encrypted media (detached envelope in the metadata + raw CBC octets
 * in the media object; guide L32513-32516) and the self-contained CMS file that archives and exports carry
 * (guide L32557-32574: {@code openssl smime|cms -decrypt -inform DER}). Both directions stream the
 * ciphertext in constant memory and never need a private key.
 */
public final class EnvelopeFiles {
    /** EncryptedContentInfo's {@code [0] IMPLICIT OCTET STRING}, primitive. */
    private static final int ENCRYPTED_CONTENT_TAG = 0x80;
    private static final int SEQUENCE_TAG = 0x30;
    private static final int EXPLICIT_0_TAG = 0xA0;

    private EnvelopeFiles() {}

    /**
     * The layout of a self-contained DER file: {@code prefix} (every header, the recipients and the
     * algorithm), then the ciphertext as it is stored, then {@code suffix} (attributes that follow the
     * content; usually empty). Knowing it up front is what lets an export serve any byte range of the file
     * from a ranged read of the stored ciphertext.
     */
    public record DerFile(byte[] prefix, long ciphertextSize, byte[] suffix) {
        public long size() {
            return prefix.length + ciphertextSize + suffix.length;
        }
    }

    /**
     * Lays out the DER ContentInfo(EnvelopedData) whose encryptedContent is {@code ciphertextSize} bytes.
     *
     * @throws IllegalArgumentException {@code pkcs7Pem} is not a detached EnvelopedData, or the size is not
     *     a positive multiple of 16
     */
    public static DerFile derFile(String pkcs7Pem, long ciphertextSize) {
        if (ciphertextSize <= 0 || ciphertextSize % ContentAlgorithm.BLOCK_BYTES != 0) {
            throw new IllegalArgumentException("ciphertext size " + ciphertextSize + " is not a positive multiple of 16");
        }
        EnvelopedData envelope = Envelopes.fromPem(pkcs7Pem);
        EncryptedContentInfo content = envelope.getEncryptedContentInfo();
        if (content.getEncryptedContent() != null) {
            throw new IllegalArgumentException("pkcs7 already holds its content; expected a detached envelope");
        }
        try {
            // EnvelopedData ::= SEQUENCE { version, originatorInfo [0] OPTIONAL, recipientInfos,
            //                              encryptedContentInfo, unprotectedAttrs [1] OPTIONAL }
            // Everything but encryptedContentInfo is copied as DER; encryptedContentInfo is written around the
            // ciphertext. All lengths are definite and computed up front.
            ByteArrayOutputStream before = new ByteArrayOutputStream();
            ByteArrayOutputStream after = new ByteArrayOutputStream();
            ByteArrayOutputStream target = before;
            for (ASN1Encodable element : ASN1Sequence.getInstance(envelope.toASN1Primitive())) {
                if (element.toASN1Primitive() instanceof ASN1Sequence) {
                    target = after;
                } else {
                    target.write(element.toASN1Primitive().getEncoded(ASN1Encoding.DER));
                }
            }
            byte[] contentType = content.getContentType().getEncoded(ASN1Encoding.DER);
            byte[] algorithm = content.getContentEncryptionAlgorithm().getEncoded(ASN1Encoding.DER);
            long contentInfoBody = contentType.length + algorithm.length + headerSize(ciphertextSize) + ciphertextSize;
            long envelopeBody = before.size() + headerSize(contentInfoBody) + contentInfoBody + after.size();
            long explicitBody = headerSize(envelopeBody) + envelopeBody;
            byte[] outerType = CMSObjectIdentifiers.envelopedData.getEncoded(ASN1Encoding.DER);
            long outerBody = outerType.length + headerSize(explicitBody) + explicitBody;

            ByteArrayOutputStream prefix = new ByteArrayOutputStream();
            writeHeader(prefix, SEQUENCE_TAG, outerBody);
            prefix.write(outerType);
            writeHeader(prefix, EXPLICIT_0_TAG, explicitBody);
            writeHeader(prefix, SEQUENCE_TAG, envelopeBody);
            before.writeTo(prefix);
            writeHeader(prefix, SEQUENCE_TAG, contentInfoBody);
            prefix.write(contentType);
            prefix.write(algorithm);
            writeHeader(prefix, ENCRYPTED_CONTENT_TAG, ciphertextSize);
            return new DerFile(prefix.toByteArray(), ciphertextSize, after.toByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("in-memory encoding failed", e);
        }
    }

    /**
     * Writes the DER ContentInfo(EnvelopedData) whose encryptedContent is the {@code ciphertextSize} bytes read
     * from {@code ciphertext}, without buffering the ciphertext.
     *
     * @throws IllegalArgumentException as {@link #derFile}
     * @throws EOFException the stream ends before {@code ciphertextSize} bytes
     * @throws IOException the stream holds more than {@code ciphertextSize} bytes, or a stream failed
     */
    public static void writeDer(String pkcs7Pem, long ciphertextSize, InputStream ciphertext, OutputStream out)
            throws IOException {
        DerFile file = derFile(pkcs7Pem, ciphertextSize);
        out.write(file.prefix());
        copyExactly(ciphertext, out, ciphertextSize);
        out.write(file.suffix());
    }

    /**
     * Takes apart a CMS EnvelopedData file (DER, or BER with indefinite lengths as
     * {@code openssl cms -encrypt -stream} writes) from another encryptor. The returned envelope is detached;
     * unprotectedAttrs, which follow the content in the file, are not carried over. The algorithms are not
     * judged here: {@link EnvelopeDecryptor#open} refuses what it does not accept.
     *
     * @throws IllegalArgumentException the input is not a ContentInfo holding EnvelopedData with content
     */
    public static SplitEnvelope split(InputStream derOrBer) throws IOException {
        try {
            ContentInfoParser contentInfo = new ContentInfoParser((ASN1SequenceParser) new ASN1StreamParser(derOrBer).readObject());
            if (!CMSObjectIdentifiers.envelopedData.equals(contentInfo.getContentType())) {
                throw new IllegalArgumentException("not a CMS EnvelopedData: content type " + contentInfo.getContentType());
            }
            EnvelopedDataParser enveloped = new EnvelopedDataParser(
                    (ASN1SequenceParser) contentInfo.getContent(BERTags.SEQUENCE));
            OriginatorInfo originator = enveloped.getOriginatorInfo();
            ASN1Set recipients = ASN1Set.getInstance(enveloped.getRecipientInfos().toASN1Primitive());
            EncryptedContentInfoParser content = enveloped.getEncryptedContentInfo();
            EnvelopedData detached = new EnvelopedData(originator, recipients,
                    new EncryptedContentInfo(content.getContentType(), content.getContentEncryptionAlgorithm(), null),
                    (ASN1Set) null);
            String pem = Envelopes.toPem(detached);
            ASN1OctetStringParser octets = (ASN1OctetStringParser) content.getEncryptedContent(BERTags.OCTET_STRING);
            if (octets == null) {
                throw new IllegalArgumentException("the EnvelopedData has no encryptedContent (detached)");
            }
            return new SplitEnvelope(pem, octets.getOctetStream());
        } catch (ClassCastException | NullPointerException | IllegalStateException e) {
            throw new IllegalArgumentException("not a CMS EnvelopedData: " + e.getMessage());
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[EnvelopeEncryptor.BUFFER_BYTES];
        long remaining = size;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n == -1) {
                throw new EOFException("ciphertext ended " + remaining + " bytes before the declared size " + size);
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
        if (in.read() != -1) {
            throw new IOException("ciphertext is longer than the declared size " + size);
        }
    }

    /** Tag byte plus DER length octets. */
    static int headerSize(long length) {
        return 1 + lengthOctets(length);
    }

    private static int lengthOctets(long length) {
        if (length < 0x80) {
            return 1;
        }
        int bytes = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
        return 1 + bytes;
    }

    static void writeHeader(OutputStream out, int tag, long length) throws IOException {
        out.write(tag);
        if (length < 0x80) {
            out.write((int) length);
            return;
        }
        int bytes = lengthOctets(length) - 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (length >>> (8 * i)) & 0xFF);
        }
    }
}
