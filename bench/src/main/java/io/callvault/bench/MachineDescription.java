package io.callvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The machine the figures were measured on, in the terms the report gives: nproc, memory, java -version, CPU. */
record MachineDescription(String nproc, String memory, String javaVersion, String cpuModel, String os, String loadAtStart) {

    /** Load average as the run starts: the figures assume an otherwise idle machine, and this shows whether it was. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static MachineDescription of(Path javaBinary, String loadAtStart) {
        return new MachineDescription(
                command(List.of("nproc")).orElse(Integer.toString(Runtime.getRuntime().availableProcessors())),
                totalMemory(),
                command(List.of(javaBinary.toString(), "-version")).orElse(System.getProperty("java.version"))
                        .replace("\n", "; "),
                firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                loadAtStart);
    }

    private static String totalMemory() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Runs a short command and returns what it printed (stdout and stderr: java -version writes to stderr). */
    static Optional<String> command(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
