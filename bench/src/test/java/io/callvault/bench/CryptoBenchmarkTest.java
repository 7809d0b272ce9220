package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end on a small file: child JVMs, openssl if installed, checks, clean-up. */
class CryptoBenchmarkTest {

    @Test
    void everyImplementationRoundTripsAndTheFilesAreGone(@TempDir Path work) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Surefire's class path (possibly a manifest-only jar naming the rest) serves the child JVMs too.
        String classpath = System.getProperty("java.class.path");
        long size = (1 << 20) + 5;
        CryptoBenchmark.Figures f = new CryptoBenchmark(java, classpath, work).run(size, 1, 0, null);

        boolean openssl = Files.isExecutable(CryptoBenchmark.OPENSSL);
        // callvault and raw JDK: encrypt and decrypt, cold and warm; raw + SHA-256: encrypt, cold and warm.
        assertThat(f.runs()).hasSize(openssl ? 12 : 10);
        for (String implementation : List.of(CryptoBenchmark.CALLVAULT, CryptoBenchmark.RAW)) {
            for (String direction : List.of(CryptoBenchmark.ENCRYPT, CryptoBenchmark.DECRYPT)) {
                CryptoBenchmark.Run run = f.of(implementation, direction).get(0);
                assertThat(run.seconds()).isPositive();
                assertThat(run.setupSeconds()).isBetween(0.0, run.seconds());
                assertThat(run.heapMaxMiB()).isLessThanOrEqualTo(64.5);
                assertThat(run.heapPeakMiB()).isLessThanOrEqualTo(run.heapMaxMiB());
            }
            // PKCS#7 padding: the next multiple of 16, at least one byte more.
            assertThat(f.of(implementation, CryptoBenchmark.ENCRYPT).get(0).bytesOut()).isEqualTo(size + 11);
        }
        assertThat(f.of(CryptoBenchmark.RAW_SHA, CryptoBenchmark.ENCRYPT)).hasSize(1);
        assertThat(f.warm(CryptoBenchmark.RAW_SHA, CryptoBenchmark.ENCRYPT)).hasSize(1);
        assertThat(f.warm(CryptoBenchmark.CALLVAULT, CryptoBenchmark.DECRYPT)).hasSize(1);
        assertThat(f.warm(CryptoBenchmark.OPENSSL_LABEL, CryptoBenchmark.DECRYPT)).isEmpty();
        assertThat(f.warmMibPerSecond(CryptoBenchmark.CALLVAULT, CryptoBenchmark.ENCRYPT)).isPositive();
        assertThat(f.of(CryptoBenchmark.RAW_SHA, CryptoBenchmark.DECRYPT)).isEmpty();
        assertThat(f.mibPerSecond(CryptoBenchmark.CALLVAULT, CryptoBenchmark.ENCRYPT)).isPositive();
        if (openssl) {
            assertThat(f.opensslSkipped()).isNull();
            assertThat(f.opensslVersion()).startsWith("OpenSSL").doesNotContain("Library");
        } else {
            assertThat(f.opensslSkipped()).contains("openssl");
        }
        assertThat(f.c1Runs()).isEmpty();
        try (var left = Files.list(work.resolve("crypto"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("only the key material remains").allMatch(n -> n.startsWith("cert.") || n.startsWith("key.")
                            || n.equals("ours.p7") || n.equals("raw.key"));
        }
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(CryptoBenchmark.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(CryptoBenchmark.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(CryptoBenchmark.median(List.of())).isNaN();
    }

    @Test
    void aChildsResultLinesAreParsed() {
        List<CryptoBenchmark.Run> runs = CryptoBenchmark.parse("noise\n" + CryptoChild.RESULT_PREFIX
                + "mode=ours-encrypt seconds=2.500000 setupSeconds=0.250000 inBytes=100 outBytes=112 heapPeakMiB=40.5 "
                + "heapMaxMiB=64.0 gcs=3\nRESULT SHA256 00\n" + CryptoChild.WARM_PREFIX
                + "mode=ours-encrypt seconds=2.000000 setupSeconds=0.001000 inBytes=100 outBytes=112 heapPeakMiB=41.0 "
                + "heapMaxMiB=64.0 gcs=5\n", CryptoBenchmark.CALLVAULT, CryptoBenchmark.ENCRYPT, 2, 99.5);
        assertThat(runs).containsExactly(
                new CryptoBenchmark.Run(CryptoBenchmark.CALLVAULT, CryptoBenchmark.ENCRYPT, 2, false, 2.5, 0.25, 100, 112,
                        40.5, 64.0, 99.5),
                new CryptoBenchmark.Run(CryptoBenchmark.CALLVAULT, CryptoBenchmark.ENCRYPT, 2, true, 2.0, 0.001, 100, 112,
                        41.0, 64.0, 99.5));
    }
}
