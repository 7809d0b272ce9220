package io.callvault.api;

import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.standins.StandInStack;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaUploadApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String ROUTE = "POST /internal-api/contact-centers/{ccid}/media-uploads";

    final MediaUploadHandler handler = new MediaUploadHandler(ApiEvents.env(MediaUploadHandler.class));
    final String ingestBucket = STACK.resourceName("IngestBucket");
    String ccid;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("uploads-");
    }

    APIGatewayV2HTTPResponse presign(String body) {
        return presign(ccid, body, claims(ccid, "mcp", List.of("RECORDING_INGEST"), List.of(), false));
    }

    APIGatewayV2HTTPResponse presign(String pathCcid, String body, Map<String, String> claims) {
        return handler.handleRequest(event(ROUTE, Map.of("ccid", pathCcid), null, body, claims), null);
    }

    @Test
    void aPresignedPutLandsUnderTheIngestKeyWithExactlyTheDeclaredSize() throws Exception {
        byte[] audio = "ID3 fake mp3 payload".getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPResponse response = presign("{\"mediaId\":\"m-1.mp3\",\"contentType\":\"audio/mp3\",\"size\":"
                + audio.length + "}");
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("statusCode").asInt()).isZero();
        assertThat(body.get("method").asText()).isEqualTo("PUT");

        assertThat(put(body, audio)).isEqualTo(200);
        byte[] stored = STACK.s3().getObjectAsBytes(b -> b.bucket(ingestBucket).key(ccid + "/calls/m-1.mp3")).asByteArray();
        assertThat(stored).isEqualTo(audio);

        // Another length than the one signed is refused by S3 itself.
        assertThat(put(body, "longer than declared".repeat(3).getBytes(StandardCharsets.UTF_8))).isEqualTo(403);
    }

    @Test
    void uploadsOverTheGuidesCapAre413() {
        APIGatewayV2HTTPResponse response = presign("{\"mediaId\":\"big.mp4\",\"contentType\":\"video/mp4\",\"size\":"
                + (MediaUploadService.MAX_UPLOAD_BYTES + 1) + "}");
        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(presign("{\"mediaId\":\"edge.mp4\",\"contentType\":\"video/mp4\",\"size\":"
                + MediaUploadService.MAX_UPLOAD_BYTES + "}").getStatusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = {"", "{", "[]", "{\"contentType\":\"audio/mp3\",\"size\":1}",
            "{\"mediaId\":\"../x\",\"contentType\":\"audio/mp3\",\"size\":1}",
            "{\"mediaId\":\"a/b\",\"contentType\":\"audio/mp3\",\"size\":1}",
            "{\"mediaId\":\"m\",\"contentType\":\"text/html\",\"size\":1}",
            "{\"mediaId\":\"m\",\"contentType\":7,\"size\":1}",
            "{\"mediaId\":\"m\",\"contentType\":\"audio/mp3\"}",
            "{\"mediaId\":\"m\",\"contentType\":\"audio/mp3\",\"size\":-1}",
            "{\"mediaId\":\"m\",\"contentType\":\"audio/mp3\",\"size\":\"12\"}",
            "{\"mediaId\":\"m\",\"contentType\":\"audio/mp3\",\"size\":1.5}"})
    void badRequestsAre400(String body) {
        APIGatewayV2HTTPResponse response = presign(body);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
    }

    @Test
    void tenantAndPermissionAreChecked() {
        String body = "{\"mediaId\":\"m.mp3\",\"contentType\":\"audio/mp3\",\"size\":1}";
        assertThat(presign(ccid, body, claims(ccid, "r", List.of("RECORDING_READ"), List.of(), false)).getStatusCode())
                .isEqualTo(403);
        String other = UUID.randomUUID().toString();
        assertThat(presign(ccid, body, claims(other, "m", List.of("RECORDING_INGEST"), List.of(), false))
                .getStatusCode()).isEqualTo(403);
        assertThat(presign(other, body, claims(other, "m", List.of("RECORDING_INGEST"), List.of(), false))
                .getStatusCode()).isEqualTo(404);
        assertThat(presign(ccid, body, null).getStatusCode()).isEqualTo(401);
    }

    static int put(JsonNode presigned, byte[] body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(presigned.get("uploadUrl").asText()).toURL().openConnection();
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        presigned.get("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                c.setRequestProperty(h.getKey(), h.getValue().asText());
            }
        });
        c.getOutputStream().write(body);
        return c.getResponseCode();
    }
}
