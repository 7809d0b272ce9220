package io.callvault.search;

import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.GuideFixtures;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * forceIndex end to end on the real stand-ins: the POST starts a job item in the recordings table, and the job is
 * driven as the event source mapping would drive it, by handing {@link ReindexHandler} the stream record of each
 * write the job makes to its own item (the job item as it now is, with a new sequence number).
 */
class ReindexTest {
    static final StandInStack STACK = StandInStack.shared();
    static final SearchCorpus CORPUS = new SearchCorpus();
    static final String POST_CALLS = "POST /api/v2/ops/contact-centers/{ccid}/recordings";
    static final String POST_SCREENS = "POST /api/v2/ops/contact-centers/{ccid}/screen-recordings";
    static final String GET_OPERATION = "GET /api/v2/ops/contact-centers/{ccid}/operations/{operationId}";
    static final Map<String, String> OPS = claims(null, "ops", List.of("OPS"), List.of(), false);
    static final OperationsHandler operations = new OperationsHandler(ApiEvents.env(OperationsHandler.class));
    static final SearchHandler search = new SearchHandler(ApiEvents.env(SearchHandler.class));
    static final ReindexJobs JOBS = new ReindexJobs(STACK.dynamo(), STACK.resourceName("RecordingsTable"), Clock.systemUTC());
    static final AtomicLong SEQUENCE = new AtomicLong(100_000_000_000L);
    static final ExecutorService WRITERS = Executors.newFixedThreadPool(8);

    @AfterAll
    static void stop() {
        WRITERS.shutdownNow();
    }

    /** A ReindexFunction as template.yaml builds it, with the page size given. */
    static ReindexHandler reindexer(int pageSize) {
        Map<String, String> env = new HashMap<>(STACK.environmentOfHandler(ReindexHandler.class.getName()));
        env.put(ReindexHandler.PAGE_SIZE_VARIABLE, Integer.toString(pageSize));
        return new ReindexHandler(new FunctionEnvironment(env));
    }

    // ------------------------------------------------------------------ helpers

    static APIGatewayV2HTTPResponse post(String route, String ccid, String body, Map<String, String> claims) {
        return operations.handleRequest(event(route, Map.of("ccid", ccid), null, body, claims), null);
    }

    static JsonNode progress(String ccid, String operationId) {
        APIGatewayV2HTTPResponse r = operations.handleRequest(event(GET_OPERATION,
                Map.of("ccid", ccid, "operationId", operationId), null, null, OPS), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return json(r).get("operation");
    }

    /** POSTs forceIndex and returns the operation id from the 202. */
    static String forceIndex(String route, String ccid, String body) {
        APIGatewayV2HTTPResponse r = post(route, ccid, body, OPS);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        JsonNode answer = json(r);
        assertThat(answer.get("statusCode").asInt()).isZero();
        String id = answer.get("operationId").asText();
        assertThat(answer.get("statusUri").asText())
                .isEqualTo("https://rec.example.com/api/v2/ops/contact-centers/" + ccid + "/operations/" + id);
        return id;
    }

    /** The stream record of the job item as it is now: what its latest write put on the stream. */
    static DynamodbEvent.DynamodbStreamRecord record(String ccid, String jobId) {
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS(ReindexJobs.partition(ccid, jobId)),
                "SK", AttributeValue.fromS(ReindexJobs.JOB_SK));
        Map<String, AttributeValue> item = STACK.dynamo().getItem(b -> b.tableName(STACK.resourceName("RecordingsTable"))
                .consistentRead(true).key(key)).item();
        DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventName("MODIFY");
        r.setEventSource("aws:dynamodb");
        StreamRecord d = new StreamRecord();
        d.setKeys(lambda(key));
        d.setNewImage(lambda(item));
        d.setSequenceNumber(Long.toString(SEQUENCE.incrementAndGet()));
        r.setDynamodb(d);
        return r;
    }

    static DynamodbEvent events(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(List.of(records));
        return e;
    }

    /** Delivers the job's latest record until the job is no longer running; returns the deliveries. */
    static int drive(ReindexHandler handler, String ccid, String jobId, int maxDeliveries) {
        int deliveries = 0;
        while (JOBS.find(ccid, jobId).orElseThrow().status() == ReindexJob.Status.RUNNING) {
            assertThat(deliveries).as("the job ends within " + maxDeliveries + " pages").isLessThan(maxDeliveries);
            StreamsEventResponse response = handler.handleRequest(events(record(ccid, jobId)), null);
            assertThat(response.getBatchItemFailures()).as("no page fails while OpenSearch is up").isEmpty();
            deliveries++;
        }
        return deliveries;
    }

