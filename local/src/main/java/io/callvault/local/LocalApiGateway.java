package io.callvault.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callvault.standins.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * API Gateway HTTP API (payload 2.0) on one local port: routes from template.yaml, the JWT authorizer,
 * API Gateway's own answers for what never reaches a function (401, 404, 413, 500), and the event a
 * function would receive in AWS.
 */
public final class LocalApiGateway implements AutoCloseable {
    /** API Gateway's payload limit for HTTP APIs. */
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private record Route(SamTemplate.HttpRoute route, String functionId, String[] segments) {
        int literalSegments() {
            int n = 0;
            for (String s : segments) {
                if (!s.startsWith("{")) {
                    n++;
                }
            }
            return n;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new ArrayList<>();
    private final FunctionHost functions;
    private final JwtAuthorizer authorizer;

    public LocalApiGateway(FunctionHost functions, JwtAuthorizer authorizer, int port) throws IOException {
        this.functions = functions;
        this.authorizer = authorizer;
        for (var f : functions.functions().values()) {
            for (var r : f.routes()) {
                routes.add(new Route(r, f.logicalId(), split(r.path())));
            }
        }
        // Most specific first, as API Gateway matches: more literal segments win over parameters.
        routes.sort(Comparator.comparingInt(Route::literalSegments).reversed());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        this.executor = Executors.newFixedThreadPool(32);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            Map<String, String> pathParameters = new LinkedHashMap<>();
            Route route = match(method, rawPath, pathParameters);
            if (route == null) {
                send(exchange, 404, "{\"message\":\"Not Found\"}", Map.of());
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, "{\"message\":\"Request Entity Too Large\"}", Map.of());
                return;
            }
            Map<String, String> claims = null;
            if (route.route().authorized()) {
                try {
                    claims = authorizer.verify(exchange.getRequestHeaders().getFirst("Authorization"));
                } catch (JwtAuthorizer.Rejected e) {
                    send(exchange, 401, "{\"message\":\"Unauthorized\"}", Map.of("www-authenticate",
                            "Bearer error=\"invalid_token\" error_description=\"" + e.getMessage().replace('"', '\'') + "\""));
                    return;
                }
            }
            APIGatewayV2HTTPEvent event = toEvent(exchange, route, rawPath, pathParameters, body, claims);
            APIGatewayV2HTTPResponse response;
            try {
                response = functions.invoke(route.functionId(), event, APIGatewayV2HTTPEvent.class,
                        APIGatewayV2HTTPResponse.class);
            } catch (RuntimeException e) {
                System.err.println("function " + route.functionId() + " failed: " + e);
                e.printStackTrace();
                send(exchange, 500, "{\"message\":\"Internal Server Error\"}", Map.of());
                return;
            }
            byte[] out = response.getBody() == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
            send(exchange, response.getStatusCode(), out, headers);
        } catch (RuntimeException e) {
            System.err.println("local gateway fault: " + e);
            e.printStackTrace();
        }
    }

    private Route match(String method, String rawPath, Map<String, String> params) {
        String[] segments = split(rawPath);
        for (Route r : routes) {
            if (!r.route().method().equals(method) || r.segments().length != segments.length) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < segments.length && ok; i++) {
                String template = r.segments()[i];
                String decoded = decode(segments[i]);
                if (template.startsWith("{")) {
                    ok = !decoded.isEmpty();
                    found.put(template.substring(1, template.length() - 1), decoded);
                } else {
                    ok = template.equals(decoded);
                }
            }
            if (ok) {
                params.putAll(found);
                return r;
            }
        }
        return null;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PAYLOAD + 1);
        if (bytes.length > MAX_PAYLOAD) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
        return bytes;
    }

    private static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, Route route, String rawPath,
                                                 Map<String, String> pathParameters, byte[] body,
                                                 Map<String, String> claims) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                values.forEach(v -> cookies.addAll(List.of(v.split(";\\s*"))));
            } else {
                headers.put(key, String.join(",", values));
            }
        });
        headers.putIfAbsent("x-forwarded-proto", "http");
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
                query.merge(k, v, (a, b) -> a + "," + b);
            }
        }
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(route.route().method())
                .withPath(rawPath)
                .withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                .withDomainPrefix("local")
                .withHttp(http)
                .withRequestId(requestId)
                .withRouteKey(route.route().routeKey())
                .withStage("$default")
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli());
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(claims).withScopes(List.of()).build())
                    .build());
        }
        boolean text = isText(headers.get("content-type"));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.route().routeKey())
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context.build())
                .withBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    private static String decodeQuery(String v) {
        try {
            return URLDecoder.decode(v, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return v;
        }
    }

    /** API Gateway base64-encodes bodies it does not consider text; JSON and text stay as they are. */
    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("text/") || ct.contains("json") || ct.contains("xml")
                || ct.startsWith("application/x-www-form-urlencoded");
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("content-type", "application/json");
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8), h);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("apigw-requestid", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
