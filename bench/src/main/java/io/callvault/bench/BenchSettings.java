package io.callvault.bench;

import java.nio.file.Path;

/**
 * The benchmark's knobs, as {@code -Dbench.*} system properties (bench/run.sh passes them through from
 * BENCH_* environment variables). The defaults keep a full run within a few minutes on 2 cores.
 */
record BenchSettings(int warmUp, int posts, int threads, int coldRounds, Path apiZip, Path benchJar,
                     Path baselineLib, Path report, String command) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.warmup", 500),
                Integer.getInteger("bench.posts", 4000),
                Integer.getInteger("bench.threads", 8),
                Integer.getInteger("bench.coldRounds", 11),
                Path.of(System.getProperty("bench.apiZip", "functions/api/target/callvault-api.zip")),
                Path.of(System.getProperty("bench.jar", "bench/target/callvault-bench-0.1.0.jar")),
                Path.of(System.getProperty("bench.baselineLib", "bench/target/baseline-lib")),
                Path.of(System.getProperty("bench.report", "docs/benchmarks.md")),
                System.getProperty("bench.command", "bench/run.sh"));
    }
}