    static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> lambda(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, lambda(v)));
        return out;
    }

    static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue lambda(AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        return switch (v.type()) {
            case S -> out.withS(v.s());
            case N -> out.withN(v.n());
            case BOOL -> out.withBOOL(v.bool());
            case M -> out.withM(lambda(v.m()));
            case L -> out.withL(v.l().stream().map(ReindexTest::lambda).toList());
            case NUL -> out.withNULL(true);
            default -> throw new IllegalArgumentException("not used in job items: " + v);
        };
    }

    /** Every recording of the kind that search finds in the contact center (ops scope), after a refresh. */
    static List<String> found(String ccid, RecordingKind kind) {
        CORPUS.refresh(ccid);
        String route = kind == RecordingKind.CALL ? "GET /api/v2/ops/contact-centers/{ccid}/recordings"
                : "GET /api/v2/ops/contact-centers/{ccid}/screen-recordings";
        APIGatewayV2HTTPResponse r = search.handleRequest(event(route, Map.of("ccid", ccid), Map.of("limit", "1000"), null, OPS),
                null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(r).get(kind == RecordingKind.CALL ? "recordings" : "screenRecordings").forEach(x -> ids.add(x.get("id").asText()));
        return ids;
    }

    static ObjectNode call(String id, Instant start) {
        return SearchCorpus.call(id, start, "15550100001", "1800", List.of("Alice Smith alice"), Map.of(),
                List.of("/sales|sales|alice"));
    }

    static ObjectNode screen(String id, Instant start) {
        ObjectNode s = GuideFixtures.screenRecording();
        s.remove("callRecordingId");
        s.put("id", id).put("startTime", SearchCorpus.GUIDE_TIME.format(start))
                .put("stopTime", SearchCorpus.GUIDE_TIME.format(start.plusSeconds(60)));
        ((ObjectNode) s.get("mediaFiles").get(0)).put("mediaId", id + "-video.mp4");
        return s;
    }

    /** Stores calls at the given starts (ids prefix-N), in parallel; returns their ids. */
    static List<String> storeCalls(String ccid, String prefix, List<Instant> starts) throws Exception {
        List<Future<String>> done = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            String id = prefix + "-" + i;
            Instant start = starts.get(i);
            done.add(WRITERS.submit((Callable<String>) () -> {
                CORPUS.store(ccid, RecordingKind.CALL, call(id, start));
                return id;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : done) {
            ids.add(f.get());
        }
        return ids;
    }

    static long jobItems(String ccid) {
        return STACK.dynamo().scanPaginator(b -> b.tableName(STACK.resourceName("RecordingsTable"))
                        .filterExpression("begins_with(PK, :p)")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("CC#" + ccid + "#JOB"))))
                .items().stream().count();
    }

    static String window(Object from, Object to, boolean purgeOld) {
        ObjectNode body = SearchCorpus.object().put("operationName", "forceIndex").put("purgeOld", purgeOld);
        body.set("from", io.callvault.core.json.Json.MAPPER.valueToTree(from));
        if (to != null) {
            body.set("to", io.callvault.core.json.Json.MAPPER.valueToTree(to));
        }
        return body.toString();
    }

    // ------------------------------------------------------------------ rebuild

    @Test
    void forceIndexAfterTheIndexIsLostRestoresExactlyTheWindowAndReportsDone() throws Exception {
        String ccid = ApiEvents.newContactCenter("reindex-restore-");
        Instant from = Instant.parse("2024-05-02T00:00:00Z");
        Instant to = Instant.parse("2024-05-05T00:00:00Z");
        // Inside: the window's first millisecond, every day, its last millisecond. Outside: just before and at the end.
        List<Instant> inside = List.of(from, from.plusSeconds(3_600 * 10), from.plusSeconds(86_400 + 60),
                from.plusSeconds(2 * 86_400 + 7_200), to.minusMillis(1));
        List<String> in = storeCalls(ccid, "IN", inside);
        List<String> out = storeCalls(ccid, "OUT", List.of(from.minusMillis(1), to, to.plusSeconds(86_400)));
        String screenId = "SCR-IN-" + UUID.randomUUID().toString().substring(0, 8);
        CORPUS.store(ccid, RecordingKind.SCREEN, screen(screenId, from.plusSeconds(600)));
        CORPUS.index(ccid, RecordingKind.CALL, in);
        CORPUS.index(ccid, RecordingKind.CALL, out);
        CORPUS.index(ccid, RecordingKind.SCREEN, List.of(screenId));
        assertThat(found(ccid, RecordingKind.CALL)).hasSize(8);

        CORPUS.indices.dropAll(RecordingKind.CALL, ccid);
        assertThat(CORPUS.indices.indicesOf(RecordingKind.CALL, ccid)).isEmpty();
        assertThat(found(ccid, RecordingKind.CALL)).isEmpty();

        // from as a JSON number, to as a numeric string: the guide uses both (L32246-32248).
        String id = forceIndex(POST_CALLS, ccid, window(from.toEpochMilli() + 1_000, Long.toString(to.toEpochMilli() - 1_000), false));
        JsonNode started = progress(ccid, id);
        assertThat(started.get("status").asText()).isEqualTo("RUNNING");
        assertThat(started.get("from").asLong()).as("rounded to the hour").isEqualTo(from.toEpochMilli());
        assertThat(started.get("to").asLong()).isEqualTo(to.toEpochMilli());
        assertThat(started.get("day").asText()).isEqualTo("2024-05-02");
        assertThat(started.get("percentDone").asInt()).isZero();

        int pages = drive(reindexer(500), ccid, id, 10);

        assertThat(found(ccid, RecordingKind.CALL)).containsExactlyInAnyOrderElementsOf(in);
        assertThat(found(ccid, RecordingKind.SCREEN)).as("the screen index was not touched").containsExactly(screenId);
        JsonNode done = progress(ccid, id);
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        assertThat(done.get("page").asLong()).isEqualTo(pages).isEqualTo(1);
        assertThat(done.get("counts").get("scanned").asLong()).as("both kinds in the window").isEqualTo(6);
        assertThat(done.get("counts").get("matched").asLong()).isEqualTo(5);
        assertThat(done.get("counts").get("indexed").asLong()).isEqualTo(5);
        assertThat(done.get("counts").get("deleted").asLong()).isZero();
        assertThat(done.get("counts").get("rejected").asLong()).isZero();
        assertThat(done.get("daysTotal").asLong()).isEqualTo(3);
        assertThat(done.get("daysDone").asLong()).isEqualTo(3);
        assertThat(done.get("percentDone").asInt()).isEqualTo(100);
        assertThat(done.has("day")).isFalse();
        assertThat(done.get("finishedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\+0000");
        assertThat(done.get("requestedBy").asText()).isEqualTo("ops");
    }

    @Test
    void purgeOldDropsTheWholeIndexOfThatKindFirst() throws Exception {
        String ccid = ApiEvents.newContactCenter("reindex-purge-");
        Instant day = Instant.parse("2023-11-20T00:00:00Z");
        List<String> in = storeCalls(ccid, "P-IN", List.of(day.plusSeconds(3_600), day.plusSeconds(7_200)));
        List<String> out = storeCalls(ccid, "P-OUT", List.of(day.minusSeconds(30 * 86_400)));
        String screenId = "P-SCR-" + UUID.randomUUID().toString().substring(0, 8);
        CORPUS.store(ccid, RecordingKind.SCREEN, screen(screenId, day.minusSeconds(30 * 86_400)));
        CORPUS.index(ccid, RecordingKind.CALL, in);
        CORPUS.index(ccid, RecordingKind.CALL, out);
        CORPUS.index(ccid, RecordingKind.SCREEN, List.of(screenId));

        String id = forceIndex(POST_CALLS, ccid, window(day.toEpochMilli(), day.plusSeconds(86_400).toEpochMilli(), true));
        drive(reindexer(500), ccid, id, 10);

        assertThat(found(ccid, RecordingKind.CALL)).as("the old index went whole; only the window came back")
                .containsExactlyInAnyOrderElementsOf(in);
        assertThat(found(ccid, RecordingKind.SCREEN)).as("a call forceIndex leaves screens alone").containsExactly(screenId);
        JsonNode done = progress(ccid, id);
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        assertThat(done.get("purgeOld").asBoolean()).isTrue();
        assertThat(done.has("purgedAt")).isTrue();
        assertThat(done.get("page").asLong()).as("the purge is a page of its own").isEqualTo(2);
        assertThat(done.get("counts").get("indexed").asLong()).isEqualTo(2);
    }

    @Test
    void screenRecordingsHaveTheirOwnForceIndex() throws Exception {
        String ccid = ApiEvents.newContactCenter("reindex-screens-");
        Instant t = Instant.parse("2022-02-02T12:00:00Z");
        String screenId = "S-" + UUID.randomUUID().toString().substring(0, 8);
        CORPUS.store(ccid, RecordingKind.SCREEN, screen(screenId, t));
        List<String> calls = storeCalls(ccid, "S-CALL", List.of(t));

        String id = forceIndex(POST_SCREENS, ccid, window(Long.toString(t.toEpochMilli()), t.toEpochMilli(), false));
        drive(reindexer(500), ccid, id, 10);

        assertThat(found(ccid, RecordingKind.SCREEN)).containsExactly(screenId);
        assertThat(found(ccid, RecordingKind.CALL)).as("calls are not the screen job's").doesNotContainAnyElementsOf(calls);
        JsonNode done = progress(ccid, id);
        assertThat(done.get("type").asText()).isEqualTo("screen-recordings");
        assertThat(done.get("to").asLong() - done.get("from").asLong()).as("from = to: the smallest window, one hour")
                .isEqualTo(3_600_000L);
        assertThat(done.get("counts").get("matched").asLong()).isEqualTo(1);
        assertThat(done.get("counts").get("scanned").asLong()).isEqualTo(2);
    }

    @Test
    void aRecordingDeletedSinceItWasIndexedLeavesTheIndex() throws Exception {
        String ccid = ApiEvents.newContactCenter("reindex-gone-");
        Instant t = Instant.parse("2021-06-01T08:00:00Z");
        List<String> ids = storeCalls(ccid, "G", List.of(t, t.plusSeconds(60)));
        CORPUS.index(ccid, RecordingKind.CALL, ids);
        // Being deleted (as a delete that crashed midway leaves it): still in GSI1, no longer to be found.
        CORPUS.store.markDeleting(ccid, RecordingKind.CALL, ids.get(0));

        String id = forceIndex(POST_CALLS, ccid, window(t.toEpochMilli(), t.plusSeconds(3_600).toEpochMilli(), false));
        drive(reindexer(500), ccid, id, 10);

        assertThat(found(ccid, RecordingKind.CALL)).containsExactly(ids.get(1));
        JsonNode counts = progress(ccid, id).get("counts");
        assertThat(counts.get("indexed").asLong()).isEqualTo(1);
        assertThat(counts.get("deleted").asLong()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ paging, resume, duplicates

    @Test
    void pagesResumeAfterOpenSearchWasDownWithoutSkippingAndStaleRecordsDoNothing() throws Exception {
        String ccid = ApiEvents.newContactCenter("reindex-resume-");
        Instant from = Instant.parse("2020-01-10T00:00:00Z");
        // 45 calls over three days: with 7 entries a page, seven pages and change, and page breaks inside days.
        List<Instant> starts = IntStream.range(0, 45).mapToObj(i -> from.plusSeconds(i / 15 * 86_400L + (i % 15) * 600L)).toList();
        List<String> ids = storeCalls(ccid, "R", starts);
        ReindexHandler handler = reindexer(7);

        String id = forceIndex(POST_CALLS, ccid, window(from.toEpochMilli(), from.plusSeconds(3 * 86_400).toEpochMilli(), false));
        for (int i = 0; i < 3; i++) {
            assertThat(handler.handleRequest(events(record(ccid, id)), null).getBatchItemFailures()).isEmpty();
        }
        ReindexJob afterThree = JOBS.find(ccid, id).orElseThrow();
        assertThat(afterThree.page()).isEqualTo(3);
        assertThat(afterThree.counts().matched()).isEqualTo(21);
        assertThat(afterThree.cursorKey()).as("the page ended inside a day").isNotNull();

        // A record of an earlier page, delivered again (as Lambda may, at least once): nothing happens.
        var stale = record(ccid, id);
        stale.getDynamodb().getNewImage().put("page", new com.amazonaws.services.lambda.runtime.events.models.dynamodb
                .AttributeValue().withN("1"));
        assertThat(handler.handleRequest(events(stale), null).getBatchItemFailures()).isEmpty();
        assertThat(JOBS.find(ccid, id).orElseThrow()).isEqualTo(afterThree);

        // The same record twice in one batch: the first runs the page, the second finds the job moved on.
        var current = record(ccid, id);
        assertThat(handler.handleRequest(events(current, current), null).getBatchItemFailures()).isEmpty();
        ReindexJob afterFour = JOBS.find(ccid, id).orElseThrow();
        assertThat(afterFour.page()).isEqualTo(4);
        assertThat(afterFour.counts().matched()).isEqualTo(28);

        var openSearch = STACK.openSearch();
        var pending = record(ccid, id);
        try {
            openSearch.stop();
            for (int attempt = 1; attempt <= 2; attempt++) {
                StreamsEventResponse failed = handler.handleRequest(events(pending, record(ccid, id)), null);
                assertThat(failed.getBatchItemFailures()).as("the page is handed back to be retried")
                        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                        .containsExactly(pending.getDynamodb().getSequenceNumber());
                ReindexJob stuck = JOBS.find(ccid, id).orElseThrow();
                assertThat(stuck.page()).isEqualTo(4);
                assertThat(stuck.counts()).isEqualTo(afterFour.counts());
                assertThat(stuck.retry().failedAttempts()).isEqualTo(attempt);
                assertThat(stuck.retry().page()).isEqualTo(4);
            }
            JsonNode retrying = progress(ccid, id);
            assertThat(retrying.get("status").asText()).isEqualTo("RUNNING");
            assertThat(retrying.get("retries").get("failedAttempts").asLong()).isEqualTo(2);
            assertThat(retrying.get("retries").get("lastError").asText()).contains("OpenSearch");
        } finally {
            openSearch.start();
        }

        // Lambda retries the same record once OpenSearch is back; the job goes on from where it was.
        assertThat(handler.handleRequest(events(pending), null).getBatchItemFailures()).isEmpty();
        assertThat(JOBS.find(ccid, id).orElseThrow().page()).isEqualTo(5);
        drive(handler, ccid, id, 20);

        ReindexJob done = JOBS.find(ccid, id).orElseThrow();
        assertThat(done.status()).isEqualTo(ReindexJob.Status.DONE);
        assertThat(done.counts().matched()).as("every recording once: no page skipped, none counted twice").isEqualTo(45);
        assertThat(done.counts().scanned()).isEqualTo(45);
        assertThat(done.counts().indexed()).isEqualTo(45);
        assertThat(done.page()).as("45 entries at 7 a page, then the empty tail").isBetween(7L, 8L);
        assertThat(found(ccid, RecordingKind.CALL)).containsExactlyInAnyOrderElementsOf(ids);

        // A late record of the finished job: nothing.
        assertThat(handler.handleRequest(events(stale), null).getBatchItemFailures()).isEmpty();
        assertThat(JOBS.find(ccid, id).orElseThrow()).isEqualTo(done);
    }

    @Test
    void anIdenticalRequestJoinsTheRunningJobAndAFinishedWindowMayRunAgain() throws Exception {
        String ccid = ApiEvents.newContactCenter("reindex-join-");
        Instant t = Instant.parse("2019-03-03T03:00:00Z");
        storeCalls(ccid, "J", List.of(t));
        String body = window(t.toEpochMilli(), t.plusSeconds(7_200).toEpochMilli(), false);

        List<Future<String>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racing.add(WRITERS.submit(() -> forceIndex(POST_CALLS, ccid, body)));
        }
        String id = racing.get(0).get();
        for (Future<String> f : racing) {
            assertThat(f.get()).as("racing identical requests start one job").isEqualTo(id);
        }
        APIGatewayV2HTTPResponse again = post(POST_CALLS, ccid, body, OPS);
        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(json(again).get("operationId").asText()).isEqualTo(id);
        assertThat(json(again).get("existing").asBoolean()).isTrue();
        String otherWindow = forceIndex(POST_CALLS, ccid, window(t.toEpochMilli(), t.plusSeconds(10_800).toEpochMilli(), false));
        String screens = forceIndex(POST_SCREENS, ccid, body);
        String purging = forceIndex(POST_CALLS, ccid, window(t.toEpochMilli(), t.plusSeconds(7_200).toEpochMilli(), true));
        assertThat(List.of(otherWindow, screens, purging)).doesNotContain(id).doesNotHaveDuplicates();

        ReindexHandler handler = reindexer(500);
        drive(handler, ccid, id, 10);
        String rerun = forceIndex(POST_CALLS, ccid, body);
        assertThat(rerun).as("a finished window may be re-indexed again").isNotEqualTo(id);
        drive(handler, ccid, rerun, 10);
        drive(handler, ccid, otherWindow, 10);
        drive(handler, ccid, screens, 10);
        drive(handler, ccid, purging, 10);
    }

    @Test
    void theIndexerIgnoresJobItemsAndTheReindexerIgnoresEverythingElse() throws Exception {
        String ccid = ApiEvents.newContactCenter("reindex-ignore-");
        String id = forceIndex(POST_CALLS, ccid, window(0, 3_600_000, false));
        String jobPk = ReindexJobs.partition(ccid, id);
        assertThat(RecordingRef.ofItem(jobPk, ReindexJobs.JOB_SK)).isEmpty();
        assertThat(RecordingRef.ofItem(jobPk, ReindexJobs.RETRY_SK)).isEmpty();
        assertThat(RecordingRef.ofItem(ReindexJobs.guardPartition(ccid, RecordingKind.CALL,
                new ForceIndexRequest(0, 3_600_000, false)), ReindexJobs.GUARD_SK)).isEmpty();
        IndexerHandler indexer = new IndexerHandler(CORPUS.indexer);
        assertThat(indexer.handleRequest(events(record(ccid, id)), null).getBatchItemFailures()).isEmpty();

        // A recording's record, and a job record that is not RUNNING, do nothing in the reindexer.
        String recording = storeCalls(ccid, "X", List.of(Instant.parse("1970-01-01T00:10:00Z"))).get(0);
        var meta = new DynamodbEvent.DynamodbStreamRecord();
        StreamRecord d = new StreamRecord();
        d.setKeys(lambda(Map.of("PK", AttributeValue.fromS("CC#" + ccid + "#REC#" + recording), "SK", AttributeValue.fromS("META"))));
        d.setNewImage(lambda(Map.of("status", AttributeValue.fromS("RUNNING"), "page", AttributeValue.fromN("0"))));
        d.setSequenceNumber(Long.toString(SEQUENCE.incrementAndGet()));
        meta.setDynamodb(d);
        var notRunning = record(ccid, id);
        notRunning.getDynamodb().getNewImage().put("status",
                new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withS("DONE"));
        ReindexHandler handler = reindexer(500);
        assertThat(handler.handleRequest(events(meta, notRunning), null).getBatchItemFailures()).isEmpty();
        assertThat(JOBS.find(ccid, id).orElseThrow().page()).isZero();
        drive(handler, ccid, id, 5);
        assertThat(JOBS.find(ccid, id).orElseThrow().counts().matched()).isEqualTo(1);
    }

    @Test
    void aJobThatStoppedMovingIsRedrivenByTheSameRequest() throws Exception {
        String ccid = ApiEvents.newContactCenter("reindex-stalled-");
        Instant t = Instant.parse("2018-08-08T08:00:00Z");
        storeCalls(ccid, "ST", List.of(t));
        String body = window(t.toEpochMilli(), t.plusSeconds(3_600).toEpochMilli(), false);
        // The job's clock says it started 11 minutes ago and never moved (its stream record was lost).
        Clock past = Clock.offset(Clock.systemUTC(), ReindexJobs.STALLED.plusMinutes(1).negated());
        ReindexJobs earlier = new ReindexJobs(STACK.dynamo(), STACK.resourceName("RecordingsTable"), past);
        ContactCenterStore centers = new ContactCenterStore(STACK.dynamo(), STACK.resourceName("ControlTable"), Clock.systemUTC());
        OperationsHandler then = new OperationsHandler(earlier, centers, past);
        APIGatewayV2HTTPResponse first = then.handleRequest(event(POST_CALLS, Map.of("ccid", ccid), null, body, OPS), null);
        String id = json(first).get("operationId").asText();
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> before =
                record(ccid, id).getDynamodb().getNewImage();

        APIGatewayV2HTTPResponse again = post(POST_CALLS, ccid, body, OPS);
        assertThat(json(again).get("operationId").asText()).isEqualTo(id);
        assertThat(json(again).get("nudged").asBoolean()).isTrue();
        var nudge = record(ccid, id);
        assertThat(nudge.getDynamodb().getNewImage().get("page")).isEqualTo(before.get("page"));
        assertThat(nudge.getDynamodb().getNewImage()).containsKey("nudgedAt");
        drive(reindexer(500), ccid, id, 5);
        assertThat(JOBS.find(ccid, id).orElseThrow().counts().indexed()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ refused requests

    @ParameterizedTest(name = "{0} [{1}] -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON|{\"operationName\":\"forceIndex\",\"from\":|400|",
            "not an object|[1,2]|400|body",
            "empty body||400|",
            "from: true|{\"operationName\":\"forceIndex\",\"from\":true}|400|from",
            "from: abc|{\"operationName\":\"forceIndex\",\"from\":\"abc\"}|400|from",
            "from: fraction|{\"operationName\":\"forceIndex\",\"from\":1.5}|400|from",
            "from: negative|{\"operationName\":\"forceIndex\",\"from\":-1}|400|from",
            "from: huge|{\"operationName\":\"forceIndex\",\"from\":1e30}|400|from",
            "from: 20 digits|{\"operationName\":\"forceIndex\",\"from\":\"99999999999999999999\"}|400|from",
            "from: object|{\"operationName\":\"forceIndex\",\"from\":{\"$gt\":0}}|400|from",
            "from missing|{\"operationName\":\"forceIndex\",\"to\":1000}|400|from",
            "from after to|{\"operationName\":\"forceIndex\",\"from\":7200000,\"to\":3600000}|400|to",
            "from in the future|{\"operationName\":\"forceIndex\",\"from\":9999000000000}|400|from",
            "to: array|{\"operationName\":\"forceIndex\",\"from\":0,\"to\":[1]}|400|to",
            "purgeOld: yes|{\"operationName\":\"forceIndex\",\"from\":0,\"purgeOld\":\"yes\"}|400|purgeOld",
            "unknown operation|{\"operationName\":\"dropEverything\",\"from\":0}|400|operationName",
            "operation case|{\"operationName\":\"FORCEINDEX\",\"from\":0}|400|operationName",
            "operation missing|{\"from\":0}|400|operationName",
            "operation number|{\"operationName\":7}|400|operationName",
    })
    void badRequestsAreAClearJson4xxAndStartNothing(String what, String body, int status, String field) {
        String ccid = BAD_INPUT_CCID;
        APIGatewayV2HTTPResponse r = post(POST_CALLS, ccid, body, OPS);
        assertThat(r.getStatusCode()).as(what + ": " + r.getBody()).isEqualTo(status);
        JsonNode answer = json(r);
        assertThat(answer.get("statusCode").asInt()).isEqualTo(status);
        assertThat(answer.get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(answer.get("field").asText()).isEqualTo(field);
        }
        assertThat(r.getHeaders().get("content-type")).contains("application/json");
        assertThat(jobItems(ccid)).as("no job written").isZero();
    }

    static final String BAD_INPUT_CCID = ApiEvents.newContactCenter("reindex-bad-");

    @Test
    void anOversizedBodyIs413() {
        String body = "{\"operationName\":\"forceIndex\",\"from\":0,\"pad\":\"" + "x".repeat(1 << 20) + "\"}";
        APIGatewayV2HTTPResponse r = post(POST_CALLS, BAD_INPUT_CCID, body, OPS);
        assertThat(r.getStatusCode()).isEqualTo(413);
        assertThat(json(r).get("statusCode").asInt()).isEqualTo(413);
        assertThat(jobItems(BAD_INPUT_CCID)).isZero();
    }

    @ParameterizedTest(name = "ccid [{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "../../etc|400",
            "a b|400",
            "CC#x#JOB#y|400",
            "%2e%2e|400",
            "x\u0000y|400",
            "''|400",
            "0123456789012345678901234567890123456789012345678901234567890123456789|400",
            "7b1f3a52-0000-4000-8000-000000000000|404",
    })
    void aHostileOrUnknownContactCenterIsRefused(String ccid, int status) {
        APIGatewayV2HTTPResponse r = post(POST_CALLS, ccid, window(0, null, false), OPS);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        if (status == 400) {
            assertThat(json(r).get("field").asText()).isEqualTo("ccid");
        }
        APIGatewayV2HTTPResponse get = operations.handleRequest(event(GET_OPERATION,
                Map.of("ccid", ccid, "operationId", UUID.randomUUID().toString()), null, null, OPS), null);
        assertThat(get.getStatusCode()).isEqualTo(status);
    }

    @Test
    void onlyOpsMayStartOrFollowAnOperation() {
        String body = window(0, 3_600_000, false);
        String otherCcid = ApiEvents.newContactCenter("reindex-other-");
        Map<String, String> tenantAdmin = claims(BAD_INPUT_CCID, "admin", List.of("CONTACT_CENTER_ADMIN", "RECORDING_READ"),
                List.of("/"), false);
        Map<String, String> otherTenant = claims(otherCcid, "admin", List.of("CONTACT_CENTER_ADMIN"), List.of("/"), false);
        Map<String, String> agent = claims(BAD_INPUT_CCID, "agent1000", List.of(), List.of(), true);
        for (Map<String, String> who : List.of(tenantAdmin, otherTenant, agent)) {
            APIGatewayV2HTTPResponse r = post(POST_CALLS, BAD_INPUT_CCID, body, who);
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(403);
            assertThat(json(r).get("message").asText()).contains("OPS");
            assertThat(post(POST_SCREENS, BAD_INPUT_CCID, body, who).getStatusCode()).isEqualTo(403);
        }
        assertThat(post(POST_CALLS, BAD_INPUT_CCID, body, null).getStatusCode()).isEqualTo(401);
        assertThat(jobItems(BAD_INPUT_CCID)).isZero();

        String id = forceIndex(POST_CALLS, otherCcid, body);
        APIGatewayV2HTTPResponse asTenant = operations.handleRequest(event(GET_OPERATION,
                Map.of("ccid", otherCcid, "operationId", id), null, null, otherTenant), null);
        assertThat(asTenant.getStatusCode()).isEqualTo(403);
        APIGatewayV2HTTPResponse elsewhere = operations.handleRequest(event(GET_OPERATION,
                Map.of("ccid", BAD_INPUT_CCID, "operationId", id), null, null, OPS), null);
        assertThat(elsewhere.getStatusCode()).as("an operation is found only under its own contact center").isEqualTo(404);
        APIGatewayV2HTTPResponse hostile = operations.handleRequest(event(GET_OPERATION,
                Map.of("ccid", otherCcid, "operationId", "../" + id), null, null, OPS), null);
        assertThat(hostile.getStatusCode()).isEqualTo(400);
        assertThat(json(hostile).get("field").asText()).isEqualTo("operationId");
    }

    @Test
    void createCrcfHasNothingToDoAndSaysSo() {
        for (String route : List.of(POST_CALLS, POST_SCREENS)) {
            APIGatewayV2HTTPResponse r = post(route, BAD_INPUT_CCID, "{\"operationName\":\"createCRCF\"}", OPS);
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(json(r).get("statusCode").asInt()).isZero();
            assertThat(json(r).get("message").asText()).contains("nothing to create");
        }
        assertThat(jobItems(BAD_INPUT_CCID)).isZero();
    }

    // ------------------------------------------------------------------ how fast

    /**
     * A rough local figure (the formal benchmark comes later): a forceIndex over {@code callvault.reindexCount}
     * recordings (default 300) at the default page size, driven by handing the handler each record at once.
     */
    @Test
    void throughput() throws Exception {
        int count = Integer.getInteger("callvault.reindexCount", 300);
        int pageSize = Integer.getInteger("callvault.reindexPageSize", ReindexWorker.DEFAULT_PAGE_SIZE);
        String ccid = ApiEvents.newContactCenter("reindex-throughput-");
        Instant from = Instant.parse("2017-07-01T00:00:00Z");
        List<Instant> starts = IntStream.range(0, count).mapToObj(i -> from.plusSeconds(i * (4L * 86_400 / count))).toList();
        long storing = System.nanoTime();
        List<String> ids = storeCalls(ccid, "T", starts);
        double storeSeconds = (System.nanoTime() - storing) / 1e9;
        ReindexHandler handler = reindexer(pageSize);

        String id = forceIndex(POST_CALLS, ccid, window(from.toEpochMilli(), from.plusSeconds(4 * 86_400).toEpochMilli(), false));
        long t0 = System.nanoTime();
        int pages = drive(handler, ccid, id, count / pageSize + 10);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(JOBS.find(ccid, id).orElseThrow().counts().indexed()).isEqualTo(count);
        assertThat(found(ccid, RecordingKind.CALL)).hasSize(Math.min(count, 1000)).isSubsetOf(ids);
        System.out.printf("forceIndex throughput: %d recordings, page size %d: %d pages in %.2f s = %.1f pages/s, %.0f recordings/s"
                + " (storing them took %.1f s)%n", count, pageSize, pages, seconds, pages / seconds, count / seconds, storeSeconds);
    }
}
