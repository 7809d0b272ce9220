package io.callvault.core.store;

import io.callvault.core.crypto.CertificateParser;
import io.callvault.core.crypto.CertificateRejectedException;
import io.callvault.core.crypto.Recipient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Whom a tenant's media is encrypted to: every deployed certificate that is usable now (checked at each use, as the
 * guide checks "upon each use of a certificate to encrypt a recording", G:32540). An expired or not yet valid
 * certificate is skipped, never fatal, as long as another one is usable; an empty list means nothing may be stored.
 */
public final class TenantRecipients {
    private final CertificateStore certificates;
    private final Clock clock;

    public TenantRecipients(CertificateStore certificates, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
    }

    public List<Recipient> usable(String ccid) {
        List<Recipient> recipients = new ArrayList<>();
        for (StoredCertificate cert : certificates.deployed(ccid)) {
            try {
                var x509 = CertificateParser.parse(cert.certificatePem());
                CertificateParser.checkUsableForEncryption(x509, clock.instant());
                recipients.add(new Recipient(cert.alias(), x509));
            } catch (CertificateRejectedException unusable) {
                System.out.println("{\"event\":\"certificate-skipped\",\"ccid\":\"" + ccid + "\",\"alias\":"
                        + io.callvault.core.json.Json.MAPPER.getNodeFactory().textNode(cert.alias()) + ",\"reason\":"
                        + io.callvault.core.json.Json.MAPPER.getNodeFactory().textNode(String.valueOf(unusable.getMessage())) + "}");
            }
        }
        return recipients;
    }
}
