package io.callvault.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.search.RecordingDocument;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import io.callvault.core.store.Tables;
import io.callvault.search.IndexerHandler;
import io.callvault.search.RecordingIndexer;
import io.callvault.search.RecordingIndices;
import io.callvault.search.RecordingRef;
import io.callvault.search.ForceIndexRequest;
import io.callvault.search.ReindexHandler;
import io.callvault.search.ReindexJob;
import io.callvault.search.ReindexJobs;
import io.callvault.search.ReindexWorker;
import io.callvault.search.SearchCluster;
import io.callvault.search.SearchCursor;
import io.callvault.search.SearchHandler;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The search section (issue 4's benchmark), on the stand-ins in this JVM (DynamoDB Local, the OpenSearch node),
 * without the local runtime: its stream poller would index behind the benchmark's back.
 *
 * <p><b>Indexer against raw {@code _bulk}.</b> N recordings are stored in DynamoDB ({@link RecordingStore#ingest},
 * in parallel, not measured). Each round then times, into fresh indices made from the same template:
 * {@link RecordingIndexer#sync} over the recordings in batches of the template's stream {@code BatchSize} (what
 * the IndexerFunction does for one batch: a consistent read of each recording, the document built, one
 * {@code _bulk}), one batch after another as one stream shard delivers them; and raw {@code _bulk} requests of
 * the very same documents, with the same action lines, built before the clock starts, in batches of the same
 * size. Rounds alternate which goes first.
 *
 * <p><b>Search latency.</b> M documents built from {@link SearchRecordings} go straight into a contact
 * center's index in bulk (as {@code PagingTest} does; not measured), then {@link SearchHandler#handleRequest}
 * (the real handler with an API Gateway event, in this JVM: no HTTP, no authorizer, no Lambda event
 * serialization) answers each query, warm-up rounds first, then measured rounds, every round going through all
 * queries in turn.
 *
 * <p><b>forceIndex</b>: see {@link #forceIndex}.
 */
final class SearchBenchmark {
    static final String ROUTE = "GET /api/v2/recordings";
    /** The goal for forceIndex, the guide's estimate for its re-index. */
    static final double GUIDE_FORCE_INDEX_RECORDS_PER_HOUR = 5_000_000;
    /** Documents per {@code _bulk} request while loading the search corpus (the load is not measured). */
    private static final int LOAD_BATCH = 1000;
    /** Recording ids of the indexer comparison: {@code BENCHIDX00000000} on. */
    static final String INDEX_ID_PREFIX = "BENCHIDX";

    /** One round of the indexer comparison: seconds for all N recordings each way, and every batch's latency. */
    record IndexRound(boolean indexerFirst, LoadResult indexer, LoadResult raw) {}

    /**
     * @param storeSeconds      how long storing the N recordings took (parallel ingest, not part of the comparison)
     * @param itemsPerRecording DynamoDB items the indexer reads per recording (one Query each)
     * @param documentBytes     mean size of one document as JSON
     */
    record IndexFigures(int recordings, int batchSize, int readerThreads, double storeSeconds, int storeThreads,
                        double itemsPerRecording, long documentBytes, List<IndexRound> rounds) {
        double medianIndexerPerSecond() {
            return median(rounds.stream().mapToDouble(r -> r.indexer().perSecond()).toArray());
        }

        double medianRawPerSecond() {
            return median(rounds.stream().mapToDouble(r -> r.raw().perSecond()).toArray());
        }

        /** The median of the rounds' own ratios: each round's two sides ran back to back. */
        double medianRatio() {
            return median(rounds.stream().mapToDouble(r -> r.indexer().perSecond() / r.raw().perSecond()).toArray());
        }
    }

    /** One query: its label, the query string as sent, who asked, the hit count (totalCount) and the latencies. */
    record QueryFigure(String label, String query, String caller, long hits, int pageSize, LoadResult latency) {}

    record SearchFigures(int recordings, int days, double loadSeconds, long documentBytes, int warmUp, int requests,
                         int limit, List<QueryFigure> queries) {}

    /** What forceIndex did, once it exists: recordings re-indexed and the seconds it took. */
    record ForceIndexFigures(String what, int recordings, double seconds) {
        double perSecond() {
            return recordings / seconds;
        }

        double perHour() {
            return perSecond() * 3600;
        }
    }

    /** {@code forceIndex} null: not measured in this run (the report says so). */
    record Figures(IndexFigures index, SearchFigures search, ForceIndexFigures forceIndex) {}

    private final int indexRecordings;
    private final int indexRounds;
    private final int searchRecordings;
    private final int warmUp;
    private final int requests;

    SearchBenchmark(int indexRecordings, int indexRounds, int searchRecordings, int warmUp, int requests) {
        this.indexRecordings = indexRecordings;
        this.indexRounds = indexRounds;
        this.searchRecordings = searchRecordings;
        this.warmUp = warmUp;
        this.requests = requests;
    }

    Figures run(SamTemplate template) throws InterruptedException {
        try (StandInStack stack = StandInStack.start(template, null)) {
            // Stored first, while the OpenSearch node is still starting: the store is not measured.
            String indexCcid = "bench-index-" + UUID.randomUUID().toString().substring(0, 8);
            SearchRecordings recordings = new SearchRecordings(INDEX_ID_PREFIX);
            RecordingStore loader = new RecordingStore(stack.dynamo(), stack.resourceName("RecordingsTable"), Clock.systemUTC());
            System.out.println("  storing " + indexRecordings + " recordings in DynamoDB Local (" + STORE_THREADS
                    + " threads, not measured)");
            LoadResult stored = ConcurrentLoad.run(indexRecordings, STORE_THREADS,
                    i -> loader.ingest(indexCcid, recordings.recording(i)));
            System.out.printf("  stored in %.1f s (%.0f recordings/s)%n", stored.elapsedSeconds(), stored.perSecond());

            stack.openSearch(); // started beside the store; waited for here
            FunctionEnvironment indexerEnv = new FunctionEnvironment(stack.environmentOfHandler(IndexerHandler.class.getName()));
            FunctionEnvironment searchEnv = new FunctionEnvironment(stack.environmentOfHandler(SearchHandler.class.getName()));
            int batchSize = indexerBatchSize(template);
            ExecutorService readers = Executors.newFixedThreadPool(READER_THREADS, daemon("bench-indexer-read"));
            try (SearchCluster cluster = SearchCluster.connect(indexerEnv)) {
                // The indexer as IndexerHandler.indexer(env) builds it for the function.
                RecordingStore store = new RecordingStore(AwsClients.dynamoDb(indexerEnv),
                        Tables.from(indexerEnv).recordings(), Clock.systemUTC());
                RecordingIndices indices = new RecordingIndices(cluster);
                RecordingIndexer indexer = new RecordingIndexer(store, cluster, indices, readers);

                IndexFigures index = indexer(store, cluster, indices, indexer, recordings, indexCcid, batchSize,
                        stored.elapsedSeconds());
                ForceIndexFigures force = forceIndex(stack, indexerEnv, indexCcid, indexRecordings);
                indices.dropAll(RecordingKind.CALL, indexCcid);

                SearchFigures search = search(cluster, indices, new SearchHandler(searchEnv));
                return new Figures(index, search, force);
            } finally {
                readers.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------ forceIndex

    /**
     * The third figure, forceIndex's rate against the guide's estimate of
     * {@value #GUIDE_FORCE_INDEX_RECORDS_PER_HOUR} records an hour. The {@code recordings} recordings of the indexer
     * comparison are stored under {@code ccid}; their indices are dropped, a forceIndex job over their whole window is
     * started as the operations endpoint starts it ({@link ReindexJobs#start}), and its pages are run back to back by
     * the ReindexFunction's own worker ({@link ReindexHandler#worker}, built from the environment template.yaml gives
     * it) until the job says DONE. What is timed is the pages' work (GSI1 queries, the consistent re-read of every
     * recording, the bulk writes, the job's conditional updates); the stream hop between two pages is not (in AWS
     * Lambda polls a shard about four times a second; the local runtime's poller does the same).
     */
    static ForceIndexFigures forceIndex(StandInStack stack, FunctionEnvironment env, String ccid, int recordings) {
        FunctionEnvironment reindexEnv = new FunctionEnvironment(stack.environmentOfHandler(ReindexHandler.class.getName()));
        ReindexWorker worker = ReindexHandler.worker(reindexEnv);
        ReindexJobs jobs = new ReindexJobs(AwsClients.dynamoDb(reindexEnv), Tables.from(reindexEnv).recordings(), Clock.systemUTC());
        try (SearchCluster cluster = SearchCluster.connect(env)) {
            RecordingIndices indices = new RecordingIndices(cluster);
            indices.dropAll(RecordingKind.CALL, ccid);
            long from = SearchRecordings.T0.minus(1, ChronoUnit.DAYS).toEpochMilli();
            long to = SearchRecordings.T0.plus(SearchRecordings.DAYS + 1, ChronoUnit.DAYS).toEpochMilli();
            long t0 = System.nanoTime();
            ReindexJob job = jobs.start(ccid, RecordingKind.CALL, new ForceIndexRequest(from, to, false), "bench").job();
            int pages = 0;
            while (job.status() == ReindexJob.Status.RUNNING) {
                ReindexWorker.Result result = worker.runPage(ccid, job.id(), job.page());
                if (result == ReindexWorker.Result.FAILED) {
                    throw new IllegalStateException("forceIndex failed: " + jobs.find(ccid, job.id()).orElseThrow());
                }
                pages++;
                job = jobs.find(ccid, job.id()).orElseThrow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            cluster.post("/" + RecordingIndices.alias(RecordingKind.CALL, ccid) + "/_refresh", Map.of(), null);
            long count = cluster.get("/" + RecordingIndices.alias(RecordingKind.CALL, ccid) + "/_count", Map.of())
                    .path("count").asLong();
            if (job.status() != ReindexJob.Status.DONE || count != recordings) {
                throw new IllegalStateException("forceIndex ended " + job.status() + " with " + count + " of "
                        + recordings + " documents");
            }
            System.out.printf("  forceIndex: %d recordings in %d pages, %.1f s%n", recordings, pages, seconds);
            return new ForceIndexFigures("a forceIndex job over the " + recordings + " stored recordings' window, its "
                    + pages + " pages (" + ReindexWorker.DEFAULT_PAGE_SIZE + " GSI1 entries each) run back to back by "
                    + "the ReindexFunction's worker; the stream hop between pages is not in the figure", recordings, seconds);
        }
    }

    // ------------------------------------------------------------------ indexer against raw _bulk

    /** IndexerHandler's pool for the consistent reads of a batch. */
    static final int READER_THREADS = 8;
    private static final int STORE_THREADS = 8;

    private IndexFigures indexer(RecordingStore store, SearchCluster cluster, RecordingIndices indices,
                                 RecordingIndexer indexer, SearchRecordings recordings, String ccid, int batchSize,
                                 double storeSeconds) {
        // The documents for raw _bulk: each recording read back and built exactly as the indexer builds it.
        List<RecordingRef> refs = recordings.ids(indexRecordings).stream()
                .map(id -> new RecordingRef(ccid, RecordingKind.CALL, id)).toList();
        String[] documents = new String[indexRecordings];
        long readBack = System.nanoTime();
        long[] items = new long[indexRecordings];
        ConcurrentLoad.run(indexRecordings, STORE_THREADS, i -> {
            StoredRecording s = store.find(ccid, RecordingKind.CALL, refs.get(i).id()).orElseThrow();
            documents[i] = Json.write(RecordingDocument.of(s, Optional.empty()));
            Recording r = s.recording();
            items[i] = 1 + 2L * r.mediaFiles().size() + r.eventHistory().size();
        });
        System.out.printf("  read back and built %d documents for raw _bulk in %.1f s (not measured)%n", indexRecordings,
                (System.nanoTime() - readBack) / 1e9);
        long documentBytes = Math.round(java.util.Arrays.stream(documents)
                .mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length).average().orElse(0));
        double itemsPerRecording = java.util.Arrays.stream(items).average().orElse(0);
        List<List<RecordingRef>> batches = new ArrayList<>();
        for (int from = 0; from < refs.size(); from += batchSize) {
            batches.add(refs.subList(from, Math.min(refs.size(), from + batchSize)));
        }

        // Warm-up: one untimed pass each way over all the recordings, so that no round pays for the JIT, or for the
        // first reads of the table, alone. The indexer's goes into the contact center's index, which round 1 drops.
        long warmStart = System.nanoTime();
        indices.ensureIndex(RecordingKind.CALL, SearchRecordings.REGION, ccid);
        timeIndexer(indexer, batches);
        String warmRaw = RecordingIndices.index(RecordingKind.CALL, SearchRecordings.REGION, "bench-raw-warm");
        createIndex(cluster, warmRaw);
        timeRaw(cluster, bodies(warmRaw, refs, documents, batchSize));
        deleteIndex(cluster, warmRaw);
        System.out.printf("  warm-up pass each way in %.1f s (not measured)%n", (System.nanoTime() - warmStart) / 1e9);

        List<IndexRound> rounds = new ArrayList<>();
        for (int round = 0; round < indexRounds; round++) {
            boolean indexerFirst = round % 2 == 0;
            // Fresh indices from the same template, created before the clock starts, for both sides.
            indices.dropAll(RecordingKind.CALL, ccid);
            indices.ensureIndex(RecordingKind.CALL, SearchRecordings.REGION, ccid);
            String rawIndex = RecordingIndices.index(RecordingKind.CALL, SearchRecordings.REGION, "bench-raw-" + round);
            createIndex(cluster, rawIndex);
            List<String> bodies = bodies(rawIndex, refs, documents, batchSize);
            LoadResult ours;
            LoadResult raw;
            if (indexerFirst) {
                ours = timeIndexer(indexer, batches);
                raw = timeRaw(cluster, bodies);
            } else {
                raw = timeRaw(cluster, bodies);
                ours = timeIndexer(indexer, batches);
            }
            expectCount(cluster, RecordingIndices.alias(RecordingKind.CALL, ccid), indexRecordings);
            expectCount(cluster, rawIndex, indexRecordings);
            deleteIndex(cluster, rawIndex);
            System.out.printf("  round %d: indexer %.0f recordings/s, raw _bulk %.0f recordings/s%n", round + 1,
                    ours.perSecond(), raw.perSecond());
            rounds.add(new IndexRound(indexerFirst, ours, raw));
        }
        return new IndexFigures(indexRecordings, batchSize, READER_THREADS, storeSeconds, STORE_THREADS,
                itemsPerRecording, documentBytes, rounds);
    }

    private static LoadResult timeIndexer(RecordingIndexer indexer, List<List<RecordingRef>> batches) {
        long[] latencies = new long[batches.size()];
        int recordings = 0;
        long start = System.nanoTime();
        for (int b = 0; b < batches.size(); b++) {
            long begin = System.nanoTime();
            RecordingIndexer.Outcome outcome = indexer.sync(batches.get(b));
            latencies[b] = System.nanoTime() - begin;
            if (outcome.indexed() != batches.get(b).size() || !outcome.failed().isEmpty() || outcome.rejected() != 0) {
                throw new IllegalStateException("the indexer did not index batch " + b + ": " + outcome);
            }
            recordings += batches.get(b).size();
        }
        long elapsed = System.nanoTime() - start;
        // Operations are recordings (for the rate); latencies are per batch.
        return new LoadResult(recordings, elapsed, latencies);
    }

    private static LoadResult timeRaw(SearchCluster cluster, List<String> bodies) {
        long[] latencies = new long[bodies.size()];
        int recordings = 0;
        long start = System.nanoTime();
        for (int b = 0; b < bodies.size(); b++) {
            long begin = System.nanoTime();
            JsonNode answer = cluster.bulk(bodies.get(b), Map.of());
            latencies[b] = System.nanoTime() - begin;
            if (answer.path("errors").asBoolean(true)) {
                throw new IllegalStateException("raw _bulk batch " + b + " had errors: " + excerpt(answer));
            }
            recordings += answer.path("items").size();
        }
        return new LoadResult(recordings, System.nanoTime() - start, latencies);
    }

    /** The bulk bodies for raw {@code _bulk}: the indexer's action line (external version) and the same document. */
    private static List<String> bodies(String index, List<RecordingRef> refs, String[] documents, int batchSize) {
        long version = System.currentTimeMillis();
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < documents.length; from += batchSize) {
            StringBuilder bulk = new StringBuilder();
            for (int i = from; i < Math.min(documents.length, from + batchSize); i++) {
                var meta = Json.object();
                meta.putObject("index").put("_index", index).put("_id", refs.get(i).id())
                        .put("version", version).put("version_type", "external_gte");
                bulk.append(Json.write(meta)).append('\n').append(documents[i]).append('\n');
            }
            bodies.add(bulk.toString());
        }
        return bodies;
    }

    private static void createIndex(SearchCluster cluster, String index) {
        cluster.put("/" + index, Json.object());
    }

    private static void deleteIndex(SearchCluster cluster, String index) {
        cluster.delete("/" + index, null);
    }

    private static void expectCount(SearchCluster cluster, String indexOrAlias, long expected) {
        cluster.post("/" + indexOrAlias + "/_refresh", Map.of(), null);
        long count = cluster.get("/" + indexOrAlias + "/_count", Map.of()).path("count").asLong();
        if (count != expected) {
            throw new IllegalStateException(indexOrAlias + " holds " + count + " documents, expected " + expected);
        }
    }

    /** The IndexerFunction's stream BatchSize in template.yaml: at most this many records per invocation. */
    static int indexerBatchSize(SamTemplate template) {
        return template.functions().stream()
                .filter(f -> f.handlerClass().equals(IndexerHandler.class.getName()))
                .flatMap(f -> f.streamTriggers().stream())
                .mapToInt(SamTemplate.StreamTrigger::batchSize)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml has no stream trigger for the IndexerFunction"));
    }

    // ------------------------------------------------------------------ search latency

    private SearchFigures search(SearchCluster cluster, RecordingIndices indices, SearchHandler handler) {
        String ccid = "bench-search-" + UUID.randomUUID().toString().substring(0, 8);
        indices.ensureIndex(RecordingKind.CALL, SearchRecordings.REGION, ccid);
        String index = RecordingIndices.index(RecordingKind.CALL, SearchRecordings.REGION, ccid);
        SearchRecordings recordings = new SearchRecordings("SRCH");
        int batches = (searchRecordings + LOAD_BATCH - 1) / LOAD_BATCH;
        long version = System.currentTimeMillis();
        long[] bytes = new long[batches];
        System.out.println("  loading " + searchRecordings + " documents straight into the index (not measured)");
        LoadResult load = ConcurrentLoad.run(batches, 2, b -> {
            StringBuilder bulk = new StringBuilder();
            for (int i = b * LOAD_BATCH; i < Math.min(searchRecordings, (b + 1) * LOAD_BATCH); i++) {
                StoredRecording stored = new StoredRecording(ccid, recordings.recording(i), 1, false, Map.of(), List.of());
                String document = Json.write(RecordingDocument.of(stored, Optional.empty()));
                bytes[b] += document.getBytes(StandardCharsets.UTF_8).length;
                var meta = Json.object();
                meta.putObject("index").put("_index", index).put("_id", recordings.id(i)).put("version", version)
                        .put("version_type", "external_gte");
                bulk.append(Json.write(meta)).append('\n').append(document).append('\n');
            }
            JsonNode answer = cluster.bulk(bulk.toString(), Map.of());
            if (answer.path("errors").asBoolean(true)) {
                throw new IllegalStateException("loading the search corpus failed: " + excerpt(answer));
            }
        });
        expectCount(cluster, RecordingIndices.alias(RecordingKind.CALL, ccid), searchRecordings);
        System.out.printf("  loaded in %.1f s%n", load.elapsedSeconds());
        long documentBytes = java.util.Arrays.stream(bytes).sum() / searchRecordings;

        List<Query> queries = queries(ccid);
        Map<Query, long[]> latencies = new LinkedHashMap<>();
        Map<Query, Long> hits = new HashMap<>();
        Map<Query, Integer> pageSizes = new HashMap<>();
        for (Query q : queries) {
            latencies.put(q, new long[requests]);
        }
        System.out.println("  " + queries.size() + " queries: " + warmUp + " warm-up + " + requests
                + " measured rounds through SearchHandler");
        for (int round = -warmUp; round < requests; round++) {
            for (Query q : queries) {
                Map<String, String> query = q.query();
                if (q.secondPage()) {
                    JsonNode first = body(handler.handleRequest(event(query, q.claims()), null));
                    query = queryOf(URI.create(first.get("nextUri").asText()));
                }
                APIGatewayV2HTTPEvent event = event(query, q.claims());
                long begin = System.nanoTime();
                APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
                long nanos = System.nanoTime() - begin;
                JsonNode body = body(response);
                long total = body.path("totalCount").asLong();
                int page = body.path("recordings").size();
                Long before = hits.putIfAbsent(q, total);
                if (before != null && before != total) {
                    throw new IllegalStateException(q.label() + " found " + total + " recordings, earlier " + before);
                }
                pageSizes.put(q, page);
                if (body.hasNonNull("nextUri")) {
                    // A client that stops reading leaves the point in time to expire; the benchmark closes it
                    // (untimed), so thousands of requests do not pile up open points in time in the node.
                    closePointInTime(cluster, body.get("nextUri").asText());
                }
                if (round >= 0) {
                    latencies.get(q)[round] = nanos;
                }
            }
        }
        List<QueryFigure> figures = new ArrayList<>();
        for (Query q : queries) {
            long[] l = latencies.get(q);
            LoadResult result = new LoadResult(requests, java.util.Arrays.stream(l).sum(), l);
            figures.add(new QueryFigure(q.label(), q.display(), q.caller(), hits.get(q), pageSizes.get(q), result));
            System.out.printf("  %-42s hits %6d  p50 %6.1f ms  p95 %6.1f ms%n", q.label(), hits.get(q),
                    result.percentileMillis(50), result.percentileMillis(95));
        }
        indices.dropAll(RecordingKind.CALL, ccid);
        return new SearchFigures(searchRecordings, SearchRecordings.DAYS, load.elapsedSeconds(), documentBytes, warmUp,
                requests, LIMIT, figures);
    }

    static final int LIMIT = 100;

    /** One measured query: a label, the query parameters (limit added), the caller's claims. */
    record Query(String label, Map<String, String> query, String caller, Map<String, String> claims,
                 boolean secondPage) {
        String display() {
            return query.entrySet().stream().filter(e -> !e.getKey().equals("limit"))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        }
    }

    /** The queries, their values taken from recordings of the corpus so that each one finds something. */
    List<Query> queries(String ccid) {
        Map<String, String> supervisor = claims(ccid, "bench-supervisor", List.of("/"));
        int team = 7;
        Map<String, String> teamCaller = claims(ccid, "bench-team-lead", List.of(SearchRecordings.accessGroup(team)));
        String everything = "supervisor, access group /";
        String teamOnly = "supervisor, access group " + SearchRecordings.accessGroup(team);

        SearchRecordings.Shape inbound = find(s -> s.callType().equals("Inbound"));
        // A customer's number by its last four digits; one whose digits no service number ends in.
        SearchRecordings.Shape outbound = find(s -> s.callType().equals("Outbound")
                && !s.dialed().matches(".*01[01][0-9]$"));
        SearchRecordings.Shape any = SearchRecordings.shape(reference());
        String callerDigits = inbound.caller().replaceAll("[^0-9]", "");
        String dialedDigits = outbound.dialed().replaceAll("[^0-9]", "");
        Instant day = SearchRecordings.T0.plus(SearchRecordings.DAYS / 2, ChronoUnit.DAYS);
        String agentFirst = SearchRecordings.firstName(any.agent());
        String agentLast = SearchRecordings.lastName(any.agent());

        List<Query> q = new ArrayList<>();
        q.add(new Query("no filter", limited(), everything, supervisor, false));
        q.add(new Query("startTime + endTime (one day)", limited("startTime", Long.toString(day.toEpochMilli()),
                "endTime", Long.toString(day.plus(1, ChronoUnit.DAYS).toEpochMilli())), everything, supervisor, false));
        q.add(new Query("callerPhoneNumber exact", limited("callerPhoneNumber", inbound.caller()), everything, supervisor, false));
        q.add(new Query("callerPhoneNumber trailing *", limited("callerPhoneNumber", callerDigits.substring(0, 8) + "*"),
                everything, supervisor, false));
        q.add(new Query("dialedPhoneNumber leading *", limited("dialedPhoneNumber",
                "*" + dialedDigits.substring(dialedDigits.length() - 4)), everything, supervisor, false));
        q.add(new Query("userName, one term", limited("userName", agentLast), everything, supervisor, false));
        q.add(new Query("userName, A AND B", limited("userName", agentFirst + " AND " + agentLast), everything, supervisor, false));
        q.add(new Query("userData exact", limited("userData", any.caseId()), everything, supervisor, false));
        q.add(new Query("userData wildcard", limited("userData", any.caseId().substring(0, 9) + "*"), everything, supervisor, false));
        q.add(new Query("label", limited("label", "vip"), everything, supervisor, false));
        q.add(new Query("agentId", limited("agentId", SearchRecordings.agentId(any.agent())), everything, supervisor, false));
        q.add(new Query("callType", limited("callType", "Outbound"), everything, supervisor, false));
        q.add(new Query("screenRecording", limited("screenRecording", "true"), everything, supervisor, false));
        q.add(new Query("team access group, no filter", limited(), teamOnly, teamCaller, false));
        q.add(new Query("second page (nextUri), no filter", limited(), everything, supervisor, true));
        return q;
    }

    /** The recording the queries take their values from: one in the middle of the corpus. */
    private int reference() {
        return searchRecordings / 2;
    }

    private SearchRecordings.Shape find(java.util.function.Predicate<SearchRecordings.Shape> wanted) {
        for (int i = reference(); i < searchRecordings; i++) {
            SearchRecordings.Shape s = SearchRecordings.shape(i);
            if (wanted.test(s)) {
                return s;
            }
        }
        throw new IllegalStateException("no recording of the wanted shape in the corpus");
    }

    private static Map<String, String> limited(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        m.put("limit", Integer.toString(LIMIT));
        return m;
    }

    /** The claims the HTTP API's JWT authorizer hands the function. */
    private static Map<String, String> claims(String ccid, String user, List<String> groups) {
        Map<String, String> c = new HashMap<>();
        c.put("ccid", ccid);
        c.put("username", user);
        c.put("permissions", "[RECORDING_READ]");
        c.put("accessGroups", "[" + String.join(" ", groups) + "]");
        c.put("agent", "false");
        return c;
    }

    /** An API Gateway payload 2.0 event as the authorizer passes it on (as the search module's tests build them). */
    static APIGatewayV2HTTPEvent event(Map<String, String> query, Map<String, String> claims) {
        var context = APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("bench").withRouteKey(ROUTE)
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                        .build());
        return APIGatewayV2HTTPEvent.builder().withRouteKey(ROUTE).withRawPath("/api/v2/recordings")
                .withQueryStringParameters(new HashMap<>(query))
                .withHeaders(Map.of("host", "rec.example.com")).withRequestContext(context.build()).build();
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("search answered " + response.getStatusCode() + ": " + response.getBody());
        }
        try {
            return Json.parse(response.getBody());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("search answered a body that is not JSON", e);
        }
    }

    static Map<String, String> queryOf(URI uri) {
        Map<String, String> q = new HashMap<>();
        for (String part : uri.getRawQuery().split("&")) {
            String[] kv = part.split("=", 2);
            q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    private static void closePointInTime(SearchCluster cluster, String nextUri) {
        String pit = SearchCursor.decode(queryOf(URI.create(nextUri)).get("cursor")).pointInTime();
        var body = Json.object();
        body.putArray("pit_id").add(pit);
        cluster.delete("/_search/point_in_time", body);
    }

    private static String excerpt(JsonNode answer) {
        String text = Json.write(answer);
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
