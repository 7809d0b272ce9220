package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.callvault.core.GuideFixtures;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.lifecycle.FaultPoints;
import io.callvault.mux.media.MediaFixtures;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import io.callvault.standins.StepFunctionsLocal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Lifecycle rules through the whole local runtime: rules written through the settings API, runs started by the
 * scheduler's tick or the runs API, the same {@code statemachines/lifecycle.asl.json} on the Step Functions stand-in
 * with its Task states running the lifecycle handlers, recordings ingested over HTTP with encrypted media, indexed from
 * the table's stream into the real OpenSearch node, archives in the archive bucket decrypted by openssl, and a stand-in
 * analytics receiver that is told of each purge. Pages hold 2 recordings here, so every run has several; Step
 * Functions' retry intervals are shortened to 20 ms.
 */
class LifecyclePipelineTest {
    static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.locate(Path.of("")));
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final String PAGE_SIZE = StandInStack.ENV_OVERRIDE_PREFIX + "LIFECYCLE_PAGE_SIZE";
    @TempDir
    static Path dir;
    static LocalRuntime runtime;
    static Http http;
    static String ops;
    static HttpServer receiver;
    static final List<String> notices = new CopyOnWriteArrayList<>();
    static Path call5;
    static Path screen5;
    static Path keyPem;
    static Path certPem;
    /** The scheduled time of the runs: recordings' ages are measured from it. */
    static Instant t0;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/interactionreceiver", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("\"operationName\":\"purge\"")) {
                notices.add(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        System.setProperty(PAGE_SIZE, "2");
        runtime = LocalRuntime.start(TEMPLATE, null, 0, Clock.systemUTC(), new StepFunctionsLocal.Options(null, 100L, 20L));
        http = new Http(runtime.baseUri());
        ops = runtime.issuer().mint("-", "ops", List.of("OPS"), List.of(), false, Duration.ofMinutes(60));
        call5 = MediaFixtures.call(dir.resolve("call5.mp3"), 5);
        screen5 = MediaFixtures.screen(dir.resolve("screen5.mp4"), 5, 160, 120);
        keyPem = Files.writeString(dir.resolve("key.pem"), TestPki.pkcs8Pem(TestPki.ALICE.getPrivate()));
        certPem = dir.resolve("cert.pem");
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
    }

    @AfterAll
    static void stop() {
        System.clearProperty(PAGE_SIZE);
        if (runtime != null) {
            runtime.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @AfterEach
    void disarm() {
        FaultPoints.disarmAll();
    }

    // ------------------------------------------------------------------ fixtures

    record Tenant(String ccid, String admin) {}

    /** A contact center in region us with a deployed certificate, its private key and the stand-in receiver. */
    static Tenant tenant() throws Exception {
        var created = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"Lifecycle " + UUID.randomUUID() + "\",\"region\":\"us\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String ccid = created.json().get("id").asText();
        String admin = runtime.issuer().mint(ccid, "admin", List.of("RECORDING_KEY_ADMIN", "RECORDING_INGEST",
                "RECORDING_READ", "RECORDING_PLAY", "CONTACT_CENTER_ADMIN", "RECORDING_PERMISSION_APPLY_NON_DELETE"),
                List.of("/"), false, Duration.ofMinutes(60));
        var cert = TestPki.selfSigned(TestPki.ALICE, "lifecycle-e2e");
        Files.writeString(certPem, TestPki.pem(cert));
        ok(http.post("/api/v2/settings/certificates", admin, Json.object().put("alias", "lc")
                .put("certificate", TestPki.pem(cert)).toString()));
        ok(http.post("/api/v2/settings/private-keys", admin, Json.object().put("alias", "lc")
                .put("privateKey", TestPki.pkcs8Pem(TestPki.ALICE.getPrivate())).toString()));
        ok(http.post("/api/v2/settings/speechminer", admin, "{\"name\":\"interaction-receiver\",\"value\":{\"uri-prefix\":"
                + "\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/interactionreceiver\",\"userName\":\"sm\","
                + "\"password\":\"sm-secret\"}}"));
        // Screens are muxed with their call as soon as both are stored, so a run sees them settled.
        ok(http.post("/api/v2/settings/recording-muxer", admin, "[{\"name\":\"settleSeconds\",\"value\":0}]"));
        return new Tenant(ccid, admin);
    }

    static void ok(Http.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 202);
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
    }

    /** A call of 5 s that started {@code age} before {@link #t0}, its media uploaded and stored (encrypted). */
    static String call(Tenant t, Duration age, Consumer<ObjectNode> tweak) throws Exception {
        String id = newId("LC");
        Instant start = t0.minus(age);
        ObjectNode post = GuideFixtures.callRecordingPost(0).put("id", id).put("screenRecording", false)
                .put("startTime", start.toString()).put("stopTime", start.plusSeconds(5).toString());
        ObjectNode file = (ObjectNode) post.get("mediaFiles").get(0);
        file.put("mediaId", id + "-1.mp3").put("startTime", start.toString()).put("stopTime", start.plusSeconds(5).toString())
                .put("size", Files.size(call5));
        ((ObjectNode) file.get("parameters")).put("username", "agent1000");
        tweak.accept(post);
        ok(http.post("/internal-api/contact-centers/" + t.ccid() + "/recordings", t.admin(), post.toString()));
        JsonNode upload = http.post("/internal-api/contact-centers/" + t.ccid() + "/media-uploads", t.admin(),
                "{\"mediaId\":\"" + id + "-1.mp3\",\"contentType\":\"audio/mp3\",\"size\":" + Files.size(call5) + "}").json();
        put(upload.get("uploadUrl").asText(), "audio/mp3", call5);
        await("the media of " + id, () -> stored(t, "recordings", id));
        return id;
    }

    static String call(Tenant t, Duration age) throws Exception {
        return call(t, age, p -> { });
    }

    /** A screen recording of the call, 5 s, its media stored. */
    static String screen(Tenant t, String callId) throws Exception {
        String screenId = callId + "S";
        JsonNode call = http.get("/api/v2/recordings/" + callId, t.admin()).json().get("recording");
        String start = call.get("startTime").asText();
        // The guide's example screen recording is protected (nonDelete, L33112); this one is not.
        ObjectNode screen = GuideFixtures.screenRecording().put("id", screenId).put("callRecordingId", callId).put("nonDelete", false)
                .put("startTime", start).put("stopTime", call.get("stopTime").asText());
        ObjectNode file = (ObjectNode) screen.get("mediaFiles").get(0);
        file.put("mediaId", screenId + "-video").put("size", Files.size(screen5)).put("startTime", start)
                .put("stopTime", call.get("stopTime").asText());
        file.withObject("parameters").withObject("contact").put("userName", "agent1000");
        ((ObjectNode) file.get("parameters")).remove("muxed_mediaIds");
        var posted = http.post("/internal-api/contact-centers/" + t.ccid() + "/screen-recordings", t.admin(), screen.toString());
        ok(posted);
        put(posted.json().get("uploads").get(0).get("uploadUrl").asText(), "video/mp4", screen5);
        await("the media of " + screenId, () -> stored(t, "screen-recordings", screenId));
        return screenId;
    }

    static boolean stored(Tenant t, String collection, String id) {
        Http.Response got = http.get("/api/v2/" + collection + "/" + id, t.admin());
        if (got.status() != 200) {
            return false;
        }
        JsonNode r = got.json().get(collection.equals("recordings") ? "recording" : "screenRecording");
        for (JsonNode f : r.get("mediaFiles")) {
            if (!f.hasNonNull("pkcs7")) {
                return false;
            }
        }
        return true;
    }

    static void put(String url, String type, Path media) throws Exception {
        var response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", type)
                .PUT(HttpRequest.BodyPublishers.ofFile(media)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(120);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(until);
            Thread.sleep(100);
        }
    }

    /** Every recording of the tenant indexed (the stream delivered), and no mux execution still running. */
    static void settle(Tenant t, int calls) throws InterruptedException {
        await("the mux executions to end", () -> runtime.sfn()
                .listExecutionsPaginator(b -> b.stateMachineArn(runtime.stateMachineArn("MuxStateMachine")))
                .executions().stream().noneMatch(e -> e.status().toString().equals("RUNNING")));
        await(calls + " calls in the index", () -> {
            runtime.deliverStreamRecords();
            return indexed(t).size() == calls;
        });
    }

    static List<String> indexed(Tenant t) {
        Http.Response r = http.get("/api/v2/ops/contact-centers/" + t.ccid() + "/recordings?limit=100", ops);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("recordings").forEach(x -> ids.add(x.get("id").asText()));
        return ids;
    }

    static void rule(Tenant t, String name, String value) {
        ok(http.post("/api/v2/settings/gir-scheduler", t.admin(), "{\"name\":\"" + name + "\",\"value\":" + value + "}"));
    }

    static Http.Response runNow(Tenant t, String name, Instant scheduled) {
        return http.post("/api/v2/ops/contact-centers/" + t.ccid() + "/lifecycle-rules/" + name.replace(" ", "%20") + "/runs",
                ops, "{\"scheduledTime\":\"" + scheduled + "\"}");
    }

    static JsonNode runOf(Tenant t, String name, String runId) {
        Http.Response r = http.get("/api/v2/ops/contact-centers/" + t.ccid() + "/lifecycle-rules/" + name.replace(" ", "%20")
                + "/runs/" + runId, ops);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("run");
    }

    /** Runs the rule for {@code scheduled} and waits until the run ends; its report. */
    static JsonNode run(Tenant t, String name, Instant scheduled) throws InterruptedException {
        Http.Response started = runNow(t, name, scheduled);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return awaitEnd(t, name, started.json().get("runId").asText());
    }

    static JsonNode awaitEnd(Tenant t, String name, String runId) throws InterruptedException {
        await("run " + runId + " to end", () -> !runOf(t, name, runId).get("status").asText().equals("RUNNING"));
        return runOf(t, name, runId);
    }

    static long count(JsonNode run, String name) {
        return run.get("counts").path(name).asLong(0);
    }

    static String archiveBucket() {
        return runtime.stack().resourceName("ArchiveBucket");
    }

    static List<String> archiveKeys(String prefix) {
        return runtime.s3().listObjectsV2Paginator(b -> b.bucket(archiveBucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    static List<String> mediaKeys(Tenant t, String recordingId) {
        String bucket = runtime.stack().resourceName("MediaBucket");
        return runtime.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(t.ccid() + "/")).contents().stream()
                .map(S3Object::key).filter(k -> k.contains(recordingId)).toList();
    }

    static List<String> noticesFor(String id) {
        return notices.stream().filter(n -> n.contains("\"id\":\"" + id + "\"")).toList();
    }

    static List<String> auditSucceeded(Tenant t, String id) {
        var items = runtime.dynamo().queryPaginator(b -> b.tableName(runtime.stack().resourceName("AuditTable"))
                .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CC#" + t.ccid())))).items();
        return items.stream().filter(i -> i.get("target").s().equals(id) && i.get("outcome").s().equals("succeeded")
                && i.get("actor").s().startsWith("lifecycle rule")).map(i -> i.get("action").s()).toList();
    }

    /** Gone from every store: table (404), media bucket, index, and the receiver was told. */
    static void assertPurged(Tenant t, String collection, String id) {
        assertThat(http.get("/api/v2/" + collection + "/" + id, t.admin()).status()).as(id + " in the table").isEqualTo(404);
        assertThat(mediaKeys(t, id)).as(id + " media objects").isEmpty();
        assertThat(indexed(t)).as("index").doesNotContain(id);
        assertThat(noticesFor(id)).as("receiver notices of " + id).isNotEmpty();
    }

    static void assertKept(Tenant t, String id) {
        assertThat(http.get("/api/v2/recordings/" + id, t.admin()).status()).as(id + " in the table").isEqualTo(200);
        assertThat(mediaKeys(t, id)).as(id + " media objects").isNotEmpty();
        assertThat(noticesFor(id)).as("receiver notices of " + id).isEmpty();
    }

    static String daily(String minAge, String maxAge, String location, boolean screens) {
        return "{\"type\":\"backup\",\"filter\":{\"type\":\"voice\",\"minAge\":" + minAge + ",\"maxAge\":" + maxAge
                + "},\"parameters\":{" + (location == null ? "" : "\"location\":\"" + location + "\",")
                + "\"executeOnScreenRecording\":" + screens + "}}";
    }

    static String purge(String minAge, String maxAge, boolean screens) {
        return "{\"type\":\"purge\",\"filter\":{\"type\":\"voice\",\"minAge\":" + minAge + ",\"maxAge\":" + maxAge
                + "},\"parameters\":{\"executeOnScreenRecording\":" + screens + "}}";
    }

    static String ruleValue(String time, String... tasks) {
        return "{\"enabled\":true,\"schedule\":{\"repeatDailyAt\":\"" + time + "\"},\"tasks\":[" + String.join(",", tasks) + "]}";
    }

    static final Duration DAY = Duration.ofDays(1);

    // ------------------------------------------------------------------ the guide's three example rules

    @Test
    void dailyBackupOfOneToTwoDayOldVoiceWithScreensArchivesOnlyThoseAndTheArchiveOpensWithOpenssl() throws Exception {
        Tenant t = tenant();
        String young = call(t, Duration.ofHours(36));
        String youngScreen = screen(t, young);
        String today = call(t, Duration.ofHours(3));
        String older = call(t, Duration.ofDays(4));
        settle(t, 3);
        rule(t, "Daily Backup", ruleValue("22:00:00", daily("1", "2", "s3://" + archiveBucket() + "/daily", true)));

        JsonNode run = run(t, "Daily Backup", t0);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(count(run, "selected")).isEqualTo(1);
        assertThat(count(run, "backedUp")).isEqualTo(1);
        assertThat(count(run, "purged")).isZero();

        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(java.time.ZoneOffset.UTC).format(t0);
        Instant start = t0.minus(Duration.ofHours(36));
        String day = java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(java.time.ZoneOffset.UTC).format(start);
        String folder = "daily/Environment-voice-2-1-" + stamp + "/" + t.ccid() + "/Environment/" + day + "/" + young + "/";
        List<String> keys = archiveKeys("daily/");
        assertThat(keys).contains(folder + "meta-data.json", folder + young + "-1.mp3.mp3.p7m",
                folder + "screen/" + youngScreen + "/meta-data.json", folder + "screen/" + youngScreen + "/" + youngScreen + "-video.mp4.p7m");
        assertThat(keys).noneMatch(k -> k.contains(today) || k.contains(older));
        // A backup takes nothing away.
        assertKept(t, young);
        assertKept(t, today);

        // The archived media opens with openssl alone, and is the uploaded file.
        Path der = dir.resolve(young + ".p7m");
        Files.write(der, runtime.s3().getObjectAsBytes(b -> b.bucket(archiveBucket()).key(folder + young + "-1.mp3.mp3.p7m")).asByteArray());
        Path out = dir.resolve(young + ".mp3");
        Process openssl = new ProcessBuilder("openssl", "cms", "-decrypt", "-inform", "DER", "-in", der.toString(),
                "-inkey", keyPem.toString(), "-recip", certPem.toString(), "-out", out.toString()).redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(said).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(call5));
        JsonNode meta = Json.parse(runtime.s3().getObjectAsBytes(b -> b.bucket(archiveBucket()).key(folder + "meta-data.json")).asUtf8String());
        assertThat(meta.get("id").asText()).isEqualTo(young);
        assertThat(meta.get("mediaFiles").get(0).get("pkcs7").asText()).startsWith("-----BEGIN PKCS7-----");
    }

    @Test
    void purgeOldFilesRemovesEveryRecordingOver365DaysFromEveryStoreAndKeepsTheProtectedAndOtherRegions() throws Exception {
        Tenant t = tenant();
        String old = call(t, Duration.ofDays(400));
        String oldScreen = screen(t, old);
        String years = call(t, Duration.ofDays(3 * 365));
        String protectedOld = call(t, Duration.ofDays(500), p -> p.put("nonDelete", true));
        String otherRegion = call(t, Duration.ofDays(500), p -> p.put("region", "eu"));
        String young = call(t, Duration.ofDays(364));
        settle(t, 5);
        rule(t, "PurgeOldFiles", ruleValue("02:00:00", purge("365", "null", true)));

        JsonNode run = run(t, "PurgeOldFiles", t0);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(count(run, "selected")).isEqualTo(3); // region eu is never a candidate
        assertThat(count(run, "purged")).isEqualTo(2);
        assertThat(count(run, "skippedProtected")).isEqualTo(1);

        assertPurged(t, "recordings", old);
        assertPurged(t, "screen-recordings", oldScreen);
        assertPurged(t, "recordings", years);
        assertThat(auditSucceeded(t, old)).containsExactly("Delete metadata and media-files of call-recording");
        assertThat(auditSucceeded(t, oldScreen)).containsExactly("Delete metadata and media-files of screen-recording");
        assertKept(t, protectedOld);
        assertKept(t, otherRegion);
        assertKept(t, young);
        assertThat(indexed(t)).containsExactlyInAnyOrder(protectedOld, otherRegion, young);
    }

    @Test
    void backupAndPurgePurgesOnlyWhatItBackedUpInThisRunAndAFailedBackupKeepsTheRecording() throws Exception {
        Tenant t = tenant();
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            old.add(call(t, Duration.ofDays(366 + i)));
        }
        String mediaLost = old.get(2);
        settle(t, 4);
        // The media object of one recording disappears behind the table's back: its backup cannot complete.
        mediaKeys(t, mediaLost).forEach(k -> runtime.s3().deleteObject(b -> b.bucket(runtime.stack().resourceName("MediaBucket")).key(k)));
        rule(t, "Backup and Purge", ruleValue("02:00:00", daily("365", "null", "s3://" + archiveBucket() + "/bp", true),
                purge("365", "null", true)));

        JsonNode run = run(t, "Backup and Purge", t0);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("COMPLETED_WITH_FAILURES");
        assertThat(count(run, "selected")).isEqualTo(4);
        assertThat(count(run, "backedUp")).isEqualTo(3);
        assertThat(count(run, "purged")).isEqualTo(3);
        assertThat(count(run, "failed")).isEqualTo(1);
        assertThat(count(run, "skippedBackupIncomplete")).isEqualTo(1);
        assertThat(run.get("failures")).singleElement().satisfies(f -> {
            assertThat(f.get("id").asText()).isEqualTo(mediaLost);
            assertThat(f.get("task").asText()).isEqualTo("backup");
            assertThat(f.get("reason").asText()).contains("media object missing");
        });
        for (String id : old) {
            if (id.equals(mediaLost)) {
                assertThat(http.get("/api/v2/recordings/" + id, t.admin()).status()).isEqualTo(200);
                assertThat(noticesFor(id)).isEmpty();
            } else {
                assertPurged(t, "recordings", id);
                assertThat(archiveKeys("bp/")).anyMatch(k -> k.endsWith("/" + id + "/meta-data.json"));
            }
        }
        assertThat(archiveKeys("bp/")).noneMatch(k -> k.contains(mediaLost));
    }

    // ------------------------------------------------------------------ windows, protection, triggers, crashes

    @Test
    void ageWindowEdgesFollowWholeDaysFromTheScheduledTime() throws Exception {
        Tenant t = tenant();
        Duration ms = Duration.ofMillis(1);
        String exactlyMin = call(t, DAY);                          // age 1: in
        String justUnderMin = call(t, DAY.minus(ms));              // age 0: out
        String lastOfMax = call(t, DAY.multipliedBy(3).minus(ms)); // age 2 (2 d 23:59:59.999): in
        String pastMax = call(t, DAY.multipliedBy(3));             // age 3: out
        settle(t, 4);
        rule(t, "Edges", ruleValue("03:00:00", daily("1", "2", null, false)));

        JsonNode run = run(t, "Edges", t0);
        assertThat(count(run, "selected")).as(run.toString()).isEqualTo(2);
        assertThat(count(run, "backedUp")).isEqualTo(2);
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(java.time.ZoneOffset.UTC).format(t0);
        List<String> metas = archiveKeys("Environment-voice-2-1-" + stamp + "/" + t.ccid() + "/").stream()
                .filter(k -> k.endsWith("meta-data.json")).toList();
        assertThat(metas).hasSize(2).anyMatch(k -> k.contains(exactlyMin)).anyMatch(k -> k.contains(lastOfMax));
        assertThat(metas).noneMatch(k -> k.contains(justUnderMin) || k.contains(pastMax));
    }

    @Test
    void aRuleTriggeredTwiceForOneScheduledTimeRunsOnce() throws Exception {
        Tenant t = tenant();
        String old = call(t, Duration.ofDays(800));
        settle(t, 1);
        // Due at the minute of the scheduler tick below.
        Instant tick = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));
        String time = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC).format(tick.plusSeconds(7));
        rule(t, "Twice", ruleValue(time, purge("365", "null", false)));

        List<String> first = runtime.fireSchedule("LifecycleTickFunction", tick);
        List<String> second = runtime.fireSchedule("LifecycleTickFunction", tick.plusSeconds(20)); // a late redelivery, same minute
        String runId = Json.parse(first.get(0)).get("runs").findValues("runId").stream().map(JsonNode::asText)
                .filter(id -> runOf(t, "Twice", id) != null).findFirst().orElseThrow();
        assertThat(runId).startsWith(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(tick.plusSeconds(7)));
        assertThat(second.get(0)).contains(runId).contains("EXISTING");
        // And an operator asking for the same scheduled time gets the same run.
        Http.Response again = runNow(t, "Twice", tick.plusSeconds(7));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("runId").asText()).isEqualTo(runId);
        assertThat(again.json().get("existing").asBoolean()).isTrue();

        JsonNode run = awaitEnd(t, "Twice", runId);
        assertThat(run.get("trigger").asText()).isEqualTo("SCHEDULE");
        assertThat(count(run, "purged")).isEqualTo(1);
        assertThat(executionsOf(runId)).hasSize(1);
        assertThat(noticesFor(old)).hasSize(1);
        assertThat(auditSucceeded(t, old)).hasSize(1);
    }

    static long lifecycleExecutions() {
        return runtime.sfn().listExecutionsPaginator(b -> b.stateMachineArn(runtime.stateMachineArn("LifecycleStateMachine")))
                .executions().stream().count();
    }

    static List<ExecutionListItem> executionsOf(String runId) {
        return runtime.sfn().listExecutionsPaginator(b -> b.stateMachineArn(runtime.stateMachineArn("LifecycleStateMachine")))
                .executions().stream().filter(e -> e.name().startsWith("lc-" + runId)).toList();
    }

    @Test
    void aCrashAfterAnyStepIsRetriedAndTheRunEndsWithNothingPurgedTwiceOrMissed() throws Exception {
        List<String> points = List.of("select.afterOpen", "backup.beforeFinish", "backup.afterFinish",
                "purge.afterTombstones", "purge.afterIndex", "purge.beforeFinish", "purge.afterFinish");
        Tenant t = tenant();
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(call(t, Duration.ofDays(400 + i)));
        }
        settle(t, 5);
        rule(t, "Crashy", ruleValue("02:00:00", daily("365", "null", "s3://" + archiveBucket() + "/crash", false),
                purge("365", "null", false)));
        // Each point dies once, the purge's four in a row on the first page; Step Functions retries the step each time.
        points.forEach(p -> FaultPoints.arm(p, 1));

        JsonNode run = run(t, "Crashy", t0);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(count(run, "selected")).isEqualTo(5);
        assertThat(count(run, "backedUp")).isEqualTo(5);
        assertThat(count(run, "purged")).isEqualTo(5);
        assertThat(run.get("progress").get("pages").asInt()).isEqualTo(3);
        for (String id : old) {
            assertPurged(t, "recordings", id);
            assertThat(auditSucceeded(t, id)).as("audit of " + id).hasSize(1);
            assertThat(archiveKeys("crash/").stream().filter(k -> k.endsWith("/" + id + "/meta-data.json"))).hasSize(1);
        }
    }

    @Test
    void aRunThatFailsForGoodIsResumedByTheRunsApiFromWhereItStopped() throws Exception {
        Tenant t = tenant();
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(call(t, Duration.ofDays(700 + i)));
        }
        settle(t, 3);
        rule(t, "Resumable", ruleValue("02:00:00", purge("365", "null", false)));
        // More failures than the state machine retries: the execution fails after the first page's tombstones.
        FaultPoints.arm("purge.afterIndex", 1_000);

        JsonNode failed = run(t, "Resumable", t0);
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.get("lastError").asText()).contains("injected crash at purge.afterIndex");
        String runId = failed.get("runId").asText();
        assertThat(executionsOf(runId)).singleElement().satisfies(e -> assertThat(e.status().toString()).isEqualTo("FAILED"));
        // The first page's two recordings are half purged: tombstoned, hidden, out of the index, items still there.
        long hidden = old.stream().filter(id -> http.get("/api/v2/recordings/" + id, t.admin()).status() == 404).count();
        assertThat(hidden).isEqualTo(2);

        FaultPoints.disarmAll();
        Http.Response resumed = runNow(t, "Resumable", t0);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        assertThat(resumed.json().get("resumed").asBoolean()).isTrue();
        assertThat(resumed.json().get("runId").asText()).isEqualTo(runId);
        JsonNode done = awaitEnd(t, "Resumable", runId);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        assertThat(count(done, "selected")).isEqualTo(3);
        assertThat(count(done, "purged")).isEqualTo(3);
        for (String id : old) {
            assertPurged(t, "recordings", id);
            assertThat(auditSucceeded(t, id)).hasSize(1);
        }
        assertThat(executionsOf(runId)).hasSize(2);
    }

    @Test
    void protectionAppliedAfterSelectionIsHonouredAtThePurge() throws Exception {
        Tenant t = tenant();
        String a = call(t, Duration.ofDays(400));
        String b = call(t, Duration.ofDays(401));
        settle(t, 2);
        rule(t, "Late protection", ruleValue("02:00:00", daily("365", "null", null, false), purge("365", "null", false)));
        // Protection applied after the backup of the page, before its purge: the index still says unprotected.
        FaultPoints.once("backup.afterFinish", () ->
                ok(http.send("PUT", "/api/v2/recordings/" + a + "/non-delete", t.admin(), null)));
        JsonNode run = run(t, "Late protection", t0);
        assertThat(count(run, "backedUp")).as(run.toString()).isEqualTo(2);
        assertThat(count(run, "purged")).isEqualTo(1);
        assertThat(count(run, "skippedProtected")).isEqualTo(1);
        assertKept(t, a);
        assertPurged(t, "recordings", b);
    }

    // ------------------------------------------------------------------ bad requests to the runs API

    @Test
    void theRunsApiRefusesBadRequestsWithClearErrorsAndStartsNothing() throws Exception {
        Tenant t = tenant();
        rule(t, "Strict", ruleValue("02:00:00", purge("365", "null", false)));
        String base = "/api/v2/ops/contact-centers/" + t.ccid() + "/lifecycle-rules/Strict/runs";
        long before = lifecycleExecutions();
        Map<String, Integer> refused = new java.util.LinkedHashMap<>();
        refused.put("{not json", 400);
        refused.put("[1,2]", 400);
        refused.put("{\"scheduledTime\":{\"a\":1}}", 400);
        refused.put("{\"scheduledTime\":\"yesterday\"}", 400);
        refused.put("{\"scheduledTime\":\"2999-01-01T00:00:00Z\"}", 400);
        refused.put("{\"scheduledTime\":\"2001-01-01T00:00:00Z\"}", 400);
        refused.put("{\"location\":\"../../etc\"}", 400);
        refused.put("{\"runAs\":\"root\"}", 400);
        refused.put("{\"scheduledTime\":\"" + "9".repeat(10_000) + "\"}", 400);
        for (var e : refused.entrySet()) {
            Http.Response r = http.post(base, ops, e.getKey());
            assertThat(r.status()).as(e.getKey().substring(0, Math.min(40, e.getKey().length())) + " -> " + r.body())
                    .isEqualTo(e.getValue());
            assertThat(r.json().get("message").asText()).isNotBlank();
            assertThat(r.body()).doesNotContain("9".repeat(200));
        }
        assertThat(http.post(base, ops, "{\"x\":\"" + "a".repeat(2 << 20) + "\"}").status()).isEqualTo(413);
        // Not an ops token, another tenant's admin, an unknown rule, an unknown tenant, a hostile run id.
        assertThat(http.post(base, t.admin(), "{}").status()).isEqualTo(403);
        assertThat(http.post("/api/v2/ops/contact-centers/" + t.ccid() + "/lifecycle-rules/Nope/runs", ops, "{}").status()).isEqualTo(404);
        assertThat(http.post("/api/v2/ops/contact-centers/" + UUID.randomUUID() + "/lifecycle-rules/Strict/runs", ops, "{}").status())
                .isEqualTo(404);
        assertThat(http.get(base + "/..%2F..%2Fsecrets", ops).status()).isIn(400, 404);
        assertThat(http.get(base + "/20261122T020000Z-0000000000000000", ops).status()).isEqualTo(404);
        assertThat(http.post("/api/v2/ops/contact-centers/" + t.ccid() + "/lifecycle-rules/" + "x".repeat(300) + "/runs", ops, "{}")
                .status()).isEqualTo(400);
        assertThat(lifecycleExecutions()).as("executions started by refused requests").isEqualTo(before);
    }
}
