package io.callvault.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * What the certificate list shows and stores about a recording certificate (guide L10611: Issued To,
 * Issued By, Expires; upload auto-fills Subject, Serial Number, Subject DN, Issuer DN, L10614-10655).
 * The alias is chosen by the caller: the guide's {@code prefix_tenantName:tenantDbid:issuerDN:serialNo}
 * embeds a DN with its own commas and colons, so callvault does not parse aliases for meaning.
 *
 * @param subject RFC 2253 form
 * @param issuer RFC 2253 form
 * @param serialNumber lowercase hex, no leading zeros
 * @param sha256Fingerprint lowercase hex of the DER certificate, no colons
 * @param keyBits RSA modulus length (or EC field size; 0 for other key types)
 */
public record CertificateInfo(String alias, String subject, String issuer, String serialNumber, Instant notBefore,
                              Instant notAfter, String sha256Fingerprint, int keyBits) {
    public CertificateInfo {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
    }

    public static CertificateInfo of(String alias, X509Certificate certificate) {
        return builder()
                .alias(alias)
                .subject(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253))
                .issuer(certificate.getIssuerX500Principal().getName(X500Principal.RFC2253))
                .serialNumber(certificate.getSerialNumber().toString(16))
                .notBefore(certificate.getNotBefore().toInstant())
                .notAfter(certificate.getNotAfter().toInstant())
                .sha256Fingerprint(fingerprint(certificate))
                .keyBits(keyBits(certificate.getPublicKey()))
                .build();
    }

    static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return 0;
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().alias(alias).subject(subject).issuer(issuer).serialNumber(serialNumber)
                .notBefore(notBefore).notAfter(notAfter).sha256Fingerprint(sha256Fingerprint).keyBits(keyBits);
    }

    public static final class Builder {
        private String alias;
        private String subject;
        private String issuer;
        private String serialNumber;
        private Instant notBefore;
        private Instant notAfter;
        private String sha256Fingerprint;
        private int keyBits;

        public Builder alias(String v) { this.alias = v; return this; }
        public Builder subject(String v) { this.subject = v; return this; }
        public Builder issuer(String v) { this.issuer = v; return this; }
        public Builder serialNumber(String v) { this.serialNumber = v; return this; }
        public Builder notBefore(Instant v) { this.notBefore = v; return this; }
        public Builder notAfter(Instant v) { this.notAfter = v; return this; }
        public Builder sha256Fingerprint(String v) { this.sha256Fingerprint = v; return this; }
        public Builder keyBits(int v) { this.keyBits = v; return this; }

        public CertificateInfo build() {
            return new CertificateInfo(alias, subject, issuer, serialNumber, notBefore, notAfter, sha256Fingerprint,
                    keyBits);
        }
    }
}
