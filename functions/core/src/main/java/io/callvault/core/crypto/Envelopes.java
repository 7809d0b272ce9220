package io.callvault.core.crypto;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;

/**
 * The detached envelope in its two encodings: PEM ({@code PKCS7}, as stored in the metadata) and DER.
 * Every parsing failure is an {@link IllegalArgumentException} whose message says what is wrong; the
 * decryptor turns it into its one uniform error, export code reports it as bad metadata.
 */
final class Envelopes {
    /** The label OpenSSL writes for PKCS#7 ({@code openssl pkcs7}) and the one callvault writes. */
    static final String PEM_LABEL = "PKCS7";
    /** The label {@code openssl cms -outform PEM} writes; the same structure, accepted on input. */
    private static final String CMS_PEM_LABEL = "CMS";

    private Envelopes() {}

    static String toPem(EnvelopedData envelope) {
        return Pem.encode(PEM_LABEL, toDer(envelope));
    }

    static byte[] toDer(EnvelopedData envelope) {
        try {
            return new ContentInfo(CMSObjectIdentifiers.envelopedData, envelope).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an in-memory structure cannot fail", e);
        }
    }

    static EnvelopedData fromPem(String pem) {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.blocks(pem);
        } catch (Pem.MalformedPemException e) {
            throw new IllegalArgumentException("pkcs7 is not valid PEM: " + e.getMessage());
        }
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("pkcs7 must hold one PEM block, found " + blocks.size());
        }
        Pem.Block block = blocks.get(0);
        if (!block.label().equals(PEM_LABEL) && !block.label().equals(CMS_PEM_LABEL)) {
            throw new IllegalArgumentException("pkcs7 PEM block is " + block.label() + ", not PKCS7");
        }
        return fromDer(block.der());
    }

    /** A ContentInfo whose content type is envelopedData, with nothing after it. */
    static EnvelopedData fromDer(byte[] der) {
        if (der == null || der.length == 0) {
            throw new IllegalArgumentException("pkcs7 is empty");
        }
        ContentInfo contentInfo = contentInfo(der);
        if (!CMSObjectIdentifiers.envelopedData.equals(contentInfo.getContentType())) {
            throw new IllegalArgumentException("pkcs7 is not of type envelopedData: unmatched OID "
                    + contentInfo.getContentType());
        }
        try {
            return EnvelopedData.getInstance(contentInfo.getContent());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("pkcs7 EnvelopedData cannot be parsed: invalid syntax (" + e.getMessage() + ")");
        }
    }

    private static ContentInfo contentInfo(byte[] der) {
        ASN1Primitive first;
        boolean trailingBytes;
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            first = in.readObject();
            trailingBytes = first != null && in.readObject() != null;
            if (first != null && !trailingBytes) {
                return ContentInfo.getInstance(first);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("pkcs7 cannot be parsed: invalid syntax (" + e.getMessage() + ")");
        }
        throw new IllegalArgumentException(trailingBytes ? "pkcs7 has bytes after the ContentInfo" : "pkcs7 holds no ASN.1 object");
    }
}
