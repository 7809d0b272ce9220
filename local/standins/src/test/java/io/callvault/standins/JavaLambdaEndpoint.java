package io.callvault.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The Lambda Invoke API for the stand-ins' tests: Java functions (JSON in, a value out) by name, errors reported as the
 * Lambda Java runtime does (header {@code X-Amz-Function-Error: Unhandled}, {@code errorType} the exception's class
 * name). The local runtime has the real one, over its hosted handlers; this module has no handlers to host.
 */
final class JavaLambdaEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Function<JsonNode, Object>> functions = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;

    JavaLambdaEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.start();
    }

    JavaLambdaEndpoint function(String name, Function<JsonNode, Object> function) {
        functions.put(name, function);
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().split("/")[3];
            Function<JsonNode, Object> function = functions.get(name);
            if (function == null) {
                send(exchange, 404, "{\"Message\":\"Function not found: " + name + "\"}");
                return;
            }
            JsonNode input = JSON.readTree(exchange.getRequestBody());
            try {
                send(exchange, 200, JSON.writeValueAsString(function.apply(input)));
            } catch (RuntimeException e) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                send(exchange, 200, JSON.writeValueAsString(Map.of("errorMessage", String.valueOf(e.getMessage()),
                        "errorType", e.getClass().getName(),
                        "stackTrace", Arrays.stream(e.getStackTrace()).map(String::valueOf).toList())));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
