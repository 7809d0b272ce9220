package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        BenchSettings settings = new BenchSettings(500, 4000, 8, 11, 1024, 1, 128, 500, 5, 30,
                Set.of(BenchSettings.CRYPTO), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"),
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
}
