package io.callvault.core;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** API Gateway payload 2.0 events as the JWT authorizer would hand them to a function. */
public final class ApiEvents {
    private ApiEvents() {}

    public static Map<String, String> claims(String ccid, String user, List<String> permissions, List<String> groups,
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

    public static APIGatewayV2HTTPEvent event(String routeKey, Map<String, String> pathParameters, Map<String, String> query,
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

    /** The environment template.yaml gives the function of {@code handler}, pointed at the shared stand-ins. */
    public static FunctionEnvironment env(Class<?> handler) {
        return new FunctionEnvironment(StandInStack.shared().environmentOfHandler(handler.getName()));
    }

    /** A contact center made directly in the control table, for tests that start from an existing tenant. */
    public static String newContactCenter(String namePrefix) {
        String ccid = UUID.randomUUID().toString();
        new ContactCenterStore(StandInStack.shared().dynamo(), StandInStack.shared().resourceName("ControlTable"),
                Clock.systemUTC()).create(ccid, true, namePrefix + ccid, "us");
        return ccid;
    }

    /** The event with one more request header (API Gateway lower-cases header names). */
    public static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        if (value != null) {
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
            event.setHeaders(headers);
        }
        return event;
    }

    public static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.parse(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("response body is not JSON: " + response.getBody(), e);
        }
    }
}
