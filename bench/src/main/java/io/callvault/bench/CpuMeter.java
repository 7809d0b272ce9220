package io.callvault.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM (the functions, the clients and the in-JVM stand-ins: DynamoDB Local, s3proxy, OpenSearch) and of
 * DynamoDB Local's SQLite thread, which runs every SQL statement of DynamoDB Local one after another (sqlite4java's
 * {@code SQLiteQueue}), so its busy share of a phase says how close DynamoDB Local was to its ceiling.
 */
final class CpuMeter {
    static final String SQLITE_THREAD = "SQLiteQueue";

    /**
     * CPU seconds of the JVM and of the SQLite thread(s), and wall seconds, of one phase; {@code byThreads}: CPU seconds
     * per group of threads (their names with the numbers taken out), most first.
     */
    record Usage(double processSeconds, double sqliteSeconds, double wallSeconds, Map<String, Double> byThreads) {
        double sqliteBusy() {
            return sqliteSeconds / wallSeconds;
        }
    }

    private final long process;
    private final long wall;
    private final Map<Long, Long> threadCpu;

    private CpuMeter(long process, long wall, Map<Long, Long> threadCpu) {
        this.process = process;
        this.wall = wall;
        this.threadCpu = threadCpu;
    }

    static CpuMeter start() {
        Map<Long, Long> cpu = new HashMap<>();
        threads().forEach((id, named) -> cpu.put(id, named.cpu()));
        return new CpuMeter(processCpuNanos(), System.nanoTime(), cpu);
    }

    Usage stop() {
        long processNow = processCpuNanos();
        long wallNow = System.nanoTime();
        Map<String, Double> groups = new HashMap<>();
        double sqlite = 0;
        for (var e : threads().entrySet()) {
            double seconds = (e.getValue().cpu() - threadCpu.getOrDefault(e.getKey(), 0L)) / 1e9;
            if (seconds <= 0) {
                continue;
            }
            String group = group(e.getValue().name());
            groups.merge(group, seconds, Double::sum);
            if (e.getValue().name().startsWith(SQLITE_THREAD)) {
                sqlite += seconds;
            }
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Usage((processNow - process) / 1e9, sqlite, (wallNow - wall) / 1e9, sorted);
    }

    /** A thread's name with its numbers taken out: {@code qtp123-45} is {@code qtp#-#}. */
    static String group(String name) {
        return name.replaceAll("0x[0-9a-fA-F]+", "#").replaceAll("\\d+", "#");
    }

    private record Named(String name, long cpu) {}

    private static Map<Long, Named> threads() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Named> out = new HashMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                out.put(info.getThreadId(), new Named(info.getThreadName(), cpu));
            }
        }
        return out;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
