package io.callvault.api;

import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.standins.StandInStack;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET}/{@code PUT /api/v2/settings/encryption} through the handler, on DynamoDB Local: the per-tenant
 * key transport option of the architecture's "Encryption" decision (OAEP by default, PKCS#1 v1.5 on request).
 */
class EncryptionSettingsApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String GET = "GET /api/v2/settings/encryption";
    static final String PUT = "PUT /api/v2/settings/encryption";

    final CertificateHandler handler = new CertificateHandler(ApiEvents.env(CertificateHandler.class));
    String ccid;
    Map<String, String> keyAdmin;

    @BeforeEach
    void tenant() {
        ccid = UUID.randomUUID().toString();
        keyAdmin = claims(ccid, "keyadmin", List.of("RECORDING_KEY_ADMIN"), List.of(), false);
    }

    APIGatewayV2HTTPResponse call(String routeKey, String body, Map<String, String> who) {
        return handler.handleRequest(event(routeKey, null, null, body, who), null);
    }

    APIGatewayV2HTTPResponse put(String body) {
        return call(PUT, body, keyAdmin);
    }

    String keyTransport(Map<String, String> who) {
        APIGatewayV2HTTPResponse got = call(GET, null, who);
        assertThat(got.getStatusCode()).as(got.getBody()).isEqualTo(200);
        return json(got).get("keyTransport").asText();
    }

    @Test
    void aTenantThatNeverChoseGetsOaepWithAes256Cbc() {
        APIGatewayV2HTTPResponse got = call(GET, null, keyAdmin);
        assertThat(got.getStatusCode()).as(got.getBody()).isEqualTo(200);
        assertThat(json(got).toString())
                .isEqualTo("{\"statusCode\":0,\"keyTransport\":\"RSA-OAEP-SHA256\",\"contentEncryption\":\"AES-256-CBC\"}");
    }

    @Test
    void putThenGetAndPuttingTheSameValueAgainChangesNothing() {
        APIGatewayV2HTTPResponse set = put("{\"keyTransport\":\"RSA-PKCS1-v1_5\"}");
        assertThat(set.getStatusCode()).as(set.getBody()).isEqualTo(200);
        assertThat(json(set).toString())
                .isEqualTo("{\"statusCode\":0,\"keyTransport\":\"RSA-PKCS1-v1_5\",\"contentEncryption\":\"AES-256-CBC\"}");
        assertThat(keyTransport(keyAdmin)).isEqualTo("RSA-PKCS1-v1_5");

        APIGatewayV2HTTPResponse again = put("{\"keyTransport\":\"RSA-PKCS1-v1_5\"}");
        assertThat(again.getBody()).isEqualTo(set.getBody());
        assertThat(keyTransport(keyAdmin)).isEqualTo("RSA-PKCS1-v1_5");

        // Back to the default; the wire names are read ignoring case and written canonically.
        assertThat(json(put("{\"keyTransport\":\"rsa-oaep-sha256\"}")).get("keyTransport").asText()).isEqualTo("RSA-OAEP-SHA256");
        assertThat(keyTransport(keyAdmin)).isEqualTo("RSA-OAEP-SHA256");
    }

    @Test
    void aGetBodySentBackIsAcceptedAndOtherFieldsAreIgnoredAsElsewhereInTheApi() {
        assertThat(put("{\"statusCode\":0,\"keyTransport\":\"RSA-PKCS1-v1_5\",\"contentEncryption\":\"AES-256-CBC\"}")
                .getStatusCode()).isEqualTo(200);
        assertThat(put("{\"keyTransport\":\"RSA-OAEP-SHA256\",\"comment\":\"back to the default\"}").getStatusCode())
                .isEqualTo(200);
        assertThat(keyTransport(keyAdmin)).isEqualTo("RSA-OAEP-SHA256");
    }

    @Test
    void badValuesWrongTypesAndMalformedJsonAre400AndChangeNothing() {
        put("{\"keyTransport\":\"RSA-PKCS1-v1_5\"}");
        for (String body : List.of("{\"keyTransport\":\"RSA-OAEP\"}", "{\"keyTransport\":\"RSA_PKCS1_V15\"}",
                "{\"keyTransport\":\"\"}", "{\"keyTransport\":\"AES-256-GCM\"}")) {
            APIGatewayV2HTTPResponse r = put(body);
            assertThat(r.getStatusCode()).as(body).isEqualTo(400);
            assertThat(json(r).get("field").asText()).isEqualTo("keyTransport");
            assertThat(json(r).get("message").asText()).contains("RSA-OAEP-SHA256", "RSA-PKCS1-v1_5");
        }
        for (String body : List.of("{\"keyTransport\":1}", "{\"keyTransport\":[\"RSA-OAEP-SHA256\"]}",
                "{\"keyTransport\":{}}", "{\"keyTransport\":true}", "{\"keyTransport\":null}", "{}")) {
            APIGatewayV2HTTPResponse r = put(body);
            assertThat(r.getStatusCode()).as(body).isEqualTo(400);
            assertThat(json(r).get("field").asText()).as(body).isEqualTo("keyTransport");
            assertThat(json(r).get("message").asText()).as(body).contains("RSA-OAEP-SHA256", "RSA-PKCS1-v1_5");
        }
        APIGatewayV2HTTPResponse content = put("{\"keyTransport\":\"RSA-OAEP-SHA256\",\"contentEncryption\":\"AES-128-CBC\"}");
        assertThat(content.getStatusCode()).isEqualTo(400);
        assertThat(json(content).get("field").asText()).isEqualTo("contentEncryption");
        for (String body : new String[] {"{", "{\"keyTransport\":\"RSA-OAEP-SHA256\"", "\"RSA-OAEP-SHA256\"", "[]",
                "{\"keyTransport\":\"RSA-OAEP-SHA256\",\"keyTransport\":\"RSA-PKCS1-v1_5\"}", null}) {
            APIGatewayV2HTTPResponse r = put(body);
            assertThat(r.getStatusCode()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(json(r).get("statusCode").asInt()).isEqualTo(400);
        }
        assertThat(keyTransport(keyAdmin)).as("nothing above changed the setting").isEqualTo("RSA-PKCS1-v1_5");
    }

    @Test
    void itNeedsTheKeyOrContactCenterAdminPermissionAndStaysWithinTheTokensTenant() {
        Map<String, String> ccAdmin = claims(ccid, "ccadmin", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
        assertThat(call(PUT, "{\"keyTransport\":\"RSA-PKCS1-v1_5\"}", ccAdmin).getStatusCode()).isEqualTo(200);
        assertThat(keyTransport(ccAdmin)).isEqualTo("RSA-PKCS1-v1_5");

        for (List<String> permissions : List.of(List.of("RECORDING_READ", "RECORDING_PLAY", "RECORDING_INGEST"),
                List.of("OPS"), List.<String>of())) {
            Map<String, String> other = claims(ccid, "u", permissions, List.of("/"), false);
            assertThat(call(GET, null, other).getStatusCode()).as("%s", permissions).isEqualTo(403);
            assertThat(call(PUT, "{\"keyTransport\":\"RSA-OAEP-SHA256\"}", other).getStatusCode()).as("%s", permissions)
                    .isEqualTo(403);
        }
        assertThat(call(GET, null, null).getStatusCode()).isEqualTo(401);
        assertThat(call(PUT, "{\"keyTransport\":\"RSA-OAEP-SHA256\"}", null).getStatusCode()).isEqualTo(401);
        assertThat(call(GET, null, claims(null, "x", List.of("RECORDING_KEY_ADMIN"), List.of(), false)).getStatusCode())
                .isEqualTo(403);

        // Another tenant's admin reads and writes only its own setting, never this one.
        Map<String, String> otherAdmin = claims(UUID.randomUUID().toString(), "x", List.of("RECORDING_KEY_ADMIN",
                "CONTACT_CENTER_ADMIN"), List.of(), false);
        assertThat(keyTransport(otherAdmin)).isEqualTo("RSA-OAEP-SHA256");
        assertThat(call(PUT, "{\"keyTransport\":\"RSA-OAEP-SHA256\"}", otherAdmin).getStatusCode()).isEqualTo(200);
        assertThat(keyTransport(keyAdmin)).isEqualTo("RSA-PKCS1-v1_5");
    }
}
