package io.callvault.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one poller thread of the local runtime spends its time: every {@code intervalMillis} it takes the stack of
 * the thread named {@code threadName} that has been seen running {@code handlerClass} (the SQS event source runs
 * one thread per queue mapping, all of the same name; a mapping keeps its thread), and counts the sample under
 * what the thread was doing: an AWS SDK request (service and operation, and the callvault method that made it),
 * callvault code running in the JVM (the method), or the event source's own work outside the handler (receiving,
 * the Lambda event round trip, deleting).
 */
final class StackSampler {
    static final String OUTSIDE_HANDLER = "event source, outside the handler (receiving or waiting for messages, the "
            + "event round trip, deleting)";
    private static final Pattern SDK_CLIENT = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.Default(\\w+)Client");

    private final String threadName;
    private final String handlerClass;
    private final long intervalMillis;
    private final Map<String, Integer> samples = new TreeMap<>();
    private volatile boolean running;
    private Thread sampler;
    private Thread target;

    StackSampler(String threadName, String handlerClass, long intervalMillis) {
        this.threadName = threadName;
        this.handlerClass = handlerClass;
        this.intervalMillis = intervalMillis;
    }

    void start() {
        running = true;
        sampler = new Thread(() -> {
            while (running) {
                sampleOnce();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-stack-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    void stop() throws InterruptedException {
        running = false;
        if (sampler != null) {
            sampler.interrupt();
            sampler.join(5_000);
        }
    }

    /** Samples per activity, most first. */
    synchronized Map<String, Integer> samples() {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    synchronized int total() {
        return samples.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void sampleOnce() {
        // The handler runs each call's look on a thread of its own: sample every thread inside a look, and the
        // poller's thread only when no look runs (then it is receiving, deleting or between batches).
        java.util.List<String> activities = new java.util.ArrayList<>();
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (target == null && e.getKey().getName().equals(threadName) && runs(e.getValue())) {
                target = e.getKey();
            }
            if (!e.getKey().getName().equals(threadName) && inLook(e.getValue())) {
                activities.add(classify(e.getValue(), LOOK_CLASS));
            }
        }
        if (activities.isEmpty()) {
            if (target == null) {
                return;
            }
            activities.add(classify(target.getStackTrace(), handlerClass));
        }
        synchronized (this) {
            activities.forEach(a -> samples.merge(a, 1, Integer::sum));
        }
    }

    /** The class whose method a look runs in ({@code EnrichmentService.handle}). */
    static final String LOOK_CLASS = "io.callvault.api.intake.EnrichmentService";

    private static boolean inLook(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().equals(LOOK_CLASS)) {
                return true;
            }
        }
        return false;
    }

    private boolean runs(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().equals(handlerClass)) {
                return true;
            }
        }
        return false;
    }

    /** What a stack (top frame first) was doing; package-private for the tests. */
    static String classify(StackTraceElement[] stack, String handlerClass) {
        boolean inHandler = false;
        for (StackTraceElement f : stack) {
            if (f.getClassName().equals(handlerClass)) {
                inHandler = true;
                break;
            }
        }
        if (!inHandler) {
            return OUTSIDE_HANDLER;
        }
        String sdk = null;
        for (StackTraceElement f : stack) {
            Matcher m = SDK_CLIENT.matcher(f.getClassName());
            if (sdk == null && m.matches()) {
                sdk = m.group(2) + " " + f.getMethodName();
            }
            if (f.getClassName().startsWith("io.callvault.")) {
                String method = simpleName(f.getClassName()) + "." + f.getMethodName();
                return sdk != null ? sdk + " (" + method + ")" : method + " (in the JVM)";
            }
        }
        return "other";
    }

    private static String simpleName(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        int inner = s.indexOf('$');
        return inner < 0 ? s : s.substring(0, inner);
    }
}
