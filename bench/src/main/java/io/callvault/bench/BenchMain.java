package io.callvault.bench;

import io.callvault.bench.baseline.BaselineIngestHandler;
import io.callvault.local.LocalRuntime;
import io.callvault.standins.SamTemplate;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Runs the benchmarks in order (intake, enrichment end to end, cold start and artifact size, envelope crypto,
 * playback, search, mux, lifecycle) and rewrites docs/benchmarks.md.
 * Run from the repository root through bench/run.sh, which builds what this needs first.
 */
public final class BenchMain {
    private static final String RECORDINGS_TABLE = "RecordingsTable";
    private static final long MIB = 1024L * 1024;

    private BenchMain() {}

    public static void main(String[] args) {
        int status = 1;
        try {
            run();
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            // DynamoDB Local and s3proxy leave non-daemon threads behind, even after close.
            System.exit(status);
        }
    }

    private static void run() throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Instant started = Instant.now();
        String loadAtStart = MachineDescription.loadAverage();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        SamTemplate template = SamTemplate.read(SamTemplate.locate(Path.of("")));
        Path work = Files.createTempDirectory("callvault-bench");
        try {
            // A private copy: a rebuild of functions/api during the run cannot change what is measured.
            Path apiZip = Files.copy(settings.apiZip(), work.resolve("callvault-api.zip"));
            BenchmarkReport.Sections sections = new BenchmarkReport.Sections();

            if (settings.runs(BenchSettings.INTAKE)) {
                System.out.println("intake: " + settings.warmUp() + " warm-up + " + settings.posts() + " posts, "
                        + settings.threads() + " threads");
                sections.intake = intake(template, settings);
            }
            if (settings.runs(BenchSettings.ENRICH)) {
                sections.enrichLoad = MachineDescription.loadAverage();
                System.out.println("enrich: " + settings.enrichWarmUp() + " warm-up + " + settings.enrichCalls()
                        + " calls (events and 2 segments each) through the intake pipeline, " + settings.enrichThreads()
                        + " client threads (load " + sections.enrichLoad + ")");
                Instant enrichStarted = Instant.now();
                sections.enrich = new EnrichBenchmark(settings.enrichCalls(), settings.enrichWarmUp(),
                        settings.enrichThreads()).run(template);
                sections.enrichSeconds = Duration.between(enrichStarted, Instant.now()).toSeconds();
                System.out.println("  enrich section: " + sections.enrichSeconds + " s");
            }
            if (settings.runs(BenchSettings.COLD_START)) {
                System.out.println("cold start: " + settings.coldRounds() + " measured rounds");
                sections.coldStart = coldStart(template, settings, java, apiZip, work);
                sections.callvaultSize = ArtifactSize.ofZip(apiZip);
                sections.baselineSize = ArtifactSize.packagedLikeLambda(settings.benchJar(),
                        BaselineIngestHandler.class.getPackageName().replace('.', '/') + "/",
                        jars(settings.baselineLib()), work.resolve("baseline.zip"));
            }
            if (settings.runs(BenchSettings.CRYPTO)) {
                sections.cryptoLoad = MachineDescription.loadAverage();
                System.out.println("envelope crypto: " + settings.cryptoMiB() + " MiB, " + settings.cryptoRounds()
                        + " rounds (load " + sections.cryptoLoad + ")");
                // What Lambda would start the ingest function's JVM with; null if the template sets none.
                Object toolOptions = function(template, "MediaIngestFunction").environment().get("JAVA_TOOL_OPTIONS");
                String c1Options = toolOptions == null ? null : template.resolveLocally(toolOptions);
                sections.crypto = new CryptoBenchmark(java, absoluteClasspath(), work).run(
                        settings.cryptoMiB() * MIB, settings.cryptoRounds(), settings.cryptoC1MiB() * MIB, c1Options);
            }
            if (settings.runs(BenchSettings.PLAYBACK)) {
                sections.playbackLoad = MachineDescription.loadAverage();
                System.out.println("playback: " + settings.playbackMiB() + " MiB media file, "
                        + settings.playbackWarmUp() + " warm-up + " + settings.playbackRequests() + " ranged plays (load "
                        + sections.playbackLoad + ")");
                sections.playback = new PlaybackBenchmark().run(template, work.resolve("playback-data"),
                        settings.playbackMiB() * MIB, settings.playbackWarmUp(), settings.playbackRequests());
            }
            if (settings.runs(BenchSettings.SEARCH)) {
                sections.searchLoad = MachineDescription.loadAverage();
                System.out.println("search: indexer against raw _bulk on " + settings.searchIndexRecordings()
                        + " recordings x " + settings.searchIndexRounds() + " rounds, then latency at "
                        + settings.searchRecordings() + " recordings, " + settings.searchWarmUp() + " warm-up + "
                        + settings.searchRequests() + " measured rounds (load " + sections.searchLoad + ")");
                Instant searchStarted = Instant.now();
                sections.search = new SearchBenchmark(settings.searchIndexRecordings(), settings.searchIndexRounds(),
                        settings.searchRecordings(), settings.searchWarmUp(), settings.searchRequests()).run(template);
                sections.searchSeconds = Duration.between(searchStarted, Instant.now()).toSeconds();
                System.out.println("  search section: " + sections.searchSeconds + " s");
            }
            if (settings.runs(BenchSettings.MUX)) {
                sections.muxLoad = MachineDescription.loadAverage();
                System.out.println("mux: " + settings.muxMinutes() + " minutes of 1080p screen video with call audio, "
                        + settings.muxRounds() + " rounds (load " + sections.muxLoad + ")");
                Instant muxStarted = Instant.now();
                sections.mux = new MuxBenchmark(settings.muxMinutes(), settings.muxRounds())
                        .run(template, work.resolve("mux"));
                sections.muxSeconds = Duration.between(muxStarted, Instant.now()).toSeconds();
                System.out.println("  mux section: " + sections.muxSeconds + " s");
            }
            if (settings.runs(BenchSettings.LIFECYCLE)) {
                sections.lifecycleLoad = MachineDescription.loadAverage();
                System.out.println("lifecycle: \"" + LifecycleBenchmark.RULE + "\" on " + settings.lifecycleRecordings()
                        + " recordings against a raw S3 + DynamoDB loop, pages of " + settings.lifecyclePageSize() + ", "
                        + settings.lifecycleRounds() + " round(s) (load " + sections.lifecycleLoad + ")");
                Instant lifecycleStarted = Instant.now();
                sections.lifecycle = new LifecycleBenchmark(settings.lifecycleRecordings(), settings.lifecyclePageSize(),
                        settings.lifecycleRounds()).run(template, work);
                sections.lifecycleSeconds = Duration.between(lifecycleStarted, Instant.now()).toSeconds();
                System.out.println("  lifecycle section: " + sections.lifecycleSeconds + " s");
            }

            long seconds = Duration.between(started, Instant.now()).toSeconds();
            BenchmarkReport.write(settings.report(), settings, MachineDescription.of(java, loadAtStart), gitCommit(settings.report()),
                    started, seconds, sections);
            System.out.println("wrote " + settings.report() + " (" + seconds + " s)");
        } finally {
            deleteRecursively(work);
        }
    }

    private static SamTemplate.Function function(SamTemplate template, String logicalId) {
        return template.functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalStateException(logicalId + " is not in template.yaml"));
    }

    /** This JVM's classpath with absolute entries, for child JVMs that run in another directory. */
    private static String absoluteClasspath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static IntakeFigures intake(SamTemplate template, BenchSettings s) throws Exception {
        int itemsPerRecording = SampleRecording.EVENTS + 3;
        LoadResult api;
        TableDescription table;
        Map<String, List<Map<String, AttributeValue>>> stored;
        try (LocalRuntime runtime = LocalRuntime.start(template, null, 0, Clock.systemUTC())) {
            api = new HttpIntakeBenchmark(runtime).run(s.warmUp(), s.posts(), s.threads());
            System.out.printf("  callvault HTTP API: %.0f recordings/s%n", api.perSecond());
            String name = runtime.resourceName(RECORDINGS_TABLE);
            table = runtime.dynamo().describeTable(b -> b.tableName(name)).table();
            stored = StoredRecordingItems.read(runtime.dynamo(), name, itemsPerRecording);
        }
        var warmUp = StoredRecordingItems.withPrefix(stored, HttpIntakeBenchmark.WARM_UP_PREFIX);
        var measured = StoredRecordingItems.withPrefix(stored, HttpIntakeBenchmark.MEASURED_PREFIX);
        if (warmUp.size() != s.warmUp() || measured.size() != s.posts()) {
            throw new IllegalStateException("the table held " + warmUp.size() + " warm-up and " + measured.size()
                    + " measured recordings, expected " + s.warmUp() + " and " + s.posts());
        }
        long bytes = Math.round(measured.stream()
                .mapToLong(items -> items.stream().mapToLong(StoredRecordingItems::size).sum()).average().orElse(0));

        LoadResult raw = RawPutItemBenchmark.run(table, warmUp, measured, s.threads());
        System.out.printf("  raw PutItem: %.0f recordings/s%n", raw.perSecond());
        return new IntakeFigures(api, raw, s.warmUp(), s.threads(), itemsPerRecording, bytes);
    }

    private static ColdStartFigures coldStart(SamTemplate template, BenchSettings s, Path java, Path apiZip, Path work)
            throws Exception {
        LambdaArtifact artifact = LambdaArtifact.unzip(apiZip, work.resolve("callvault-api"));
        String driverJar = s.benchJar().toAbsolutePath().toString();
        List<String> callvaultClasspath = new ArrayList<>(List.of(driverJar));
        callvaultClasspath.addAll(artifact.classpath());
        var callvault = new ColdStartBenchmark.Target("callvault", ColdStartBenchmark.handlerClass(template),
                callvaultClasspath);
        var baseline = new ColdStartBenchmark.Target("baseline", BaselineIngestHandler.class.getName(),
                List.of(driverJar, s.baselineLib().toAbsolutePath() + "/*"));
        try (ColdStartBenchmark bench = new ColdStartBenchmark(template, java)) {
            var samples = bench.run(List.of(callvault, baseline), s.coldRounds(), work);
            return new ColdStartFigures(callvault, samples.get(callvault), baseline, samples.get(baseline));
        }
    }

    /**
     * The commit measured, and whether the working tree differed from it (then the figures are of that tree). The
     * report itself does not count: an earlier run's rewrite of it changes nothing that is measured.
     */
    private static String gitCommit(Path report) {
        String commit = MachineDescription.command(List.of("git", "rev-parse", "--short", "HEAD")).orElse("unknown");
        boolean dirty = !MachineDescription.command(List.of("git", "status", "--porcelain", "--", ".",
                ":(exclude)" + report)).orElse("").isBlank();
        return "`" + commit + "`" + (dirty ? " plus uncommitted changes" : "");
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
