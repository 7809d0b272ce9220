package io.callvault.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envelope encryption and decryption throughput, file to file, against the two baselines of the issue in the
 * same run: the JDK's raw AES-256-CBC (the limit: callvault's bulk cipher with nothing around it) and
 * {@code openssl cms -encrypt -aes256} / {@code -decrypt} (what the guide's muxer runs). Every Java run is a
 * fresh {@code java -Xmx64m} ({@link CryptoChild}); openssl runs as the process it is. Each implementation
 * encrypts the same plaintext file and decrypts its own output, which is then checked against the plaintext's
 * SHA-256; the order of the implementations rotates per round.
 */
final class CryptoBenchmark {
    /** The flags of every Java run: the heap limit is the issue's, the proof that 1 GiB streams. */
    static final List<String> JVM_FLAGS = List.of("-Xmx64m");
    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    /** GNU time, for the peak RSS of every run (Java and openssl alike); optional. */
    static final Path GNU_TIME = Path.of("/usr/bin/time");
    static final String CALLVAULT = "callvault";
    static final String RAW = "raw JDK AES-256-CBC";
    /** A reference, not a baseline of the issue: the raw loop plus the plaintext SHA-256 callvault must compute. */
    static final String RAW_SHA = "raw JDK AES-256-CBC + SHA-256";
    static final String OPENSSL_LABEL = "openssl cms";
    static final String ENCRYPT = "encrypt";
    static final String DECRYPT = "decrypt";
    private static final long SEED = 20_260_101L;
    private static final long TIMEOUT_SECONDS = 600;
    private static final Pattern RESULT = Pattern.compile("^(RESULT|WARM) mode=\\S+ "
            + "seconds=([0-9.]+) setupSeconds=([0-9.]+) inBytes=(\\d+) outBytes=(\\d+) heapPeakMiB=([0-9.]+) heapMaxMiB=([0-9.]+) gcs=(\\d+)$",
            Pattern.MULTILINE);
    private static final Pattern SHA256 = Pattern.compile("^(?:RESULT|WARM) SHA256 ([0-9a-f]{64})$", Pattern.MULTILINE);
    private static final Pattern OUTPUT_SHA256 = Pattern.compile("^(?:RESULT|WARM) OUTSHA256 ([0-9a-f]{64})$",
            Pattern.MULTILINE);

    /**
     * One timed operation. {@code warm}: the second pass in the same JVM (openssl has none). {@code heapPeakMiB}
     * and {@code heapMaxMiB} are NaN for openssl; {@code maxRssMiB} (of the whole process, both passes) is NaN
     * without GNU time.
     */
    record Run(String implementation, String direction, int round, boolean warm, double seconds, double setupSeconds,
               long bytesIn, long bytesOut,
               double heapPeakMiB, double heapMaxMiB, double maxRssMiB) {}

    /** What one run of this benchmark measured. */
    record Figures(long sizeBytes, int rounds, List<Run> runs, String opensslVersion, String opensslSkipped,
                   long c1SizeBytes, String c1Options, List<Run> c1Runs) {

        /** The first pass of every run in a fresh JVM (and openssl's runs): the headline figures. */
        List<Run> of(String implementation, String direction) {
            return runs.stream().filter(r -> !r.warm() && r.implementation().equals(implementation)
                    && r.direction().equals(direction)).toList();
        }

        /** The second pass of the Java runs, in a JVM that has just done the same once. */
        List<Run> warm(String implementation, String direction) {
            return runs.stream().filter(r -> r.warm() && r.implementation().equals(implementation)
                    && r.direction().equals(direction)).toList();
        }

        double warmMibPerSecond(String implementation, String direction) {
            List<Run> runs = warm(implementation, direction);
            return runs.isEmpty() ? Double.NaN : sizeBytes / 1048576.0 / median(runs.stream().map(Run::seconds).toList());
        }

        /** MiB/s of the median run (plaintext MiB over seconds), NaN if the implementation did not run. */
        double mibPerSecond(String implementation, String direction) {
            List<Run> runs = of(implementation, direction);
            return runs.isEmpty() ? Double.NaN : sizeBytes / 1048576.0 / median(runs.stream().map(Run::seconds).toList());
        }

        double medianSeconds(String implementation, String direction) {
            return median(of(implementation, direction).stream().map(Run::seconds).toList());
        }

        /** NaN for openssl, whose set-up is not visible from outside. */
        double medianSetupSeconds(String implementation, String direction) {
            return median(of(implementation, direction).stream().map(Run::setupSeconds).toList());
        }

        double medianBulkSeconds(String implementation, String direction) {
            return median(of(implementation, direction).stream().map(r -> r.seconds() - r.setupSeconds()).toList());
        }

        double c1MibPerSecond(String implementation, String direction) {
            return c1Runs.stream().filter(r -> !r.warm() && r.implementation().equals(implementation)
                            && r.direction().equals(direction))
                    .mapToDouble(r -> c1SizeBytes / 1048576.0 / r.seconds()).findFirst().orElse(Double.NaN);
        }

        /** Largest over both passes. */
        double maxOf(String implementation, String direction, java.util.function.ToDoubleFunction<Run> figure) {
            return runs.stream().filter(r -> r.implementation().equals(implementation) && r.direction().equals(direction))
                    .mapToDouble(figure).max().orElse(Double.NaN);
        }
    }

    private final Path java;
    private final String classpath;
    private final Path dir;

    /** {@code classpath}: this JVM's own (the bench jar and its dependencies), for the child JVMs. */
    CryptoBenchmark(Path java, String classpath, Path workDir) throws IOException {
        this.java = java;
        this.classpath = classpath;
        this.dir = Files.createDirectories(workDir.resolve("crypto"));
    }

    Figures run(long sizeBytes, int rounds, long c1SizeBytes, String c1Options) throws IOException, InterruptedException {
        BenchPki pki = BenchPki.generate("callvault-bench");
        Files.write(dir.resolve("cert.der"), encoded(pki));
        Files.write(dir.resolve("key.der"), pki.keys().getPrivate().getEncoded());
        Files.writeString(dir.resolve("cert.pem"), pki.certificatePem());
        Files.writeString(dir.resolve("key.pem"), pki.privateKeyPem());

        // "OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)": the part before the library's.
        Optional<String> opensslVersion = (Files.isExecutable(OPENSSL)
                ? MachineDescription.command(List.of(OPENSSL.toString(), "version")) : Optional.<String>empty())
                .map(v -> v.replaceFirst("\\s*\\(Library:.*", "").trim());
        String opensslSkipped = opensslVersion.isPresent() ? null
                : OPENSSL + (Files.exists(OPENSSL) ? " does not run (`openssl version` failed)" : " is not installed");
        List<String> implementations = new ArrayList<>(List.of(CALLVAULT, RAW, RAW_SHA));
        if (opensslSkipped == null) {
            implementations.add(OPENSSL_LABEL);
        } else {
            System.out.println("  openssl skipped: " + opensslSkipped);
        }

        Path plaintext = dir.resolve("plaintext.bin");
        List<Run> runs = new ArrayList<>();
        try {
            String sha256 = generate(plaintext, sizeBytes);
            for (int round = 0; round < rounds; round++) {
                List<String> order = new ArrayList<>(implementations);
                Collections.rotate(order, -round);
                for (String implementation : order) {
                    runs.addAll(roundTrip(implementation, round, plaintext, sha256, Map.of()));
                }
            }
        } finally {
            Files.deleteIfExists(plaintext);
        }

        List<Run> c1Runs = new ArrayList<>();
        if (c1SizeBytes > 0 && c1Options != null && !c1Options.isBlank()) {
            try {
                String sha256 = generate(plaintext, c1SizeBytes);
                for (String implementation : List.of(CALLVAULT, RAW)) {
                    c1Runs.addAll(roundTrip(implementation, 0, plaintext, sha256, Map.of("JAVA_TOOL_OPTIONS", c1Options)));
                }
            } finally {
                Files.deleteIfExists(plaintext);
            }
        }
        return new Figures(sizeBytes, rounds, runs, opensslVersion.orElse(null), opensslSkipped, c1SizeBytes,
                c1Options, c1Runs);
    }

    private static byte[] encoded(BenchPki pki) {
        try {
            return pki.certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plaintext file, written once per size; returns its SHA-256. */
    private static String generate(Path file, long size) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            return new PlaintextPattern(SEED).writeTo(out, size);
        }
    }

    /**
     * Encrypt the plaintext, decrypt the result, check what was decrypted (both passes of a Java run); the output
     * files are gone afterwards.
     */
    private List<Run> roundTrip(String implementation, int round, Path plaintext, String sha256,
                                Map<String, String> environment) throws IOException, InterruptedException {
        Path ciphertext = dir.resolve("ciphertext.bin");
        Path decrypted = dir.resolve("decrypted.bin");
        try {
            List<Run> runs = new ArrayList<>(encrypt(implementation, round, plaintext, ciphertext, sha256, environment));
            if (!implementation.equals(RAW_SHA)) {
                // RAW_SHA encrypts only: its decryption is raw JDK's. The digests it printed were checked.
                runs.addAll(decrypt(implementation, round, ciphertext, decrypted, sha256, environment));
            }
            StringBuilder line = new StringBuilder(String.format("  %-20s round %d:", implementation, round));
            for (Run r : runs) {
                line.append(String.format(" %s%s %.0f MiB/s", r.direction(), r.warm() ? " (warm)" : "",
                        Files.size(plaintext) / 1048576.0 / r.seconds()));
            }
            System.out.println(line + (environment.isEmpty() ? "" : " (" + environment + ")"));
            return runs;
        } finally {
            Files.deleteIfExists(ciphertext);
            Files.deleteIfExists(decrypted);
        }
    }

    /** Every digest the output reports ({@code pattern}), exactly {@code expected} of them, equals {@code sha256}. */
    private static void checkDigests(String what, String output, Pattern pattern, int expected, String sha256) {
        Matcher reported = pattern.matcher(output);
        int digests = 0;
        while (reported.find()) {
            digests++;
            if (!reported.group(1).equals(sha256)) {
                throw new IllegalStateException(what + " reported a SHA-256 other than the plaintext's " + sha256
                        + ":\n" + output);
            }
        }
        if (digests != expected) {
            throw new IllegalStateException(what + " reported " + digests + " digests, not " + expected + ":\n" + output);
        }
    }

    private List<Run> encrypt(String implementation, int round, Path in, Path out, String sha256,
                              Map<String, String> env) throws IOException, InterruptedException {
        return switch (implementation) {
            case CALLVAULT, RAW_SHA -> {
                ChildResult result = child(implementation.equals(CALLVAULT) ? "ours-encrypt" : "raw-encrypt-sha256",
                        in, out, env);
                checkDigests(implementation + " encrypt", result.output(), SHA256, 2, sha256);
                yield result.runs(implementation, ENCRYPT, round);
            }
            case RAW -> child("raw-encrypt", in, out, env).runs(RAW, ENCRYPT, round);
            default -> List.of(openssl(ENCRYPT, round, in, out, List.of("cms", "-encrypt", "-aes256", "-binary",
                    "-in", in.toString(), "-out", out.toString(), "-outform", "DER", dir.resolve("cert.pem").toString())));
        };
    }

    private List<Run> decrypt(String implementation, int round, Path in, Path out, String sha256,
                              Map<String, String> env) throws IOException, InterruptedException {
        if (implementation.equals(OPENSSL_LABEL)) {
            Run run = openssl(DECRYPT, round, in, out, List.of("cms", "-decrypt", "-inform", "DER", "-binary",
                    "-in", in.toString(), "-inkey", dir.resolve("key.pem").toString(), "-out", out.toString()));
            PlaintextPattern.Digest digest;
            try (InputStream decrypted = Files.newInputStream(out)) {
                digest = PlaintextPattern.digest(decrypted);
            }
            checkDigests("openssl decrypt", digest.sha256() + " (" + digest.size() + " bytes)",
                    Pattern.compile("^([0-9a-f]{64})"), 1, sha256);
            return List.of(run);
        }
        ChildResult result = child(implementation.equals(CALLVAULT) ? "ours-decrypt" : "raw-decrypt", in, out, env);
        checkDigests(implementation + " decrypt", result.output(), OUTPUT_SHA256, 2, sha256);
        return result.runs(implementation, DECRYPT, round);
    }

    private record ChildResult(String output, double maxRssMiB) {
        List<Run> runs(String implementation, String direction, int round) {
            List<Run> runs = parse(output, implementation, direction, round, maxRssMiB);
            if (runs.size() != 2 || runs.get(0).warm() || !runs.get(1).warm()) {
                throw new IllegalStateException(implementation + " " + direction + " did not print a cold and a warm "
                        + "result:\n" + output);
            }
            return runs;
        }
    }

    /** The {@link Run}s in a {@link CryptoChild}'s output, in the order printed. */
    static List<Run> parse(String output, String implementation, String direction, int round, double maxRssMiB) {
        Matcher m = RESULT.matcher(output);
        List<Run> runs = new ArrayList<>();
        while (m.find()) {
            runs.add(new Run(implementation, direction, round, m.group(1).equals("WARM"), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                    Double.parseDouble(m.group(6)), Double.parseDouble(m.group(7)), maxRssMiB));
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException(implementation + " " + direction + " printed no result:\n" + output);
        }
        return runs;
    }

    private ChildResult child(String mode, Path in, Path out, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", classpath, CryptoChild.class.getName(), mode, in.toString(), out.toString(),
                dir.toString()));
        Timed timed = timed(command, env);
        return new ChildResult(timed.stdout(), timed.maxRssMiB());
    }

    private Run openssl(String direction, int round, Path in, Path out, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(arguments);
        Timed timed = timed(command, Map.of());
        return new Run(OPENSSL_LABEL, direction, round, false, timed.seconds(), Double.NaN, Files.size(in), Files.size(out), Double.NaN,
                Double.NaN, timed.maxRssMiB());
    }

    private record Timed(double seconds, String stdout, double maxRssMiB) {}

    /**
     * Runs a command to its end after {@code sync}, so that no write-back of an earlier run's output competes
     * with it; {@code seconds} is the parent's clock around the process.
     */
    private Timed timed(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        MachineDescription.command(List.of("sync"));
        Path rss = dir.resolve("rss.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> full = new ArrayList<>();
        boolean gnuTime = Files.isExecutable(GNU_TIME);
        if (gnuTime) {
            full.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile()).redirectError(stderr.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        long begin = System.nanoTime();
        Process process = builder.start();
        String stdout;
        try (BufferedReader reader = process.inputReader(StandardCharsets.UTF_8)) {
            stdout = String.join("\n", reader.lines().toList());
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("did not finish in " + TIMEOUT_SECONDS + " s: " + command);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                    + "\n" + stdout + "\n" + Files.readString(stderr));
        }
        double maxRssMiB = Double.NaN;
        if (gnuTime) {
            List<String> lines = Files.readAllLines(rss);
            maxRssMiB = Long.parseLong(lines.get(lines.size() - 1).trim()) / 1024.0;
            Files.delete(rss);
        }
        Files.deleteIfExists(stderr);
        return new Timed(seconds, stdout, maxRssMiB);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = values.stream().sorted().toList();
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
