package io.callvault.api;

import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.standins.StandInStack;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContactCenterApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final Map<String, String> OPS = claims(null, "ops", List.of("OPS"), List.of(), false);

    final ContactCenterHandler handler = new ContactCenterHandler(ApiEvents.env(ContactCenterHandler.class));
    final DiagnosticsHandler diagnostics = new DiagnosticsHandler(ApiEvents.env(DiagnosticsHandler.class));

    APIGatewayV2HTTPResponse create(String body, Map<String, String> claims) {
        return handler.handleRequest(event("POST /api/v2/ops/contact-centers", null, null, body, claims), null);
    }

    APIGatewayV2HTTPResponse list(Map<String, String> claims) {
        return handler.handleRequest(event("GET /api/v2/ops/contact-centers", null, null, null, claims), null);
    }

    @Test
    void createsAndListsContactCenters() {
        String name = "Acme " + UUID.randomUUID();
        APIGatewayV2HTTPResponse created = create("{\"name\":\"" + name + "\",\"region\":\"us\"}", OPS);

        assertThat(created.getStatusCode()).isEqualTo(200);
        JsonNode body = json(created);
        assertThat(body.get("statusCode").asInt()).isZero();
        String id = body.get("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(body.get("paths").get(0).asText()).isEqualTo("/contact-centers/" + id);

        JsonNode listed = json(list(OPS)).get("contactCenters");
        assertThat(listed.findValuesAsText("id")).contains(id);
        JsonNode mine = null;
        for (JsonNode cc : listed) {
            if (cc.get("id").asText().equals(id)) {
                mine = cc;
            }
        }
        assertThat(mine.get("name").asText()).isEqualTo(name);
        assertThat(mine.get("region").asText()).isEqualTo("us");
        assertThat(mine.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    }

    @Test
    void aRetriedCreateReturnsTheSameTenantAndAClashingOneIs409() {
        String name = "Retry " + UUID.randomUUID();
        String first = json(create("{\"name\":\"" + name + "\",\"region\":\"eu\"}", OPS)).get("id").asText();
        String again = json(create("{\"name\":\"" + name.toUpperCase() + "\",\"region\":\"eu\"}", OPS)).get("id").asText();
        assertThat(again).isEqualTo(first);

        assertThat(create("{\"name\":\"" + name + "\",\"region\":\"us\"}", OPS).getStatusCode()).isEqualTo(409);
        String explicit = UUID.randomUUID().toString();
        assertThat(create("{\"id\":\"" + explicit + "\",\"name\":\"N " + explicit + "\",\"region\":\"us\"}", OPS)
                .getStatusCode()).isEqualTo(200);
        assertThat(create("{\"id\":\"" + explicit + "\",\"name\":\"Other " + explicit + "\",\"region\":\"us\"}", OPS)
                .getStatusCode()).isEqualTo(409);
    }

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = {"", "{", "[]", "{\"region\":\"us\"}", "{\"name\":\"x\"}", "{\"name\":5,\"region\":\"us\"}",
            "{\"name\":\"x\",\"region\":[\"us\"]}", "{\"name\":\"a\\u0000b\",\"region\":\"us\"}",
            "{\"name\":\"x\",\"region\":\"../us\"}", "{\"name\":\"   \",\"region\":\"us\"}",
            "{\"name\":\"x\",\"region\":\"us\",\"id\":\"not-a-uuid\"}", "{\"name\":\"x\",\"region\":\"us\",\"id\":7}"})
    void badBodiesAre400(String body) {
        APIGatewayV2HTTPResponse response = create(body, OPS);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isNotBlank();
    }

    @Test
    void oversizedBodiesAre413() {
        String body = "{\"name\":\"" + "x".repeat(1 << 20) + "\",\"region\":\"us\"}";
        assertThat(create(body, OPS).getStatusCode()).isEqualTo(413);
    }

    @Test
    void opsPathsNeedTheOpsPermission() {
        Map<String, String> admin = claims(UUID.randomUUID().toString(), "admin", List.of("CONTACT_CENTER_ADMIN",
                "RECORDING_READ"), List.of("/"), false);
        assertThat(create("{\"name\":\"x\",\"region\":\"us\"}", admin).getStatusCode()).isEqualTo(403);
        assertThat(list(admin).getStatusCode()).isEqualTo(403);
        assertThat(list(null).getStatusCode()).isEqualTo(401);
    }

    @Test
    void versionAnswersInTheGuidesEnvelope() {
        APIGatewayV2HTTPResponse response = diagnostics.handleRequest(
                event("GET /api/v2/diagnostics/version", null, null, null, claims("c", "u", List.of(), List.of(), false)), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("statusCode").asInt()).isZero();
        assertThat(json(response).get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(diagnostics.handleRequest(event("GET /api/v2/diagnostics/version", null, null, null, null), null)
                .getStatusCode()).isEqualTo(401);
    }
}
