package io.callvault.api;

import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.core.store.PrivateKeyVault;
import io.callvault.standins.StandInStack;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key management through the handler, on DynamoDB Local and the Secrets Manager stand-in (spec §1-2). */
class CertificateApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final X509Certificate ALICE_CERT = TestPki.selfSigned(TestPki.ALICE, "Interaction Recording");

    final CertificateHandler handler = new CertificateHandler(ApiEvents.env(CertificateHandler.class));
    String ccid;
    Map<String, String> admin;

    @BeforeEach
    void tenant() {
        ccid = UUID.randomUUID().toString();
        admin = claims(ccid, "keyadmin", List.of("RECORDING_KEY_ADMIN"), List.of(), false);
    }

    APIGatewayV2HTTPResponse call(String routeKey, Map<String, String> path, String body, Map<String, String> who) {
        return handler.handleRequest(event(routeKey, path, null, body, who), null);
    }

    APIGatewayV2HTTPResponse deploy(String alias, String pem) {
        return call("POST /api/v2/settings/certificates", null,
                Json.object().put("alias", alias).put("certificate", pem).toString(), admin);
    }

    APIGatewayV2HTTPResponse storeKey(String alias, String pem, String password) {
        var body = Json.object().put("alias", alias).put("privateKey", pem);
        if (password != null) {
            body.put("password", password);
        }
        return call("POST /api/v2/settings/private-keys", null, body.toString(), admin);
    }

    JsonNode list() {
        return json(call("GET /api/v2/settings/certificates", null, null, admin)).get("certificates");
    }

    @Test
    void deploysListsAndUndeploysACertificateWithoutLosingIt() {
        APIGatewayV2HTTPResponse deployed = deploy("rec-2026", "some text before\n" + TestPki.pem(ALICE_CERT));
        assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(200);
        JsonNode cert = json(deployed).get("certificate");
        assertThat(cert.get("subject").asText()).contains("CN=Interaction Recording");
        assertThat(cert.get("serialNumber").asText()).isEqualTo(ALICE_CERT.getSerialNumber().toString(16));
        assertThat(cert.get("sha256Fingerprint").asText()).matches("[0-9a-f]{64}");
        assertThat(cert.get("deployed").asBoolean()).isTrue();
        assertThat(cert.get("privateKeyStored").asBoolean()).isFalse();

        assertThat(list()).hasSize(1);
        assertThat(call("DELETE /api/v2/settings/certificates/{alias}", Map.of("alias", "rec-2026"), null, admin)
                .getStatusCode()).isEqualTo(200);
        assertThat(list()).singleElement().satisfies(c -> assertThat(c.get("deployed").asBoolean()).isFalse());
        assertThat(call("DELETE /api/v2/settings/certificates/{alias}", Map.of("alias", "nope"), null, admin)
                .getStatusCode()).isEqualTo(404);
        // Deploying the same certificate again under its alias redeploys it.
        assertThat(deploy("rec-2026", TestPki.pem(ALICE_CERT)).getStatusCode()).isEqualTo(200);
        assertThat(list().get(0).get("deployed").asBoolean()).isTrue();
    }

    @Test
    void everyKeyManagementChangeIsAudited() {
        deploy("audited", TestPki.pem(ALICE_CERT));
        storeKey("audited", TestPki.pkcs8Pem(TestPki.ALICE.getPrivate()), null);
        call("PUT /api/v2/settings/encryption", null, "{\"keyTransport\":\"RSA-PKCS1-v1_5\"}", admin);
        call("DELETE /api/v2/settings/certificates/{alias}", Map.of("alias", "audited"), null, admin);

        var trail = new io.callvault.core.store.AuditTrail(STACK.dynamo(), STACK.resourceName("AuditTable"),
                java.time.Clock.systemUTC()).list(ccid);
        assertThat(trail).extracting(e -> e.action()).contains("Deploy certificate [audited]",
                "Store private key [audited]", "Set key transport [RSA-PKCS1-v1_5]", "Undeploy certificate [audited]");
        assertThat(trail).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("keyadmin");
            assertThat(e.outcome()).isEqualTo("succeeded");
        });
        assertThat(trail.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void storesTheMatchingPrivateKeyInEveryPemFormAndNeverReturnsIt() {
        deploy("rec", TestPki.pem(ALICE_CERT));
        PrivateKeyVault vault = new PrivateKeyVault(AwsClients.secretsManager(new FunctionEnvironment(STACK.awsEnvironment())));
        for (String pem : List.of(TestPki.pkcs8Pem(TestPki.ALICE.getPrivate()), TestPki.pkcs1Pem(TestPki.ALICE.getPrivate()))) {
            APIGatewayV2HTTPResponse stored = storeKey("rec", pem, null);
            assertThat(stored.getStatusCode()).as(stored.getBody()).isEqualTo(200);
            assertThat(stored.getBody()).doesNotContain("PRIVATE KEY");
        }
        APIGatewayV2HTTPResponse encrypted = storeKey("rec",
                TestPki.encryptedPkcs8Pem(TestPki.ALICE.getPrivate(), "s3cret"), "s3cret");
        assertThat(encrypted.getStatusCode()).as(encrypted.getBody()).isEqualTo(200);

        assertThat(vault.find(ccid, "rec")).hasValueSatisfying(k -> assertThat(k).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertThat(list().get(0).get("privateKeyStored").asBoolean()).isTrue();
        assertThat(call("GET /api/v2/settings/certificates", null, null, admin).getBody()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void refusesEveryCertificateFaultOfTheGuideWithItsReason() {
        KeyPair small = TestPki.rsa(1024);
        Instant now = Instant.now();
        assertReason(deploy("a", "not a certificate"), "certificate", "NOT_PEM");
        assertReason(deploy("a", TestPki.pkcs8Pem(TestPki.ALICE.getPrivate())), "certificate", "NOT_X509");
        assertReason(deploy("a", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "certificate", "NOT_X509");
        assertReason(deploy("a", TestPki.pem(TestPki.selfSigned(TestPki.ec(), "ec"))), "certificate", "NOT_RSA");
        assertReason(deploy("a", TestPki.pem(TestPki.selfSigned(small, "small"))), "certificate", "KEY_TOO_SMALL");
        assertReason(deploy("a", TestPki.pem(TestPki.selfSigned(TestPki.BOB, "old", now.minus(400, ChronoUnit.DAYS),
                now.minus(1, ChronoUnit.DAYS)))), "certificate", "EXPIRED");
        // Not yet valid is accepted at upload (guide L32538-L32542); it is refused when media would use it.
        assertThat(deploy("future", TestPki.pem(TestPki.selfSigned(TestPki.BOB, "future", now.plus(1, ChronoUnit.DAYS),
                now.plus(400, ChronoUnit.DAYS)))).getStatusCode()).isEqualTo(200);
        assertThat(list()).hasSize(1);
    }

    @Test
    void refusesEveryPrivateKeyFault() {
        deploy("rec", TestPki.pem(ALICE_CERT));
        assertReason(storeKey("rec", "garbage", null), "privateKey", "NOT_PEM");
        assertReason(storeKey("rec", TestPki.encryptedPkcs8Pem(TestPki.ALICE.getPrivate(), "pw"), null),
                "privateKey", "ENCRYPTED_WITHOUT_PASSWORD");
        assertReason(storeKey("rec", TestPki.encryptedPkcs8Pem(TestPki.ALICE.getPrivate(), "pw"), "wrong"),
                "privateKey", "WRONG_PASSWORD");
        APIGatewayV2HTTPResponse mismatch = storeKey("rec", TestPki.pkcs8Pem(TestPki.BOB.getPrivate()), null);
        assertThat(mismatch.getStatusCode()).isEqualTo(400);
        assertThat(json(mismatch).get("message").asText()).contains("does not match");
        assertThat(storeKey("unknown", TestPki.pkcs8Pem(TestPki.ALICE.getPrivate()), null).getStatusCode()).isEqualTo(404);
        assertThat(list().get(0).get("privateKeyStored").asBoolean()).isFalse();
    }

    @Test
    void badBodiesAliasesAndPermissions() {
        String pem = TestPki.pem(ALICE_CERT);
        assertThat(deploy("../etc", pem).getStatusCode()).isEqualTo(400);
        assertThat(deploy("a".repeat(65), pem).getStatusCode()).isEqualTo(400);
        assertThat(deploy("a b", pem).getStatusCode()).isEqualTo(400);
        assertThat(call("POST /api/v2/settings/certificates", null, "{", admin).getStatusCode()).isEqualTo(400);
        assertThat(call("POST /api/v2/settings/certificates", null, "{\"alias\":\"a\",\"certificate\":5}", admin)
                .getStatusCode()).isEqualTo(400);
        assertThat(call("POST /api/v2/settings/certificates", null,
                "{\"alias\":\"a\",\"certificate\":\"" + "A".repeat(70_000) + "\"}", admin).getStatusCode()).isEqualTo(400);
        assertThat(call("DELETE /api/v2/settings/certificates/{alias}", Map.of("alias", "a%2Fb"), null, admin)
                .getStatusCode()).isEqualTo(400);

        deploy("taken", pem);
        assertThat(deploy("taken", TestPki.pem(TestPki.selfSigned(TestPki.BOB, "other"))).getStatusCode()).isEqualTo(409);

        Map<String, String> reader = claims(ccid, "r", List.of("RECORDING_READ"), List.of("/"), false);
        assertThat(call("GET /api/v2/settings/certificates", null, null, reader).getStatusCode()).isEqualTo(403);
        assertThat(call("POST /api/v2/settings/private-keys", null, "{}", reader).getStatusCode()).isEqualTo(403);
        assertThat(call("GET /api/v2/settings/certificates", null, null, null).getStatusCode()).isEqualTo(401);
        // Another tenant's admin sees none of this tenant's certificates.
        Map<String, String> otherAdmin = claims(UUID.randomUUID().toString(), "x", List.of("CONTACT_CENTER_ADMIN"),
                List.of(), false);
        assertThat(json(call("GET /api/v2/settings/certificates", null, null, otherAdmin)).get("certificates")).isEmpty();
    }

    private static void assertReason(APIGatewayV2HTTPResponse response, String field, String reason) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(json(response).get("field").asText()).isEqualTo(field);
        assertThat(json(response).get("message").asText()).contains(reason);
    }
}
