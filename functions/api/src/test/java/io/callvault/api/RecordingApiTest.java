package io.callvault.api;

import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.env;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.json.Json;
import io.callvault.core.store.AuditTrail;
import io.callvault.standins.StandInStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The recording endpoints through their real handler classes, on DynamoDB Local and s3proxy. */
class RecordingApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String INGEST = "POST /internal-api/contact-centers/{ccid}/recordings";
    static final String GET = "GET /api/v2/recordings/{id}";
    static final String DELETE = "DELETE /api/v2/recordings/{id}";
    static final List<String> ALL = List.of("RECORDING_INGEST", "RECORDING_READ", "RECORDING_DELETE");

    final RecordingIngestHandler ingest = new RecordingIngestHandler(env(RecordingIngestHandler.class));
    final RecordingHandler recordings = new RecordingHandler(env(RecordingHandler.class));
    final String mediaBucket = STACK.resourceName("MediaBucket");
    String ccid;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("tenant-");
    }

    APIGatewayV2HTTPResponse post(String body) {
        return post(ccid, body, claims(ccid, "mcp", ALL, List.of("/"), false));
    }

    APIGatewayV2HTTPResponse post(String pathCcid, String body, Map<String, String> claims) {
        return ingest.handleRequest(event(INGEST, Map.of("ccid", pathCcid), null, body, claims), null);
    }

    APIGatewayV2HTTPResponse get(String id, Map<String, String> claims) {
        return recordings.handleRequest(event(GET, Map.of("id", id), null, null, claims), null);
    }

    APIGatewayV2HTTPResponse delete(String id, String mode, Map<String, String> claims) {
        return recordings.handleRequest(event(DELETE, Map.of("id", id), mode == null ? null : Map.of("mode", mode),
                null, claims), null);
    }

    Map<String, String> supervisor(String... groups) {
        return claims(ccid, "sup", ALL, List.of(groups), false);
    }

    // ------------------------------------------------------------------ ingest

    @Test
    void ingestsTheGuidesRecordingAndGivesItBack() {
        assertThat(post(GuideFixtures.callRecordingPost(0).toString()).getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPResponse second = post(GuideFixtures.callRecordingPost(1).toString());
        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(json(second).get("statusCode").asInt()).isZero();

        APIGatewayV2HTTPResponse got = get(GuideFixtures.CALL_ID, supervisor("/"));
        assertThat(got.getStatusCode()).isEqualTo(200);
        JsonNode recording = json(got).get("recording");
        assertThat(json(got).get("statusCode").asInt()).isZero();
        assertThat(recording.get("mediaFiles")).hasSize(2);
        assertThat(recording.get("eventHistory")).hasSize(10);
        assertThat(recording.get("screenRecording").asBoolean()).isTrue();
        JsonNode file = recording.get("mediaFiles").get(0);
        assertThat(file.get("mediaUri").asText()).matches(
                "https://rec\\.example\\.com/api/v2/recordings/" + GuideFixtures.CALL_ID + "/play/[0-9a-f-]{36}\\.mp3");
        assertThat(file.get("mediaPath").asText()).startsWith("/recordings/" + GuideFixtures.CALL_ID + "/play/");
        assertThat(file.get("parameters").has("rp.speechminer_auth")).isFalse();
    }

    @Test
    void aRepeatedPostGetsTheSameAnswer() {
        String body = GuideFixtures.callRecordingPost(0).toString();
        APIGatewayV2HTTPResponse first = post(body);
        APIGatewayV2HTTPResponse again = post(body);
        assertThat(again.getStatusCode()).isEqualTo(first.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(first.getBody());
    }

    @Test
    void theSameMediaIdWithOtherContentIs409() {
        ObjectNode body = GuideFixtures.callRecordingPost(0);
        post(body.toString());
        ((ObjectNode) body.get("mediaFiles").get(0)).put("size", "1");
        APIGatewayV2HTTPResponse response = post(body.toString());
        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(json(response).get("message").asText()).contains("different content");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{", "{\"id\":", "[1,2", "not json", "{\"id\":\"A\",}", "{\"a\":1}{\"b\":2}x", "\"just a string\""})
    void malformedOrTruncatedJsonIs400(String body) {
        APIGatewayV2HTTPResponse response = post(body);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isNotBlank();
    }

    @Test
    void missingWrongTypeAndInvalidFieldsAre400NamingTheField() {
        ObjectNode noStop = GuideFixtures.callRecordingPost(0);
        noStop.remove("stopTime");
        assertField(post(noStop.toString()), "stopTime");

        ObjectNode wrongType = GuideFixtures.callRecordingPost(0);
        wrongType.put("mediaFiles", "one");
        assertField(post(wrongType.toString()), "mediaFiles");

        ObjectNode badTime = GuideFixtures.callRecordingPost(0);
        ((ObjectNode) badTime.get("mediaFiles").get(0)).put("startTime", "2015-06-24T20:18:31");
        assertField(post(badTime.toString()), "mediaFiles[0].startTime");

        ObjectNode idNumber = GuideFixtures.callRecordingPost(0);
        idNumber.put("id", 12345);
        assertField(post(idNumber.toString()), "id");
    }

    @Test
    void emptyNonUtf8AndFakeBase64BodiesAre400() {
        assertThat(post("").getStatusCode()).isEqualTo(400);
        assertThat(post((String) null).getStatusCode()).isEqualTo(400);
        APIGatewayV2HTTPEvent latin1 = event(INGEST, Map.of("ccid", ccid), null,
                Base64.getEncoder().encodeToString("{\"id\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)),
                claims(ccid, "mcp", ALL, List.of("/"), false));
        latin1.setIsBase64Encoded(true);
        assertThat(ingest.handleRequest(latin1, null).getStatusCode()).isEqualTo(400);
        APIGatewayV2HTTPEvent fake = event(INGEST, Map.of("ccid", ccid), null, "%%%not-base64%%%",
                claims(ccid, "mcp", ALL, List.of("/"), false));
        fake.setIsBase64Encoded(true);
        assertThat(ingest.handleRequest(fake, null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        ObjectNode big = GuideFixtures.callRecordingPost(0);
        ((ObjectNode) big.get("mediaFiles").get(0).get("parameters")).put("padding", "x".repeat(1 << 20));
        APIGatewayV2HTTPResponse response = post(big.toString());
        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(get(GuideFixtures.CALL_ID, supervisor("/")).getStatusCode()).isEqualTo(404);
    }

    @Test
    void hostileJsonIsRefusedCleanly() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(post(deep).getStatusCode()).isEqualTo(400);
        String duplicateKeys = "{\"id\":\"A\",\"id\":\"B\"}";
        assertThat(post(duplicateKeys).getStatusCode()).isEqualTo(400);
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(strings = {"../../etc/passwd", "a/b", "a%2Fb", "a\u0000b", "a\nb", "a b", ".."})
    void hostileIdsAre400AndStoreNothing(String id) {
        ObjectNode body = GuideFixtures.callRecordingPost(0);
        body.put("id", id);
        assertField(post(body.toString()), "id");
        assertThat(get(id, supervisor("/")).getStatusCode()).isEqualTo(400);
    }

    @Test
    void tenKilobyteIdsAre400() {
        String id = "A".repeat(10_240);
        ObjectNode body = GuideFixtures.callRecordingPost(0);
        body.put("id", id);
        assertField(post(body.toString()), "id");
        assertThat(get(id, supervisor("/")).getStatusCode()).isEqualTo(400);
        assertThat(post(id, GuideFixtures.callRecordingPost(0).toString(),
                claims(id, "mcp", ALL, List.of("/"), false)).getStatusCode()).isEqualTo(400);
    }

    @Test
    void tokenFaultsAre401Or403() {
        String body = GuideFixtures.callRecordingPost(0).toString();
        assertThat(post(ccid, body, null).getStatusCode()).isEqualTo(401);
        String other = UUID.randomUUID().toString();
        assertThat(post(ccid, body, claims(other, "mcp", ALL, List.of("/"), false)).getStatusCode()).isEqualTo(403);
        assertThat(post(ccid, body, claims(ccid, "mcp", List.of("RECORDING_READ"), List.of("/"), false))
                .getStatusCode()).isEqualTo(403);
        assertThat(get(GuideFixtures.CALL_ID, claims(ccid, "x", List.of(), List.of("/"), false)).getStatusCode())
                .isEqualTo(403);
        assertThat(get(GuideFixtures.CALL_ID, claims(null, "x", ALL, List.of("/"), false)).getStatusCode())
                .isEqualTo(403);
    }

    @Test
    void anUnknownContactCenterIs404() {
        String unknown = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse response = post(unknown, GuideFixtures.callRecordingPost(0).toString(),
                claims(unknown, "mcp", ALL, List.of("/"), false));
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).contains("not known");
    }

    // ------------------------------------------------------------------ get

    @Test
    void getShowsOnlyTheSegmentsTheCallerMaySee() {
        post(GuideFixtures.callRecordingPost(0).toString());
        post(GuideFixtures.callRecordingPost(1).toString());

        JsonNode salesOnly = json(get(GuideFixtures.CALL_ID, supervisor("sales"))).get("recording");
        assertThat(salesOnly.get("mediaFiles")).hasSize(1);
        assertThat(salesOnly.get("mediaFiles").get(0).get("partitions").get(0).asText()).isEqualTo("sales");

        assertThat(json(get(GuideFixtures.CALL_ID, supervisor("/team1"))).get("recording").get("mediaFiles")).hasSize(2);
        assertThat(get(GuideFixtures.CALL_ID, supervisor("/team2")).getStatusCode()).isEqualTo(404);

        Map<String, String> agent = claims(ccid, "agent1001", List.of(), List.of(), true);
        JsonNode own = json(get(GuideFixtures.CALL_ID, agent)).get("recording");
        assertThat(own.get("mediaFiles")).hasSize(1);
        assertThat(own.get("mediaFiles").get(0).get("parameters").get("username").asText()).isEqualTo("agent1001");
    }

    @Test
    void getOfAnUnknownOrAnotherTenantsRecordingIs404() {
        assertThat(get("NOSUCHRECORDING", supervisor("/")).getStatusCode()).isEqualTo(404);
        post(GuideFixtures.callRecordingPost(0).toString());
        String other = UUID.randomUUID().toString();
        assertThat(get(GuideFixtures.CALL_ID, claims(other, "sup", ALL, List.of("/"), false)).getStatusCode())
                .isEqualTo(404);
    }

    // ------------------------------------------------------------------ delete

    @Test
    void deleteRemovesMetadataAndMediaAndIsAudited() {
        String key = ccid + "/voice/2015/06/24/" + GuideFixtures.CALL_ID + "/seg0.mp3";
        STACK.s3().putObject(b -> b.bucket(mediaBucket).key(key), RequestBody.fromString("mp3 bytes"));
        ObjectNode body = GuideFixtures.callRecordingPost(0);
        ((ObjectNode) body.get("mediaFiles").get(0)).set("mediaDescriptor", Json.object().put("storage", "S3")
                .put("path", key).set("data", Json.object().put("bucket", mediaBucket)));
        assertThat(post(body.toString()).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse deleted = delete(GuideFixtures.CALL_ID, null, supervisor("/"));

        assertThat(deleted.getStatusCode()).isEqualTo(200);
        assertThat(get(GuideFixtures.CALL_ID, supervisor("/")).getStatusCode()).isEqualTo(404);
        assertThat(objectExists(key)).isFalse();
        var audit = new AuditTrail(STACK.dynamo(), STACK.resourceName("AuditTable"), Clock.systemUTC()).list(ccid);
        assertThat(audit).extracting(AuditTrail.Entry::outcome).containsExactly("requested", "succeeded");
        assertThat(audit).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("Delete metadata and media-files of call-recording");
            assertThat(e.target()).isEqualTo(GuideFixtures.CALL_ID);
            assertThat(e.actor()).isEqualTo("sup");
        });
        // The same mediaId may be posted again after a delete.
        assertThat(post(body.toString()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void metadataOnlyDeleteKeepsTheMedia() {
        String key = ccid + "/voice/seg0.mp3";
        STACK.s3().putObject(b -> b.bucket(mediaBucket).key(key), RequestBody.fromString("mp3 bytes"));
        ObjectNode body = GuideFixtures.callRecordingPost(0);
        ((ObjectNode) body.get("mediaFiles").get(0)).set("mediaDescriptor", Json.object().put("storage", "S3")
                .put("path", key).set("data", Json.object().put("bucket", mediaBucket)));
        post(body.toString());

        assertThat(delete(GuideFixtures.CALL_ID, "metadata-only", supervisor("/")).getStatusCode()).isEqualTo(200);
        assertThat(get(GuideFixtures.CALL_ID, supervisor("/")).getStatusCode()).isEqualTo(404);
        assertThat(objectExists(key)).isTrue();
    }

    @Test
    void aDescriptorCannotReachAnotherTenantsMedia() {
        String victim = "some-other-tenant/voice/secret.mp3";
        STACK.s3().putObject(b -> b.bucket(mediaBucket).key(victim), RequestBody.fromString("not yours"));
        ObjectNode body = GuideFixtures.callRecordingPost(0);
        ((ObjectNode) body.get("mediaFiles").get(0)).set("mediaDescriptor", Json.object().put("storage", "S3")
                .put("path", victim).set("data", Json.object().put("bucket", mediaBucket)));
        post(body.toString());

        assertThat(delete(GuideFixtures.CALL_ID, null, supervisor("/")).getStatusCode()).isEqualTo(200);
        assertThat(objectExists(victim)).isTrue();
    }

    @Test
    void deleteRefusesWhatItMustNotDo() {
        post(GuideFixtures.callRecordingPost(0).toString());
        assertThat(delete(GuideFixtures.CALL_ID, "everything", supervisor("/")).getStatusCode()).isEqualTo(400);
        assertThat(delete(GuideFixtures.CALL_ID, null, claims(ccid, "r", List.of("RECORDING_READ"), List.of("/"), false))
                .getStatusCode()).isEqualTo(403);
        assertThat(delete("NOSUCHRECORDING", null, supervisor("/")).getStatusCode()).isEqualTo(404);
        assertThat(delete("a/../b", null, supervisor("/")).getStatusCode()).isEqualTo(400);
        assertThat(delete(GuideFixtures.CALL_ID, null, supervisor("/team2")).getStatusCode()).isEqualTo(404);
        assertThat(get(GuideFixtures.CALL_ID, supervisor("/")).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aProtectedRecordingCannotBeDeleted() {
        ObjectNode body = GuideFixtures.callRecordingPost(0);
        body.put("nonDelete", true);
        post(body.toString());
        APIGatewayV2HTTPResponse response = delete(GuideFixtures.CALL_ID, null, supervisor("/"));
        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(get(GuideFixtures.CALL_ID, supervisor("/")).getStatusCode()).isEqualTo(200);
    }

    private boolean objectExists(String key) {
        try {
            STACK.s3().headObject(b -> b.bucket(mediaBucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void assertField(APIGatewayV2HTTPResponse response, String field) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(json(response).get("field").asText()).isEqualTo(field);
        assertThat(json(response).get("statusCode").asInt()).isEqualTo(400);
    }
}
