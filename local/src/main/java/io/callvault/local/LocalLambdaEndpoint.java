package io.callvault.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}, synchronous, raw JSON in and out) over
 * the functions this JVM hosts: what the Step Functions stand-in's Task states call. The name is a function's logical
 * id, or an ARN or {@code name:qualifier} ending in it. A handler's exception is answered as the Lambda Java runtime
 * does: {@code X-Amz-Function-Error: Unhandled} and {@code {"errorMessage", "errorType" (the exception's fully qualified
 * class name), "stackTrace", "cause"}}.
 *
 * <p>It is bound before the stand-ins start (their Step Functions needs its address) and serves once it is given the
 * functions ({@link #serve}); a call before that waits for them.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");
    /** How long a call waits for the functions to be built (OpenSearch may be starting for one of them). */
    private static final long FUNCTIONS_WAIT_SECONDS = 120;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(daemon());
    private final CompletableFuture<FunctionHost> functions = new CompletableFuture<>();

    private LocalLambdaEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Binds a free loopback port and serves on it; calls wait until {@link #serve} gives the functions. */
    public static LocalLambdaEndpoint bind() {
        try {
            return new LocalLambdaEndpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("the local Lambda endpoint could not bind a port", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void serve(FunctionHost host) {
        functions.complete(host);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (!m.matches() || !exchange.getRequestMethod().equalsIgnoreCase("POST")) {
                error(exchange, 404, "UnknownOperationException", "the local Lambda serves POST /2015-03-31/functions/{name}/invocations only");
                return;
            }
            String name = functionName(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
            byte[] payload = exchange.getRequestBody().readAllBytes();
            FunctionHost host;
            try {
                host = functions.get(FUNCTIONS_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception notReady) {
                error(exchange, 503, "ServiceException", "the local runtime's functions are not ready: " + notReady);
                return;
            }
            if (!host.hosts(name)) {
                error(exchange, 404, "ResourceNotFoundException", "Function not found: " + name);
                return;
            }
            byte[] result;
            try {
                result = host.invokeJson(name, payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload);
            } catch (Throwable e) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                send(exchange, 200, JSON.writeValueAsBytes(errorDocument(e)));
                return;
            }
            exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
            send(exchange, 200, result);
        }
    }

    /** {@code F}, {@code F:alias}, {@code arn:aws:lambda:REGION:ACCOUNT:function:F[:alias]} or {@code ACCOUNT:function:F}: F. */
    static String functionName(String given) {
        int function = given.indexOf("function:");
        String rest = function >= 0 ? given.substring(function + "function:".length()) : given;
        int qualifier = rest.indexOf(':');
        return qualifier >= 0 ? rest.substring(0, qualifier) : rest;
    }

    /** What the Lambda Java runtime reports for an exception a handler throws. */
    static Map<String, Object> errorDocument(Throwable e) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("errorMessage", e.getMessage());
        document.put("errorType", e.getClass().getName());
        document.put("stackTrace", Arrays.stream(e.getStackTrace()).map(StackTraceElement::toString).toList());
        if (e.getCause() != null && e.getCause() != e) {
            document.put("cause", errorDocument(e.getCause()));
        }
        return document;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, JSON.writeValueAsBytes(Map.of("Type", "User", "Message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "lambda-invoke");
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        functions.completeExceptionally(new IllegalStateException("the local runtime stopped"));
        server.stop(0);
        executor.shutdownNow();
    }
}
