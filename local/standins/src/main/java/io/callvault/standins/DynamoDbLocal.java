package io.callvault.standins;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local in server mode, inside this JVM, on a loopback port. Server mode (not the embedded
 * client) so that every SDK client, including the ones handlers build for themselves, talks HTTP to it
 * exactly as they would to DynamoDB.
 */
public final class DynamoDbLocal implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** In memory: for tests. */
    public static DynamoDbLocal inMemory() {
        return start(null);
    }

    /** Persisted under {@code dir}: for the local runtime, so data survives restarts. */
    public static DynamoDbLocal persistentAt(Path dir) {
        return start(dir);
    }

    private static DynamoDbLocal start(Path dir) {
        int port = Ports.free();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
        try {
            if (dir == null) {
                args.add("-inMemory");
            } else {
                Files.createDirectories(dir);
                args.addAll(List.of("-sharedDb", "-dbPath", dir.toAbsolutePath().toString()));
            }
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new DynamoDbLocal(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
