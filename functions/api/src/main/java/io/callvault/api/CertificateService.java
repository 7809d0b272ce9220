package io.callvault.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.crypto.CertificateInfo;
import io.callvault.core.crypto.CertificateParser;
import io.callvault.core.crypto.CertificateRejectedException;
import io.callvault.core.crypto.KeyTransport;
import io.callvault.core.crypto.PrivateKeyParser;
import io.callvault.core.crypto.PrivateKeyRejectedException;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.http.Permission;
import io.callvault.core.json.Json;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.EncryptionSettingsStore;
import io.callvault.core.store.PrivateKeyVault;
import io.callvault.core.store.StoredCertificate;
import io.callvault.core.time.GuideTime;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The guide's key management (Recording Crypto Server): tenants deploy RSA certificates that new media is
 * enveloped to, and hand over the matching private keys, which go to the vault and are never returned.
 * Each upload fault of the guide's list (spec §2.2) is a 400 that names it. The tenant's encryption setting
 * (key transport for new media) is managed here too, under the same permissions.
 */
public final class CertificateService {
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_PEM = 64 * 1024;
    /** The content cipher of everything callvault encrypts; shown with the setting, not settable. */
    static final String CONTENT_ENCRYPTION = "AES-256-CBC";

    private final CertificateStore certificates;
    private final PrivateKeyVault vault;
    private final WaitingMedia waiting;
    private final EncryptionSettingsStore encryption;
    private final AuditTrail audit;
    private final Clock clock;

    public CertificateService(CertificateStore certificates, PrivateKeyVault vault, WaitingMedia waiting,
                              EncryptionSettingsStore encryption, AuditTrail audit, Clock clock) {
        this.certificates = certificates;
        this.vault = vault;
        this.waiting = waiting;
        this.encryption = encryption;
        this.audit = audit;
        this.clock = clock;
    }

    /** Key management changes what future media can be read with: every change is in the audit trail. */
    private void audited(Caller caller, String ccid, String action, String target, String detail) {
        audit.record(ccid, action, target, caller.actor(), "succeeded",
                detail);
    }

    public ObjectNode deploy(Caller caller, JsonNode body) {
        String ccid = admin(caller);
        String alias = alias(body);
        String pem = pem(body, "certificate");
        Instant now = clock.instant();
        X509Certificate certificate;
        try {
            certificate = CertificateParser.parse(pem);
            CertificateParser.checkAcceptableForUpload(certificate, now);
        } catch (CertificateRejectedException e) {
            throw new InvalidFieldException("certificate", e.getMessage() + " (" + e.reason() + ")");
        }
        CertificateInfo info = CertificateInfo.of(alias, certificate);
        StoredCertificate stored = certificates.add(ccid, new StoredCertificate(alias, pem.strip() + "\n",
                info.subject(), info.issuer(), info.serialNumber(), info.notBefore(), info.notAfter(),
                info.sha256Fingerprint(), info.keyBits(), true, now));
        audited(caller, ccid, "Deploy certificate [" + alias + "]", alias, "sha256 " + info.sha256Fingerprint());
        ObjectNode out = Json.object();
        out.set("certificate", toJson(stored, certificates.hasPrivateKey(ccid, alias)));
        // Media that waited for a certificate goes through ingest again now.
        out.put("redrivenMedia", waiting.redriveAll(ccid));
        return out;
    }

    public ObjectNode list(Caller caller) {
        String ccid = admin(caller);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("certificates");
        certificates.list(ccid).stream().sorted(Comparator.comparing(StoredCertificate::uploadedAt))
                .forEach(c -> list.add(toJson(c, certificates.hasPrivateKey(ccid, c.alias()))));
        return out;
    }

    public ObjectNode undeploy(Caller caller, String alias) {
        String ccid = admin(caller);
        checkAlias("alias", alias);
        if (!certificates.undeploy(ccid, alias)) {
            throw ApiException.notFound("no certificate with alias " + alias);
        }
        audited(caller, ccid, "Undeploy certificate [" + alias + "]", alias, null);
        return Json.object().put("alias", alias).put("deployed", false);
    }

