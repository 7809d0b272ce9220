package io.callvault.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's knobs, as {@code -Dbench.*} system properties (bench/run.sh passes them through from
 * BENCH_* environment variables). The defaults keep a full run within a few minutes on 2 cores.
 */
record BenchSettings(int warmUp, int posts, int threads, int coldRounds, int cryptoMiB, int cryptoRounds,
                     int cryptoC1MiB, int playbackMiB, int playbackWarmUp, int playbackRequests,
                     int searchIndexRecordings, int searchIndexRounds, int searchRecordings, int searchWarmUp,
                     int searchRequests, int enrichCalls, int enrichWarmUp, int enrichThreads, int muxMinutes,
                     int muxRounds, int lifecycleRecordings, int lifecyclePageSize, int lifecycleRounds,
                     Set<String> sections,
                     Path apiZip, Path benchJar, Path baselineLib, Path report, String command) {
    // Defaults; bench/run.sh documents them as the BENCH_* variables.
    static final int WARMUP = 500;
    static final int POSTS = 4000;
    static final int THREADS = 8;
    static final int COLD_ROUNDS = 11;
    static final int CRYPTO_MIB = 1024;
    static final int CRYPTO_ROUNDS = 5;
    static final int CRYPTO_C1_MIB = 128;
    static final int PLAYBACK_MIB = 500;
    static final int PLAYBACK_WARMUP = 5;
    static final int PLAYBACK_REQUESTS = 30;
    static final int SEARCH_INDEX_RECORDINGS = 5_000;
    static final int SEARCH_INDEX_ROUNDS = 3;
    static final int SEARCH_RECORDINGS = 100_000;
    static final int SEARCH_WARMUP = 10;
    static final int SEARCH_REQUESTS = 50;
    static final int ENRICH_CALLS = 800;
    static final int ENRICH_WARMUP = 100;
    static final int ENRICH_THREADS = 8;
    static final int MUX_MINUTES = 20;
    static final int MUX_ROUNDS = 3;
    static final int LIFECYCLE_RECORDINGS = 10_000;
    static final int LIFECYCLE_PAGE_SIZE = 100;
    static final int LIFECYCLE_ROUNDS = 1;
    /** A page's ids and outcomes live in one control-table item (400 KB at most). */
    static final int MAX_LIFECYCLE_PAGE_SIZE = 1000;
    /** A cap, so that a slip of the keyboard cannot start hours of generating and re-encoding video. */
    static final int MAX_MUX_MINUTES = 120;
    /** The search queries take their values from recordings in the corpus; below this it is too small to hold them. */
    static final int MIN_SEARCH_RECORDINGS = 1000;
    static final String INTAKE = "intake";
    static final String COLD_START = "coldstart";
    static final String CRYPTO = "crypto";
    static final String PLAYBACK = "playback";
    static final String SEARCH = "search";
    static final String ENRICH = "enrich";
    static final String MUX = "mux";
    static final String LIFECYCLE = "lifecycle";
    static final List<String> ALL_SECTIONS = List.of(INTAKE, ENRICH, COLD_START, CRYPTO, PLAYBACK, SEARCH, MUX, LIFECYCLE);
    /** Playback uploads through the presigned URL, which refuses more than the guide's 512 MiB. */
    static final int MAX_PLAYBACK_MIB = 512;

    BenchSettings {
        if (!ALL_SECTIONS.containsAll(sections) || sections.isEmpty()) {
            throw new IllegalArgumentException("bench.sections must name some of " + ALL_SECTIONS + ", not " + sections);
        }
        if (cryptoMiB < 1 || cryptoRounds < 1 || cryptoC1MiB < 0) {
            throw new IllegalArgumentException("bench.cryptoMiB and bench.cryptoRounds must be at least 1, "
                    + "bench.cryptoC1MiB at least 0");
        }
        if (playbackMiB < 2 || playbackMiB > MAX_PLAYBACK_MIB || playbackRequests < 1 || playbackWarmUp < 0) {
            throw new IllegalArgumentException("bench.playbackMiB must be 2.." + MAX_PLAYBACK_MIB
                    + " and bench.playbackRequests at least 1");
        }
        if (searchIndexRecordings < 1 || searchIndexRounds < 1 || searchRecordings < MIN_SEARCH_RECORDINGS
                || searchWarmUp < 0 || searchRequests < 1) {
            throw new IllegalArgumentException("bench.searchIndexRecordings, bench.searchIndexRounds and "
                    + "bench.searchRequests must be at least 1, bench.searchRecordings at least " + MIN_SEARCH_RECORDINGS);
        }
        if (enrichCalls < 1 || enrichWarmUp < 0 || enrichThreads < 1) {
            throw new IllegalArgumentException("bench.enrichCalls and bench.enrichThreads must be at least 1, "
                    + "bench.enrichWarmup at least 0");
        }
        if (muxMinutes < 1 || muxMinutes > MAX_MUX_MINUTES || muxRounds < 1) {
            throw new IllegalArgumentException("bench.muxMinutes must be 1.." + MAX_MUX_MINUTES
                    + " and bench.muxRounds at least 1");
        }
        if (lifecycleRecordings < 1 || lifecyclePageSize < 1 || lifecyclePageSize > MAX_LIFECYCLE_PAGE_SIZE
                || lifecycleRounds < 1) {
            throw new IllegalArgumentException("bench.lifecycleRecordings and bench.lifecycleRounds must be at least 1, "
                    + "bench.lifecyclePageSize 1.." + MAX_LIFECYCLE_PAGE_SIZE);
        }
    }

    static BenchSettings fromSystemProperties() {
        Set<String> sections = new LinkedHashSet<>();
        for (String s : System.getProperty("bench.sections", String.join(",", ALL_SECTIONS)).split(",")) {
            if (!s.isBlank()) {
                sections.add(s.trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return new BenchSettings(
                Integer.getInteger("bench.warmup", WARMUP),
                Integer.getInteger("bench.posts", POSTS),
                Integer.getInteger("bench.threads", THREADS),
                Integer.getInteger("bench.coldRounds", COLD_ROUNDS),
                Integer.getInteger("bench.cryptoMiB", CRYPTO_MIB),
                Integer.getInteger("bench.cryptoRounds", CRYPTO_ROUNDS),
                Integer.getInteger("bench.cryptoC1MiB", CRYPTO_C1_MIB),
                Integer.getInteger("bench.playbackMiB", PLAYBACK_MIB),
                Integer.getInteger("bench.playbackWarmup", PLAYBACK_WARMUP),
                Integer.getInteger("bench.playbackRequests", PLAYBACK_REQUESTS),
                Integer.getInteger("bench.searchIndexRecordings", SEARCH_INDEX_RECORDINGS),
                Integer.getInteger("bench.searchIndexRounds", SEARCH_INDEX_ROUNDS),
                Integer.getInteger("bench.searchRecordings", SEARCH_RECORDINGS),
                Integer.getInteger("bench.searchWarmup", SEARCH_WARMUP),
                Integer.getInteger("bench.searchRequests", SEARCH_REQUESTS),
                Integer.getInteger("bench.enrichCalls", ENRICH_CALLS),
                Integer.getInteger("bench.enrichWarmup", ENRICH_WARMUP),
                Integer.getInteger("bench.enrichThreads", ENRICH_THREADS),
                Integer.getInteger("bench.muxMinutes", MUX_MINUTES),
                Integer.getInteger("bench.muxRounds", MUX_ROUNDS),
                Integer.getInteger("bench.lifecycleRecordings", LIFECYCLE_RECORDINGS),
                Integer.getInteger("bench.lifecyclePageSize", LIFECYCLE_PAGE_SIZE),
                Integer.getInteger("bench.lifecycleRounds", LIFECYCLE_ROUNDS),
                sections,
                Path.of(System.getProperty("bench.apiZip", "functions/api/target/callvault-api.zip")),
                Path.of(System.getProperty("bench.jar", "bench/target/callvault-bench-0.1.0.jar")),
                Path.of(System.getProperty("bench.baselineLib", "bench/target/baseline-lib")),
                Path.of(System.getProperty("bench.report", "docs/benchmarks.md")),
                System.getProperty("bench.command", "bench/run.sh"));
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    /** Everything that differs from the defaults, as the BENCH_* variables that set it, for the report. */
    String nonDefaultVariables() {
        StringBuilder b = new StringBuilder();
        append(b, "BENCH_POSTS", posts, POSTS);
        append(b, "BENCH_WARMUP", warmUp, WARMUP);
        append(b, "BENCH_THREADS", threads, THREADS);
        append(b, "BENCH_COLD_ROUNDS", coldRounds, COLD_ROUNDS);
        append(b, "BENCH_CRYPTO_MIB", cryptoMiB, CRYPTO_MIB);
        append(b, "BENCH_CRYPTO_ROUNDS", cryptoRounds, CRYPTO_ROUNDS);
        append(b, "BENCH_CRYPTO_C1_MIB", cryptoC1MiB, CRYPTO_C1_MIB);
        append(b, "BENCH_PLAYBACK_MIB", playbackMiB, PLAYBACK_MIB);
        append(b, "BENCH_PLAYBACK_WARMUP", playbackWarmUp, PLAYBACK_WARMUP);
        append(b, "BENCH_PLAYBACK_REQUESTS", playbackRequests, PLAYBACK_REQUESTS);
        append(b, "BENCH_SEARCH_INDEX_RECORDINGS", searchIndexRecordings, SEARCH_INDEX_RECORDINGS);
        append(b, "BENCH_SEARCH_INDEX_ROUNDS", searchIndexRounds, SEARCH_INDEX_ROUNDS);
        append(b, "BENCH_SEARCH_RECORDINGS", searchRecordings, SEARCH_RECORDINGS);
        append(b, "BENCH_SEARCH_WARMUP", searchWarmUp, SEARCH_WARMUP);
        append(b, "BENCH_SEARCH_REQUESTS", searchRequests, SEARCH_REQUESTS);
        append(b, "BENCH_ENRICH_CALLS", enrichCalls, ENRICH_CALLS);
        append(b, "BENCH_ENRICH_WARMUP", enrichWarmUp, ENRICH_WARMUP);
        append(b, "BENCH_ENRICH_THREADS", enrichThreads, ENRICH_THREADS);
        append(b, "BENCH_MUX_MINUTES", muxMinutes, MUX_MINUTES);
        append(b, "BENCH_MUX_ROUNDS", muxRounds, MUX_ROUNDS);
        append(b, "BENCH_LIFECYCLE_RECORDINGS", lifecycleRecordings, LIFECYCLE_RECORDINGS);
        append(b, "BENCH_LIFECYCLE_PAGE_SIZE", lifecyclePageSize, LIFECYCLE_PAGE_SIZE);
        append(b, "BENCH_LIFECYCLE_ROUNDS", lifecycleRounds, LIFECYCLE_ROUNDS);
        if (!sections.containsAll(ALL_SECTIONS)) {
            b.append(b.isEmpty() ? "" : " ").append("BENCH_SECTIONS=").append(String.join(",", sections));
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String name, int value, int defaultValue) {
        if (value != defaultValue) {
            b.append(b.isEmpty() ? "" : " ").append(name).append('=').append(value);
        }
    }
}
