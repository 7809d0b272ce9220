package io.callvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 600 MiB through encrypt and decrypt in a JVM limited to a 64 MiB heap: memory does not grow with the
 * media (screen recordings reach 512 MiB, guide L5582-5600). Tagged so it can be excluded, but part of
 * the normal run; it takes a few seconds on two cores.
 */
@Tag("large")
class LargeStreamingTest {
    static final long SIZE = 600L * 1024 * 1024;
    static final Pattern HEAP_PEAK = Pattern.compile("heapPeakMiB=([0-9.]+)");

    @Test
    void sixHundredMebibytesInA64MebibyteHeap(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child.log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LargeStreamingRoundTrip.class.getName(), Long.toString(SIZE), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        List<String> output = Files.readAllLines(log);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(finished).as("finished in 120 s: %s", output).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
        String result = output.stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
        System.out.printf("[LargeStreamingTest] %s childJvmSeconds=%.1f%n", result, seconds);
        Matcher peak = HEAP_PEAK.matcher(result);
        assertThat(peak.find()).isTrue();
        assertThat(Double.parseDouble(peak.group(1))).isLessThanOrEqualTo(64.0);
    }
}
