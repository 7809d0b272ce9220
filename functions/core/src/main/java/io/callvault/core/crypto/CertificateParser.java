package io.callvault.core.crypto;

import io.callvault.core.crypto.CertificateRejectedException.Reason;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads recording certificates and decides whether they may be uploaded and used (guide L10523-10530,
 * L32528-32534, L32540-32544). Expired and not-yet-valid are separate checks because the guide treats them
 * differently: a not-yet-valid certificate may be uploaded, an expired one may not, and neither may
 * encrypt a recording. Decryption never looks at validity: old keys stay usable for old recordings.
 */
public final class CertificateParser {
    public static final int MIN_RSA_BITS = 2048;
    private static final String CERTIFICATE = "CERTIFICATE";

    private CertificateParser() {}

    /** Exactly one PEM CERTIFICATE block; text before, between or after blocks is ignored. */
    public static X509Certificate parse(String pem) throws CertificateRejectedException {
        List<X509Certificate> all = parseAll(pem);
        if (all.size() > 1) {
            throw new CertificateRejectedException(Reason.MORE_THAN_ONE_CERTIFICATE,
                    "expected one certificate, found " + all.size() + " CERTIFICATE blocks");
        }
        return all.get(0);
    }

    /** A CA bundle (intermediates then root, guide L10561-10578): one or more CERTIFICATE blocks. */
    public static List<X509Certificate> parseAll(String pem) throws CertificateRejectedException {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.blocks(pem);
        } catch (Pem.MalformedPemException e) {
            throw new CertificateRejectedException(Reason.NOT_PEM, "the certificate is not valid PEM: " + e.getMessage());
        }
        if (blocks.isEmpty()) {
            throw new CertificateRejectedException(Reason.NOT_PEM,
                    "the certificate is not PEM: no -----BEGIN CERTIFICATE----- block");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Pem.Block block : blocks) {
            if (block.label().equals(CERTIFICATE)) {
                certificates.add(x509(block.der()));
            }
        }
        if (certificates.isEmpty()) {
            String found = blocks.stream().map(Pem.Block::label).distinct().collect(Collectors.joining(", "));
            throw new CertificateRejectedException(Reason.NOT_X509,
                    "the PEM holds " + found + ", not an X.509 CERTIFICATE");
        }
        return List.copyOf(certificates);
    }

    /** Upload: RSA of at least 2048 bits and not expired. Not yet valid is fine (guide L32544). */
    public static void checkAcceptableForUpload(X509Certificate certificate, Instant now)
            throws CertificateRejectedException {
        checkRsaKey(certificate);
        checkNotExpired(certificate, now);
    }

    /** Each use for a new recording: RSA of at least 2048 bits and {@code notBefore <= now <= notAfter}. */
    public static void checkUsableForEncryption(X509Certificate certificate, Instant now)
            throws CertificateRejectedException {
        checkRsaKey(certificate);
        checkNotExpired(certificate, now);
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new CertificateRejectedException(Reason.NOT_YET_VALID,
                    "the certificate is not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    /**
     * PKIX path check (revocation off) from {@code certificate} to one of the tenant's CA certificates, each of
     * which is trusted directly, like the guide's {@code CA_file} bundle. With no CA configured, a self-signed
     * certificate is its own anchor and anything else is refused. {@code at} is the time the path must be
     * valid at: now when encrypting; at upload, the later of now and the certificate's notBefore, because a
     * not-yet-valid certificate may be uploaded.
     */
    public static void checkChain(X509Certificate certificate, List<X509Certificate> trustAnchors, Instant at)
            throws CertificateRejectedException {
        if (trustAnchors == null || trustAnchors.isEmpty()) {
            if (!isSelfSigned(certificate)) {
                throw new CertificateRejectedException(Reason.CHAIN_NOT_TRUSTED,
                        "no CA certificate is configured and the certificate is not self-signed");
            }
            return;
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate anchor : trustAnchors) {
                anchors.add(new TrustAnchor(anchor, null));
            }
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateRejectedException(Reason.CHAIN_NOT_TRUSTED,
                    "the certificate does not chain to a configured CA: " + e.getMessage());
        }
    }

    static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static void checkRsaKey(X509Certificate certificate) throws CertificateRejectedException {
        if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa)) {
            throw new CertificateRejectedException(Reason.NOT_RSA,
                    "the public key in the certificate is not of type RSA but " + certificate.getPublicKey().getAlgorithm());
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new CertificateRejectedException(Reason.KEY_TOO_SMALL,
                    "the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
        }
    }

    private static void checkNotExpired(X509Certificate certificate, Instant now) throws CertificateRejectedException {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            throw new CertificateRejectedException(Reason.EXPIRED, "the certificate expired at " + notAfter);
        }
    }

    private static X509Certificate x509(byte[] der) throws CertificateRejectedException {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            // The factory reads one certificate and ignores what follows; a block must be exactly one.
            if (certificate.getEncoded().length != der.length) {
                throw new CertificateRejectedException(Reason.NOT_X509,
                        "the CERTIFICATE block has bytes after the certificate");
            }
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            throw new CertificateRejectedException(Reason.NOT_X509,
                    "the CERTIFICATE block is not an X.509 certificate: " + e.getMessage());
        }
    }
}
