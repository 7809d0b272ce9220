package io.callvault.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import io.callvault.core.store.ConflictException;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place where requests become responses: runs a route, turns every failure into the guide's JSON
 * envelope with the right status, and keeps server faults (5xx) apart from client mistakes (4xx).
 */
public final class HttpFunction {
    private static final Map<String, String> JSON_HEADERS = Map.of(
            "content-type", "application/json; charset=utf-8",
            "cache-control", "no-store",
            "x-content-type-options", "nosniff");

    private HttpFunction() {}

    public static APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event,
                                                  Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
        ApiRequest request = new ApiRequest(event);
        try {
            return route.apply(request);
        } catch (ApiException e) {
            return error(e.status(), e.getMessage(), null);
        } catch (InvalidFieldException e) {
            return error(400, e.getMessage(), e.field());
        } catch (ConflictException e) {
            return error(409, e.getMessage(), null);
        } catch (RuntimeException e) {
            // The message stays in the log; the caller gets the request id to quote, never internals.
            System.err.println("{\"level\":\"ERROR\",\"requestId\":\"" + request.requestId() + "\",\"route\":\""
                    + request.routeKey() + "\",\"error\":" + Json.MAPPER.getNodeFactory().textNode(String.valueOf(e)) + "}");
            e.printStackTrace();
            return error(500, "internal error; request id " + request.requestId(), null);
        }
    }

    /** {@code {"statusCode":0, ...}}: the guide's success envelope. */
    public static APIGatewayV2HTTPResponse ok(int status, ObjectNode body) {
        ObjectNode envelope = Json.object().put("statusCode", 0);
        envelope.setAll(body);
        return json(status, envelope);
    }

    public static APIGatewayV2HTTPResponse ok(ObjectNode body) {
        return ok(200, body);
    }

    /** Errors carry the HTTP status as a non-zero {@code statusCode}, a message, and the field when one is to blame. */
    public static APIGatewayV2HTTPResponse error(int status, String message, String field) {
        ObjectNode body = Json.object().put("statusCode", status).put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        return json(status, body);
    }

    public static APIGatewayV2HTTPResponse notFoundRoute(ApiRequest request) {
        return error(404, "no route " + request.routeKey(), null);
    }

    private static APIGatewayV2HTTPResponse json(int status, ObjectNode body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON_HEADERS)
                .withBody(Json.write(body))
                .build();
    }
}
