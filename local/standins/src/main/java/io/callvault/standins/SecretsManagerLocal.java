package io.callvault.standins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The part of AWS Secrets Manager callvault uses (CreateSecret, PutSecretValue, GetSecretValue,
 * DescribeSecret, DeleteSecret), spoken over its real JSON 1.1 protocol so the SDK client in the functions is the same
 * one that talks to AWS. No Java stand-in for Secrets Manager exists on Maven Central, hence this one.
 * Secrets persist as owner-only files when a directory is given. Request signatures are not checked.
 */
public final class SecretsManagerLocal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    /** The ClientRequestToken each secret was created with (not persisted: a retry follows its create within seconds). */
    private final Map<String, String> createTokens = new ConcurrentHashMap<>();
    private final Path dir;

    private SecretsManagerLocal(Path dir) throws IOException {
        this.dir = dir;
        if (dir != null) {
            Files.createDirectories(dir);
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String file = f.getFileName().toString();
                    if (file.endsWith(".secret")) {
                        String name = new String(HexFormat.of().parseHex(file.substring(0, file.length() - 7)),
                                StandardCharsets.UTF_8);
                        secrets.put(name, Files.readString(f, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.free()), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static SecretsManagerLocal inMemory() {
        return start(null);
    }

    public static SecretsManagerLocal persistentAt(Path dir) {
        return start(dir);
    }

    private static SecretsManagerLocal start(Path dir) {
        try {
            return new SecretsManagerLocal(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("local Secrets Manager did not start", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, String> fields = new ConcurrentHashMap<>();
            try {
                JSON.readTree(exchange.getRequestBody()).fields().forEachRemaining(e -> {
                    if (e.getValue().isTextual()) {
                        fields.put(e.getKey(), e.getValue().textValue());
                    }
                });
            } catch (IOException malformed) {
                error(exchange, "InvalidRequestException", "the request body is not JSON");
                return;
            }
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            switch (operation) {
                case "CreateSecret" -> {
                    String name = fields.get("Name");
                    if (name == null || fields.get("SecretString") == null) {
                        error(exchange, "InvalidParameterException", "Name and SecretString are required");
                    } else if (secrets.putIfAbsent(name, fields.get("SecretString")) != null) {
                        // The SDK sends a ClientRequestToken and keeps it across retries: a retry of a create that
                        // succeeded (its answer lost) is answered as Secrets Manager does, not as a conflict.
                        String token = fields.get("ClientRequestToken");
                        if (token != null && token.equals(createTokens.get(name))
                                && fields.get("SecretString").equals(secrets.get(name))) {
                            ok(exchange, "{\"ARN\":" + quote(arn(name)) + ",\"Name\":" + quote(name) + ",\"VersionId\":"
                                    + quote(token) + "}");
                        } else {
                            error(exchange, "ResourceExistsException", "the secret " + name + " already exists.");
                        }
                    } else {
                        String token = fields.get("ClientRequestToken");
                        if (token != null) {
                            createTokens.put(name, token);
                        }
                        persist(name);
                        ok(exchange, "{\"ARN\":" + quote(arn(name)) + ",\"Name\":" + quote(name) + ",\"VersionId\":"
                                + quote(token != null ? token : UUID.randomUUID().toString()) + "}");
                    }
                }
                case "PutSecretValue" -> {
                    String name = fields.get("SecretId");
                    if (name == null || !secrets.containsKey(name)) {
                        error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                    } else {
                        secrets.put(name, fields.getOrDefault("SecretString", ""));
                        persist(name);
                        ok(exchange, "{\"ARN\":" + quote(arn(name)) + ",\"Name\":" + quote(name) + ",\"VersionId\":"
                                + quote(UUID.randomUUID().toString()) + "}");
                    }
                }
                case "GetSecretValue", "DescribeSecret" -> {
                    String name = fields.get("SecretId");
                    String value = name == null ? null : secrets.get(name);
                    if (value == null) {
                        error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                    } else if (operation.equals("DescribeSecret")) {
                        ok(exchange, "{\"ARN\":" + quote(arn(name)) + ",\"Name\":" + quote(name) + "}");
                    } else {
                        ok(exchange, "{\"ARN\":" + quote(arn(name)) + ",\"Name\":" + quote(name)
                                + ",\"SecretString\":" + quote(value) + ",\"VersionId\":\"local\"}");
                    }
                }
                case "DeleteSecret" -> {
                    // Deleted at once, as with ForceDeleteWithoutRecovery; a recovery window is not emulated.
                    String name = fields.get("SecretId");
                    if (name == null || secrets.remove(name) == null) {
                        error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                    } else {
                        unpersist(name);
                        ok(exchange, "{\"ARN\":" + quote(arn(name)) + ",\"Name\":" + quote(name) + ",\"DeletionDate\":"
                                + System.currentTimeMillis() / 1000 + "}");
                    }
                }
                default -> error(exchange, "UnknownOperationException", "not emulated locally: " + operation);
            }
        }
    }

    private void persist(String name) throws IOException {
        if (dir == null) {
            return;
        }
        Path file = dir.resolve(HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8)) + ".secret");
        Path tmp = Files.createTempFile(dir, "secret", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // keeps the default permissions
        }
        Files.writeString(tmp, secrets.get(name), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void unpersist(String name) throws IOException {
        if (dir != null) {
            Files.deleteIfExists(dir.resolve(HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8)) + ".secret"));
        }
    }

    private static String arn(String name) {
        return "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name;
    }

    private static void ok(HttpExchange exchange, String json) throws IOException {
        send(exchange, 200, json);
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        send(exchange, 400, "{\"__type\":" + quote(type) + ",\"message\":" + quote(message) + "}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String quote(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
