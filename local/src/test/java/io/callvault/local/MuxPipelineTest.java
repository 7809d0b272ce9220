package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.core.mux.MuxStarter;
import io.callvault.mux.media.MediaChecks;
import io.callvault.mux.media.MediaFixtures;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StepFunctionsLocal;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Muxing through the whole local runtime, as the deployed stack does it: media uploaded over HTTP is ingested from
 * the S3 notification, which starts the same {@code statemachines/mux.asl.json} on the Step Functions
 * stand-in, whose Task states run the same Java handlers with the same ffmpeg, and the muxed file plays back through
 * the screen recording's content endpoint. Waits in the machine are shortened to 100 ms; the plan still counts them
 * at their nominal length.
 */
class MuxPipelineTest {
    static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.locate(Path.of("")));
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    static LocalRuntime runtime;
    static Http http;
    static String ops;
    static Path screen30;
    static Path call30;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(TEMPLATE, null, 0, Clock.systemUTC(), new StepFunctionsLocal.Options(null, 100L, 20L));
        http = new Http(runtime.baseUri());
        ops = runtime.issuer().mint("-", "ops", List.of("OPS"), List.of(), false, Duration.ofMinutes(30));
        screen30 = MediaFixtures.screen(dir.resolve("screen30.mp4"), 30, 320, 240);
        call30 = MediaFixtures.call(dir.resolve("call30.mp3"), 30);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** A tenant with a deployed certificate and its private key, and the given recording-muxer settings. */
    record Tenant(String ccid, String admin) {}

    static Tenant tenant(String muxerSettings) {
        var created = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"Mux " + UUID.randomUUID() + "\",\"region\":\"us\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String ccid = created.json().get("id").asText();
        String admin = runtime.issuer().mint(ccid, "admin", List.of("RECORDING_KEY_ADMIN", "RECORDING_INGEST",
                "RECORDING_READ", "RECORDING_PLAY", "CONTACT_CENTER_ADMIN"), List.of("/"), false, Duration.ofMinutes(30));
        var cert = TestPki.selfSigned(TestPki.ALICE, "mux-e2e");
        assertThat(http.post("/api/v2/settings/certificates", admin, Json.object().put("alias", "mux")
                .put("certificate", TestPki.pem(cert)).toString()).status()).isEqualTo(200);
        assertThat(http.post("/api/v2/settings/private-keys", admin, Json.object().put("alias", "mux")
                .put("privateKey", TestPki.pkcs8Pem(TestPki.ALICE.getPrivate())).toString()).status()).isEqualTo(200);
        var set = http.post("/api/v2/settings/recording-muxer", admin, muxerSettings);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        return new Tenant(ccid, admin);
    }

    static final Instant START = Instant.parse("2026-11-19T14:00:00Z");

    /** Posts a call recording's metadata with one audio segment and uploads its media. */
    static void callSegment(Tenant t, String callId, String mediaId, int startSecond, Path media) throws Exception {
        ObjectNode post = GuideFixtures.callRecordingPost(0).put("id", callId).put("screenRecording", false);
        ObjectNode file = (ObjectNode) post.get("mediaFiles").get(0);
        file.put("mediaId", mediaId).put("startTime", START.plusSeconds(startSecond).toString())
                .put("stopTime", START.plusSeconds(startSecond + 30).toString()).put("size", Files.size(media));
        ((ObjectNode) file.get("parameters")).put("username", "agent1000");
        post.put("startTime", START.toString()).put("stopTime", START.plusSeconds(startSecond + 30).toString());
        var posted = http.post("/internal-api/contact-centers/" + t.ccid() + "/recordings", t.admin(), post.toString());
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        JsonNode upload = http.post("/internal-api/contact-centers/" + t.ccid() + "/media-uploads", t.admin(),
                "{\"mediaId\":\"" + mediaId + "\",\"contentType\":\"audio/mp3\",\"size\":" + Files.size(media) + "}").json();
        put(upload.get("uploadUrl").asText(), "audio/mp3", media);
    }

    /** Posts a screen recording of the call, one video segment from {@code startSecond}, and uploads its media. */
    static String screen(Tenant t, String callId, int startSecond, Path media) throws Exception {
        String screenId = callId + "_screen";
        ObjectNode screen = GuideFixtures.screenRecording().put("id", screenId).put("callRecordingId", callId)
                .put("startTime", START.plusSeconds(startSecond).toString())
                .put("stopTime", START.plusSeconds(startSecond + 30).toString());
        ObjectNode file = (ObjectNode) screen.get("mediaFiles").get(0);
        file.put("mediaId", screenId + "-video").put("size", Files.size(media))
                .put("startTime", START.plusSeconds(startSecond).toString())
                .put("stopTime", START.plusSeconds(startSecond + 30).toString());
        file.withObject("parameters").withObject("contact").put("userName", "agent1000");
        ((ObjectNode) file.get("parameters")).remove("muxed_mediaIds"); // the guide's example is a muxed file already
        var posted = http.post("/internal-api/contact-centers/" + t.ccid() + "/screen-recordings", t.admin(), screen.toString());
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        put(posted.json().get("uploads").get(0).get("uploadUrl").asText(), "video/mp4", media);
        return screenId;
    }

    static void put(String url, String type, Path media) throws Exception {
        var response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", type)
                .PUT(HttpRequest.BodyPublishers.ofFile(media)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    static JsonNode screenRecording(Tenant t, String screenId) {
        Http.Response got = http.get("/api/v2/screen-recordings/" + screenId, t.admin());
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        return got.json().get("screenRecording");
    }

    static JsonNode muxedFile(Tenant t, String screenId) {
        for (JsonNode f : screenRecording(t, screenId).get("mediaFiles")) {
            if (f.path("parameters").has("muxed_mediaIds")) {
                return f;
            }
        }
        return null;
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(90);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(until);
            Thread.sleep(200);
        }
    }

    /** Plays a whole media file through its content URI, 4 MiB per ranged request as a player would ask. */
    static Path play(Tenant t, JsonNode file, Path out) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long size = file.get("size").asLong();
        for (long from = 0; from < size; from += 4L << 20) {
            long to = Math.min(size, from + (4L << 20)) - 1;
            var played = CLIENT.send(HttpRequest.newBuilder(URI.create(file.get("mediaUri").asText()))
                    .header("Authorization", "Bearer " + t.admin()).header("Range", "bytes=" + from + "-" + to).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(played.statusCode()).isEqualTo(206);
            assertThat(played.headers().firstValue("content-range")).contains("bytes " + from + "-" + to + "/" + size);
            body.writeBytes(played.body());
        }
        Files.write(out, body.toByteArray());
        return out;
    }

    static List<ExecutionListItem> executions(String callId) {
        var all = runtime.sfn().listExecutionsPaginator(b -> b.stateMachineArn(runtime.stateMachineArn("MuxStateMachine")));
        return all.executions().stream().filter(e -> e.name().startsWith("mux-" + callId.substring(0, Math.min(32, callId.length()))))
                .toList();
    }

    static List<String> statesEntered(ExecutionListItem execution) {
        List<String> names = new ArrayList<>();
        for (HistoryEvent e : runtime.sfn().getExecutionHistoryPaginator(b -> b.executionArn(execution.executionArn())).events()) {
            if (e.stateEnteredEventDetails() != null) {
                names.add(e.stateEnteredEventDetails().name());
            }
        }
        return names;
    }

    static void awaitExecutionsDone(String callId) throws InterruptedException {
        await("the executions of " + callId + " to end", () -> !executions(callId).isEmpty()
                && executions(callId).stream().noneMatch(e -> e.status() == ExecutionStatus.RUNNING));
    }

    static String newCallId() {
        return "MUXE2E" + UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
    }

    @Test
    void aScreenThatStartsLateIsMuxedWithItsCallAndPlaysBackThroughTheScreenRecording() throws Exception {
        Tenant t = tenant("[{\"name\":\"settleSeconds\",\"value\":0}]");
        String callId = newCallId();
        callSegment(t, callId, callId + "-1.mp3", 0, call30);
        String screenId = screen(t, callId, 5, screen30);

        await("the muxed file", () -> muxedFile(t, screenId) != null);
        JsonNode muxed = muxedFile(t, screenId);
        assertThat(muxed.get("type").asText()).isEqualTo("video/mp4");
        assertThat(muxed.get("mediaId").asText()).matches("[A-Za-z0-9]{22}_" + screenId + "-video");
        assertThat(muxed.get("parameters").get("muxed_mediaIds").toString())
                .isEqualTo("[\"" + screenId + "-video\",\"" + callId + "-1.mp3\"]");
        assertThat(muxed.get("pkcs7").asText()).startsWith("-----BEGIN PKCS7-----");
        assertThat(screenRecording(t, screenId).get("mediaFiles")).hasSize(2);

        Path played = play(t, muxed, dir.resolve(callId + ".mp4"));
        assertThat(MediaChecks.streams(played)).containsExactly("Video:h264", "Audio:aac");
        assertThat(MediaChecks.durationSeconds(played)).isCloseTo(35.0, Offset.offset(0.1));
        assertThat(MediaChecks.blackIntervals(played)).singleElement().satisfies(i -> {
            assertThat(i.from()).isCloseTo(0.0, Offset.offset(1.0));
            assertThat(i.to()).isCloseTo(5.0, Offset.offset(1.0));
        });
        assertThat(MediaChecks.moovBeforeMdat(played)).isTrue();

        JsonNode call = http.get("/api/v2/recordings/" + callId, t.admin()).json().get("recording");
        assertThat(call.get("screenRecording").asBoolean()).isTrue();
        assertThat(call.get("labels").toString()).contains("screenRecording");

        awaitExecutionsDone(callId);
        ExecutionListItem done = executions(callId).stream().filter(e -> statesEntered(e).contains("Commit"))
                .findFirst().orElseThrow();
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(statesEntered(done)).containsSubsequence("LoadPlan", "Route", "MuxEach", "Mux", "Commit", "Cleanup");
    }

    @Test
    void aLateCallSegmentReMuxesAndTheOldOutputIsRemoved() throws Exception {
        Tenant t = tenant("[{\"name\":\"settleSeconds\",\"value\":0}]");
        String callId = newCallId();
        callSegment(t, callId, callId + "-1.mp3", 0, call30);
        String screenId = screen(t, callId, 0, screen30);
        await("the first muxed file", () -> muxedFile(t, screenId) != null);
        JsonNode first = muxedFile(t, screenId);
        awaitExecutionsDone(callId);
        List<String> firstObjects = muxedObjects(t.ccid(), screenId);
        assertThat(firstObjects).hasSize(1);

        callSegment(t, callId, callId + "-2.mp3", 40, call30);
        await("the re-muxed file", () -> {
            JsonNode now = muxedFile(t, screenId);
            return now != null && !now.get("mediaId").asText().equals(first.get("mediaId").asText());
        });
        awaitExecutionsDone(callId);
        JsonNode second = muxedFile(t, screenId);
        assertThat(second.get("parameters").get("muxed_mediaIds").toString()).contains(callId + "-2.mp3");
        assertThat(screenRecording(t, screenId).get("mediaFiles")).hasSize(2); // original + the new muxed file only
        Path played = play(t, second, dir.resolve(callId + "-2.mp4"));
        assertThat(MediaChecks.durationSeconds(played)).isCloseTo(70.0, Offset.offset(0.1));
        assertThat(MediaChecks.silenceIntervals(played)).singleElement().satisfies(i -> {
            assertThat(i.from()).isCloseTo(30.0, Offset.offset(0.15));
            assertThat(i.to()).isCloseTo(40.0, Offset.offset(0.15));
        });
        assertThat(muxedObjects(t.ccid(), screenId)).hasSize(1).doesNotContainAnyElementsOf(firstObjects);
    }

    @Test
    void duplicateTriggersMuxOnce() throws Exception {
        Tenant t = tenant("[{\"name\":\"settleSeconds\",\"value\":0}]");
        String callId = newCallId();
        callSegment(t, callId, callId + "-1.mp3", 0, call30);
        String screenId = screen(t, callId, 0, screen30);
        // The same cause twice (a redelivered record) is one execution; two causes at once (a trigger and a sweep)
        // are two executions of the same inputs, of which one muxes.
        MuxStarter starter = new MuxStarter(runtime.sfn(), runtime.stateMachineArn("MuxStateMachine"));
        starter.start(t.ccid(), callId, "TEST", "cause-a");
        starter.start(t.ccid(), callId, "TEST", "cause-a");
        starter.start(t.ccid(), callId, "TEST", "cause-b");
        await("the muxed file", () -> muxedFile(t, screenId) != null);
        awaitExecutionsDone(callId);
        assertThat(executions(callId)).extracting(ExecutionListItem::name).doesNotHaveDuplicates()
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(executions(callId)).allSatisfy(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
        long commits = executions(callId).stream().filter(e -> statesEntered(e).contains("Commit")).count();
        assertThat(commits).as("one run muxed and committed: %s", executions(callId).stream()
                .map(e -> e.name() + "=" + statesEntered(e)).toList()).isEqualTo(1);
        assertThat(muxedObjects(t.ccid(), screenId)).hasSize(1);
        assertThat(runtime.fireSchedules()).isPositive(); // the sweeper finds it muxed and starts nothing that muxes
        Thread.sleep(1000);
        awaitExecutionsDone(callId);
        assertThat(executions(callId).stream().filter(e -> statesEntered(e).contains("Commit")).count()).isEqualTo(1);
    }

    @Test
    void aCorruptScreenRecordingFailsCleanlyAndTheFailureIsRecorded() throws Exception {
        Tenant t = tenant("[{\"name\":\"settleSeconds\",\"value\":0}]");
        String callId = newCallId();
        callSegment(t, callId, callId + "-1.mp3", 0, call30);
        Path corrupt = MediaFixtures.randomBytes(dir.resolve(callId + "-corrupt.mp4"), 50_000, 11);
        String screenId = screen(t, callId, 0, corrupt);
        await("the failure record", () -> "FAILED".equals(muxState(t.ccid(), screenId)));
        awaitExecutionsDone(callId);
        ExecutionListItem failed = executions(callId).stream().filter(e -> statesEntered(e).contains("RecordJobFailure"))
                .findFirst().orElseThrow();
        assertThat(failed.status()).as("one bad screen does not fail the execution").isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(statesEntered(failed)).contains("Mux").doesNotContain("Commit");
        assertThat(muxError(t.ccid(), screenId)).startsWith("io.callvault.mux.media.CorruptMediaException")
                .contains(screenId + "-video");
        assertThat(muxedFile(t, screenId)).isNull();
        assertThat(muxedObjects(t.ccid(), screenId)).isEmpty();
    }

    @Test
    void aScreenWhoseCallNeverArrivesWaitsThenIsRecordedExpired() throws Exception {
        Tenant t = tenant("[{\"name\":\"settleSeconds\",\"value\":0},{\"name\":\"maxWaitMinutes\",\"value\":3}]");
        String callId = newCallId();
        String screenId = screen(t, callId, 0, screen30);
        await("the expiry record", () -> "EXPIRED".equals(muxState(t.ccid(), screenId)));
        awaitExecutionsDone(callId);
        ExecutionListItem expired = executions(callId).get(0);
        assertThat(expired.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<String> states = statesEntered(expired);
        assertThat(states).containsSubsequence("LoadPlan", "WaitForInputs", "CountWait", "LoadPlan", "RecordExpired");
        assertThat(states.stream().filter("WaitForInputs"::equals).count()).as("60 + 60 + 60 s of nominal waiting").isEqualTo(3);
        assertThat(muxError(t.ccid(), screenId)).contains("not stored yet");

        // The call arrives after all: its media starts a run of its own, which muxes.
        callSegment(t, callId, callId + "-1.mp3", 0, call30);
        await("the muxed file", () -> muxedFile(t, screenId) != null);
    }

    static String muxState(String ccid, String screenId) {
        var item = meta(ccid, screenId);
        return item.containsKey("muxState") ? item.get("muxState").s() : null;
    }

    static String muxError(String ccid, String screenId) {
        var item = meta(ccid, screenId);
        return item.containsKey("muxError") ? item.get("muxError").s() : null;
    }

    static java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> meta(String ccid, String screenId) {
        return runtime.dynamo().getItem(b -> b.tableName(runtime.resourceName("RecordingsTable")).consistentRead(true)
                .key(java.util.Map.of("PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                "CC#" + ccid + "#SCR#" + screenId),
                        "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("META")))).item();
    }

    static List<String> muxedObjects(String ccid, String screenId) {
        return runtime.s3().listObjectsV2Paginator(b -> b.bucket(runtime.resourceName("MediaBucket")).prefix(ccid + "/screen/"))
                .contents().stream().map(o -> o.key()).filter(k -> k.contains("/" + screenId + "/muxed/")).toList();
    }
}
