package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {
    private static final long GIB = 1L << 30;

    private static CryptoBenchmark.Run run(String implementation, String direction, double seconds, double setup) {
        return run(implementation, direction, false, seconds, setup);
    }

    private static CryptoBenchmark.Run run(String implementation, String direction, boolean warm, double seconds,
                                           double setup) {
        boolean java = !implementation.equals(CryptoBenchmark.OPENSSL_LABEL);
        return new CryptoBenchmark.Run(implementation, direction, 0, warm, seconds, java ? setup : Double.NaN, GIB, GIB,
                java ? 40 : Double.NaN, java ? 64 : Double.NaN, java ? 100 : 2100);
    }

    /** Encryption at 0.5 of raw JDK (1 GiB in 2 s against 1 s), decryption at 0.9; openssl 4 s both ways. */
    private static CryptoBenchmark.Figures crypto() {
        List<CryptoBenchmark.Run> runs = new ArrayList<>();
        runs.add(run(CryptoBenchmark.CALLVAULT, CryptoBenchmark.ENCRYPT, 2.0, 0.3));
        runs.add(run(CryptoBenchmark.CALLVAULT, CryptoBenchmark.DECRYPT, 1.0 / 0.9, 0.3));
        runs.add(run(CryptoBenchmark.RAW, CryptoBenchmark.ENCRYPT, 1.0, 0.05));
        runs.add(run(CryptoBenchmark.RAW, CryptoBenchmark.DECRYPT, 1.0, 0.05));
        runs.add(run(CryptoBenchmark.RAW_SHA, CryptoBenchmark.ENCRYPT, 1.5, 0.05));
        // Warm: encryption at 0.8 (1.25 s against 1 s), decryption at 0.95.
        runs.add(run(CryptoBenchmark.CALLVAULT, CryptoBenchmark.ENCRYPT, true, 1.25, 0.01));
        runs.add(run(CryptoBenchmark.CALLVAULT, CryptoBenchmark.DECRYPT, true, 1.0 / 0.95, 0.01));
        runs.add(run(CryptoBenchmark.RAW, CryptoBenchmark.ENCRYPT, true, 1.0, 0.01));
        runs.add(run(CryptoBenchmark.RAW, CryptoBenchmark.DECRYPT, true, 1.0, 0.01));
        runs.add(run(CryptoBenchmark.RAW_SHA, CryptoBenchmark.ENCRYPT, true, 1.2, 0.01));
        runs.add(run(CryptoBenchmark.OPENSSL_LABEL, CryptoBenchmark.ENCRYPT, 4.0, 0));
        runs.add(run(CryptoBenchmark.OPENSSL_LABEL, CryptoBenchmark.DECRYPT, 4.0, 0));
        return new CryptoBenchmark.Figures(GIB, 1, runs, "OpenSSL 3.0.19 27 Jan 2026", null, 128L << 20,
                "-XX:+TieredCompilation -XX:TieredStopAtLevel=1", List.of(
                        run(CryptoBenchmark.CALLVAULT, CryptoBenchmark.ENCRYPT, 4.0, 0.5),
                        run(CryptoBenchmark.CALLVAULT, CryptoBenchmark.DECRYPT, 3.0, 0.5),
                        run(CryptoBenchmark.RAW, CryptoBenchmark.ENCRYPT, 2.0, 0.1),
                        run(CryptoBenchmark.RAW, CryptoBenchmark.DECRYPT, 2.0, 0.1)));
    }

    @Test
    void goalsAreJudgedFromTheFiguresAndSkippedSectionsSaySo(@TempDir Path dir) throws Exception {
        BenchSettings settings = new BenchSettings(500, 4000, 8, 11, 1024, 1, 128, 500, 5, 30, 5000, 3, 100_000, 10, 50,
                800, 100, 8, 20, 3, 10_000, 100, 1, Set.of(BenchSettings.CRYPTO), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"),
                dir.resolve("benchmarks.md"), "bench/run.sh");
        BenchmarkReport.Sections sections = new BenchmarkReport.Sections();
        sections.crypto = crypto();
        sections.cryptoLoad = "0.10 / 0.20 / 0.30";
        BenchmarkReport.write(settings.report(), settings, new MachineDescription("2", "1 GiB", "17", "cpu", "os",
                "0 / 0 / 0"), "`abc`", Instant.parse("2026-01-01T00:00:00Z"), 10, sections);
        String md = Files.readString(settings.report());

        assertThat(md).contains("Command: `BENCH_CRYPTO_ROUNDS=1 BENCH_SECTIONS=crypto bench/run.sh`");
        assertThat(md).contains("| encrypt (MiB/s) | 512 | 1,024 | 256 | 0.50 | 2.00 |");
        assertThat(md).contains("| decrypt (MiB/s) | 922 | 1,024 | 256 | 0.90 | 3.60 |");
        assertThat(md).contains("Judged on the first pass in a fresh JVM (the figures above): encryption 0.500 of raw "
                + "JDK, **not met**; 2.000× openssl, **met**. Decryption: 0.900 of raw JDK, **met**; 3.600× openssl, "
                + "**met**. Second pass, warm JVM (see below): encryption 0.800 of raw JDK, **met**; decryption 0.950, "
                + "**met**.");
        assertThat(md).contains("| warm: second pass in the same JVM (MiB/s) | 819 | 1,024 | 853 | 973 | 1,024 |");
        assertThat(md).contains("adding the SHA-256 to the raw loop alone costs 0.50 s");
        assertThat(md).contains("peaked at 2,100 MiB to encrypt");
        assertThat(md).contains("With C1 only, callvault encrypts 16.00× and decrypts 21.60× slower");
        assertThat(md).contains("1 round; every figure is of that one run.");
        assertThat(md).contains("## Intake: recordings per second\n\nNot run in this run (`BENCH_SECTIONS=crypto`).");
        assertThat(md).contains("## Playback: latency of a 1 MiB range\n\nNot run in this run");
    }

    /** {@code seconds} for {@code recordings}, over {@code batches} batches of equal latency. */
    private static LoadResult load(int recordings, double seconds, int batches) {
        long[] latencies = new long[batches];
        java.util.Arrays.fill(latencies, Math.round(seconds * 1e9 / batches));
        return new LoadResult(recordings, Math.round(seconds * 1e9), latencies);
    }

    private static SearchBenchmark.Figures search(SearchBenchmark.ForceIndexFigures force) {
        // Indexer at 1,000/s and raw at 4,000, 5,000 and 2,000/s: medians 1,000 and 4,000, ratios 0.25, 0.2, 0.5.
        List<SearchBenchmark.IndexRound> rounds = List.of(
                new SearchBenchmark.IndexRound(true, load(5000, 5.0, 50), load(5000, 1.25, 50)),
                new SearchBenchmark.IndexRound(false, load(5000, 5.0, 50), load(5000, 1.0, 50)),
                new SearchBenchmark.IndexRound(true, load(5000, 5.0, 50), load(5000, 2.5, 50)));
        var index = new SearchBenchmark.IndexFigures(5000, 100, 8, 50.0, 8, 9.4, 3200, rounds);
        long[] ms = new long[50];
        for (int i = 0; i < 50; i++) {
            ms[i] = (i + 1) * 1_000_000L; // 1..50 ms: p50 25, p95 48
        }
        var queries = List.of(
                new SearchBenchmark.QueryFigure("no filter", "", "supervisor, access group /", 100_000, 100,
                        new LoadResult(50, 1, ms)),
                new SearchBenchmark.QueryFigure("userName, A AND B", "userName=maria AND garcia",
                        "supervisor, access group /", 345, 100, new LoadResult(50, 1, ms)));
        var latency = new SearchBenchmark.SearchFigures(100_000, 30, 12.0, 3100, 10, 50, 100, queries);
        return new SearchBenchmark.Figures(index, latency, force);
    }

    private static String searchReport(Path dir, SearchBenchmark.ForceIndexFigures force) throws Exception {
        BenchmarkReport.Sections sections = new BenchmarkReport.Sections();
        sections.search = search(force);
        sections.searchLoad = "0.10 / 0.20 / 0.30";
        sections.searchSeconds = 200;
        return report(dir, BenchSettings.SEARCH, sections);
    }

    /** The report of a run of {@code section} alone (default sizes, crypto rounds 5) that measured {@code sections}. */
    private static String report(Path dir, String section, BenchmarkReport.Sections sections) throws Exception {
        BenchSettings settings = new BenchSettings(500, 4000, 8, 11, 1024, 5, 128, 500, 5, 30, 5000, 3, 100_000, 10, 50,
                800, 100, 8, 20, 3, 10_000, 100, 1, Set.of(section), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"),
                dir.resolve("benchmarks.md"), "bench/run.sh");
        BenchmarkReport.write(settings.report(), settings, new MachineDescription("2", "1 GiB", "17", "cpu", "os",
                "0 / 0 / 0"), "`abc`", Instant.parse("2026-01-01T00:00:00Z"), 10, sections);
        return Files.readString(settings.report());
    }

    @Test
    void theSearchSectionGivesMediansPerParameterFiguresAndNoForceIndexFigureItDidNotMeasure(@TempDir Path dir)
            throws Exception {
        String md = searchReport(dir, null);

        assertThat(md).contains("Command: `BENCH_SECTIONS=search bench/run.sh`");
        assertThat(md).contains("| recordings/s | 1,000 | 4,000 | 0.25 |");
        assertThat(md).contains("| one batch of 100, p50 over all rounds (ms) | 100.0 | 25.0 | 4.00 |");
        assertThat(md).contains("in batches of 100 (the IndexerFunction's stream `BatchSize` in template.yaml)");
        assertThat(md).contains("| no filter | (none) | supervisor, access group / | 100,000 | 25.0 | 48.0 |");
        assertThat(md).contains("| userName, A AND B | `userName=maria AND garcia` | supervisor, access group / | 345 | 25.0 | 48.0 |");
        assertThat(md).contains("### forceIndex against the guide's 5,000,000 records an hour\n\n**Not measured in this run.**");
        assertThat(md).doesNotContain("recordings/hour");
        assertThat(md).contains("## Intake: recordings per second\n\nNot run in this run (`BENCH_SECTIONS=search`).");
    }

    @Test
    void aForceIndexFigureIsComparedWithTheGuidesEstimateOnceThereIsOne(@TempDir Path dir) throws Exception {
        String md = searchReport(dir, new SearchBenchmark.ForceIndexFigures("forceIndex of one contact center", 5000, 2.0));

        assertThat(md).contains("forceIndex of one contact center: 5,000 recordings in 2.0 s.");
        assertThat(md).contains("| recordings/hour | 9,000,000 | 5,000,000 | 1.80 |");
        assertThat(md).doesNotContain("Not measured in this run");
    }

    /** {@code n} latencies of 1..n ms (p50 n/2, p95 0.95 n, max n), shifted by {@code offset} ms. */
    private static LoadResult millis(int n, long offset) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            nanos[i] = (i + 1 + offset) * 1_000_000L;
        }
        return new LoadResult(n, 0, nanos);
    }

    /** 800 calls stored in 80 s (10/s), posted in 40 s (20 calls/s offered); a full enrichment batch every 800 ms. */
    private static EnrichBenchmark.Figures enrich(double shareWithFullBatchWaiting) {
        var enrichQueue = new EnrichBenchmark.QueueFigures(82, 800, 78, 800, 1600, 700, 500, 420, shareWithFullBatchWaiting);
        var notifyQueue = new EnrichBenchmark.QueueFigures(400, 801, 0, Double.NaN, Double.NaN, Double.NaN, 12, 3, 0.0);
        var paced = new EnrichBenchmark.PacedFigures(50, 400, millis(100, 0), millis(100, 0), new int[] {30, 20, 0});
        Map<String, Integer> thread = new LinkedHashMap<>();
        thread.put("DynamoDb transactWriteItems (RecordingStore.write)", 300);
        thread.put("Sqs sendMessage (IntakeQueue.send)", 97);
        thread.put("Json.write (in the JVM)", 2);
        thread.put("Fields.raw (in the JVM)", 1);
        return new EnrichBenchmark.Figures(800, 100, 8, new LoadResult(800, 40_000_000_000L, new long[800]),
                millis(2400, 0), 80.0, 40.0, millis(1000, 20_000), millis(200, 0), new int[] {799, 1, 0}, 801, 1,
                Map.of("enrichment:stored", 800, "analytics-notify:DELIVERED", 801, "sqs-event-source:batch-delivered", 482,
                        "metric:IntakeMediaConflict", 2, "intake-sweeper:runs", 1, "intake-sweeper:sentInWindow", 0),
                enrichQueue, notifyQueue, thread, 50, paced, 25.0);
    }

    private static String enrichReport(Path dir, EnrichBenchmark.Figures figures) throws Exception {
        BenchmarkReport.Sections sections = new BenchmarkReport.Sections();
        sections.enrich = figures;
        sections.enrichLoad = "0.10 / 0.20 / 0.30";
        sections.enrichSeconds = 150;
        return report(dir, BenchSettings.ENRICH, sections);
    }

    @Test
    void theEnrichSectionSetsTheRateAgainstTheGuideAndSaysWhatLimitedIt(@TempDir Path dir) throws Exception {
        String md = enrichReport(dir, enrich(0.9));

        assertThat(md).contains("Command: `BENCH_SECTIONS=enrich bench/run.sh`");
        assertThat(md).contains("`BENCH_ENRICH_CALLS`, `BENCH_ENRICH_WARMUP`, `BENCH_ENRICH_THREADS`");
        assertThat(md).contains("## " + BenchmarkReport.ENRICH_TITLE + "\n\n800 calls posted by 8 client threads");
        assertThat(md).contains("| enriched recordings/s, first post → last stored | 10.0 | 20+ | 0.50 |");
        assertThat(md).contains("| recordings / elapsed | 800 / 80.0 s |  |  |");
        assertThat(md).contains("| 800 calls, 8 clients: last post answered → stored with both media files | 20,500 | 20,950 | 21,000 |");
        assertThat(md).contains("| paced, one call every 400 ms: last post answered → stored | 50 | 95 | 100 |");
        assertThat(md).contains("2400 posts were answered in 40.0 s, 60 posts/s (20.0 calls/s offered");
        assertThat(md).contains("stored in one write 799 calls, in two 1, in three or more 0");
        assertThat(md).contains("`analytics-notify:DELIVERED` 801, `enrichment:stored` 800");
        assertThat(md).doesNotContain("`metric:");
        assertThat(md).contains("| full batches, median ms from the previous batch's end: all / while posting / after "
                + "| 800 / 1,600 / 700 | no full batch |");
        assertThat(md).contains("| → messages/s one poller hands on at that pace: all / while posting / after | 13 / 6 / 14 | n/a |");
        assertThat(md).contains("| samples (every 200 ms, first post → last stored) with a full batch waiting | 90 % | 0 % |");
        assertThat(md).contains("| DynamoDb transactWriteItems (RecordingStore.write) | 75 % |");
        assertThat(md).contains("| everything else, under 1 % each | 1 % |");
        assertThat(md).contains("calls announced more than once, first with one media file: 1)");
        assertThat(md).contains("In the 800-call phase, sweeper runs on its own timer: 1, messages they sent from the window: 0");
        assertThat(md).contains("While the clients were posting, a full batch took the enrichment poller 1,600 ms "
                + "(6.3 looks/s;");
        assertThat(md).contains("after the last post 700 ms (14.3 looks/s), at 1.00 looks per call. The clients offered "
                + "20.0 calls/s; 10.0 were stored per second over the whole phase.");
        assertThat(md).contains("**in this run the single enrichment poller is the bottleneck**");
        assertThat(md).contains("## Intake: recordings per second\n\nNot run in this run (`BENCH_SECTIONS=enrich`).");
    }

    @Test
    void anEnrichmentPollerThatKeptUpIsNotCalledTheBottleneck(@TempDir Path dir) throws Exception {
        String md = enrichReport(dir, enrich(0.1));
        assertThat(md).contains("had a full batch waiting in only 10 % of the samples");
        assertThat(md).contains("**the rate is set by what the clients posted**");
        assertThat(md).doesNotContain("is the bottleneck**");
    }

    @Test
    void aRunWithoutTheEnrichSectionSaysSo(@TempDir Path dir) throws Exception {
        String md = searchReport(dir, null);
        assertThat(md).contains("## " + BenchmarkReport.ENRICH_TITLE + "\n\nNot run in this run (`BENCH_SECTIONS=search`).");
    }

    /** 20 minutes; callvault 3 s, bare -c copy 0.1 s (or {@code copy}), ScreenMuxer's mux bare 1.5 s; ENCODE 36.15 s. */
    private static MuxBenchmark.Figures mux(double copy) {
        List<MuxBenchmark.Step> steps = List.of(
                new MuxBenchmark.Step("probe of the screen video", List.of(), "ffmpeg probe screen.mp4", false),
                new MuxBenchmark.Step("mux: video stream copy, audio AAC", List.of(), "ffmpeg mux muxed.mp4", true),
                new MuxBenchmark.Step("probe of the output (the check)", List.of(), "ffmpeg probe muxed.mp4", false));
        List<MuxBenchmark.Round> rounds = List.of(
                new MuxBenchmark.Round(true, 3.0, 0.1, 0.2, 2.2, 0.4, new double[] {0.1, 1.5, 0.5}, copy, 36.15),
                new MuxBenchmark.Round(false, 3.2, 0.1, 0.2, 2.4, 0.4, new double[] {0.1, 1.6, 0.5}, copy, 40.0),
                new MuxBenchmark.Round(true, 2.9, 0.1, 0.2, 2.1, 0.4, new double[] {0.1, 1.45, 0.5}, copy, 35.0));
        return new MuxBenchmark.Figures(20, "ffmpeg version 4.4.1-static", "ffmpeg gen screen.mp4",
                "ffmpeg gen call.mp3", "ffmpeg -i screen.mp4 -i call.mp3 -c copy out.mp4", steps, 22L << 20, 1L << 20,
                25L << 20, (25L << 20) + 16, 23L << 20, 25L << 20, 34L << 20, 1_200_000, 1_205_000, rounds);
    }

    @Test
    void theMuxSectionSetsTheWholeTaskAgainstBareFfmpegAndSaysWhyTheGoalIsMissed(@TempDir Path dir) throws Exception {
        BenchmarkReport.Sections sections = new BenchmarkReport.Sections();
        sections.mux = mux(0.1);
        sections.muxLoad = "0.10 / 0.20 / 0.30";
        sections.muxSeconds = 180;
        String md = report(dir, BenchSettings.MUX, sections);

        assertThat(md).contains("Command: `BENCH_SECTIONS=mux bench/run.sh`");
        assertThat(md).contains("`BENCH_MUX_MINUTES`, `BENCH_MUX_ROUNDS`");
        assertThat(md).contains("| callvault: the whole Mux task (`MuxService.mux`) | 3.00 | |");
        assertThat(md).contains("| bare `ffmpeg -c copy -strict unofficial` (the issue's baseline) | 0.10 | 30.00 |");
        assertThat(md).contains("| bare ffmpeg with ScreenMuxer's mux arguments (video copy, AAC audio) | 1.50 | 2.00 |");
        assertThat(md).contains("callvault's whole task takes 30.000× it: **not met**. ScreenMuxer's mux command alone, "
                + "bare, takes 15.00× the `-c copy`: that is the audio's decoding");
        assertThat(md).contains("| `ScreenMuxer.mux` on the plaintext (probes, ffmpeg, check of the output) | 2.20 | 73 % |");
        assertThat(md).contains("|   of which, bare: mux: video stream copy, audio AAC | 1.50 | 50 % |");
        assertThat(md).contains("| sum of the phases | 2.90 | 97 % |");
        assertThat(md).contains("| callvault: the whole Mux task, ENCODE path (20:05.000) | 36.2 | 1.80 |");
        assertThat(md).contains("Load average as this section started: 0.10 / 0.20 / 0.30; the section took 180 s");
        assertThat(md).contains("## Intake: recordings per second\n\nNot run in this run (`BENCH_SECTIONS=mux`).");
    }

    @Test
    void aMuxWithinTheGoalIsCalledMetAndARunWithoutItSaysSo(@TempDir Path dir) throws Exception {
        assertThat(BenchmarkReport.muxVerdict(mux(2.5))).contains("takes 1.200× it: **met**.");
        String md = searchReport(dir, null);
        assertThat(md).contains("## " + BenchmarkReport.MUX_TITLE + "\n\nNot run in this run (`BENCH_SECTIONS=search`).");
    }
    /** 1,000 recordings, pages of 100: lifecycle 40 s, raw 8 s; every page 0.1 + 1.2 + 2.6 s. */
    private static LifecycleBenchmark.Figures lifecycle() {
        List<LifecycleHistory.Page> pages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pages.add(new LifecycleHistory.Page(0.1, 1.2, 2.6, 3.9 + (i == 9 ? 1.0 : 0)));
        }
        var history = new LifecycleHistory.Figures(pages, List.of(0.05), 0.1, 0, 199, 1);
        long[] raw = new long[1000];
        java.util.Arrays.fill(raw, 60_000_000L);
        var lifecycleCpu = new CpuMeter.Usage(64.0, 6.0, 40.0, new LinkedHashMap<>(Map.of("lifecycle-worker", 12.0)));
        var rawCpu = new CpuMeter.Usage(14.0, 2.0, 8.0, new LinkedHashMap<>(Map.of("pool-#-thread-#", 0.7)));
        Map<String, Map<String, Long>> lcCalls = Map.of("lifecycle-worker", Map.of("DynamoDb Query", 5000L,
                "S3 HeadObject", 3000L), "lambda-invoke", Map.of("DynamoDb Query", 1000L), "indexer-read",
                Map.of("DynamoDb Query", 2330L));
        Map<String, Map<String, Long>> rawCalls = Map.of("pool-#-thread-#", Map.of("S3 CopyObject", 1000L,
                "DynamoDb BatchWriteItem", 1000L));
        var round = new LifecycleBenchmark.Round(true, 40.0, 40.2, 10, history, new LoadResult(1000, 8_000_000_000L, raw),
                2000, Map.of("purged", 1000L), 24.0, 4.0, 90, 70, lifecycleCpu, rawCpu, lcCalls, rawCalls);
        Map<String, Integer> samples = new LinkedHashMap<>();
        samples.put("purge: DynamoDb batchWriteItem, RecordingStore.batchWrite ← RecordingPurger.complete", 300);
        samples.put("backup: S3 headObject, RecordingArchiver.verify", 100);
        samples.put("select: OpenSearch post, SearchCluster.post ← CandidateSelector.next", 3);
        return new LifecycleBenchmark.Figures(1000, 100, 8, 500, 16_384, 16_400, 16_857, 2_806, 8, List.of(round), samples,
                80, 50, "`openssl cms` opened one", true);
    }

    @Test
    void theLifecycleSectionSetsTheRunAgainstTheRawLoopWithItsPagesCallsAndCpu(@TempDir Path dir) throws Exception {
        BenchmarkReport.Sections sections = new BenchmarkReport.Sections();
        sections.lifecycle = lifecycle();
        sections.lifecycleLoad = "0.10 / 0.20 / 0.30";
        sections.lifecycleSeconds = 90;
        String md = report(dir, BenchSettings.LIFECYCLE, sections);

        assertThat(md).contains("Command: `BENCH_SECTIONS=lifecycle bench/run.sh`");
        assertThat(md).contains("`BENCH_LIFECYCLE_RECORDINGS`, `BENCH_LIFECYCLE_PAGE_SIZE`, `BENCH_LIFECYCLE_ROUNDS`");
        assertThat(md).contains("## " + BenchmarkReport.LIFECYCLE_TITLE);
        assertThat(md).contains("| seconds | 40.0 | 8.0 | 5.00 |");
        assertThat(md).contains("| recordings/s backed up and purged | 25.0 | 125.0 |  |");
        assertThat(md).contains("| CPU ms per recording, the whole JVM (functions, clients, DynamoDB Local, s3proxy, "
                + "OpenSearch) | 64.0 | 14.0 | 4.57 |");
        assertThat(md).contains("| that thread busy, share of the phase's wall time | 15 % | 25 % |  |");
        assertThat(md).contains("| BackupPage: table re-check, archive (DER and meta-data.json), page bookkeeping | 1,200 | 1,200 | 31 % | 12.0 |");
        assertThat(md).contains("| the page's cycle | 3,900 | 4,900 | 100 % | 39.0 |");
        assertThat(md).contains("| DynamoDb Query | 6.00 |  | 2.33 |");
        assertThat(md).contains("| S3 CopyObject |  | 1.00 |  |");
        assertThat(md).contains("| **all AWS calls** | **9.00** | **2.00** | 2.33 |");
        assertThat(md).contains("| purge: DynamoDb batchWriteItem, RecordingStore.batchWrite ← RecordingPurger.complete | 74 % |");
        assertThat(md).contains("| everything else, under 1 % each | 1 % |");
        assertThat(md).contains("On average 5.0 threads were busy");
        assertThat(md).contains("**no analytics receiver configured**");
        assertThat(md).contains("Load average as this section started: 0.10 / 0.20 / 0.30; the section took 90 s");
        assertThat(md).contains("## Intake: recordings per second\n\nNot run in this run (`BENCH_SECTIONS=lifecycle`).");
    }

    @Test
    void aRunWithoutTheLifecycleSectionSaysSo(@TempDir Path dir) throws Exception {
        String md = searchReport(dir, null);
        assertThat(md).contains("## " + BenchmarkReport.LIFECYCLE_TITLE + "\n\nNot run in this run (`BENCH_SECTIONS=search`).");
    }
}
