package io.callvault.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.api.MediaIngestService;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.MediaLinks;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.crypto.EncryptedMedia;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.crypto.KeyTransport;
import io.callvault.core.crypto.Recipient;
import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.FilterType;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.EncryptionSettingsStore;
import io.callvault.core.store.IngestKeys;
import io.callvault.core.store.Keys;
import io.callvault.core.store.MediaLocation;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import io.callvault.core.store.TenantRecipients;
import io.callvault.lifecycle.backup.ArchiveFolder;
import io.callvault.lifecycle.backup.RecordingArchiver;
import io.callvault.local.LocalRuntime;
import io.callvault.search.IndexerHandler;
import io.callvault.search.RecordingIndices;
import io.callvault.search.SearchCluster;
import io.callvault.search.SearchRequestException;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import io.callvault.standins.StepFunctionsLocal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The lifecycle section (issue 7's benchmark): recordings backed up and purged per second by a "Backup and Purge" rule
 * run end to end on the local runtime, against a raw loop of the S3 and DynamoDB requests a minimal backup and purge
 * must make, on an equal set of recordings, in the same run.
 *
 * <p><b>Set-up, not timed.</b> The local runtime (the template's functions in this JVM, DynamoDB Local, s3proxy, the
 * OpenSearch node, the Step Functions stand-in running statemachines/lifecycle.asl.json with Wait and Retry intervals
 * shortened), {@code LIFECYCLE_PAGE_SIZE} set through {@link StandInStack#ENV_OVERRIDE_PREFIX}. Per round two contact
 * centers (region us, one deployed RSA-2048 certificate and its private key, through the HTTP API; no analytics
 * receiver), each with N call recordings ({@link LifecycleRecordings}: 366 to 730 days old, one media file each)
 * stored as intake stores them. Recording 0 goes the real way: the metadata with {@link RecordingStore#ingest}, the
 * media file's plaintext put in a staging bucket under its ingest key and handed to the media ingest function's own
 * {@link MediaIngestService} (built as {@code MediaIngestHandler} builds it, with the staging bucket as its ingest
 * bucket and no mux trigger). The others, for speed, through the same store code against a {@link PartitionCapture}
 * (ingest, locateMedia, attachObject) and the same steps as the ingest service (an envelope to the tenant's usable
 * certificates, the ciphertext under the ingest's key and object metadata in the media bucket), their items then put
 * with BatchWriteItem; recording 1's items are checked to have exactly the shape of recording 0's. The table's stream
 * feeds the indexer, and the section waits until the index holds both sets.
 *
 * <p><b>callvault, timed.</b> The rule is written through {@code POST /api/v2/settings/gir-scheduler}; the clock runs
 * from {@code POST /api/v2/ops/contact-centers/{ccid}/lifecycle-rules/{name}/runs} until the run's {@code finishedAt}
 * (FinishRun, the last Task); the run is then read back with {@code GET .../runs/{runId}} and every execution of it
 * ({@code lc-<runId>...}) from the stand-in's history. <b>Raw, timed.</b> For each recording of the other set, on
 * {@code LIFECYCLE_WORKERS} threads with the functions' SDK clients: S3 CopyObject of its media object to the archive
 * bucket, PutObject of its metadata JSON (built before the clock starts), DeleteObject of the media object, and one
 * DynamoDB BatchWriteItem deleting all its items (keys known from the seeding). Rounds alternate which side goes
 * first; the table's stream is drained before each. Both sides' AWS SDK calls are counted ({@link RequestCounter}),
 * their CPU measured ({@link CpuMeter}), and the lifecycle threads' stacks sampled ({@link LifecycleSampler}).
 */
final class LifecycleBenchmark {
    static final String RULE = "Backup and Purge";
    static final int MIN_AGE_DAYS = 365;
    /** Plaintext bytes of every media file (a few seconds of the call recorder's 8 kbit/s MP3). */
    static final int MEDIA_BYTES = 16 * 1024;
    static final long SAMPLE_MILLIS = 50;
    /** The Step Functions stand-in's Wait and Retry intervals, ms (as the end-to-end test sets them). */
    static final long WAIT_OVERRIDE_MILLIS = 10;
    static final long RETRY_OVERRIDE_MILLIS = 20;
    static final String STATE_MACHINE = "LifecycleStateMachine";
    static final String BACKUP_FUNCTION = "LifecycleBackupFunction";
    private static final int SEED_THREADS = 8;
    /** Recordings seeded per BatchWriteItem: 3 x 8 items, under DynamoDB's 25. */
    private static final int SEED_GROUP = 3;
    private static final String PAGE_SIZE_PROPERTY = StandInStack.ENV_OVERRIDE_PREFIX + "LIFECYCLE_PAGE_SIZE";
    private static final String STAGING_BUCKET = "bench-lifecycle-staging";
    /** How often the runs API is asked whether the run ended (its end time is the run's own finishedAt). */
    static final long POLL_MILLIS = 250;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration INDEX_TIMEOUT = Duration.ofMinutes(30);
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /**
     * One round. {@code lifecycleSeconds}: POST to the run's finishedAt; {@code polledSeconds}: POST until a GET saw
     * the run ended (polled every {@value #POLL_MILLIS} ms); {@code raw}: the raw loop, each recording's four requests
     * as one operation; the indexer batches: what the stream poller delivered in the background during each side;
     * the requests: AWS SDK calls by thread group, then by "Service Operation".
     */
    record Round(boolean lifecycleFirst, double lifecycleSeconds, double polledSeconds, int pages,
                 LifecycleHistory.Figures history, LoadResult raw, long auditRecords, Map<String, Long> counts,
                 double seedSeconds, double indexSeconds, int lifecycleIndexerBatches, int rawIndexerBatches,
                 CpuMeter.Usage lifecycleCpu, CpuMeter.Usage rawCpu, Map<String, Map<String, Long>> lifecycleRequests,
                 Map<String, Map<String, Long>> rawRequests) {
        double lifecyclePerSecond(int recordings) {
            return recordings / lifecycleSeconds;
        }

        /** Time ratio: how many times longer the lifecycle run took than the raw loop. */
        double ratio() {
            return lifecycleSeconds / raw.elapsedSeconds();
        }
    }

    /**
     * @param workers        {@code LIFECYCLE_WORKERS} of the backup and purge functions, the raw loop's threads
     * @param storedBytes    one media object as the media bucket holds it (the ciphertext)
     * @param derBytes       one archived DER file (envelope and ciphertext)
     * @param metadataBytes  one archived meta-data.json
     * @param itemsPerRecording the items a recording is stored as (META, MEDIA#, EVT# and the mediaId guard)
     * @param samples        activity → stack samples of the lifecycle threads over all rounds' runs
     * @param sampleTicks    how many times the threads were sampled
     * @param derChecked     what the DER check found (openssl opened one archived file with the tenant's key)
     * @param requestsCounted whether the rounds' AWS SDK calls were counted ({@link RequestCounter})
     */
    record Figures(int recordings, int pageSize, int workers, int pagesPerExecution, int mediaBytes, long storedBytes,
                   long derBytes, long metadataBytes, int itemsPerRecording, List<Round> rounds,
                   Map<String, Integer> samples, int sampleTicks, long sampleMillis, String derChecked,
                   boolean requestsCounted) {
        double median(ToDoubleFunction<Round> figure) {
            return SearchBenchmark.median(rounds.stream().mapToDouble(figure).toArray());
        }

        double medianLifecycleSeconds() {
            return median(Round::lifecycleSeconds);
        }

        double medianRawSeconds() {
            return median(r -> r.raw().elapsedSeconds());
        }

        /** The median of the rounds' own time ratios (each round's two sides ran in the same runtime, back to back). */
        double medianRatio() {
            return median(Round::ratio);
        }

        /** All pages of all rounds, for per-page percentiles. */
        List<LifecycleHistory.Page> pages() {
            return rounds.stream().flatMap(r -> r.history().pages().stream()).toList();
        }
    }

    private final int recordings;
    private final int pageSize;
    private final int rounds;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    LifecycleBenchmark(int recordings, int pageSize, int rounds) {
        this.recordings = recordings;
        this.pageSize = pageSize;
        this.rounds = rounds;
    }

    Figures run(SamTemplate template, Path work) throws Exception {
        String previous = System.getProperty(PAGE_SIZE_PROPERTY);
        System.setProperty(PAGE_SIZE_PROPERTY, Integer.toString(pageSize));
        boolean counting = RequestCounter.install();
        try (RoutineLines lines = RoutineLines.install();
             LocalRuntime runtime = LocalRuntime.start(template, null, 0, Clock.systemUTC(),
                     new StepFunctionsLocal.Options(null, WAIT_OVERRIDE_MILLIS, RETRY_OVERRIDE_MILLIS))) {
            return new Run(runtime, template, work, lines, counting).measure();
        } finally {
            RequestCounter.uninstall();
            if (previous == null) {
                System.clearProperty(PAGE_SIZE_PROPERTY);
            } else {
                System.setProperty(PAGE_SIZE_PROPERTY, previous);
            }
        }
    }

    /** One section's state: the runtime, the clients the functions use, and the ingest service. */
    private final class Run {
        private final LocalRuntime runtime;
        private final RoutineLines lines;
        private final boolean counting;
        private final Path work;
        private final FunctionEnvironment env;
        private final int workers;
        private final int pagesPerExecution;
        private final S3Client s3;
        private final DynamoDbClient dynamo;
        private final String recordingsTable;
        private final String controlTable;
        private final String auditTable;
        private final String mediaBucket;
        private final String archiveBucket;
        private final RecordingStore store;
        private final MediaIngestService ingest;
        private final SearchCluster cluster;
        private final String ops;
        private final byte[] plaintext = new PlaintextPattern(20_260_107L).bytes(0, MEDIA_BYTES);

        Run(LocalRuntime runtime, SamTemplate template, Path work, RoutineLines lines, boolean counting) {
            this.runtime = runtime;
            this.counting = counting;
            this.lines = lines;
            this.work = work;
            StandInStack stack = runtime.stack();
            this.env = new FunctionEnvironment(stack.environmentOf(function(template, BACKUP_FUNCTION)));
            int purgeWorkers = Integer.parseInt(stack.environmentOf(function(template, "LifecyclePurgeFunction"))
                    .get("LIFECYCLE_WORKERS"));
            this.workers = Integer.parseInt(env.require("LIFECYCLE_WORKERS"));
            if (purgeWorkers != workers) {
                throw new IllegalStateException("the backup and purge functions have different LIFECYCLE_WORKERS ("
                        + workers + ", " + purgeWorkers + "): the raw loop's parallelism would be ambiguous");
            }
            if (Integer.parseInt(env.require("LIFECYCLE_PAGE_SIZE")) != pageSize) {
                throw new IllegalStateException("LIFECYCLE_PAGE_SIZE is " + env.require("LIFECYCLE_PAGE_SIZE")
                        + " in the functions' environment, not " + pageSize);
            }
            this.pagesPerExecution = Integer.parseInt(env.require("LIFECYCLE_PAGES_PER_EXECUTION"));
            this.s3 = AwsClients.s3(env);
            this.dynamo = AwsClients.dynamoDb(env);
            this.recordingsTable = runtime.resourceName("RecordingsTable");
            this.controlTable = runtime.resourceName("ControlTable");
            this.auditTable = runtime.resourceName("AuditTable");
            this.mediaBucket = runtime.resourceName("MediaBucket");
            this.archiveBucket = runtime.resourceName("ArchiveBucket");
            this.store = new RecordingStore(dynamo, recordingsTable, Clock.systemUTC());
            // The media ingest function's service, as MediaIngestHandler builds it, reading from a staging bucket no
            // S3 notification watches (so the local runtime's own ingest does not race it).
            FunctionEnvironment ingestEnv = new FunctionEnvironment(stack.environmentOf(function(template, "MediaIngestFunction")));
            String control = ingestEnv.require("CONTROL_TABLE");
            DynamoDbClient ingestDynamo = AwsClients.dynamoDb(ingestEnv);
            this.ingest = new MediaIngestService(AwsClients.s3(ingestEnv), STAGING_BUCKET, ingestEnv.require("MEDIA_BUCKET"),
                    new RecordingStore(ingestDynamo, ingestEnv.require("RECORDINGS_TABLE"), Clock.systemUTC()),
                    new CertificateStore(ingestDynamo, control), new EncryptionSettingsStore(ingestDynamo, control,
                    Clock.systemUTC()), new EnvelopeEncryptor(), new Metrics(Clock.systemUTC()), Clock.systemUTC());
            this.cluster = SearchCluster.connect(new FunctionEnvironment(stack.environmentOfHandler(IndexerHandler.class.getName())));
            this.ops = runtime.issuer().mint("-", "bench-ops", List.of("OPS"), List.of(), false, Duration.ofHours(4));
        }

        Figures measure() throws Exception {
            s3.createBucket(b -> b.bucket(STAGING_BUCKET));
            LifecycleSampler sampler = new LifecycleSampler(SAMPLE_MILLIS);
            List<Round> all = new ArrayList<>();
            long storedBytes = 0;
            long derBytes = 0;
            long metadataBytes = 0;
            int itemsPerRecording = 0;
            String derChecked = "not checked";
            for (int r = 0; r < rounds; r++) {
                boolean lifecycleFirst = r % 2 == 0;
                System.out.println("  round " + (r + 1) + ": seeding 2 x " + recordings + " recordings ("
                        + SEED_THREADS + " threads, not measured)");
                Tenant lc = tenant("Lifecycle bench " + (r + 1));
                Tenant raw = tenant("Lifecycle bench raw " + (r + 1));
                Instant reference = Instant.now();
                LifecycleRecordings lcSet = new LifecycleRecordings(String.format("LCB%02dL", r), reference, MEDIA_BYTES);
                LifecycleRecordings rawSet = new LifecycleRecordings(String.format("LCB%02dR", r), reference, MEDIA_BYTES);
                long seedStart = System.nanoTime();
                RawRecording[] lcSeeded = seed(lc.ccid(), lcSet);
                RawPlan plan = new RawPlan(List.of(seed(raw.ccid(), rawSet)));
                double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
                long indexStart = System.nanoTime();
                awaitIndexed(List.of(lc.ccid(), raw.ccid()));
                double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
                System.out.printf("  seeded in %.1f s, indexed %.1f s later%n", seedSeconds, indexSeconds);
                storedBytes = s3.headObject(b -> b.bucket(mediaBucket).key(lcSeeded[recordings - 1].objectKey())).contentLength();
                rule(lc);
                itemsPerRecording = plan.itemsPerRecording();

                LifecycleOutcome lifecycle = null;
                LoadResult rawResult = null;
                int lifecycleBatches = 0;
                int rawBatches = 0;
                CpuMeter.Usage lifecycleCpu = null;
                CpuMeter.Usage rawCpu = null;
                Map<String, Map<String, Long>> rawRequests = null;
                for (int side = 0; side < 2; side++) {
                    drainStreams();
                    int batchesBefore = lines.delivered();
                    if ((side == 0) == lifecycleFirst) {
                        lifecycle = lifecycleRun(lc, sampler);
                        lifecycleBatches = lifecycle.indexerBatches();
                        lifecycleCpu = lifecycle.cpu();
                    } else {
                        CpuMeter cpu = CpuMeter.start();
                        RequestCounter.start();
                        rawResult = rawLoop(plan);
                        rawRequests = RequestCounter.stop();
                        rawCpu = cpu.stop();
                        rawBatches = lines.delivered() - batchesBefore;
                        checkRaw(raw.ccid(), plan, rawResult);
                    }
                }
                Round round = new Round(lifecycleFirst, lifecycle.seconds(), lifecycle.polledSeconds(), lifecycle.pages(),
                        lifecycle.history(), rawResult, lifecycle.auditRecords(), lifecycle.counts(), seedSeconds,
                        indexSeconds, lifecycleBatches, rawBatches, lifecycleCpu, rawCpu, lifecycle.requests(),
                        rawRequests);
                all.add(round);
                derBytes = lifecycle.derBytes();
                metadataBytes = lifecycle.metadataBytes();
                if (r == 0) {
                    derChecked = checkDer(lc, lifecycle.derKey());
                }
                System.out.printf("  round %d: lifecycle %.1f s (%.0f recordings/s, %d pages), raw %.1f s (%.0f recordings/s), "
                                + "lifecycle ÷ raw %.2f%n", r + 1, round.lifecycleSeconds(), round.lifecyclePerSecond(recordings),
                        round.pages(), rawResult.elapsedSeconds(), rawResult.perSecond(), round.ratio());
            }
            return new Figures(recordings, pageSize, workers, pagesPerExecution, MEDIA_BYTES, storedBytes, derBytes,
                    metadataBytes, itemsPerRecording, all, sampler.samples(), sampler.ticks(), SAMPLE_MILLIS, derChecked, counting);
        }

        // ------------------------------------------------------------------ set-up

        record Tenant(String ccid, String admin, BenchPki pki) {}

        /** A contact center in region us with one deployed certificate and its private key; no analytics receiver. */
        private Tenant tenant(String name) throws Exception {
            String ccid = send("POST", "/api/v2/ops/contact-centers", ops, Json.write(Json.object()
                    .put("name", name + " " + UUID.randomUUID().toString().substring(0, 8)).put("region",
                            LifecycleRecordings.REGION)), 200).get("id").asText();
            String admin = runtime.issuer().mint(ccid, "bench-admin", List.of("RECORDING_KEY_ADMIN", "RECORDING_INGEST",
                    "RECORDING_READ", "CONTACT_CENTER_ADMIN"), List.of("/"), false, Duration.ofHours(4));
            BenchPki pki = BenchPki.generate("callvault-lifecycle-bench");
            send("POST", "/api/v2/settings/certificates", admin, Json.write(Json.object().put("alias", "bench")
                    .put("certificate", pki.certificatePem())), 200);
            send("POST", "/api/v2/settings/private-keys", admin, Json.write(Json.object().put("alias", "bench")
                    .put("privateKey", pki.privateKeyPem())), 200);
            return new Tenant(ccid, admin, pki);
        }

        /**
         * Recording 0 through the real path (the store on the table, then the media ingest service from the staging
         * bucket); every other one through the same store code against a {@link PartitionCapture} and the same steps
         * the ingest service takes (envelope to the tenant's usable certificates with its key transport, the object
         * under the ingest's key in the media bucket, {@code attachObject}), its items then written with one
         * BatchWriteItem. Recording 1's items are checked to have the shape of recording 0's. Returns, per recording,
         * what the raw loop needs.
         */
        private RawRecording[] seed(String ccid, LifecycleRecordings set) throws Exception {
            RawRecording[] seeded = new RawRecording[recordings];
            String rawPrefix = "raw-baseline-" + UUID.randomUUID().toString().substring(0, 8) + "/" + ccid + "/";
            store.ingest(ccid, set.recording(0));
            String key = IngestKeys.of(ccid, RecordingKind.CALL, set.mediaId(0)).key();
            s3.putObject(b -> b.bucket(STAGING_BUCKET).key(key).contentType("audio/mp3"), RequestBody.fromBytes(plaintext));
            MediaIngestService.Outcome outcome = ingest.ingest(key);
            if (outcome != MediaIngestService.Outcome.STORED) {
                throw new IllegalStateException("the media ingest of " + key + " answered " + outcome + ", not STORED");
            }
            StoredRecording first = store.find(ccid, RecordingKind.CALL, set.id(0)).orElseThrow();
            seeded[0] = rawRecording(rawPrefix, first, set.mediaId(0), tableItems(ccid, first));
            List<Recipient> recipients = new TenantRecipients(new CertificateStore(dynamo, controlTable), Clock.systemUTC())
                    .usable(ccid);
            KeyTransport transport = new EncryptionSettingsStore(dynamo, controlTable, Clock.systemUTC()).keyTransport(ccid);
            if (recipients.isEmpty()) {
                throw new IllegalStateException("contact center " + ccid + " has no usable certificate");
            }
            EnvelopeEncryptor encryptor = new EnvelopeEncryptor();
            // Recordings 1.. in groups whose items go in one BatchWriteItem (at most 25 items).
            int groups = (recordings - 1 + SEED_GROUP - 1) / SEED_GROUP;
            ConcurrentLoad.run(groups, SEED_THREADS, g -> {
                List<WriteRequest> writes = new ArrayList<>();
                for (int i = 1 + g * SEED_GROUP; i < Math.min(recordings, 1 + (g + 1) * SEED_GROUP); i++) {
                    PartitionCapture capture = new PartitionCapture(recordingsTable);
                    RecordingStore captured = new RecordingStore(capture.client(), recordingsTable, Clock.systemUTC());
                    captured.ingest(ccid, set.recording(i));
                    MediaLocation location = captured.locateMedia(ccid, set.mediaId(i)).orElseThrow();
                    // As MediaIngestService.ingest: a key of its own per attempt, the envelope, the object, the attach.
                    String target = mediaKey(location) + "." + UUID.randomUUID().toString().substring(0, 8);
                    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream(MEDIA_BYTES + 64);
                    EncryptedMedia envelope = encryptor.encrypt(new java.io.ByteArrayInputStream(plaintext), ciphertext,
                            recipients, transport);
                    s3.putObject(b -> b.bucket(mediaBucket).key(target).contentType("application/octet-stream")
                                    .metadata(Map.of("callvault-encryption", "cms-aes256-cbc")),
                            RequestBody.fromBytes(ciphertext.toByteArray()));
                    MediaFile updated = location.media().toBuilder().pkcs7(envelope.pkcs7Pem())
                            .certAlias(envelope.certAliases()).size(envelope.plaintextSize()).build();
                    if (!captured.attachObject(location, updated, target, envelope.plaintextSha256())) {
                        throw new IllegalStateException("attaching " + target + " failed");
                    }
                    List<Map<String, AttributeValue>> items = capture.items();
                    items.forEach(item -> writes.add(WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(item).build()).build()));
                    StoredRecording stored = captured.find(ccid, RecordingKind.CALL, set.id(i)).orElseThrow();
                    seeded[i] = rawRecording(rawPrefix, stored, set.mediaId(i), items);
                }
                batchWrite(writes);
            });
            if (recordings > 1) {
                StoredRecording second = store.find(ccid, RecordingKind.CALL, set.id(1)).orElseThrow();
                String problem = LifecycleItems.sameShape(tableItems(ccid, first), tableItems(ccid, second));
                if (problem != null) {
                    throw new IllegalStateException("recording " + set.id(1) + " was not seeded in the shape the ingest "
                            + "stored " + set.id(0) + " in: " + problem);
                }
                if (!second.recording().mediaFiles().get(0).pkcs7().startsWith("-----BEGIN PKCS7-----")
                        || second.mediaObjects().size() != 1) {
                    throw new IllegalStateException("recording " + set.id(1) + " has no enveloped media object");
                }
            }
            return seeded;
        }

        /** The guide's layout, as {@code MediaIngestService.mediaKey}: {@code {ccid}/voice/yyyy/MM/dd/{id}/{mediaId}}. */
        private static String mediaKey(MediaLocation l) {
            return l.ccid() + (l.kind() == RecordingKind.CALL ? "/voice/" : "/screen/") + DAY_PATH.format(l.recordingStart())
                    + "/" + l.recordingId() + "/" + l.media().mediaId();
        }

        /** The recording's items in the table: its partition and its media files' guards. */
        private List<Map<String, AttributeValue>> tableItems(String ccid, StoredRecording s) {
            String pk = Keys.recording(ccid, RecordingKind.CALL, s.recording().id());
            List<Map<String, AttributeValue>> items = new ArrayList<>(dynamo.queryPaginator(b -> b.tableName(recordingsTable)
                    .consistentRead(true).keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).items().stream().toList());
            for (var file : s.recording().mediaFiles()) {
                var guard = dynamo.getItem(b -> b.tableName(recordingsTable).consistentRead(true).key(Map.of(
                        Keys.PK, AttributeValue.fromS(Keys.mediaGuard(ccid, file.mediaId())),
                        Keys.SK, AttributeValue.fromS(Keys.OWNER)))).item();
                if (guard != null && !guard.isEmpty()) {
                    items.add(guard);
                }
            }
            return items;
        }

        private void batchWrite(List<WriteRequest> requests) {
            for (int from = 0; from < requests.size(); from += 25) {
                List<WriteRequest> pending = requests.subList(from, Math.min(requests.size(), from + 25));
                while (!pending.isEmpty()) {
                    List<WriteRequest> batch = pending;
                    BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(recordingsTable, batch)));
                    pending = response.unprocessedItems().getOrDefault(recordingsTable, List.of());
                }
            }
        }

        /** Until the index holds every recording of the contact centers; the stream is delivered as it goes. */
        private void awaitIndexed(List<String> ccids) throws InterruptedException {
            long deadline = System.nanoTime() + INDEX_TIMEOUT.toNanos();
            while (true) {
                runtime.deliverStreamRecords();
                boolean all = true;
                for (String ccid : ccids) {
                    all &= indexed(ccid) == recordings;
                }
                if (all) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the index did not reach " + recordings + " recordings per contact "
                            + "center within " + INDEX_TIMEOUT + ": " + ccids.stream().map(c -> c + " " + indexed(c)).toList());
                }
                Thread.sleep(200);
            }
        }

        private long indexed(String ccid) {
            String alias = RecordingIndices.alias(RecordingKind.CALL, ccid);
            try {
                cluster.post("/" + alias + "/_refresh", Map.of(), null);
                return cluster.get("/" + alias + "/_count", Map.of()).path("count").asLong();
            } catch (SearchRequestException e) {
                if (e.status() == 404) {
                    return 0;
                }
                throw e;
            }
        }

        /** Hands what the table's stream holds to the indexer now, until it holds nothing more. */
        private void drainStreams() {
            for (int i = 0; i < 100 && runtime.deliverStreamRecords() > 0; i++) {
                // again: a delivery may leave records that arrived meanwhile
            }
        }

        /** Backup voice minAge 365 (default archive bucket) and purge voice minAge 365, no screens. */
        private void rule(Tenant t) throws Exception {
            // Due 12 hours from now, so the scheduler's tick never starts a run of it while the section runs.
            String at = DateTimeFormatter.ofPattern("HH:mm:00").withZone(ZoneOffset.UTC).format(Instant.now().plus(Duration.ofHours(12)));
            String filter = "{\"type\":\"voice\",\"minAge\":" + MIN_AGE_DAYS + ",\"maxAge\":null}";
            String value = "{\"enabled\":true,\"schedule\":{\"repeatDailyAt\":\"" + at + "\"},\"tasks\":["
                    + "{\"type\":\"backup\",\"filter\":" + filter + ",\"parameters\":{\"executeOnScreenRecording\":false}},"
                    + "{\"type\":\"purge\",\"filter\":" + filter + ",\"parameters\":{\"executeOnScreenRecording\":false}}]}";
            HttpResponse<String> r = request("POST", "/api/v2/settings/gir-scheduler", t.admin(),
                    "{\"name\":\"" + RULE + "\",\"value\":" + value + "}");
            if (r.statusCode() < 200 || r.statusCode() > 202) {
                throw new IllegalStateException("writing the rule answered " + r.statusCode() + ": " + r.body());
            }
        }

        // ------------------------------------------------------------------ callvault, timed

        record LifecycleOutcome(double seconds, double polledSeconds, int pages, LifecycleHistory.Figures history,
                                long auditRecords, Map<String, Long> counts, long derBytes, long metadataBytes,
                                String derKey, CpuMeter.Usage cpu, Map<String, Map<String, Long>> requests,
                                int indexerBatches) {}

        private LifecycleOutcome lifecycleRun(Tenant t, LifecycleSampler sampler) throws Exception {
            String runs = "/api/v2/ops/contact-centers/" + t.ccid() + "/lifecycle-rules/"
                    + URLEncoder.encode(RULE, StandardCharsets.UTF_8).replace("+", "%20") + "/runs";
            Instant scheduled = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
            System.out.println("  lifecycle: running \"" + RULE + "\" on " + recordings + " recordings (pages of "
                    + pageSize + ", " + workers + " workers)");
            sampler.start();
            CpuMeter cpu = CpuMeter.start();
            RequestCounter.start();
            int batchesBefore = lines.delivered();
            long postMillis = System.currentTimeMillis();
            long postNanos = System.nanoTime();
            JsonNode started = send("POST", runs, ops, "{\"scheduledTime\":\"" + scheduled + "\"}", 202);
            String runId = started.get("runId").asText();
            JsonNode run;
            long deadline = postNanos + RUN_TIMEOUT.toNanos();
            int lastPages = -1;
            long lastPrint = postNanos;
            while (true) {
                run = send("GET", runs + "/" + runId, ops, null, 200).get("run");
                if (!run.get("status").asText().equals("RUNNING")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    sampler.stop();
                    throw new IllegalStateException("the lifecycle run did not end within " + RUN_TIMEOUT + ": " + run);
                }
                int pages = run.path("progress").path("pages").asInt();
                if (pages != lastPages && System.nanoTime() - lastPrint > 10_000_000_000L) {
                    System.out.printf("    %.0f s: %d pages, %d purged%n", (System.nanoTime() - postNanos) / 1e9, pages,
                            run.path("counts").path("purged").asLong());
                    lastPages = pages;
                    lastPrint = System.nanoTime();
                }
                Thread.sleep(POLL_MILLIS);
            }
            double polled = (System.nanoTime() - postNanos) / 1e9;
            Map<String, Map<String, Long>> requests = RequestCounter.stop();
            CpuMeter.Usage usage = cpu.stop();
            int indexerBatches = lines.delivered() - batchesBefore;
            sampler.stop();
            long finishedAt = Instant.parse(run.get("finishedAt").asText()).toEpochMilli();
            double seconds = (finishedAt - postMillis) / 1000.0;
            Map<String, Long> counts = new HashMap<>();
            run.get("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
            int pages = run.path("progress").path("pages").asInt();

            List<ExecutionListItem> executions = awaitExecutions(runId);
            List<List<LifecycleHistory.Span>> spans = new ArrayList<>();
            int failures = 0;
            int events = 0;
            for (ExecutionListItem e : executions) {
                List<HistoryEvent> history = runtime.sfn().getExecutionHistoryPaginator(b -> b
                        .executionArn(e.executionArn()).maxResults(1000).includeExecutionData(false)).events().stream().toList();
                spans.add(LifecycleHistory.spans(history));
                failures += LifecycleHistory.taskFailures(history);
                events += history.size();
            }
            LifecycleHistory.Figures history = LifecycleHistory.of(spans, failures, events);

            // Correctness: a run that did not back up and purge every recording measured nothing.
            String folder = ArchiveFolder.of(null, archiveBucket, FilterType.VOICE, null, MIN_AGE_DAYS, scheduled).keyPrefix()
                    + t.ccid() + "/";
            List<S3Object> archived = list(archiveBucket, folder);
            long metas = archived.stream().filter(o -> o.key().endsWith("/" + RecordingArchiver.METADATA_FILE)).count();
            List<S3Object> ders = archived.stream().filter(o -> o.key().endsWith(".p7m")).toList();
            long audit = auditRecords(t.ccid());
            List<String> problems = new ArrayList<>();
            if (!run.get("status").asText().equals("SUCCEEDED")) {
                problems.add("the run ended " + run.get("status").asText() + " (" + run.path("lastError").asText("") + ")");
            }
            for (String count : List.of("selected", "backedUp", "purged")) {
                if (counts.getOrDefault(count, 0L) != recordings) {
                    problems.add(count + " " + counts.getOrDefault(count, 0L));
                }
            }
            if (counts.getOrDefault("failed", 0L) != 0) {
                problems.add("failed " + counts.get("failed") + ": " + run.get("failures"));
            }
            if (pages != history.pages().size()) {
                problems.add("the run counts " + pages + " pages, its executions' histories " + history.pages().size());
            }
            checkTenantGone(t.ccid(), problems);
            if (metas != recordings || ders.size() != recordings) {
                problems.add("the archive holds " + metas + " meta-data.json and " + ders.size() + " .p7m under " + folder);
            }
            if (audit != 2L * recordings) {
                problems.add(audit + " audit records of the rule, expected " + 2L * recordings + " (requested and succeeded)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the lifecycle run is not what the benchmark expects: "
                        + String.join("; ", problems));
            }
            S3Object der = ders.get(0);
            long metadataBytes = archived.stream().filter(o -> o.key().endsWith("/" + RecordingArchiver.METADATA_FILE))
                    .findFirst().orElseThrow().size();
            System.out.printf("  lifecycle: %d recordings backed up and purged in %.1f s (%d pages, %d executions, %d task "
                            + "retries); checked: table, media, index empty, %d archived, %d audit records%n", recordings,
                    seconds, pages, executions.size(), failures, metas, audit);
            return new LifecycleOutcome(seconds, polled, pages, history, audit, counts, der.size(), metadataBytes, der.key(),
                    usage, requests, indexerBatches);
        }

        /** Every execution of the run, once none of them runs any more (FinishRun precedes the last state). */
        private List<ExecutionListItem> awaitExecutions(String runId) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                List<ExecutionListItem> executions = runtime.sfn().listExecutionsPaginator(b -> b
                                .stateMachineArn(runtime.stateMachineArn(STATE_MACHINE))).executions().stream()
                        .filter(e -> e.name().startsWith("lc-" + runId))
                        .sorted(Comparator.comparing(ExecutionListItem::startDate)).toList();
                if (!executions.isEmpty() && executions.stream().noneMatch(e -> e.statusAsString().equals("RUNNING"))) {
                    for (ExecutionListItem e : executions) {
                        if (!e.statusAsString().equals("SUCCEEDED")) {
                            throw new IllegalStateException("execution " + e.name() + " ended " + e.statusAsString());
                        }
                    }
                    return executions;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the executions of run " + runId + " did not end: " + executions);
                }
                Thread.sleep(50);
            }
        }

        private long auditRecords(String ccid) {
            long count = 0;
            for (var page : dynamo.queryPaginator(b -> b.tableName(auditTable).keyConditionExpression("PK = :pk")
                    .filterExpression("begins_with(actor, :a)").select(Select.COUNT)
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CC#" + ccid),
                            ":a", AttributeValue.fromS("lifecycle rule "))))) {
                count += page.count();
            }
            return count;
        }

        /** Nothing of the contact center left in the recordings table, the media bucket or the index. */
        private void checkTenantGone(String ccid, List<String> problems) {
            long items = 0;
            for (var page : dynamo.scanPaginator(b -> b.tableName(recordingsTable).select(Select.COUNT)
                    .filterExpression("begins_with(PK, :p)")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("CC#" + ccid + "#"))))) {
                items += page.count();
            }
            if (items != 0) {
                problems.add(items + " items of " + ccid + " left in the recordings table");
            }
            int media = list(mediaBucket, ccid + "/").size();
            if (media != 0) {
                problems.add(media + " media objects of " + ccid + " left");
            }
            long documents = indexed(ccid);
            if (documents != 0) {
                problems.add(documents + " index documents of " + ccid + " left");
            }
        }

        private List<S3Object> list(String bucket, String prefix) {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().toList();
        }

        /** openssl opens one archived DER file with the tenant's key, and it is the media file's plaintext. */
        private String checkDer(Tenant t, String key) throws Exception {
            Path dir = Files.createDirectories(work.resolve("lifecycle-der"));
            Path der = dir.resolve("media.p7m");
            Path keyPem = Files.writeString(dir.resolve("key.pem"), t.pki().privateKeyPem());
            Path certPem = Files.writeString(dir.resolve("cert.pem"), t.pki().certificatePem());
            Path out = dir.resolve("media.mp3");
            Files.write(der, s3.getObjectAsBytes(b -> b.bucket(archiveBucket).key(key)).asByteArray());
            Process openssl;
            try {
                openssl = new ProcessBuilder("openssl", "cms", "-decrypt", "-inform", "DER", "-in", der.toString(),
                        "-inkey", keyPem.toString(), "-recip", certPem.toString(), "-out", out.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException noOpenssl) {
                return "not checked (no openssl on the PATH)";
            }
            String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (openssl.waitFor() != 0 || !Arrays.equals(Files.readAllBytes(out), plaintext)) {
                throw new IllegalStateException("openssl cms -decrypt -inform DER did not give the media file's plaintext "
                        + "back from " + key + ": " + said);
            }
            return "`openssl cms -decrypt -inform DER` opened one archived file with the tenant's private key and gave "
                    + "the media file's plaintext back";
        }

        // ------------------------------------------------------------------ raw, timed

        /** Per recording: its media object, its archive keys, its metadata JSON, the keys of all its items. */
        record RawRecording(String objectKey, String mediaArchiveKey, String metadataKey, byte[] metadata,
                            List<Map<String, AttributeValue>> itemKeys) {}

        record RawPlan(List<RawRecording> recordings) {
            int itemsPerRecording() {
                return recordings.get(0).itemKeys().size();
            }

            /** The archive prefix the raw loop writes under. */
            String prefix() {
                String key = recordings.get(0).metadataKey();
                return key.substring(0, key.indexOf('/', key.indexOf('/') + 1) + 1);
            }
        }

        /**
         * What the raw loop needs for one recording, taken from what was seeded before its clock starts (a minimal
         * backup and purge must know this much): the media object, the archive keys, the metadata JSON (the recording
         * as the archive's meta-data.json holds it) and the keys of all its items.
         */
        private RawRecording rawRecording(String prefix, StoredRecording s, String mediaId,
                                          List<Map<String, AttributeValue>> items) throws IOException {
            if (s.mediaObjects().size() != 1 || items.size() > 25) {
                throw new IllegalStateException(s.recording().id() + " has " + s.mediaObjects().size()
                        + " media objects and " + items.size() + " items; the raw loop expects one object and one "
                        + "BatchWriteItem");
            }
            String folder = prefix + DAY_PATH.format(s.recording().startTime()) + "/" + s.recording().id() + "/";
            byte[] metadata = Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(RecordingCodec.write(s.recording(), MediaLinks.PATHS_ONLY));
            List<Map<String, AttributeValue>> keys = items.stream()
                    .map(i -> Map.of(Keys.PK, i.get(Keys.PK), Keys.SK, i.get(Keys.SK))).toList();
            return new RawRecording(s.mediaObjects().get(mediaId), folder + mediaId + ".enc",
                    folder + RecordingArchiver.METADATA_FILE, metadata, keys);
        }

        private LoadResult rawLoop(RawPlan plan) {
            System.out.println("  raw: CopyObject + PutObject + DeleteObject + BatchWriteItem per recording, "
                    + workers + " threads");
            LoadResult result = ConcurrentLoad.run(recordings, workers, i -> {
                RawRecording r = plan.recordings().get(i);
                s3.copyObject(b -> b.sourceBucket(mediaBucket).sourceKey(r.objectKey()).destinationBucket(archiveBucket)
                        .destinationKey(r.mediaArchiveKey()));
                s3.putObject(b -> b.bucket(archiveBucket).key(r.metadataKey()).contentType("application/json"),
                        RequestBody.fromBytes(r.metadata()));
                s3.deleteObject(b -> b.bucket(mediaBucket).key(r.objectKey()));
                List<WriteRequest> pending = r.itemKeys().stream()
                        .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build()).toList();
                while (!pending.isEmpty()) {
                    List<WriteRequest> batch = pending;
                    BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(recordingsTable, batch)));
                    pending = response.unprocessedItems().getOrDefault(recordingsTable, List.of());
                }
            });
            return result;
        }

        private void checkRaw(String ccid, RawPlan plan, LoadResult result) {
            List<String> problems = new ArrayList<>();
            checkTenantGoneFromStores(ccid, problems);
            long metas = list(archiveBucket, plan.prefix()).stream()
                    .filter(o -> o.key().endsWith("/" + RecordingArchiver.METADATA_FILE)).count();
            if (metas != recordings) {
                problems.add("the archive holds " + metas + " meta-data.json under " + plan.prefix());
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the raw loop is not what the benchmark expects: " + String.join("; ", problems));
            }
            System.out.printf("  raw: %d recordings in %.1f s (%.0f/s); checked: table and media empty, %d archived%n",
                    recordings, result.elapsedSeconds(), result.perSecond(), metas);
        }

        /** The raw loop does not touch the index (its documents go when the stream reaches the indexer). */
        private void checkTenantGoneFromStores(String ccid, List<String> problems) {
            long items = 0;
            for (var page : dynamo.scanPaginator(b -> b.tableName(recordingsTable).select(Select.COUNT)
                    .filterExpression("begins_with(PK, :p)")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("CC#" + ccid + "#"))))) {
                items += page.count();
            }
            if (items != 0) {
                problems.add(items + " items of " + ccid + " left in the recordings table");
            }
            int media = list(mediaBucket, ccid + "/").size();
            if (media != 0) {
                problems.add(media + " media objects of " + ccid + " left");
            }
        }

        // ------------------------------------------------------------------ HTTP

        private JsonNode send(String method, String path, String token, String body, int expected) throws Exception {
            HttpResponse<String> r = request(method, path, token, body);
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return Json.parse(r.body());
        }

        private HttpResponse<String> request(String method, String path, String token, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(runtime.baseUri().resolve(URI.create(path)))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(2));
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The lifecycle functions' threads: the Task invocations, a page's workers, the purge's index readers. */
    static final java.util.Set<String> LIFECYCLE_THREADS = java.util.Set.of("lambda-invoke",
            LifecycleSampler.WORKER_THREAD, LifecycleSampler.INDEX_READER_THREAD);
    /** The raw loop's threads ({@link ConcurrentLoad}'s pool). */
    static final String RAW_THREADS = "pool-#-thread-#";

    /** "Service Operation" → calls of the lifecycle functions' threads ({@code lifecycle}) or of all the others. */
    static Map<String, Long> calls(Map<String, Map<String, Long>> byThreads, boolean lifecycle) {
        Map<String, Long> out = new java.util.TreeMap<>();
        byThreads.forEach((threads, calls) -> {
            if (LIFECYCLE_THREADS.contains(threads) == lifecycle) {
                calls.forEach((call, n) -> out.merge(call, n, Long::sum));
            }
        });
        return out;
    }

    static Map<String, Long> rawCalls(Map<String, Map<String, Long>> byThreads) {
        return byThreads.getOrDefault(RAW_THREADS, Map.of());
    }

    private static SamTemplate.Function function(SamTemplate template, String logicalId) {
        return template.functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalStateException(logicalId + " is not in template.yaml"));
    }

    /**
     * Standard output and error while the section runs: the media ingest's {@code stored} line (one per media file of
     * the real path) and the stream poller's {@code batch-delivered} line (one per batch the indexer gets, thousands
     * here) are counted, not printed; every other line passes.
     */
    static final class RoutineLines implements AutoCloseable {
        static final String STORED = "{\"event\":\"media-ingest\",\"outcome\":\"stored\"";
        static final String DELIVERED = "\"component\":\"dynamodb-stream-poller\",\"action\":\"batch-delivered\"";
        private final PrintStream out;
        private final PrintStream err;
        private final AtomicInteger stored = new AtomicInteger();
        private final AtomicInteger delivered = new AtomicInteger();

        private RoutineLines(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        static RoutineLines install() {
            RoutineLines lines = new RoutineLines(System.out, System.err);
            System.setOut(new PrintStream(lines.new Filter(lines.out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(lines.new Filter(lines.err), true, StandardCharsets.UTF_8));
            return lines;
        }

        int stored() {
            return stored.get();
        }

        int delivered() {
            return delivered.get();
        }

        /** Whether a line is routine (counted) rather than printed. */
        boolean routine(String line) {
            if (line.startsWith(STORED)) {
                stored.incrementAndGet();
                return true;
            }
            if (line.contains(DELIVERED)) {
                delivered.incrementAndGet();
                return true;
            }
            return false;
        }

        @Override
        public void close() {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
        }

        private final class Filter extends OutputStream {
            private final PrintStream target;
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            Filter(PrintStream target) {
                this.target = target;
            }

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (!routine(text)) {
                        target.println(text);
                    }
                } else {
                    line.write(b);
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }

            @Override
            public synchronized void flush() {
                target.flush();
            }
        }
    }
}
