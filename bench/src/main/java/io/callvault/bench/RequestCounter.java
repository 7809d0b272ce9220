package io.callvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS SDK calls every client in this JVM makes (the functions' and the benchmark's), per group of threads
 * (the thread's name with its numbers taken out) and per service and operation, while {@link #start} .. {@link #stop}.
 * One call is one API call, however many HTTP attempts it took.
 *
 * <p>The SDK adds the interceptors a classpath resource {@value #RESOURCE} names to every client it builds. bench/run.sh
 * puts an empty directory on the classpath ({@code -Dbench.sdkInterceptorDir}); {@link #install} writes the resource
 * there for the lifecycle section only (before its local runtime builds its clients) and {@link #uninstall} removes it,
 * so no other section's clients, and no child JVM, ever carry the interceptor.
 */
public final class RequestCounter implements ExecutionInterceptor {
    static final String RESOURCE = "software/amazon/awssdk/global/handlers/execution.interceptors";
    static final String DIR_PROPERTY = "bench.sdkInterceptorDir";
    private static volatile Map<String, LongAdder> counts;

    /** Installs the interceptor for clients built from now on; false if the directory is not configured. */
    static boolean install() throws IOException {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            return false;
        }
        Path file = Path.of(dir).resolve(RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, RequestCounter.class.getName() + "\n");
        return true;
    }

    static void uninstall() throws IOException {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null) {
            Files.deleteIfExists(Path.of(dir).resolve(RESOURCE));
        }
    }

    static void start() {
        counts = new ConcurrentHashMap<>();
    }

    /** Thread group → "Service Operation" → calls since {@link #start}. */
    static Map<String, Map<String, Long>> stop() {
        Map<String, LongAdder> current = counts;
        counts = null;
        Map<String, Map<String, Long>> out = new TreeMap<>();
        if (current != null) {
            current.forEach((key, n) -> {
                int tab = key.indexOf('\t');
                out.computeIfAbsent(key.substring(0, tab), k -> new TreeMap<>()).put(key.substring(tab + 1), n.sum());
            });
        }
        return out;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Map<String, LongAdder> current = counts;
        if (current == null) {
            return;
        }
        String key = CpuMeter.group(Thread.currentThread().getName()) + "\t"
                + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        current.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
}
