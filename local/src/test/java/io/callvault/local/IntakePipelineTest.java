package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.callvault.core.IntakeFixtures;
import io.callvault.core.json.Json;
import io.callvault.standins.SamTemplate;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole intake pipeline over HTTP in the local runtime, on the real queues (ElasticMQ), table (DynamoDB Local)
 * and schedules: the media server's raw posts and the telephony side's events in, an enriched recording stored and
 * readable through the API, and exactly one analytics post per stored recording to a real HTTP receiver.
 */
class IntakePipelineTest {
    static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.locate(Path.of("")));
    static LocalRuntime runtime;
    static Http http;
    static HttpServer receiver;
    static final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    static final List<String> receivedBodies = new CopyOnWriteArrayList<>();
    static volatile int receiverStatus = 200;
    static String ccid;
    static String mcp;
    static String reader;
    static String ops;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/interactionreceiver", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = receiverStatus;
            if (status / 100 == 2) {
                String text = new String(body, StandardCharsets.UTF_8);
                receivedBodies.add(text);
                String id = Json.parse(text).path("id").asText();
                delivered.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();

        runtime = LocalRuntime.start(TEMPLATE, null, 0, Clock.systemUTC());
        http = new Http(runtime.baseUri());
        ops = runtime.issuer().mint("-", "ops", List.of("OPS"), List.of(), false, Duration.ofMinutes(30));
        Http.Response created = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"Intake E2E\",\"region\":\"us\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        ccid = created.json().get("id").asText();
        mcp = runtime.issuer().mint(ccid, "mcp", List.of("RECORDING_INGEST"), List.of(), false, Duration.ofMinutes(30));
        reader = runtime.issuer().mint(ccid, "sup", List.of("RECORDING_READ"), List.of("/"), false, Duration.ofMinutes(30));
        String admin = runtime.issuer().mint(ccid, "admin", List.of("CONTACT_CENTER_ADMIN"), List.of("/"), false,
                Duration.ofMinutes(30));
        ok(http.post("/api/v2/settings/rps-provisioning", admin,
                "[{\"name\":\"acwThresholdMinutes\",\"value\":0},{\"name\":\"callEndThresholdMinutes\",\"value\":0}]"));
        ok(http.post("/api/v2/settings/speechminer", admin, "{\"name\":\"interaction-receiver\",\"value\":{\"uri-prefix\":"
                + "\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/interactionreceiver\",\"userName\":\"sm\","
                + "\"password\":\"sm-secret\"}}"));
        ok(http.send("PUT", "/api/v2/settings/agents/agent1000", admin,
                "{\"firstName\":\"Firstname1000\",\"lastName\":\"lastname\",\"hierarchy\":[\"/team1\"]}"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    static void ok(Http.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
    }

    /** The guide's call under another call UUID (media ids carry it), so each test has its own call. */
    static String renamed(JsonNode guideJson, String callUuid) {
        return guideJson.toString().replace(IntakeFixtures.CALL_ID, callUuid);
    }

    static Http.Response postSegment(int index, String callUuid) {
        return http.post("/api/contact-centers/" + ccid + "/recordings/", mcp, renamed(IntakeFixtures.rawPost(index), callUuid));
    }

    static Http.Response postEvents(String callUuid) {
        return http.post("/internal-api/contact-centers/" + ccid + "/interactions/" + callUuid + "/events", mcp,
                renamed(IntakeFixtures.eventsBody(), callUuid));
    }

    static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            runtime.deliverQueueMessages();
            Thread.sleep(100);
            v = value.get();
        }
        return v;
    }

    static JsonNode recording(String callUuid) {
        Http.Response r = http.get("/api/v2/recordings/" + callUuid, reader);
        return r.status() == 200 ? r.json() : null;
    }

    static int deliveries(String callUuid) {
        AtomicInteger n = delivered.get(callUuid);
        return n == null ? 0 : n.get();
    }

    static List<Http.Response> parallel(int copies, java.util.function.Supplier<Http.Response> post) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Http.Response>> posts = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                posts.add(pool.submit(post::get));
            }
            List<Http.Response> answers = new ArrayList<>();
            for (Future<Http.Response> p : posts) {
                answers.add(p.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    static JsonNode body(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            throw new AssertionError("the receiver got a body that is not JSON", e);
        }
    }

    static String lastBodyFor(String callUuid) {
        String last = null;
        for (String body : receivedBodies) {
            if (body.contains("\"" + callUuid + "\"")) {
                last = body;
            }
        }
        return last;
    }

    @Test
    void aDuplicateStormOfOnePostGivesOneMediaFileAndOneAnalyticsPost() throws Exception {
        String call = "E2EINTAKE0000000000000000000001";
        ok(postEvents(call));
        // The media server posts up to 30 in parallel and retries: eight copies of the same post at once.
        List<Http.Response> answers = parallel(8, () -> postSegment(0, call));
        answers.forEach(IntakePipelineTest::ok);
        assertThat(answers).filteredOn(a -> a.status() == 201).as("one of them stored it").hasSize(1);

        JsonNode rec = eventually(() -> recording(call), r -> r != null && deliveries(call) >= 1);
        assertThat(rec).as("stored through the ingest path, readable through the API").isNotNull();
        JsonNode recording = rec.get("recording");
        assertThat(recording.get("mediaFiles")).hasSize(1);
        JsonNode file = recording.get("mediaFiles").get(0);
        assertThat(file.get("accessgroups").toString()).as("from the agent directory").contains("/team1");
        assertThat(file.get("parameters").toString()).doesNotContainIgnoringCase("speechminer_auth");
        assertThat(recording.get("eventHistory").size()).isPositive();
        // Nothing more is on its way: one post for the recording, whatever the duplicates.
        runtime.deliverQueueMessages();
        Thread.sleep(500);
        runtime.deliverQueueMessages();
        assertThat(deliveries(call)).isEqualTo(1);
        assertThat(receivedBodies).noneMatch(b -> b.contains("sm-secret") || b.toLowerCase().contains("speechminer_auth"));

        JsonNode status = http.get("/api/v2/ops/contact-centers/" + ccid + "/intake-status", ops).json();
        assertThat(status.get("deadLettered").asInt()).isZero();
    }

    @Test
    void twoSegmentsPostedOutOfOrderInParallelEndAsOneRecordingAndTheReceiverHasItWhole() throws Exception {
        String call = "E2EINTAKE0000000000000000000003";
        ok(postEvents(call));
        List<Http.Response> answers = parallel(8, new java.util.function.Supplier<>() {
            final AtomicInteger n = new AtomicInteger();

            @Override
            public Http.Response get() {
                return postSegment(1 - n.getAndIncrement() % 2, call); // the later segment first, and duplicates
            }
        });
        answers.forEach(IntakePipelineTest::ok);
        JsonNode rec = eventually(() -> recording(call), r -> r != null && r.path("recording").path("mediaFiles").size() == 2
                && lastBodyFor(call) != null && body(lastBodyFor(call)).path("mediaFiles").size() == 2);
        JsonNode recording = rec.get("recording");
        assertThat(recording.get("mediaFiles")).hasSize(2);
        assertThat(recording.get("startTime").asText()).as("start = the earlier segment's")
                .isEqualTo(recording.get("mediaFiles").get(0).get("startTime").asText());
        // Thresholds are 0, so an enrichment may run between the two segments: then the receiver hears of the
        // recording once with one file and once with both. Never more, and it ends with the whole recording.
        assertThat(deliveries(call)).isBetween(1, 2);
        assertThat(body(lastBodyFor(call)).path("mediaFiles")).hasSize(2);
    }

    @Test
    void aSegmentWithoutAnyEventDataIsStoredAtItsThresholdAndAnnounced() throws Exception {
        String call = "E2EINTAKE0000000000000000000002";
        ok(postSegment(0, call));
        JsonNode rec = eventually(() -> recording(call), r -> r != null && deliveries(call) == 1);
        assertThat(rec).isNotNull();
        assertThat(rec.get("recording").get("mediaFiles")).hasSize(1);
        // A late segment of the same call is added to the stored recording and announced again.
        ok(postSegment(1, call));
        JsonNode later = eventually(() -> recording(call), r -> r != null && r.path("recording").path("mediaFiles").size() == 2
                && deliveries(call) == 2);
        assertThat(later.get("recording").get("mediaFiles")).hasSize(2);
        assertThat(deliveries(call)).isEqualTo(2);
    }

    @Test
    void theGatewayRefusesPostsWithoutABearerServiceTokenAndTakesThePathWithOrWithoutTheSlash() {
        String body = renamed(IntakeFixtures.rawPost(0), "E2EINTAKE0000000000000000000004");
        for (String path : List.of("/api/contact-centers/" + ccid + "/recordings/", "/api/contact-centers/" + ccid + "/recordings")) {
            assertThat(http.post(path, null, body).status()).as("no Authorization header").isEqualTo(401);
            assertThat(http.send("POST", path, "x", body).status()).as("Bearer x").isEqualTo(401);
        }
        // The guide's Basic header (recordingclient.callrec_authorization) is not a bearer token: 401, not 500.
        assertThat(Http.withHeader(runtime.baseUri(), "POST", "/api/contact-centers/" + ccid + "/recordings/",
                "Authorization", "Basic bm90LWJhc2U2NA!!", body)).isEqualTo(401);
        Http.Response noSlash = http.post("/api/contact-centers/" + ccid + "/recordings", mcp, body);
        assertThat(noSlash.status()).as(noSlash.body()).isEqualTo(201);
        assertThat(http.post("/api/contact-centers/" + ccid + "/recordings/", mcp, body).json()
                .get("mediaFiles").get(0).get("outcome").asText()).isEqualTo("DUPLICATE");
    }
}
