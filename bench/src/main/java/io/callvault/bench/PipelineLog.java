package io.callvault.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the local runtime's log lines while the enrich section runs (they are its only record of what the queues
 * delivered): standard output and error are replaced by streams that look at every line. The SQS event source's
 * {@code batch-delivered} lines (one per batch: the function, how many messages), the enrichment worker's outcome
 * lines, the analytics notifier's and the intake sweeper's are counted. The routine ones among them (a batch
 * delivered; a call stored or waiting; a post delivered, superseded by a newer store, busy or already delivered)
 * and the functions' metric lines (Embedded Metric Format) are then not printed, so the console shows the
 * benchmark and anything unusual. Everything else is passed through unchanged.
 */
final class PipelineLog implements AutoCloseable {
    /** One SQS batch a function returned from: when the line was seen ({@link System#nanoTime()}), its size. */
    record Batch(long nanos, int messages) {}

    private static final java.util.Set<String> ROUTINE_NOTIFY_OUTCOMES = java.util.Set.of("DELIVERED", "SUPERSEDED",
            "BUSY", "DUPLICATE");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, List<Batch>> batches = new TreeMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();

    private PipelineLog(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A log that taps nothing: lines are given to {@link #consume} directly. */
    static PipelineLog forTests() {
        return new PipelineLog(System.out, System.err);
    }

    /** Taps {@link System#out} and {@link System#err} until {@link #close()}. */
    static PipelineLog install() {
        PipelineLog log = new PipelineLog(System.out, System.err);
        System.setOut(new PrintStream(log.new Tap(log.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(log.new Tap(log.err), true, StandardCharsets.UTF_8));
        return log;
    }

    /** Forgets what was counted so far (the warm-up's lines). */
    synchronized void reset() {
        batches.clear();
        counts.clear();
    }

    /** The batches the SQS event source delivered to {@code function} (its logical id), in order. */
    synchronized List<Batch> batches(String function) {
        return List.copyOf(batches.getOrDefault(function, List.of()));
    }

    /** Messages the SQS event source handed {@code function} in all its batches. */
    synchronized int messages(String function) {
        return batches.getOrDefault(function, List.of()).stream().mapToInt(Batch::messages).sum();
    }

    /**
     * How often a line was seen: {@code enrichment:stored}, {@code enrichment:waiting}, ...,
     * {@code analytics-notify:DELIVERED}, ..., {@code sqs-event-source:batch-failed}, ..., {@code metric:<name>}.
     */
    synchronized Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    synchronized int counted(String key) {
        return counts.getOrDefault(key, 0);
    }

    /**
     * Looks at one line; true when it was a routine line that is counted and not printed.
     * Package-private for the tests.
     */
    boolean consume(String line, long nanos) {
        if (!line.startsWith("{")) {
            return false;
        }
        boolean sqs = line.contains("\"component\":\"sqs-event-source\"");
        boolean enrichment = line.contains("\"component\":\"enrichment\"");
        boolean notify = line.contains("\"event\":\"analytics-notify\"");
        boolean metric = line.startsWith("{\"_aws\"");
        boolean sweeper = line.contains("\"component\":\"intake-sweeper\"");
        if (!sqs && !enrichment && !notify && !metric && !sweeper) {
            return false;
        }
        JsonNode node;
        try {
            node = Json.parse(line);
        } catch (IOException | RuntimeException notJson) {
            return false;
        }
        synchronized (this) {
            if (sqs) {
                String action = node.path("action").asText();
                count("sqs-event-source:" + action);
                if (action.equals("batch-delivered")) {
                    batches.computeIfAbsent(node.path("function").asText(), f -> new ArrayList<>())
                            .add(new Batch(nanos, node.path("messages").asInt()));
                    return true;
                }
                return false;
            }
            if (enrichment) {
                String action = node.path("action").asText();
                count("enrichment:" + action);
                return action.equals("stored") || action.equals("waiting");
            }
            if (sweeper) {
                count("intake-sweeper:runs");
                counts.merge("intake-sweeper:sentInWindow", node.path("sentInWindow").asInt(), Integer::sum);
                counts.merge("intake-sweeper:resentOverdue", node.path("resentOverdue").asInt(), Integer::sum);
                return false;
            }
            if (notify) {
                String outcome = node.path("outcome").asText();
                count("analytics-notify:" + outcome);
                // A call stored twice is announced twice; these are the ordinary steps of that (the pipeline doc's
                // "a newer generation was scheduled during the POST").
                return ROUTINE_NOTIFY_OUTCOMES.contains(outcome);
            }
            JsonNode metrics = node.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics");
            for (JsonNode m : metrics) {
                count("metric:" + m.path("Name").asText());
            }
            return true;
        }
    }

    private void count(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
    }

    /** Splits what is written into lines and hands each to {@link #consume}; passes on what it does not take. */
    private final class Tap extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        Tap(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                endLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    line.write(b, start, i - start);
                    endLine();
                    start = i + 1;
                }
            }
            line.write(b, start, off + len - start);
        }

        private void endLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!consume(text, System.nanoTime())) {
                target.println(text);
            }
        }

        @Override
        public synchronized void flush() {
            target.flush();
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                target.print(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            target.flush();
        }
    }
}
