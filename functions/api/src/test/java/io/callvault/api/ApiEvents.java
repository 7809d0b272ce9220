package io.callvault.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** API Gateway payload 2.0 events as the JWT authorizer would hand them to a function. */
final class ApiEvents {
    private ApiEvents() {}

    static Map<String, String> claims(String ccid, String user, List<String> permissions, List<String> groups,
                                      boolean agent) {
        Map<String, String> c = new HashMap<>();
        if (ccid != null) {
            c.put("ccid", ccid);
        }
        c.put("username", user);
        c.put("permissions", permissions.stream().collect(Collectors.joining(" ", "[", "]")));
        c.put("accessGroups", groups.stream().collect(Collectors.joining(" ", "[", "]")));
        c.put("agent", Boolean.toString(agent));
        return c;
    }

    static APIGatewayV2HTTPEvent event(String routeKey, Map<String, String> pathParameters, Map<String, String> query,
                                       String body, Map<String, String> claims) {
        var context = APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("test-request").withRouteKey(routeKey);
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                    .build());
        }
        return APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withPathParameters(pathParameters)
                .withQueryStringParameters(query)
                .withHeaders(Map.of("host", "rec.example.com", "content-type", "application/json"))
                .withBody(body).withRequestContext(context.build()).build();
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.parse(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("response body is not JSON: " + response.getBody(), e);
        }
    }
}
