package io.callvault.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the lifecycle functions' threads spend a run: every {@code intervalMillis} it takes the stack of every thread
 * doing lifecycle work (a page's workers, {@code lifecycle-worker}; the purge's index readers,
 * {@code lifecycle-index-reader}, while they read; and the thread running a step's handler, unless it is only waiting
 * for those) and counts the sample under its step (select, backup, purge, run) and what it was doing: the request it
 * waited for (an AWS SDK operation, or OpenSearch), or callvault code running in the JVM, with the callvault methods
 * that made it (the store's, then the lifecycle's). Wall-clock samples: a share is of thread time, not of CPU.
 */
final class LifecycleSampler {
    static final String WORKER_THREAD = "lifecycle-worker";
    static final String INDEX_READER_THREAD = "lifecycle-index-reader";
    private static final String LIFECYCLE = "io.callvault.lifecycle.";
    private static final String STEPS = "io.callvault.lifecycle.LifecycleSteps";
    private static final String RUNS_API = "io.callvault.lifecycle.handlers.LifecycleRunsHandler";
    private static final Pattern SDK_CLIENT = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.Default(\\w+)Client");
    private static final Pattern STEP_METHOD = Pattern.compile("(?:lambda\\$)?(select|backup|purge|start|finish|fail)(?:\\$.*)?");

    private final long intervalMillis;
    private final Map<String, Integer> samples = new TreeMap<>();
    private int ticks;
    private volatile boolean running;
    private Thread sampler;

    LifecycleSampler(long intervalMillis) {
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
        }, "bench-lifecycle-sampler");
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

    /** How many times the threads were sampled (samples ÷ ticks: threads busy for the lifecycle, on average). */
    synchronized int ticks() {
        return ticks;
    }

    private void sampleOnce() {
        List<String> activities = new ArrayList<>();
        for (var e : Thread.getAllStackTraces().entrySet()) {
            String activity = activity(e.getKey().getName(), e.getValue());
            if (activity != null) {
                activities.add(activity);
            }
        }
        synchronized (this) {
            ticks++;
            activities.forEach(a -> samples.merge(a, 1, Integer::sum));
        }
    }

    /** What a thread (its name, its stack top frame first) was doing for the lifecycle, or null if nothing. */
    static String activity(String threadName, StackTraceElement[] stack) {
        boolean callvault = false;
        boolean lifecycle = false;
        for (StackTraceElement f : stack) {
            callvault |= f.getClassName().startsWith("io.callvault.");
            lifecycle |= f.getClassName().startsWith(LIFECYCLE);
        }
        if (!callvault) {
            return null; // an idle pool thread
        }
        if (threadName.equals(INDEX_READER_THREAD)) {
            return "purge: " + what(stack) + " (index reader)";
        }
        if (!lifecycle) {
            return null;
        }
        if (!threadName.equals(WORKER_THREAD) && waitingForOthers(stack)) {
            return null; // the handler's thread waiting for the page's workers or the index readers
        }
        return step(stack) + ": " + what(stack);
    }

    /** The handler's thread parked in {@code Future.get} of the workers' or index readers' tasks. */
    private static boolean waitingForOthers(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("io.callvault.")) {
                return false;
            }
            if (f.getClassName().equals("java.util.concurrent.FutureTask") && f.getMethodName().equals("get")
                    || f.getClassName().equals("java.util.concurrent.CompletableFuture")
                    && (f.getMethodName().equals("get") || f.getMethodName().equals("join"))) {
                return true;
            }
        }
        return false;
    }

    /** The step of {@link io.callvault.lifecycle.LifecycleSteps} the stack is in (its lambdas included). */
    static String step(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().equals(RUNS_API)) {
                return "runs API (the benchmark asking whether the run ended)";
            }
            if (f.getClassName().startsWith(STEPS)) {
                Matcher m = STEP_METHOD.matcher(f.getMethodName());
                if (m.matches()) {
                    String step = m.group(1);
                    return step.equals("start") || step.equals("finish") || step.equals("fail") ? "run" : step;
                }
            }
        }
        return "other";
    }

    /** The request waited for (or "in the JVM"), then the first callvault method and the first lifecycle one. */
    static String what(StackTraceElement[] stack) {
        String request = null;
        String first = null;
        String firstLifecycle = null;
        for (StackTraceElement f : stack) {
            String cls = f.getClassName();
            Matcher m = SDK_CLIENT.matcher(cls);
            if (request == null && first == null && m.matches()) {
                request = m.group(2) + " " + f.getMethodName();
            }
            if (cls.startsWith("io.callvault.")) {
                String method = simpleName(cls) + "." + f.getMethodName();
                if (first == null) {
                    first = method;
                    if (request == null && cls.equals("io.callvault.search.SearchCluster")) {
                        request = "OpenSearch " + f.getMethodName();
                    }
                }
                if (cls.startsWith(LIFECYCLE) && !cls.startsWith(STEPS)) {
                    firstLifecycle = method;
                    break;
                }
                if (cls.startsWith(STEPS)) {
                    Matcher step = STEP_METHOD.matcher(f.getMethodName());
                    firstLifecycle = "LifecycleSteps." + (step.matches() ? step.group(1) : f.getMethodName());
                    if (first.startsWith("LifecycleSteps.")) {
                        first = firstLifecycle;
                    }
                    break;
                }
            }
        }
        String where = first == null ? "?" : firstLifecycle == null || firstLifecycle.equals(first) ? first
                : first + " ← " + firstLifecycle;
        return (request == null ? "in the JVM" : request) + ", " + where;
    }

    private static String simpleName(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        int inner = s.indexOf('$');
        return inner < 0 ? s : s.substring(0, inner);
    }
}
