package io.callvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** docs/benchmarks.md, written whole from one run's figures; nothing in it is typed in by hand. */
final class BenchmarkReport {
    /** The guide's figure for its Voice Processor, the reference the issue sets the goal against. */
    static final double GUIDE_RECORDINGS_PER_SECOND = 20;

    private final StringBuilder md = new StringBuilder();

    static void write(Path file, BenchSettings settings, MachineDescription machine, String commit, Instant started,
                      long runSeconds, IntakeFigures intake, ColdStartFigures cold, ArtifactSize callvaultSize,
                      ArtifactSize baselineSize) throws IOException {
        BenchmarkReport r = new BenchmarkReport();
        r.header(settings, machine, commit, started, runSeconds);
        r.intake(intake);
        r.coldStart(cold, settings.coldRounds());
        r.sizes(callvaultSize, baselineSize);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, r.md.toString(), StandardCharsets.UTF_8);
    }

    private void header(BenchSettings s, MachineDescription m, String commit, Instant started, long runSeconds) {
        line("# Benchmarks");
        line("");
        line("<!-- Written by bench/run.sh. Do not edit: every figure on this page comes from the run described here. -->");
        line("");
        line("Command: `" + s.command() + "` from the repository root (`BENCH_SKIP_BUILD=1` skips the Maven build; "
                + "`BENCH_POSTS`, `BENCH_WARMUP`, `BENCH_THREADS`, `BENCH_COLD_ROUNDS` change the run's size).");
        line("");
        line("Run: " + started.truncatedTo(ChronoUnit.SECONDS) + ", commit " + commit + ", " + runSeconds
                + " s for the benchmarks (build not included).");
        line("");
        line("## Machine");
        line("");
        line("| | |");
        line("|---|---|");
        line("| CPU | " + m.cpuModel() + " |");
        line("| `nproc` | " + m.nproc() + " |");
        line("| Memory | " + m.memory() + " |");
        line("| `java -version` | " + m.javaVersion() + " |");
        line("| OS | " + m.os() + " |");
        line("| Load average at start (1 / 5 / 15 min) | " + m.loadAtStart() + " |");
        line("");
        line("Clients, the local API gateway, the handlers and DynamoDB Local share this machine's cores, so the "
                + "figures compare paths with each other on the same hardware; they are not AWS figures.");
        line("");
    }

    private void intake(IntakeFigures f) {
        LoadResult api = f.api();
        LoadResult raw = f.rawPutItem();
        line("## Intake: recordings per second");
        line("");
        line(api.operations() + " recordings posted by " + f.threads() + " client threads (`java.net.http.HttpClient`, "
                + "keep-alive HTTP/1.1) to `POST /internal-api/contact-centers/{ccid}/recordings` on the local runtime "
                + "(JWT authorizer, Lambda event serialization, `RecordingIngestHandler`, DynamoDB Local), after "
                + f.warmUp() + " warm-up posts that are not counted. Each recording has 1 media file and "
                + SampleRecording.EVENTS + " events and is stored as " + f.itemsPerRecording() + " items (about "
                + f.bytesPerRecording() + " bytes). The raw baseline writes those same items, read back from the "
                + "table, with one plain `PutItem` each from " + f.threads() + " threads (the handlers' SDK client "
                + "configuration), after the same warm-up, into the same table definition (keys, index, stream) on "
                + "a fresh DynamoDB Local, so both sides start from an empty database; one baseline \"recording\" "
                + "is its " + f.itemsPerRecording() + " puts in a row.");
        line("");
        line("How to read: recordings/s higher is better, latency lower is better. The ratio is callvault ÷ raw: for "
                + "throughput, the share of DynamoDB Local's raw write rate left after the whole API path (token check, "
                + "event serialization, validation, and every request the handler makes); for latency, how many times "
                + "longer a post takes than writing its items directly.");
        line("");
        line("| | callvault HTTP API | raw DynamoDB Local PutItem | ratio (callvault ÷ raw) |");
        line("|---|---:|---:|---:|");
        row("recordings/s", num(api.perSecond(), 0), num(raw.perSecond(), 0), ratio(api.perSecond(), raw.perSecond()));
        row("p50 latency per recording (ms)", num(api.percentileMillis(50), 1), num(raw.percentileMillis(50), 1),
                ratio(api.percentileMillis(50), raw.percentileMillis(50)));
        row("p99 latency per recording (ms)", num(api.percentileMillis(99), 1), num(raw.percentileMillis(99), 1),
                ratio(api.percentileMillis(99), raw.percentileMillis(99)));
        row("recordings / elapsed", api.operations() + " / " + num(api.elapsedSeconds(), 1) + " s",
                raw.operations() + " / " + num(raw.elapsedSeconds(), 1) + " s", "");
        line("");
        line("Against the guide's Voice Processor (" + num(GUIDE_RECORDINGS_PER_SECOND, 0) + "+ recordings/s, the "
                + "guide's figure, not measured here): callvault's local intake above is **"
                + num(api.perSecond() / GUIDE_RECORDINGS_PER_SECOND, 1) + "×** that (10× would be "
                + num(10 * GUIDE_RECORDINGS_PER_SECOND, 0) + " recordings/s); the goal is well over 10×.");
        line("");
    }

    private void coldStart(ColdStartFigures f, int rounds) {
        List<ColdStartBenchmark.Sample> ours = f.callvaultSamples();
        List<ColdStartBenchmark.Sample> base = f.baselineSamples();
        line("## Cold start: new JVM to first ingest response");
        line("");
        line("Each run starts a fresh `java " + String.join(" ", ColdStartBenchmark.JVM_FLAGS) + " -cp ...` whose "
                + "driver (`ColdStartDriver`, the stand-in for the Lambda runtime) builds the handler with its no-arg "
                + "constructor, the environment Lambda would give it pointing at a DynamoDB Local in the parent, and "
                + "invokes it once with an API Gateway event carrying one recording. **callvault**: "
                + "`" + f.callvault().handlerClass() + "` from `functions/api/target/callvault-api.zip` unpacked as "
                + "Lambda unpacks it (root + `lib/*`), doing everything its ingest does. **baseline**: `"
                + f.baseline().handlerClass() + "`, the equivalent metadata write (caller check, tenant lookup, the "
                + "recording's META, MEDIA#, guard and EVT# items in one transaction) written with SDK defaults (default `DynamoDbClient` builder with the Apache HTTP client and "
                + "the default region and credential chains, `DynamoDbEnhancedClient` and `TableSchema.fromBean` "
                + "per call, Jackson `readValue` into beans) on its own classpath (`bench/target/baseline-lib`). "
                + rounds + " measured runs each, interleaved with alternating order, after one unmeasured round.");
        line("");
        line("How to read: milliseconds, lower is better; the ratio is callvault ÷ baseline, so below 1 means "
                + "callvault's artifact answers its first request sooner. \"Process start\" is the parent's clock "
                + "from starting `java` to reading the driver's status line; \"JVM start\" is the driver's own clock "
                + "from `RuntimeMXBean.getStartTime()`, without process creation.");
        line("");
        line("| | callvault | baseline (SDK defaults) | ratio (callvault ÷ baseline) |");
        line("|---|---:|---:|---:|");
        coldRow("process start → first response, median (ms)", ours, base, ColdStartBenchmark.Sample::wallMs, true);
        coldRow("process start → first response, min (ms)", ours, base, ColdStartBenchmark.Sample::wallMs, false);
        coldRow("JVM start → first response, median (ms)", ours, base, ColdStartBenchmark.Sample::jvmStartToResponseMs, true);
        coldRow("JVM start → first response, min (ms)", ours, base, ColdStartBenchmark.Sample::jvmStartToResponseMs, false);
        coldRow("of which: handler class load + construction, median (ms)", ours, base, ColdStartBenchmark.Sample::constructMs, true);
        coldRow("of which: first invocation, median (ms)", ours, base, ColdStartBenchmark.Sample::firstInvokeMs, true);
        line("");
        line("All runs, process start → first response (ms): callvault " + ColdStartFigures.all(ours)
                + "; baseline " + ColdStartFigures.all(base) + ".");
        line("");
    }

    private void coldRow(String label, List<ColdStartBenchmark.Sample> ours, List<ColdStartBenchmark.Sample> base,
                         ToDoubleFunction<ColdStartBenchmark.Sample> figure, boolean median) {
        double a = median ? ColdStartFigures.median(ours, figure) : ColdStartFigures.min(ours, figure);
        double b = median ? ColdStartFigures.median(base, figure) : ColdStartFigures.min(base, figure);
        row(label, num(a, 0), num(b, 0), ratio(a, b));
    }

    private void sizes(ArtifactSize ours, ArtifactSize base) {
        line("## Lambda artifact size");
        line("");
        line("`functions/api/target/callvault-api.zip` as built (one artifact for all API functions), and the baseline "
                + "handler packed the same way (its classes at the root, `bench/target/baseline-lib` jars under `lib/`).");
        line("");
        line("How to read: bytes Lambda stores and unpacks per function, lower is better; the ratio is callvault ÷ baseline.");
        line("");
        line("| | callvault-api.zip | baseline packed the same way | ratio (callvault ÷ baseline) |");
        line("|---|---:|---:|---:|");
        row("zipped", mib(ours.zippedBytes()), mib(base.zippedBytes()), ratio(ours.zippedBytes(), base.zippedBytes()));
        row("unzipped", mib(ours.unzippedBytes()), mib(base.unzippedBytes()), ratio(ours.unzippedBytes(), base.unzippedBytes()));
        row("jars in lib/", Integer.toString(ours.jars()), Integer.toString(base.jars()), ratio(ours.jars(), base.jars()));
        line("");
    }

    private void row(String label, String a, String b, String ratio) {
        line("| " + label + " | " + a + " | " + b + " | " + ratio + " |");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    private static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String ratio(double a, double b) {
        return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB (%,d bytes)", bytes / 1024.0 / 1024.0, bytes);
    }
}
