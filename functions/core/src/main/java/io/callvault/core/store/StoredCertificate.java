package io.callvault.core.store;

import java.time.Instant;

/**
 * A tenant's encryption certificate as kept in the control table. {@code deployed} certificates receive
 * new media; undeployed ones stay on record forever so that media enveloped to them remains explained.
 */
public record StoredCertificate(String alias, String certificatePem, String subject, String issuer,
                                String serialNumber, Instant notBefore, Instant notAfter, String sha256Fingerprint,
                                int keyBits, boolean deployed, Instant uploadedAt) {
    public StoredCertificate withDeployed(boolean value) {
        return new StoredCertificate(alias, certificatePem, subject, issuer, serialNumber, notBefore, notAfter,
                sha256Fingerprint, keyBits, value, uploadedAt);
    }
}
