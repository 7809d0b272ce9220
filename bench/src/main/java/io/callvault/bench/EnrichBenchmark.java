package io.callvault.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeStatus;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.Keys;
import io.callvault.local.LocalRuntime;
import io.callvault.standins.SamTemplate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The enrich section (issue 5's benchmark): enriched recordings per second end to end through the whole intake
 * pipeline of the local runtime (docs/intake-pipeline.md), against the guide's Voice Processor figure, and the
 * latency from a call's last post to its stored recording.
 *
 * <p>One {@link LocalRuntime} in this JVM with its background pollers (SQS event sources, table streams,
 * schedules). A contact center with {@code rps-provisioning} {@code acwThresholdMinutes} and
 * {@code callEndThresholdMinutes} 0, {@value EnrichCalls#AGENTS} agents in its directory, and as its
 * {@code speechminer} {@code interaction-receiver} a real HTTP server on 127.0.0.1 in this JVM that notes when each
 * recording arrives. Clients post each call as the telephony side and the media server do (the events, then the
 * two segments in alternating order; {@link EnrichCalls}); the call is enriched, stored and announced by the
 * functions the queues drive. Three phases, each waited for until every call has reached the receiver with both
 * media files and the intake table's {@code StatusIndex} holds nothing unfinished (polled; nothing per call):
 * warm-up calls (not counted); the measured calls from concurrent clients (throughput, and latency under that
 * load); {@value #PACED_CALLS} calls from one client, one every {@value #PACED_INTERVAL_MILLIS} ms (latency without
 * a backlog). Each recording's items are then read once: its META item's {@code updatedAt} (the store's clock,
 * epoch ms, this JVM's) is when it was stored with both media files. While the measured calls go through, the
 * runtime's log lines are counted ({@link PipelineLog}), the queues' depths sampled and the enrichment poller's
 * stack sampled ({@link StackSampler}).
 */
final class EnrichBenchmark {
    static final String WARM_UP_PREFIX = "W";
    static final String MEASURED_PREFIX = "M";
    static final String PACED_PREFIX = "P";
    static final String ENRICH_FUNCTION = "EnrichmentFunction";
    static final String NOTIFY_FUNCTION = "AnalyticsNotifyFunction";
    static final String ENRICH_QUEUE = "EnrichQueue";
    static final String NOTIFY_QUEUE = "NotifyQueue";
    /** The most messages one batch of the local SQS event source holds (one receive; template BatchSize 10). */
    static final int BATCH = 10;
    private static final long SAMPLE_MILLIS = 200;
    private static final Pattern CREATED_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * One queue's consumer in the throughput phase: batches the local SQS event source delivered and their messages;
     * the median time from one batch's end to the next full batch's end (the poller had a full batch waiting, so that
     * is one receive, one invocation and one delete), overall, while the clients were still posting and after; the
     * deepest the queue was (visible messages) and the share of samples, from the first post until the last
     * recording was stored, in which at least a full batch was waiting.
     */
    record QueueFigures(int batches, int messages, int fullBatches, double medianFullBatchMillis,
                        double medianFullBatchMillisWhilePosting, double medianFullBatchMillisAfterPosting,
                        int maxVisible, int visibleWhenPostingEnded, double shareWithFullBatchWaiting) {
        double meanBatchSize() {
            return batches == 0 ? 0 : (double) messages / batches;
        }

        /** Messages a second one poller hands on at the median full-batch time. */
        double ceilingPerSecond() {
            return ceiling(medianFullBatchMillis);
        }

        static double ceiling(double batchMillis) {
            return batchMillis > 0 ? BATCH * 1000 / batchMillis : Double.NaN;
        }
    }

    /**
     * The paced phase: {@code calls} calls posted one at a time by one client, one every {@code intervalMillis}, well
     * below what the pipeline takes, so that the latencies are the pipeline's own and not a backlog's.
     */
    record PacedFigures(int calls, long intervalMillis, LoadResult storeLatency, LoadResult analyticsLatency,
                        int[] writesPerCall) {}

    /**
     * @param posting          the throughput phase's posting, one operation per call (its 3 posts)
     * @param postLatency      every post of the throughput phase, events and segments
     * @param storedSeconds    first post of the first call until the last recording was stored
     * @param postingSeconds   first post until the last post was answered
     * @param storeLatency     per call: its last post answered → stored with both media files (negative by a few ms
     *                         when the look stored before the answer reached the client)
     * @param analyticsLatency per call: stored → the receiver got the post with both media files
     * @param writesPerCall    calls stored in 1, 2, 3+ writes (the META item's {@code version})
     * @param enrichThread     where the enrichment poller's thread was, in stack samples (throughput phase)
     */
    record Figures(int calls, int warmUp, int threads, LoadResult posting, LoadResult postLatency,
                   double storedSeconds, double postingSeconds, LoadResult storeLatency, LoadResult analyticsLatency,
                   int[] writesPerCall, int analyticsPosts, int callsAnnouncedMoreThanOnce,
                   Map<String, Integer> logCounts, QueueFigures enrichQueue, QueueFigures notifyQueue,
                   Map<String, Integer> enrichThread, long sampleMillis, PacedFigures paced, double setupSeconds) {
        double recordingsPerSecond() {
            return calls / storedSeconds;
        }

        double postsPerSecond() {
            return postLatency.operations() / posting.elapsedSeconds();
        }

        double callsOfferedPerSecond() {
            return calls / posting.elapsedSeconds();
        }

        double enrichLooksPerCall() {
            return (double) enrichQueue.messages() / calls;
        }
    }

    /** Calls of the paced phase, and the time between two of them. */
    static final int PACED_CALLS = 50;
    static final long PACED_INTERVAL_MILLIS = 400;
    /** How often the enrichment poller's stack is sampled. */
    static final long STACK_SAMPLE_MILLIS = 50;
    static final String ENRICH_HANDLER = "io.callvault.api.intake.EnrichmentHandler";

    private final int calls;
    private final int warmUp;
    private final int threads;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    EnrichBenchmark(int calls, int warmUp, int threads) {
        this.calls = calls;
        this.warmUp = warmUp;
        this.threads = threads;
    }

    /** One phase's posts: when each call's last post was answered (epoch ms) and every post's latency. */
    private record Posted(LoadResult posting, long firstPost, long lastAnswered, long[] answered, long[] postNanos) {}

    Figures run(SamTemplate template) throws Exception {
        long setupStarted = System.nanoTime();
        try (Receiver receiver = Receiver.start();
             LocalRuntime runtime = LocalRuntime.start(template, null, 0, Clock.systemUTC());
             PipelineLog log = PipelineLog.install()) {
            Tenant tenant = setUp(runtime, receiver);
            double setupSeconds = (System.nanoTime() - setupStarted) / 1e9;
            System.out.printf("  set up in %.1f s (local runtime, contact center, settings, %d agents)%n", setupSeconds,
                    EnrichCalls.AGENTS);

            if (warmUp > 0) {
                long t = System.nanoTime();
                post(tenant, WARM_UP_PREFIX, warmUp, threads, 0);
                awaitDone(runtime, tenant, receiver, WARM_UP_PREFIX, warmUp, null);
                System.out.printf("  warm-up: %d calls through the pipeline in %.1f s%n", warmUp, (System.nanoTime() - t) / 1e9);
            }
            // A deployed sweeper has run long before the calls arrive: its first run, which only sets its watermarks,
            // happens here rather than on its timer a minute after start, in the middle of the measured calls.
            runtime.fireSchedules();
            awaitQueuesEmpty(runtime);

            log.reset();
            QueueSampler queues = new QueueSampler(runtime);
            StackSampler stacks = new StackSampler("sqs-event-source", ENRICH_HANDLER, STACK_SAMPLE_MILLIS);
            Posted posted;
            long postingEndedNanos;
            queues.start();
            stacks.start();
            try {
                posted = post(tenant, MEASURED_PREFIX, calls, threads, 0);
                postingEndedNanos = System.nanoTime();
                queues.markPostingEnded();
                System.out.printf("  posted %d calls (%d posts) in %.1f s: %.0f posts/s%n", calls, 3 * calls,
                        posted.posting().elapsedSeconds(), 3 * calls / posted.posting().elapsedSeconds());
                awaitDone(runtime, tenant, receiver, MEASURED_PREFIX, calls, queues);
            } finally {
                stacks.stop();
                queues.stop();
            }
            Map<String, Integer> logCounts = log.counts();
            List<PipelineLog.Batch> enrichBatches = log.batches(ENRICH_FUNCTION);
            List<PipelineLog.Batch> notifyBatches = log.batches(NOTIFY_FUNCTION);

            Stored stored = stored(runtime, tenant, receiver, MEASURED_PREFIX, calls, posted.answered());
            long lastStored = stored.lastStored();
            QueueFigures enrich = queueFigures(enrichBatches, postingEndedNanos, queues, ENRICH_QUEUE, posted.firstPost(), lastStored);
            QueueFigures notify = queueFigures(notifyBatches, postingEndedNanos, queues, NOTIFY_QUEUE, posted.firstPost(), lastStored);

            awaitQueuesEmpty(runtime);
            System.out.printf("  paced: %d calls, one every %d ms from one client%n", PACED_CALLS, PACED_INTERVAL_MILLIS);
            Posted paced = post(tenant, PACED_PREFIX, PACED_CALLS, 1, PACED_INTERVAL_MILLIS);
            awaitDone(runtime, tenant, receiver, PACED_PREFIX, PACED_CALLS, null);
            Stored pacedStored = stored(runtime, tenant, receiver, PACED_PREFIX, PACED_CALLS, paced.answered());
            PacedFigures pacedFigures = new PacedFigures(PACED_CALLS, PACED_INTERVAL_MILLIS, pacedStored.storeLatency(),
                    pacedStored.analyticsLatency(), pacedStored.writes());

            Figures f = new Figures(calls, warmUp, threads, posted.posting(),
                    new LoadResult(posted.postNanos().length, posted.posting().elapsedNanos(), posted.postNanos()),
                    (lastStored - posted.firstPost()) / 1000.0, (posted.lastAnswered() - posted.firstPost()) / 1000.0,
                    stored.storeLatency(), stored.analyticsLatency(), stored.writes(), stored.analyticsPosts(),
                    stored.repeated(), logCounts, enrich, notify, stacks.samples(), STACK_SAMPLE_MILLIS, pacedFigures,
                    setupSeconds);
            print(f);
            return f;
        }
    }

    private static void print(Figures f) {
        QueueFigures enrich = f.enrichQueue();
        int[] w = f.writesPerCall();
        System.out.printf("  %d enriched recordings stored in %.1f s: %.1f recordings/s (%.2f× the guide's %.0f)%n",
                f.calls(), f.storedSeconds(), f.recordingsPerSecond(),
                f.recordingsPerSecond() / BenchmarkReport.GUIDE_RECORDINGS_PER_SECOND, BenchmarkReport.GUIDE_RECORDINGS_PER_SECOND);
        System.out.printf("  last post answered -> stored: p50 %.0f ms, p95 %.0f ms, max %.0f ms; stored -> receiver: "
                        + "p50 %.0f ms, p95 %.0f ms%n", f.storeLatency().percentileMillis(50),
                f.storeLatency().percentileMillis(95), f.storeLatency().percentileMillis(100),
                f.analyticsLatency().percentileMillis(50), f.analyticsLatency().percentileMillis(95));
        System.out.printf("  paced: last post answered -> stored p50 %.0f ms, p95 %.0f ms, max %.0f ms; stored -> receiver "
                        + "p50 %.0f ms, p95 %.0f ms%n", f.paced().storeLatency().percentileMillis(50),
                f.paced().storeLatency().percentileMillis(95), f.paced().storeLatency().percentileMillis(100),
                f.paced().analyticsLatency().percentileMillis(50), f.paced().analyticsLatency().percentileMillis(95));
        System.out.printf("  enrichment: %d batches, %d messages (%.2f looks per call), a full batch every %.0f ms "
                        + "(median; %.0f ms while posting, %.0f ms after), EnrichQueue up to %d visible; stored in "
                        + "1/2/3+ writes: %d/%d/%d%n", enrich.batches(), enrich.messages(), f.enrichLooksPerCall(),
                enrich.medianFullBatchMillis(), enrich.medianFullBatchMillisWhilePosting(),
                enrich.medianFullBatchMillisAfterPosting(), enrich.maxVisible(), w[0], w[1], w[2]);
        System.out.println("  log lines: " + f.logCounts());
        System.out.println("  enrichment poller thread (" + f.enrichThread().values().stream().mapToInt(Integer::intValue).sum()
                + " samples): " + f.enrichThread());
    }

    /** What the store and the receiver hold for the calls of one phase. */
    private record Stored(long lastStored, LoadResult storeLatency, LoadResult analyticsLatency, int[] writes,
                          int analyticsPosts, int repeated) {}

    private Stored stored(LocalRuntime runtime, Tenant tenant, Receiver receiver, String prefix, int n, long[] answered) {
        String table = runtime.resourceName("RecordingsTable");
        long[] stored = new long[n];
        int[] versions = new int[n];
        DynamoDbClient dynamo = runtime.dynamo();
        ConcurrentLoad.run(n, threads, i -> {
            String id = EnrichCalls.callUuid(prefix, i);
            StoredCall c = StoredCall.read(dynamo, table, Keys.recording(tenant.ccid, RecordingKind.CALL, id));
            if (c.mediaFiles != EnrichCalls.SEGMENTS) {
                throw new IllegalStateException("recording " + id + " was stored with " + c.mediaFiles
                        + " media files, expected " + EnrichCalls.SEGMENTS);
            }
            stored[i] = c.updatedAt;
            versions[i] = c.version;
        });
        long[] storeLatency = new long[n];
        long[] analyticsLatency = new long[n];
        int[] writes = new int[3];
        int posts = 0;
        int repeated = 0;
        for (int i = 0; i < n; i++) {
            Receiver.Arrivals a = receiver.arrivals(EnrichCalls.callUuid(prefix, i));
            storeLatency[i] = (stored[i] - answered[i]) * 1_000_000;
            analyticsLatency[i] = (a.complete() - stored[i]) * 1_000_000;
            writes[Math.min(Math.max(versions[i], 1), 3) - 1]++;
            posts += a.posts();
            if (a.posts() > 1) {
                repeated++;
            }
        }
        return new Stored(Arrays.stream(stored).max().orElseThrow(), new LoadResult(n, 0, storeLatency),
                new LoadResult(n, 0, analyticsLatency), writes, posts, repeated);
    }

    static QueueFigures queueFigures(List<PipelineLog.Batch> batches, long postingEndedNanos, QueueSampler sampler,
                                     String queue, long from, long to) {
        int messages = batches.stream().mapToInt(PipelineLog.Batch::messages).sum();
        List<Double> all = new ArrayList<>();
        List<Double> whilePosting = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (int k = 1; k < batches.size(); k++) {
            PipelineLog.Batch b = batches.get(k);
            if (b.messages() >= BATCH) {
                double millis = (b.nanos() - batches.get(k - 1).nanos()) / 1e6;
                all.add(millis);
                (b.nanos() <= postingEndedNanos ? whilePosting : after).add(millis);
            }
        }
        return new QueueFigures(batches.size(), messages, all.size(), median(all), median(whilePosting), median(after),
                sampler.maxVisible(queue), sampler.visibleWhenPostingEnded(queue), sampler.shareAtLeast(queue, BATCH, from, to));
    }

    private static double median(List<Double> values) {
        return SearchBenchmark.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    // ------------------------------------------------------------------ set-up and posting

    private record Tenant(String ccid, String ingestToken, URI segments) {
        URI events(URI base, String callUuid) {
            return base.resolve("/internal-api/contact-centers/" + ccid + "/interactions/" + callUuid + "/events");
        }
    }

    private URI base;

    private Tenant setUp(LocalRuntime runtime, Receiver receiver) throws IOException, InterruptedException {
        base = runtime.baseUri();
        String ops = runtime.issuer().mint("ops", "bench-ops", List.of("OPS"), List.of("/"), false, Duration.ofHours(1));
        String body = send("POST", "/api/v2/ops/contact-centers", ops, "{\"name\":\"Bench enrich\",\"region\":\"us\"}");
        Matcher id = CREATED_ID.matcher(body);
        if (!id.find()) {
            throw new IllegalStateException("creating the contact center answered " + body);
        }
        String ccid = id.group(1);
        String admin = runtime.issuer().mint(ccid, "bench-admin", List.of("CONTACT_CENTER_ADMIN"), List.of("/"), false,
                Duration.ofHours(2));
        send("POST", "/api/v2/settings/rps-provisioning", admin,
                "[{\"name\":\"acwThresholdMinutes\",\"value\":0},{\"name\":\"callEndThresholdMinutes\",\"value\":0}]");
        send("POST", "/api/v2/settings/speechminer", admin, "{\"name\":\"interaction-receiver\",\"value\":{\"uri-prefix\":"
                + "\"" + receiver.uri() + "\",\"userName\":\"sm\",\"password\":\"sm-secret\"}}");
        for (int n = 0; n < EnrichCalls.AGENTS; n++) {
            send("PUT", "/api/v2/settings/agents/" + EnrichCalls.agent(n), admin, EnrichCalls.directoryEntry(n));
        }
        String ingest = runtime.issuer().mint(ccid, "bench-mcp", List.of("RECORDING_INGEST"), List.of(), false,
                Duration.ofHours(2));
        return new Tenant(ccid, ingest, base.resolve("/api/contact-centers/" + ccid + "/recordings/"));
    }

    private String send(String method, String path, String token, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /**
     * Posts {@code n} calls from {@code clients} clients: per call its events, then its two segments (call i posts
     * segment i % 2 first). With {@code intervalMillis} above 0 (one client), call k starts k intervals after the
     * first.
     */
    private Posted post(Tenant tenant, String prefix, int n, int clients, long intervalMillis) {
        long[] answered = new long[n];
        long[] postNanos = new long[3 * n];
        long firstPost = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        LoadResult posting = ConcurrentLoad.run(n, clients, i -> {
            if (intervalMillis > 0) {
                long wait = startNanos + i * intervalMillis * 1_000_000 - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            String callUuid = EnrichCalls.callUuid(prefix, i);
            // The call started CALL_SECONDS + 1 s ago: its after-call work was done a second before this post.
            Instant t0 = Instant.now().minusSeconds(EnrichCalls.CALL_SECONDS + 1);
            int first = i % 2;
            postNanos[3 * i] = postTimed(tenant.events(base, callUuid), tenant.ingestToken,
                    EnrichCalls.eventsPost(callUuid, i, t0), callUuid);
            postNanos[3 * i + 1] = postTimed(tenant.segments, tenant.ingestToken,
                    EnrichCalls.segmentPost(callUuid, i, t0, first), callUuid);
            postNanos[3 * i + 2] = postTimed(tenant.segments, tenant.ingestToken,
                    EnrichCalls.segmentPost(callUuid, i, t0, 1 - first), callUuid);
            answered[i] = System.currentTimeMillis();
        });
        return new Posted(posting, firstPost, Arrays.stream(answered).max().orElse(firstPost), answered, postNanos);
    }

    private long postTimed(URI uri, String token, String body, String callUuid) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long begin = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - begin;
        if (r.statusCode() != 201) {
            throw new IllegalStateException("a post of call " + callUuid + " to " + uri.getPath() + " answered "
                    + r.statusCode() + ": " + r.body());
        }
        return nanos;
    }

    // ------------------------------------------------------------------ completion

    /**
     * Waits until the receiver has had every call of {@code prefix} with both media files and the tenant has no
     * unfinished intake item (StatusIndex: pending, retrying, awaiting media): everything stored and announced.
     */
    private void awaitDone(LocalRuntime runtime, Tenant tenant, Receiver receiver, String prefix, int n,
                           QueueSampler sampler) throws InterruptedException {
        String table = runtime.resourceName("IntakeTable");
        Duration timeout = Duration.ofSeconds(120).plusMillis(100L * n);
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        while (true) {
            int complete = receiver.completeCalls(prefix);
            if (complete >= n) {
                long unfinished = 0;
                for (IntakeStatus s : List.of(IntakeStatus.PENDING, IntakeStatus.RETRYING, IntakeStatus.AWAITING_MEDIA)) {
                    unfinished += count(runtime.dynamo(), table, IntakeKeys.statusPartition(tenant.ccid, s));
                }
                if (unfinished == 0) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after " + timeout.toSeconds() + " s, " + complete + " of " + n + " calls had reached the "
                        + "receiver with both media files (it refused " + receiver.refused() + " posts it could not read); "
                        + "intake status: " + statusCounts(runtime, table, tenant.ccid));
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.println("  ... " + complete + " of " + n + " calls announced with both media files"
                        + (sampler == null ? "" : ", EnrichQueue " + sampler.lastVisible(ENRICH_QUEUE) + " visible"));
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
    }

    /**
     * Waits until neither queue holds a message that is visible or being handled, so that the work of one phase (a
     * duplicate look, a superseded post's repeat) is not handled in the next. Delayed messages may stay: an analytics
     * message that found the post leased by another worker waits out the lease (up to 2 minutes) and then finds it
     * delivered, one duplicate look that costs the next phase a read.
     */
    private static void awaitQueuesEmpty(LocalRuntime runtime) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<QueueAttributeName> counts = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        while (true) {
            long left = 0;
            for (String queue : List.of(ENRICH_QUEUE, NOTIFY_QUEUE)) {
                Map<QueueAttributeName, String> a = runtime.sqs().getQueueAttributes(b -> b
                        .queueUrl(runtime.stack().queueUrl(queue)).attributeNames(counts)).attributes();
                for (QueueAttributeName n : counts) {
                    left += Long.parseLong(a.getOrDefault(n, "0"));
                }
            }
            if (left == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the intake queues still held " + left + " messages after 60 s");
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
    }

    private static String statusCounts(LocalRuntime runtime, String table, String ccid) {
        StringBuilder b = new StringBuilder();
        for (IntakeStatus s : IntakeStatus.values()) {
            b.append(b.isEmpty() ? "" : ", ").append(s).append(' ')
                    .append(count(runtime.dynamo(), table, IntakeKeys.statusPartition(ccid, s)));
        }
        return b.toString();
    }

    private static long count(DynamoDbClient dynamo, String table, String statusPartition) {
        long n = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(IntakeKeys.STATUS_INDEX)
                    .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", IntakeKeys.STATUS_PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(statusPartition)))
                    .select(Select.COUNT).exclusiveStartKey(from));
            n += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return n;
    }

    // ------------------------------------------------------------------ what was stored

    /** A recording's partition as the store left it: META's {@code updatedAt} and {@code version}, its media files. */
    private record StoredCall(long updatedAt, int version, int mediaFiles) {
        static StoredCall read(DynamoDbClient dynamo, String table, String pk) {
            long updatedAt = -1;
            int version = 0;
            int media = 0;
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                    .projectionExpression("SK, updatedAt, version")).items()) {
                String sk = item.get("SK").s();
                if (sk.equals(Keys.META)) {
                    updatedAt = Long.parseLong(item.get("updatedAt").n());
                    version = Integer.parseInt(item.get("version").n());
                } else if (sk.startsWith(Keys.MEDIA_PREFIX)) {
                    media++;
                }
            }
            if (updatedAt < 0) {
                throw new IllegalStateException(pk + " has no META item");
            }
            return new StoredCall(updatedAt, version, media);
        }
    }

    // ------------------------------------------------------------------ the analytics receiver

    /** The tenant's interaction receiver: notes, per recording id, when each post arrived and how many media files it had. */
    static final class Receiver implements AutoCloseable {
        record Arrival(long millis, int mediaFiles) {}

        /** Posts of one recording: how many, and when the first one with all its media files arrived (epoch ms). */
        record Arrivals(int posts, long complete) {}

        private final HttpServer server;
        private final ExecutorService executor;
        private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
        private final AtomicLong refused = new AtomicLong();

        private Receiver(HttpServer server, ExecutorService executor) {
            this.server = server;
            this.executor = executor;
        }

        static Receiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "bench-analytics-receiver");
                t.setDaemon(true);
                return t;
            });
            Receiver receiver = new Receiver(server, executor);
            server.createContext("/interactionreceiver", exchange -> {
                long at = System.currentTimeMillis();
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    JsonNode recording = Json.parse(new String(body, StandardCharsets.UTF_8));
                    List<Arrival> list = receiver.arrivals.computeIfAbsent(recording.path("id").asText(),
                            k -> new ArrayList<>());
                    synchronized (list) {
                        list.add(new Arrival(at, recording.path("mediaFiles").size()));
                    }
                    exchange.sendResponseHeaders(204, -1);
                } catch (IOException | RuntimeException e) {
                    receiver.refused.incrementAndGet();
                    exchange.sendResponseHeaders(400, -1);
                }
            });
            server.setExecutor(executor);
            server.start();
            return receiver;
        }

        long refused() {
            return refused.get();
        }

        String uri() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/interactionreceiver";
        }

        /** Calls of {@code prefix} that have had a post with both media files. */
        int completeCalls(String prefix) {
            String head = EnrichCalls.callUuid(prefix, 0).substring(0, "BENCHENR".length() + prefix.length());
            int n = 0;
            for (var e : arrivals.entrySet()) {
                if (e.getKey().startsWith(head)) {
                    synchronized (e.getValue()) {
                        if (e.getValue().stream().anyMatch(a -> a.mediaFiles() >= EnrichCalls.SEGMENTS)) {
                            n++;
                        }
                    }
                }
            }
            return n;
        }

        Arrivals arrivals(String id) {
            List<Arrival> list = arrivals.getOrDefault(id, List.of());
            synchronized (list) {
                long complete = list.stream().filter(a -> a.mediaFiles() >= EnrichCalls.SEGMENTS)
                        .mapToLong(Arrival::millis).min().orElseThrow(() -> new IllegalStateException(
                                "the receiver never had recording " + id + " with both media files"));
                return new Arrivals(list.size(), complete);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ queue depths

    /** Samples both queues' visible messages every {@value #SAMPLE_MILLIS} ms while the measured calls go through. */
    static final class QueueSampler {
        record Sample(long millis, Map<String, Integer> visible) {}

        private final LocalRuntime runtime;
        private final Map<String, String> urls;
        private final List<Sample> samples = new ArrayList<>();
        private volatile boolean running;
        private volatile long postingEnded = -1;
        private Thread thread;

        QueueSampler(LocalRuntime runtime) {
            this.runtime = runtime;
            this.urls = Map.of(ENRICH_QUEUE, runtime.stack().queueUrl(ENRICH_QUEUE),
                    NOTIFY_QUEUE, runtime.stack().queueUrl(NOTIFY_QUEUE));
        }

        /** For the tests: samples given, no runtime. */
        QueueSampler(List<Sample> samples, long postingEnded) {
            this.runtime = null;
            this.urls = Map.of();
            this.samples.addAll(samples);
            this.postingEnded = postingEnded;
        }

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    Map<String, Integer> visible = new java.util.HashMap<>();
                    for (var e : urls.entrySet()) {
                        String n = runtime.sqs().getQueueAttributes(b -> b.queueUrl(e.getValue())
                                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                        visible.put(e.getKey(), n == null ? 0 : Integer.parseInt(n));
                    }
                    synchronized (samples) {
                        samples.add(new Sample(System.currentTimeMillis(), visible));
                    }
                    try {
                        Thread.sleep(SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-queue-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void markPostingEnded() {
            postingEnded = System.currentTimeMillis();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.interrupt();
                thread.join(5_000);
            }
        }

        private List<Sample> snapshot() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }

        int maxVisible(String queue) {
            return snapshot().stream().mapToInt(s -> s.visible().getOrDefault(queue, 0)).max().orElse(0);
        }

        int lastVisible(String queue) {
            List<Sample> s = snapshot();
            return s.isEmpty() ? 0 : s.get(s.size() - 1).visible().getOrDefault(queue, 0);
        }

        /** The first sample taken after posting ended. */
        int visibleWhenPostingEnded(String queue) {
            return snapshot().stream().filter(s -> s.millis() >= postingEnded).findFirst()
                    .map(s -> s.visible().getOrDefault(queue, 0)).orElse(0);
        }

        /** Share of the samples in [from, to] that saw at least {@code n} visible messages. */
        double shareAtLeast(String queue, int n, long from, long to) {
            List<Sample> in = snapshot().stream().filter(s -> s.millis() >= from && s.millis() <= to).toList();
            return in.isEmpty() ? Double.NaN
                    : (double) in.stream().filter(s -> s.visible().getOrDefault(queue, 0) >= n).count() / in.size();
        }
    }
}
