package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.callvault.core.GuideFixtures;
import io.callvault.standins.SamTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runtime driven over HTTP, as a user with curl would: the whole walking system. */
class LocalRuntimeEndToEndTest {
    static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.locate(Path.of("")));
    static LocalRuntime runtime;
    static Http http;
    static String ops;
    static String ccid;
    static String writer;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(TEMPLATE, null, 0, Clock.systemUTC());
        http = new Http(runtime.baseUri());
        ops = runtime.issuer().mint("-", "ops", List.of("OPS"), List.of(), false, Duration.ofMinutes(10));
        Http.Response created = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"E2E\",\"region\":\"us\"}");
        assertThat(created.status()).isEqualTo(200);
        ccid = created.json().get("id").asText();
        writer = token(List.of("RECORDING_INGEST", "RECORDING_READ", "RECORDING_DELETE"), List.of("/"));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static String token(List<String> permissions, List<String> groups) {
        return runtime.issuer().mint(ccid, "user", permissions, groups, false, Duration.ofMinutes(10));
    }

    static String ingestPath() {
        return "/internal-api/contact-centers/" + ccid + "/recordings";
    }

    @Test
    void ingestGetAndDeleteOverHttp() {
        String id = "E2ECALL000000000000000000000001";
        var post = GuideFixtures.callRecordingPost(0).put("id", id);

        Http.Response stored = http.post(ingestPath(), writer, post.toString());
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().get("statusCode").asInt()).isZero();
        assertThat(stored.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));

        Http.Response got = http.get("/api/v2/recordings/" + id, writer);
        assertThat(got.status()).isEqualTo(200);
        JsonNode file = got.json().get("recording").get("mediaFiles").get(0);
        assertThat(file.get("mediaUri").asText()).startsWith("http://127.0.0.1:" + runtime.baseUri().getPort()
                + "/api/v2/recordings/" + id + "/play/");

        assertThat(http.delete("/api/v2/recordings/" + id + "?mode=metadata-only", writer).status()).isEqualTo(200);
        assertThat(http.get("/api/v2/recordings/" + id, writer).status()).isEqualTo(404);
    }

    @Test
    void mediaUploadedThroughAPresignedUrlIsEncryptedAndPlaysBack() throws Exception {
        String admin = token(List.of("RECORDING_KEY_ADMIN", "RECORDING_INGEST", "RECORDING_READ", "RECORDING_PLAY"),
                List.of("/"));
        var cert = io.callvault.core.crypto.TestPki.selfSigned(io.callvault.core.crypto.TestPki.ALICE, "e2e");
        assertThat(http.post("/api/v2/settings/certificates", admin, io.callvault.core.json.Json.object()
                .put("alias", "e2e").put("certificate", io.callvault.core.crypto.TestPki.pem(cert)).toString()).status())
                .isEqualTo(200);
        assertThat(http.post("/api/v2/settings/private-keys", admin, io.callvault.core.json.Json.object()
                .put("alias", "e2e").put("privateKey", io.callvault.core.crypto.TestPki.pkcs8Pem(
                        io.callvault.core.crypto.TestPki.ALICE.getPrivate())).toString()).status()).isEqualTo(200);
        String id = "E2EMEDIA00000000000000000000001";
        var post = GuideFixtures.callRecordingPost(0).put("id", id);
        ((com.fasterxml.jackson.databind.node.ObjectNode) post.get("mediaFiles").get(0)).put("mediaId", "e2e-media.mp3");
        assertThat(http.post(ingestPath(), admin, post.toString()).status()).isEqualTo(200);

        byte[] audio = new byte[70_001];
        new java.util.Random(3).nextBytes(audio);
        JsonNode upload = http.post("/internal-api/contact-centers/" + ccid + "/media-uploads", admin,
                "{\"mediaId\":\"e2e-media.mp3\",\"contentType\":\"audio/mp3\",\"size\":" + audio.length + "}").json();
        var put = java.net.http.HttpRequest.newBuilder(java.net.URI.create(upload.get("uploadUrl").asText()))
                .header("content-type", "audio/mp3").PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(audio)).build();
        assertThat(java.net.http.HttpClient.newHttpClient().send(put, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(200);

        runtime.deliverS3Notifications();
        JsonNode file = http.get("/api/v2/recordings/" + id, admin).json().get("recording").get("mediaFiles").get(0);
        assertThat(file.get("pkcs7").asText()).startsWith("-----BEGIN PKCS7-----");
        String mediaUri = file.get("mediaUri").asText();
        var play = java.net.http.HttpRequest.newBuilder(java.net.URI.create(mediaUri)).header("Authorization", "Bearer " + admin)
                .header("Range", "bytes=100-199").GET().build();
        var played = java.net.http.HttpClient.newHttpClient().send(play, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(played.statusCode()).isEqualTo(206);
        assertThat(played.headers().firstValue("content-range")).contains("bytes 100-199/" + audio.length);
        assertThat(played.body()).isEqualTo(java.util.Arrays.copyOfRange(audio, 100, 200));
    }

    @Test
    void aScreenRecordingUploadedOverHttpIsLinkedToItsCallPlaysAndExports() throws Exception {
        String admin = token(List.of("RECORDING_KEY_ADMIN", "RECORDING_INGEST", "RECORDING_READ", "RECORDING_PLAY"),
                List.of("/"));
        var cert = io.callvault.core.crypto.TestPki.selfSigned(io.callvault.core.crypto.TestPki.BOB, "e2e-screen");
        assertThat(http.post("/api/v2/settings/certificates", admin, io.callvault.core.json.Json.object()
                .put("alias", "e2e-screen").put("certificate", io.callvault.core.crypto.TestPki.pem(cert)).toString())
                .status()).isEqualTo(200);
        assertThat(http.post("/api/v2/settings/private-keys", admin, io.callvault.core.json.Json.object()
                .put("alias", "e2e-screen").put("privateKey", io.callvault.core.crypto.TestPki.pkcs8Pem(
                        io.callvault.core.crypto.TestPki.BOB.getPrivate())).toString()).status()).isEqualTo(200);
        String callId = "E2ESCREENCALL0000000000000000001";
        var call = GuideFixtures.callRecordingPost(0).put("id", callId).put("screenRecording", false);
        ((com.fasterxml.jackson.databind.node.ObjectNode) call.get("mediaFiles").get(0)).put("mediaId", "e2e-call.mp3");
        assertThat(http.post(ingestPath(), admin, call.toString()).status()).isEqualTo(200);

        byte[] video = new byte[90_011];
        new java.util.Random(5).nextBytes(video);
        var screen = GuideFixtures.screenRecording().put("id", callId + "_2017-03-30_17-00-18")
                .put("callRecordingId", callId);
        ((com.fasterxml.jackson.databind.node.ObjectNode) screen.get("mediaFiles").get(0))
                .put("mediaId", "e2e-screen-video").put("size", video.length);
        Http.Response posted = http.post("/internal-api/contact-centers/" + ccid + "/screen-recordings", admin,
                screen.toString());
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        JsonNode upload = posted.json().get("uploads").get(0);
        var put = java.net.http.HttpRequest.newBuilder(java.net.URI.create(upload.get("uploadUrl").asText()))
                .header("content-type", "video/mp4").PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(video)).build();
        assertThat(java.net.http.HttpClient.newHttpClient().send(put, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(200);
        runtime.deliverS3Notifications();

        assertThat(http.get("/api/v2/recordings/" + callId, admin).json().get("recording").get("screenRecording")
                .asBoolean()).isTrue();
        JsonNode file = http.get("/api/v2/screen-recordings/" + callId + "_2017-03-30_17-00-18", admin).json()
                .get("screenRecording").get("mediaFiles").get(0);
        assertThat(file.get("certAlias").toString()).contains("e2e-screen");
        var client = java.net.http.HttpClient.newHttpClient();
        var play = java.net.http.HttpRequest.newBuilder(java.net.URI.create(file.get("mediaUri").asText()))
                .header("Authorization", "Bearer " + admin).GET().build();
        var played = client.send(play, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.body()).isEqualTo(video);
        String exportUri = file.get("mediaUri").asText().replace("/content/", "/export/").replace(".mp4", ".p7m");
        var exported = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(exportUri))
                .header("Authorization", "Bearer " + admin).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("pkcs7-mime"));
        assertThat(exported.body().length).isGreaterThan(video.length);
    }

    @Test
    void aDuplicateStormOverHttpStoresOneRecordingWithOneMediaFile() throws Exception {
        String id = "E2ESTORM00000000000000000000001";
        String body = GuideFixtures.callRecordingPost(0).put("id", id).toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Http.Response>> posts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                posts.add(() -> http.post(ingestPath(), writer, body));
            }
            List<String> answers = new ArrayList<>();
            for (Future<Http.Response> f : pool.invokeAll(posts)) {
                assertThat(f.get().status()).isEqualTo(200);
                answers.add(f.get().body());
            }
            assertThat(answers).containsOnly(answers.get(0));
        } finally {
            pool.shutdownNow();
        }
        JsonNode recording = http.get("/api/v2/recordings/" + id, writer).json().get("recording");
        assertThat(recording.get("mediaFiles")).hasSize(1);
        assertThat(recording.get("eventHistory")).hasSize(10);
    }

    @Test
    void tokenFaultsAreRefusedBeforeAnyFunctionRuns() throws Exception {
        String path = "/api/v2/diagnostics/version";
        assertThat(http.get(path, writer).status()).isEqualTo(200);
        assertThat(http.get(path, null).status()).isEqualTo(401);
        assertThat(http.get(path, "garbage").status()).isEqualTo(401);

        JWTClaimsSet good = new JWTClaimsSet.Builder().issuer(LocalIssuer.ISSUER).audience(LocalIssuer.AUDIENCE)
                .subject("x").claim("ccid", ccid).claim("permissions", List.of("OPS"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        // alg=none: an unsigned token that claims everything.
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String none = header + "." + b64(good.toString()) + ".";
        assertThat(http.get(path, none).status()).isEqualTo(401);
        // HS256 with a guessed secret.
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), good);
        hs.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
        assertThat(http.get(path, hs.serialize()).status()).isEqualTo(401);
        // RS256, but signed by a key that is not the issuer's.
        RSAKey stranger = new RSAKeyGenerator(2048).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), good);
        forged.sign(new RSASSASigner(stranger));
        assertThat(http.get(path, forged.serialize()).status()).isEqualTo(401);
        // The issuer's key, the wrong issuer name.
        assertThat(http.get(path, signedByRuntime(new JWTClaimsSet.Builder(good).issuer("https://evil.example").build()))
                .status()).isEqualTo(401);
        assertThat(http.get(path, signedByRuntime(new JWTClaimsSet.Builder(good).audience("other").build()))
                .status()).isEqualTo(401);
        // Expired.
        Http.Response expired = http.get(path, signedByRuntime(new JWTClaimsSet.Builder(good)
                .expirationTime(Date.from(Instant.now().minusSeconds(60))).build()));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).contains("expired"));
        assertThat(expired.json().get("message").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void labelsAndDeletionProtectionOverHttp() {
        String id = "E2ELABEL0000000000000000000001";
        assertThat(http.post(ingestPath(), writer, GuideFixtures.callRecordingPost(0).put("id", id).toString()).status())
                .isEqualTo(200);
        String sup = token(List.of("CONTACT_CENTER_ADMIN", "RECORDING_READ", "RECORDING_DELETE"), List.of("/"));
        String name = "needs review / é";
        String encoded = "needs%20review%20%2F%20%C3%A9";

        Http.Response refused = http.post("/api/v2/label-definitions", sup, "{\"name\":\"" + name + "\"}");
        assertThat(refused.status()).as("a slash is not allowed in a label name").isEqualTo(400);
        assertThat(http.post("/api/v2/label-definitions", sup, "{\"name\":\"needs review é\"}").status()).isEqualTo(200);
        Http.Response added = http.send("PUT", "/api/v2/recordings/" + id + "/labels/needs%20review%20%C3%A9", sup, null);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(http.get("/api/v2/recordings/" + id, sup).json().get("recording").get("labels").get(0).asText())
                .isEqualTo("needs review é");
        assertThat(http.send("PUT", "/api/v2/recordings/" + id + "/labels/" + encoded, sup, null).status()).isEqualTo(400);
        assertThat(http.send("PUT", "/api/v2/recordings/" + id + "/labels/%2E%2E", sup, null).status()).isEqualTo(400);

        Http.Response many = http.post("/api/v2/recordings/labels", sup,
                "{\"label\":\"screenRecording\",\"recordingIds\":[\"" + id + "\",\"NOSUCH\"]}");
        assertThat(many.status()).as(many.body()).isEqualTo(200);
        assertThat(many.json().get("added").asInt()).isEqualTo(1);

        assertThat(http.send("PUT", "/api/v2/recordings/" + id + "/non-delete", sup, null).status()).isEqualTo(200);
        assertThat(http.delete("/api/v2/recordings/" + id, sup).status()).isEqualTo(409);
        assertThat(http.delete("/api/v2/recordings/" + id + "/non-delete", sup).status()).isEqualTo(200);
        assertThat(http.delete("/api/v2/recordings/" + id + "/labels/needs%20review%20%C3%A9", sup).status()).isEqualTo(200);
        assertThat(http.get("/api/v2/recordings/" + id, sup).json().get("recording").get("labels").get(0).asText())
                .isEqualTo("screenRecording");
        assertThat(http.delete("/api/v2/recordings/" + id, sup).status()).isEqualTo(200);
    }

    /**
     * {@code /api/v2/settings/{group}} sits beside the specific settings routes: the gateway picks the route with
     * the most literal segments, so encryption, certificates and agents stay with their functions.
     */
    @Test
    void settingsGroupsAndTheAgentDirectoryOverHttpBesideTheSpecificSettingsRoutes() {
        String admin = token(List.of("CONTACT_CENTER_ADMIN"), List.of());
        Http.Response encryption = http.get("/api/v2/settings/encryption", admin);
        assertThat(encryption.status()).as(encryption.body()).isEqualTo(200);
        assertThat(encryption.json().get("keyTransport").asText()).as("the certificate function answered")
                .isEqualTo("RSA-OAEP-SHA256");
        assertThat(http.get("/api/v2/settings/certificates", admin).json().has("certificates")).isTrue();
        Http.Response notAGroup = http.post("/api/v2/settings/encryption", admin, "{}");
        assertThat(notAGroup.status()).isEqualTo(404);
        assertThat(notAGroup.json().get("message").asText()).contains("GET and PUT /api/v2/settings/encryption");

        Http.Response created = http.post("/api/v2/settings/rps-provisioning", admin,
                "{\"name\":\"acwThresholdMinutes\",\"value\":5}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(http.get("/api/v2/settings/rps-provisioning?location=*&ignoreParentLocations=true", admin).json()
                .get("settings").get(0).get("values").get(0).get("value").asInt()).isEqualTo(5);
        Http.Response opsRead = http.get("/api/v2/ops/contact-centers/" + ccid + "/settings/rps-provisioning?location=%2F", ops);
        assertThat(opsRead.status()).as(opsRead.body()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/v2/settings/rps-provisioning?location=%2F", admin,
                "{\"name\":\"acwThresholdMinutes\"}").status()).isEqualTo(200);

        Http.Response agent = http.send("PUT", "/api/v2/settings/agents/J%C3%BCrgen", admin,
                "{\"firstName\":\"Jürgen\",\"hierarchy\":[\"/sales/team1\"]}");
        assertThat(agent.status()).as(agent.body()).isEqualTo(200);
        assertThat(http.get("/api/v2/settings/agents/J%C3%9CRGEN", admin).json().get("agent").get("hierarchy").get(0).asText())
                .isEqualTo("/sales/team1");
        assertThat(http.get("/api/v2/settings/agents", admin).json().get("agents")).hasSize(1);
        assertThat(http.get("/api/v2/settings/agents/a%2Fb", admin).status()).isEqualTo(400);
        assertThat(http.get("/api/v2/settings/agents", ops).status()).isEqualTo(403);
    }

    @Test
    void permissionsAndTenantAreCheckedByTheFunctions() {
        String body = GuideFixtures.callRecordingPost(0).put("id", "E2EPERM0000000000000000000001").toString();
        String readOnly = token(List.of("RECORDING_READ"), List.of("/"));
        assertThat(http.post(ingestPath(), readOnly, body).status()).isEqualTo(403);
        String otherTenant = runtime.issuer().mint("00000000-0000-0000-0000-000000000000", "u",
                List.of("RECORDING_INGEST"), List.of("/"), false, Duration.ofMinutes(5));
        assertThat(http.post(ingestPath(), otherTenant, body).status()).isEqualTo(403);
        assertThat(http.get("/api/v2/ops/contact-centers", writer).status()).isEqualTo(403);
    }

    @Test
    void theGatewayAnswersWhatNeverReachesAFunction() {
        assertThat(http.get("/api/v2/nothing-here", writer).status()).isEqualTo(404);
        assertThat(http.get("/api/v2/recordings/a/../b", writer).status()).isEqualTo(404);
        assertThat(http.get("/api/v2/recordings/a%2F..%2Fb", writer).status()).isEqualTo(400);
        String big = "x".repeat(LocalApiGateway.MAX_PAYLOAD + 10);
        assertThat(http.post(ingestPath(), writer, big).status()).isEqualTo(413);
        String overMiB = "{\"id\":\"" + "x".repeat(1 << 20) + "\"}";
        Http.Response tooLarge = http.post(ingestPath(), writer, overMiB);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("statusCode").asInt()).isEqualTo(413);
    }

    @Test
    void noClientMistakeGetsA5xx() {
        List<String> bodies = List.of("", "{", "null", "[]", "{\"id\":\"\\u0000\"}", "{\"mediaFiles\":[null]}",
                GuideFixtures.callRecordingPost(0).put("startTime", "2015-02-30T00:00:00Z").toString(),
                GuideFixtures.callRecordingPost(0).put("stopTime", -1).toString(),
                GuideFixtures.callRecordingPost(0).put("stopTime", 1e300).toString(),
                GuideFixtures.callRecordingPost(0).put("id", "A".repeat(10_240)).toString());
        for (String body : bodies) {
            Http.Response r = http.post(ingestPath(), writer, body);
            assertThat(r.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isBetween(400, 499);
            assertThat(r.json().get("message").asText()).isNotBlank();
        }
        for (String id : List.of("%00", "%0A", "..%2F..%2Fetc", "A".repeat(10_240), "%25")) {
            assertThat(http.get("/api/v2/recordings/" + id, writer).status()).as(id).isBetween(400, 499);
            assertThat(http.post("/internal-api/contact-centers/" + id + "/recordings", writer, "{}").status())
                    .as(id).isBetween(400, 499);
        }
    }

    @Test
    void dataAndTokensSurviveARestart(@TempDir Path dataDir) {
        String tenantId;
        String token;
        try (LocalRuntime first = LocalRuntime.start(TEMPLATE, dataDir, 0, Clock.systemUTC())) {
            Http h = new Http(first.baseUri());
            String opsToken = Main.token(Main.options(List.of("--ccid", "-", "--user", "ops", "--permissions", "OPS",
                    "--data-dir", dataDir.toString()), List.of("agent")));
            tenantId = h.post("/api/v2/ops/contact-centers", opsToken, "{\"name\":\"Kept\",\"region\":\"eu\"}")
                    .json().get("id").asText();
            token = Main.token(Main.options(List.of("--ccid", tenantId, "--user", "mcp", "--permissions",
                    "RECORDING_INGEST,RECORDING_READ", "--access-groups", "/", "--data-dir", dataDir.toString()),
                    List.of("agent")));
            var post = GuideFixtures.callRecordingPost(0);
            post.remove("region");
            assertThat(h.post("/internal-api/contact-centers/" + tenantId + "/recordings", token, post.toString())
                    .status()).isEqualTo(200);
        }
        try (LocalRuntime second = LocalRuntime.start(TEMPLATE, dataDir, 0, Clock.systemUTC())) {
            Http h = new Http(second.baseUri());
            Http.Response got = h.get("/api/v2/recordings/" + GuideFixtures.CALL_ID, token);
            assertThat(got.status()).isEqualTo(200);
            // A post without a region takes the contact center's.
            assertThat(got.json().get("recording").get("region").asText()).isEqualTo("eu");
        }
    }

    @Test
    void forceIndexOverHttpRebuildsALostIndexPageByPageThroughTheStream() throws Exception {
        String cc = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"Reindex E2E\",\"region\":\"us\"}")
                .json().get("id").asText();
        String mcp = runtime.issuer().mint(cc, "mcp", List.of("RECORDING_INGEST"), List.of("/"), false, Duration.ofMinutes(10));
        List<String> ids = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            String id = "FI" + day;
            ids.add(id);
            assertThat(http.post("/internal-api/contact-centers/" + cc + "/recordings", mcp, recordingOn(id, day).toString())
                    .status()).isEqualTo(200);
        }
        runtime.deliverStreamRecords();
        assertThat(opsSearch(cc, 3)).containsExactlyInAnyOrderElementsOf(ids);

        var endpoint = runtime.openSearchEndpoint().orElseThrow();
        new io.callvault.search.RecordingIndices(io.callvault.search.SearchCluster.connect(new io.callvault.core.aws.FunctionEnvironment(
                java.util.Map.of("OPENSEARCH_ENDPOINT", endpoint.toString())))).dropAll(io.callvault.core.model.RecordingKind.CALL, cc);
        assertThat(opsSearch(cc, 0)).isEmpty();

        Http.Response started = http.post("/api/v2/ops/contact-centers/" + cc + "/recordings", ops,
                "{\"operationName\":\"forceIndex\",\"from\":\"" + Instant.parse("2016-01-01T00:00:00Z").toEpochMilli()
                        + "\",\"to\":" + Instant.parse("2016-01-10T00:00:00Z").toEpochMilli() + "}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String statusUri = started.json().get("statusUri").asText();
        assertThat(statusUri).startsWith(runtime.baseUri() + "/api/v2/ops/contact-centers/" + cc + "/operations/");

        JsonNode operation = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            runtime.deliverStreamRecords();
            operation = http.get(java.net.URI.create(statusUri).getPath(), ops).json().get("operation");
            if (!operation.get("status").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(operation.get("status").asText()).isEqualTo("DONE");
        assertThat(operation.get("counts").get("indexed").asLong()).isEqualTo(3);
        assertThat(operation.get("daysTotal").asLong()).isEqualTo(9);
        assertThat(opsSearch(cc, 3)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runtime.streamPoller().discarded()).isEmpty();
    }

    /**
     * A rough local figure for a forceIndex over {@code -Dcallvault.reindexCount} recordings, driven by the runtime's
     * own stream poller (4 polls a second, as Lambda polls a shard): pages/s and recordings/s.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "callvault.reindexCount", matches = "\\d+")
    void forceIndexThroughputThroughThePoller() throws Exception {
        int count = Integer.getInteger("callvault.reindexCount");
        String cc = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"Reindex throughput\",\"region\":\"us\"}")
                .json().get("id").asText();
        var store = new io.callvault.core.store.RecordingStore(runtime.dynamo(), runtime.resourceName("RecordingsTable"),
                Clock.systemUTC());
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            done.add(writers.submit(() -> store.ingest(cc, io.callvault.core.codec.RecordingCodec.read(
                    recordingAt("TP" + n, Instant.parse("2016-02-01T00:00:00Z").plusSeconds(n * (4L * 86_400 / count))),
                    io.callvault.core.model.RecordingKind.CALL))));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        runtime.deliverStreamRecords();
        Http.Response started = http.post("/api/v2/ops/contact-centers/" + cc + "/recordings", ops,
                "{\"operationName\":\"forceIndex\",\"from\":" + Instant.parse("2016-02-01T00:00:00Z").toEpochMilli()
                        + ",\"to\":" + Instant.parse("2016-02-05T00:00:00Z").toEpochMilli() + "}");
        long t0 = System.nanoTime();
        String path = java.net.URI.create(started.json().get("statusUri").asText()).getPath();
        JsonNode operation;
        do {
            Thread.sleep(50);
            operation = http.get(path, ops).json().get("operation");
        } while (operation.get("status").asText().equals("RUNNING") && System.nanoTime() - t0 < 600_000_000_000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(operation.get("status").asText()).isEqualTo("DONE");
        assertThat(operation.get("counts").get("indexed").asLong()).isEqualTo(count);
        long pages = operation.get("page").asLong();
        System.out.printf("forceIndex through the local runtime's poller: %d recordings, %d pages in %.2f s = %.2f pages/s, "
                + "%.0f recordings/s%n", count, pages, seconds, pages / seconds, count / seconds);
    }

    static com.fasterxml.jackson.databind.node.ObjectNode recordingOn(String id, int day) {
        return recordingAt(id, Instant.parse("2016-01-0" + day + "T10:00:00Z"));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode recordingAt(String id, Instant start) {
        var post = GuideFixtures.callRecordingPost(0).put("id", id).put("startTime", start.toString())
                .put("stopTime", start.plusSeconds(60).toString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) post.get("mediaFiles").get(0)).put("mediaId", id + "-1.mp3")
                .put("startTime", start.toString()).put("stopTime", start.plusSeconds(60).toString());
        return post;
    }

    /** The ops search's ids once it finds {@code expected} (the index refreshes each second), or what it finds after 10 s. */
    static List<String> opsSearch(String cc, int expected) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            ids.clear();
            Http.Response r = http.get("/api/v2/ops/contact-centers/" + cc + "/recordings?limit=100", ops);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().get("recordings").forEach(x -> ids.add(x.get("id").asText()));
            if (ids.size() == expected) {
                return ids;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return ids;
    }

    private static String signedByRuntime(JWTClaimsSet claims) {
        return runtime.issuer().sign(claims);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
