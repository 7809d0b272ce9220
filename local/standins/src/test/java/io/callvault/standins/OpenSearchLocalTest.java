package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/** The OpenSearch stand-in, driven with the same opensearch-java client the functions use. */
class OpenSearchLocalTest {
    @TempDir
    static Path dataDir;
    static OpenSearchLocal node;

    @BeforeAll
    static void start() {
        System.gc();
        long heapBefore = usedHeap();
        long rssBefore = rss();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long t0 = System.nanoTime();
        node = OpenSearchLocal.persistentAt(dataDir.resolve("opensearch"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.gc();
        System.out.printf("OpenSearch stand-in: yellow in %d ms, heap +%d MB, resident +%d MB, threads +%d%n", millis,
                (usedHeap() - heapBefore) >> 20, (rss() - rssBefore) >> 20,
                ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void indexesAndSearchesWithTheJavaClient() throws IOException {
        try (Client c = new Client(node.endpoint())) {
            c.os.indices().create(i -> i.index("calls").mappings(m -> m
                    .properties("text", p -> p.text(t -> t))
                    .properties("ccid", p -> p.keyword(k -> k))
                    .properties("duration", p -> p.integer(n -> n))));
            c.os.index(i -> i.index("calls").id("1").document(Map.of("text", "hello world", "ccid", "cc1", "duration", 10)));
            c.os.index(i -> i.index("calls").id("2").document(Map.of("text", "hello there", "ccid", "cc2", "duration", 20)));
            c.os.index(i -> i.index("calls").id("3").document(Map.of("text", "goodbye", "ccid", "cc1", "duration", 30))
                    .refresh(Refresh.True));

            SearchResponse<Map> found = c.os.search(s -> s.index("calls")
                    .query(q -> q.bool(b -> b
                            .must(m -> m.match(t -> t.field("text").query(FieldValue.of("hello"))))
                            .filter(f -> f.term(t -> t.field("ccid").value(FieldValue.of("cc1"))))))
                    .aggregations("byCenter", a -> a.terms(t -> t.field("ccid"))), Map.class);

            assertThat(found.hits().hits()).extracting(h -> h.id()).containsExactly("1");
            assertThat(found.aggregations().get("byCenter").sterms().buckets().array())
                    .extracting(b -> b.key() + "=" + b.docCount()).containsExactly("cc1=1");
        }
    }

    @Test
    void stopAndStartKeepThePortAndTheData() throws IOException {
        URI endpoint = node.endpoint();
        try (Client c = new Client(endpoint)) {
            c.os.index(i -> i.index("kept").id("k1").document(Map.of("text", "before the stop")).refresh(Refresh.True));
        }

        node.stop();
        assertThat(node.isRunning()).isFalse();
        try (Client c = new Client(endpoint)) {
            assertThatThrownBy(() -> c.os.info()).isInstanceOf(IOException.class);
        }

        long t0 = System.nanoTime();
        node.start();
        System.out.printf("OpenSearch stand-in: restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(node.endpoint()).isEqualTo(endpoint);
        try (Client c = new Client(endpoint)) {
            assertThat(c.os.get(g -> g.index("kept").id("k1"), Map.class).source()).containsEntry("text", "before the stop");
        }
    }

    @Test
    void aNewNodeOnTheSameDirectoryFindsTheIndices() throws IOException {
        try (Client c = new Client(node.endpoint())) {
            c.os.index(i -> i.index("durable").id("d1").document(Map.of("text", "written before the restart"))
                    .refresh(Refresh.True));
        }
        Path home = node.home();
        node.close();

        node = OpenSearchLocal.persistentAt(home);
        try (Client c = new Client(node.endpoint())) {
            assertThat(c.os.get(g -> g.index("durable").id("d1"), Map.class).source())
                    .containsEntry("text", "written before the restart");
        }
    }

    @Test
    void aStartWaitsForTheLockThatAStoppingNodeStillHolds() throws Exception {
        Path home = node.home();
        node.close();
        // What a node stopped a moment ago in this JVM can still do: hold its data directory's lock.
        Path nodeDir = home.resolve("node_1/data/nodes/0");
        var dir = org.apache.lucene.store.FSDirectory.open(nodeDir, org.apache.lucene.store.NativeFSLockFactory.INSTANCE);
        var lock = dir.obtainLock("node.lock");
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(1500);
                lock.close();
                dir.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();
        long started = System.nanoTime();
        node = OpenSearchLocal.persistentAt(home);
        release.join();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(node.isRunning()).isTrue();
    }

    /** Resident memory of this JVM (Linux), 0 elsewhere. */
    private static long rss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) << 10;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // Only a measurement.
        }
        return 0;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** An opensearch-java client over Apache HttpClient 5, as {@code ApacheHttpClient5TransportBuilder} builds it. */
    static final class Client implements AutoCloseable {
        final OpenSearchClient os;

        Client(URI endpoint) {
            HttpHost host = new HttpHost(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort());
            os = new OpenSearchClient(ApacheHttpClient5TransportBuilder.builder(host)
                    .setMapper(new JacksonJsonpMapper()).build());
        }

        @Override
        public void close() throws IOException {
            os._transport().close();
        }
    }
}
