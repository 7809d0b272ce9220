package io.callvault.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.json.Json;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** An API Gateway (payload 2.0) request as handlers use it: route, parameters, caller, size-checked body. */
public final class ApiRequest {
    /** Largest JSON body the API accepts (the 1 MiB; API Gateway itself allows 10 MB). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final APIGatewayV2HTTPEvent event;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    public String routeKey() {
        return event.getRouteKey() == null ? "" : event.getRouteKey();
    }

    public String pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        String v = params == null ? null : params.get(name);
        if (v == null) {
            throw ApiException.badRequest("path parameter " + name + " is missing");
        }
        return v;
    }

    public String query(String name) {
        Map<String, String> q = event.getQueryStringParameters();
        return q == null ? null : q.get(name);
    }

    /** Every query parameter, as API Gateway passes them (repeated ones joined with commas). */
    public Map<String, String> queryParameters() {
        Map<String, String> q = event.getQueryStringParameters();
        return q == null ? Map.of() : Map.copyOf(q);
    }

    public String header(String name) {
        Map<String, String> h = event.getHeaders();
        if (h == null) {
            return null;
        }
        String v = h.get(name.toLowerCase(Locale.ROOT));
        return v != null ? v : h.get(name);
    }

    public Caller caller() {
        var ctx = event.getRequestContext();
        var authorizer = ctx == null ? null : ctx.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        return Caller.fromClaims(jwt == null ? null : jwt.getClaims());
    }

    public String requestId() {
        var ctx = event.getRequestContext();
        return ctx == null || ctx.getRequestId() == null ? "-" : ctx.getRequestId();
    }

    /** The absolute API base ({@code https://host/api/v2}) for URIs in responses, from the Host header. */
    public String apiBase() {
        String host = header("host");
        if (host == null || !host.matches("[A-Za-z0-9.:\\[\\]-]{1,255}")) {
            return null;
        }
        String proto = header("x-forwarded-proto");
        return ("http".equals(proto) ? "http" : "https") + "://" + host + "/api/v2";
    }

    /** The body as a JSON document: 413 over {@link #MAX_BODY_BYTES}, 400 when missing, not UTF-8 or not JSON. */
    public JsonNode jsonBody() {
        String text = bodyText();
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw ApiException.badRequest("the body is not valid JSON" + where + ": " + Excerpt.of(e.getOriginalMessage()));
        }
    }

    /**
     * The body as text, for a codec that parses it itself (one whose body may hold a credential that a JSON
     * parser's message could quote): 413 over {@link #MAX_BODY_BYTES}, 400 when missing or not UTF-8; a base64
     * body (API Gateway's {@code isBase64Encoded}) is decoded first.
     */
    public String bodyText() {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            throw ApiException.badRequest("the request needs a JSON body");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("the body is " + bytes.length + " bytes; at most " + MAX_BODY_BYTES + " are accepted");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the body is not UTF-8 text");
        }
    }

    /** The body as {@link #jsonBody}, or null when the request has none (a DELETE may carry one or not). */
    public JsonNode optionalJsonBody() {
        String body = event.getBody();
        return body == null || body.isEmpty() ? null : jsonBody();
    }

    private byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the body is marked base64 but is not");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