    public ObjectNode storePrivateKey(Caller caller, JsonNode body) {
        String ccid = admin(caller);
        String alias = alias(body);
        String pem = pem(body, "privateKey");
        char[] password = null;
        if (body.hasNonNull("password")) {
            if (!body.get("password").isTextual()) {
                throw new InvalidFieldException("password", "must be a string");
            }
            password = body.get("password").textValue().toCharArray();
        }
        StoredCertificate cert = certificates.find(ccid, alias).orElseThrow(() -> ApiException.notFound(
                "no certificate with alias " + alias + "; deploy the certificate before its private key"));
        PrivateKey key;
        try {
            key = PrivateKeyParser.parse(pem, password);
        } catch (PrivateKeyRejectedException e) {
            throw new InvalidFieldException("privateKey", e.getMessage() + " (" + e.reason() + ")");
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        try {
            if (!PrivateKeyParser.matches(CertificateParser.parse(cert.certificatePem()), key)) {
                throw new InvalidFieldException("privateKey", "does not match the certificate " + alias
                        + " (text encrypted with the certificate's public key does not decrypt with it)");
            }
        } catch (CertificateRejectedException e) {
            throw new IllegalStateException("a stored certificate no longer parses: " + alias, e);
        }
        vault.put(ccid, alias, PrivateKeyParser.toPkcs8Pem(key));
        certificates.markPrivateKeyStored(ccid, alias);
        audited(caller, ccid, "Store private key [" + alias + "]", alias, null);
        return Json.object().put("alias", alias).put("privateKeyStored", true);
    }

    /** {@code {"keyTransport":"RSA-OAEP-SHA256","contentEncryption":"AES-256-CBC"}}: what new media gets. */
    public ObjectNode encryptionSettings(Caller caller) {
        return encryptionJson(encryption.keyTransport(admin(caller)));
    }

    /**
     * {@code {"keyTransport":"RSA-PKCS1-v1_5"|"RSA-OAEP-SHA256"}}. Applies to media ingested from now on; stored
     * media keeps the envelope it has. Setting the current value again is harmless (idempotent). Other fields
     * are ignored as elsewhere in the API, except {@code contentEncryption}, which may only repeat the one
     * cipher there is (so a GET body can be sent back).
     */
    public ObjectNode putEncryptionSettings(Caller caller, JsonNode body) {
        String ccid = admin(caller);
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object with keyTransport");
        }
        String allowed = "one of " + String.join(", ", KeyTransport.wireNames());
        JsonNode v = body.get("keyTransport");
        if (v == null || v.isNull()) {
            throw new InvalidFieldException("keyTransport", "is required, " + allowed);
        }
        if (!v.isTextual()) {
            throw new InvalidFieldException("keyTransport", "must be a string, " + allowed);
        }
        KeyTransport transport = KeyTransport.fromWire(v.textValue()).orElseThrow(() ->
                new InvalidFieldException("keyTransport", "must be " + allowed + "; got " + Excerpt.of(v.textValue())));
        JsonNode content = body.get("contentEncryption");
        if (content != null && !content.isNull()
                && !(content.isTextual() && CONTENT_ENCRYPTION.equalsIgnoreCase(content.textValue()))) {
            throw new InvalidFieldException("contentEncryption", "is always " + CONTENT_ENCRYPTION
                    + " and cannot be set; leave it out");
        }
        encryption.setKeyTransport(ccid, transport, caller.actor());
        audited(caller, ccid, "Set key transport [" + transport.wireName() + "]", "encryption", null);
        return encryptionJson(transport);
    }

    private static ObjectNode encryptionJson(KeyTransport transport) {
        return Json.object().put("keyTransport", transport.wireName()).put("contentEncryption", CONTENT_ENCRYPTION);
    }

    private static String admin(Caller caller) {
        String ccid = caller.ownContactCenter();
        if (!caller.has(Permission.RECORDING_KEY_ADMIN) && !caller.has(Permission.CONTACT_CENTER_ADMIN)) {
            throw ApiException.forbidden("this needs the " + Permission.RECORDING_KEY_ADMIN + " or "
                    + Permission.CONTACT_CENTER_ADMIN + " permission");
        }
        return ccid;
    }

    private static String alias(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        JsonNode v = body.get("alias");
        if (v == null || !v.isTextual()) {
            throw new InvalidFieldException("alias", "is required, a string");
        }
        return checkAlias("alias", v.textValue());
    }

    private static String checkAlias(String field, String alias) {
        if (!ALIAS.matcher(alias).matches()) {
            throw new InvalidFieldException(field, "must be 1-64 of A-Z a-z 0-9 . _ - ; got " + Excerpt.of(alias));
        }
        return alias;
    }

    private static String pem(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required");
        }
        if (!v.isTextual()) {
            throw new InvalidFieldException(field, "must be a PEM string");
        }
        if (v.textValue().length() > MAX_PEM) {
            throw new InvalidFieldException(field, "is longer than " + MAX_PEM + " characters");
        }
        return v.textValue();
    }

    private static ObjectNode toJson(StoredCertificate c, boolean hasPrivateKey) {
        return Json.object().put("alias", c.alias()).put("subject", c.subject()).put("issuer", c.issuer())
                .put("serialNumber", c.serialNumber()).put("notBefore", GuideTime.format(c.notBefore()))
                .put("notAfter", GuideTime.format(c.notAfter())).put("sha256Fingerprint", c.sha256Fingerprint())
                .put("keyBits", c.keyBits()).put("deployed", c.deployed()).put("privateKeyStored", hasPrivateKey);
    }
}
