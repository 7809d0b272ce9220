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
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.standins.StandInStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Screen recordings through the real handlers: metadata posted, video uploaded to the presigned URL, the
 * S3 event ingested, then read, played and linked to its call.
 */
class ScreenRecordingApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String POST = "POST /internal-api/contact-centers/{ccid}/screen-recordings";
    static final String CALL_ID = GuideFixtures.CALL_ID;
    static final String SCREEN_ID = CALL_ID + "_2017-03-30_17-00-18";

    final ScreenRecordingIngestHandler screens = new ScreenRecordingIngestHandler(env(ScreenRecordingIngestHandler.class));
    final RecordingHandler reads = new RecordingHandler(env(RecordingHandler.class));
    final PlaybackHandler playback = new PlaybackHandler(env(PlaybackHandler.class));
    final MediaIngestHandler ingest = new MediaIngestHandler(env(MediaIngestHandler.class));
    String ccid;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("screens-");
        var certs = new CertificateHandler(env(CertificateHandler.class));
        certs.handleRequest(event("POST /api/v2/settings/certificates", null, null, Json.object().put("alias", "scr")
                .put("certificate", TestPki.pem(TestPki.selfSigned(TestPki.ALICE, "scr"))).toString(), admin()), null);
        certs.handleRequest(event("POST /api/v2/settings/private-keys", null, null, Json.object().put("alias", "scr")
                .put("privateKey", TestPki.pkcs8Pem(TestPki.ALICE.getPrivate())).toString(), admin()), null);
    }

    Map<String, String> admin() {
        return claims(ccid, "admin", List.of("RECORDING_INGEST", "RECORDING_READ", "RECORDING_PLAY",
                "RECORDING_DELETE", "RECORDING_KEY_ADMIN"), List.of("/"), false);
    }

    Map<String, String> reader(String user, List<String> groups, boolean agent) {
        return claims(ccid, user, List.of("RECORDING_READ", "RECORDING_PLAY"), groups, agent);
    }

    /** The guide's screen recording example, of the guide's call example, with a media file of {@code size} bytes. */
    static ObjectNode screenPost(long size) {
        ObjectNode post = GuideFixtures.screenRecording().put("id", SCREEN_ID).put("callRecordingId", CALL_ID);
        ((ObjectNode) post.get("mediaFiles").get(0)).put("size", Long.toString(size));
        return post;
    }

    APIGatewayV2HTTPResponse postScreen(String body, Map<String, String> who) {
        return screens.handleRequest(event(POST, Map.of("ccid", ccid), null, body, who), null);
    }

    APIGatewayV2HTTPResponse get(String route, String id, Map<String, String> who) {
        return reads.handleRequest(event(route, Map.of("id", id), null, null, who), null);
    }

    APIGatewayV2HTTPResponse content(String id, String file, Map<String, String> who) {
        return playback.handleRequest(event("GET /api/v2/screen-recordings/{id}/content/{mediaFile}",
                Map.of("id", id, "mediaFile", file), null, null, who), null);
    }

    /** Posts the screen's metadata, PUTs the video to the presigned URL, and delivers the S3 event. */
    String uploadScreen(byte[] video) throws Exception {
        return uploadScreen(screenPost(video.length), video);
    }

    String uploadScreen(ObjectNode post, byte[] video) throws Exception {
        APIGatewayV2HTTPResponse r = postScreen(post.toString(), admin());
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.get("id").asText()).isEqualTo(SCREEN_ID);
        assertThat(answer.get("paths").get(0).asText()).isEqualTo("/screen-recordings/" + SCREEN_ID);
        JsonNode upload = answer.get("uploads").get(0);
        String mediaId = upload.get("mediaId").asText();
        assertThat(MediaUploadApiTest.put(upload, video)).isEqualTo(200);
        String key = ccid + "/screens/" + mediaId;
        assertThat(STACK.s3().headObject(b -> b.bucket(STACK.resourceName("IngestBucket")).key(key)).contentLength())
                .isEqualTo(video.length);
        ingest.handleRequest(MediaIngestTest.s3Event(STACK.resourceName("IngestBucket"), key), null);
        return mediaId;
    }

    static byte[] video(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static String playFile(JsonNode recording) {
        String path = recording.get("mediaFiles").get(0).get("mediaPath").asText();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    void postCall(boolean screenRecordingFlag) {
        ObjectNode call = GuideFixtures.callRecording().put("screenRecording", screenRecordingFlag);
        var r = new RecordingIngestHandler(env(RecordingIngestHandler.class)).handleRequest(event(
                "POST /internal-api/contact-centers/{ccid}/recordings", Map.of("ccid", ccid), null, call.toString(),
                admin()), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    }

    @Test
    void anUploadedScreenRecordingIsStoredEncryptedReadablePlayableAndExportable(@TempDir Path dir) throws Exception {
        byte[] video = video(300_017);
        String mediaId = uploadScreen(video);

        APIGatewayV2HTTPResponse got = get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, admin());
        assertThat(got.getStatusCode()).as(got.getBody()).isEqualTo(200);
        JsonNode screen = json(got).get("screenRecording");
        assertThat(screen.get("callRecordingId").asText()).isEqualTo(CALL_ID);
        JsonNode file = screen.get("mediaFiles").get(0);
        assertThat(file.get("mediaId").asText()).isEqualTo(mediaId);
        assertThat(file.get("pkcs7").asText()).startsWith("-----BEGIN PKCS7-----");
        assertThat(file.get("certAlias")).extracting(JsonNode::asText).containsExactly("scr");
        assertThat(file.get("mediaPath").asText()).matches("/screen-recordings/" + SCREEN_ID + "/content/[0-9a-f-]{36}\\.mp4");
        assertThat(file.get("parameters").get("contact").get("userName").asText()).isEqualTo("agent1000");
        assertThat(STACK.s3().listObjectsV2(b -> b.bucket(STACK.resourceName("IngestBucket")).prefix(ccid + "/"))
                .contents()).as("the ingest object is gone").isEmpty();
        var stored = STACK.s3().listObjectsV2(b -> b.bucket(STACK.resourceName("MediaBucket")).prefix(ccid + "/screen/"))
                .contents();
        assertThat(stored).hasSize(1);
        byte[] ciphertext = STACK.s3().getObjectAsBytes(b -> b.bucket(STACK.resourceName("MediaBucket"))
                .key(stored.get(0).key())).asByteArray();
        assertThat(ciphertext).hasSize((video.length / 16 + 1) * 16);

        APIGatewayV2HTTPResponse played = content(SCREEN_ID, playFile(screen), admin());
        assertThat(played.getStatusCode()).as(played.getBody()).isEqualTo(200);
        assertThat(PlaybackTest.body(played)).isEqualTo(video);
        assertThat(played.getHeaders()).containsEntry("content-type", "video/mp4");

        String p7m = playFile(screen).replace(".mp4", ".p7m");
        APIGatewayV2HTTPResponse exported = playback.handleRequest(event("GET /api/v2/screen-recordings/{id}/export/{mediaFile}",
                Map.of("id", SCREEN_ID, "mediaFile", p7m), null, null, admin()), null);
        assertThat(exported.getStatusCode()).as(exported.getBody()).isEqualTo(200);
        assertThat(ExportTest.opensslDecrypt(dir, PlaybackTest.body(exported), "cms")).isEqualTo(video);
    }

    @Test
    void theCallShowsItsScreenRecordingWhicheverArrivesFirst() throws Exception {
        postCall(false);
        JsonNode before = json(get("GET /api/v2/recordings/{id}", CALL_ID, admin())).get("recording");
        assertThat(before.get("screenRecording").asBoolean()).isFalse();

        uploadScreen(video(1000));
        JsonNode after = json(get("GET /api/v2/recordings/{id}", CALL_ID, admin())).get("recording");
        assertThat(after.get("screenRecording").asBoolean()).isTrue();
    }

    @Test
    void aScreenPostedBeforeItsCallIsLinkedWhenTheCallArrives() throws Exception {
        uploadScreen(video(1000));
        assertThat(get("GET /api/v2/recordings/{id}", CALL_ID, admin()).getStatusCode()).isEqualTo(404);
        postCall(false);
        assertThat(json(get("GET /api/v2/recordings/{id}", CALL_ID, admin())).get("recording")
                .get("screenRecording").asBoolean()).isTrue();
    }

    @Test
    void whoMaySeeTheCallMaySeeItsScreenAndTheRecordedAgentMayToo() throws Exception {
        postCall(false);
        uploadScreen(video(4096));
        String file = playFile(json(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, admin())).get("screenRecording"));

        var team1 = reader("sup-team1", List.of("/team1"), false);
        assertThat(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, team1).getStatusCode()).isEqualTo(200);
        assertThat(content(SCREEN_ID, file, team1).getStatusCode()).isEqualTo(200);
        var agent = reader("agent1000", List.of(), true);
        assertThat(content(SCREEN_ID, file, agent).getStatusCode()).isEqualTo(200);

        var stranger = reader("sup-other", List.of("/other"), false);
        assertThat(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, stranger).getStatusCode()).isEqualTo(404);
        assertThat(content(SCREEN_ID, file, stranger).getStatusCode()).isEqualTo(404);
        var otherAgent = reader("agent2000", List.of(), true);
        assertThat(content(SCREEN_ID, file, otherAgent).getStatusCode()).isEqualTo(404);
        var otherTenant = claims(UUID.randomUUID().toString(), "admin", List.of("RECORDING_READ", "RECORDING_PLAY"),
                List.of("/"), false);
        assertThat(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, otherTenant).getStatusCode()).isEqualTo(404);
        assertThat(content(SCREEN_ID, file, otherTenant).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aRepeatedPostAnswersTheSameAndStoresOnce() throws Exception {
        String body = screenPost(1000).toString();
        JsonNode first = json(postScreen(body, admin()));
        JsonNode second = json(postScreen(body, admin()));
        assertThat(second.get("mediaIds")).isEqualTo(first.get("mediaIds"));
        assertThat(json(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, admin())).get("screenRecording")
                .get("mediaFiles")).hasSize(1);
    }

    @Test
    void deletingAScreenRecordingRemovesItsMediaAndTheCallsLink() throws Exception {
        postCall(false);
        ObjectNode protectedScreen = screenPost(2048).put("nonDelete", true);
        uploadScreen(protectedScreen, video(2048));
        var refused = reads.handleRequest(event("DELETE /api/v2/screen-recordings/{id}", Map.of("id", SCREEN_ID),
                null, null, admin()), null);
        assertThat(refused.getStatusCode()).as("the guide's example is protected").isEqualTo(409);

        tenant();
        postCall(false);
        uploadScreen(screenPost(2048).put("nonDelete", false), video(2048));
        var deleted = reads.handleRequest(event("DELETE /api/v2/screen-recordings/{id}", Map.of("id", SCREEN_ID),
                null, null, admin()), null);
        assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(200);
        assertThat(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, admin()).getStatusCode()).isEqualTo(404);
        assertThat(STACK.s3().listObjectsV2(b -> b.bucket(STACK.resourceName("MediaBucket")).prefix(ccid + "/screen/"))
                .contents()).isEmpty();
        assertThat(json(get("GET /api/v2/recordings/{id}", CALL_ID, admin())).get("recording")
                .get("screenRecording").asBoolean()).isFalse();
    }

    @Test
    void uploadsOverTheGuidesCapAre413AndWriteNothing() {
        APIGatewayV2HTTPResponse r = postScreen(screenPost(MediaUploadService.MAX_UPLOAD_BYTES + 1).toString(), admin());
        assertThat(r.getStatusCode()).isEqualTo(413);
        assertThat(json(r).get("message").asText()).contains("536870912");
        assertThat(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, admin()).getStatusCode()).isEqualTo(404);
        assertThat(postScreen(screenPost(MediaUploadService.MAX_UPLOAD_BYTES).toString(), admin()).getStatusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "missing or bad [{0}]")
    @ValueSource(strings = {"size", "type", "startTime", "id"})
    void aPostWithoutWhatTheUploadNeedsIs400AndWritesNothing(String field) {
        ObjectNode post = screenPost(1000);
        ObjectNode file = (ObjectNode) post.get("mediaFiles").get(0);
        switch (field) {
            case "size" -> file.remove("size");
            case "type" -> file.put("type", "text/html");
            case "startTime" -> post.put("startTime", "yesterday");
            default -> post.put("id", "../../etc/passwd");
        }
        APIGatewayV2HTTPResponse r = postScreen(post.toString(), admin());
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
        assertThat(json(r).get("field").asText()).contains(field);
        assertThat(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, admin()).getStatusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = {"", "not json", "[]", "{\"id\": 5}", "{\"id\":\"x\",\"mediaFiles\":\"video\"}"})
    void malformedAndWrongTypedBodiesAre400(String body) {
        APIGatewayV2HTTPResponse r = postScreen(body, admin());
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
        assertThat(json(r).get("statusCode").asInt()).isEqualTo(400);
    }

    @Test
    void oversizedBodiesAre413() {
        ObjectNode post = screenPost(1000);
        post.put("padding", "x".repeat(1_100_000));
        assertThat(postScreen(post.toString(), admin()).getStatusCode()).isEqualTo(413);
    }

    @Test
    void tenantAndPermissionAreChecked() {
        String body = screenPost(1000).toString();
        assertThat(postScreen(body, reader("r", List.of("/"), false)).getStatusCode()).isEqualTo(403);
        String other = UUID.randomUUID().toString();
        assertThat(postScreen(body, claims(other, "m", List.of("RECORDING_INGEST"), List.of(), false)).getStatusCode())
                .isEqualTo(403);
        assertThat(postScreen(body, null).getStatusCode()).isEqualTo(401);
        APIGatewayV2HTTPEvent unknownTenant = event(POST, Map.of("ccid", other), null, body,
                claims(other, "m", List.of("RECORDING_INGEST"), List.of(), false));
        assertThat(screens.handleRequest(unknownTenant, null).getStatusCode()).isEqualTo(404);
        assertThat(get("GET /api/v2/screen-recordings/{id}", SCREEN_ID, admin()).getStatusCode()).isEqualTo(404);
    }
}
