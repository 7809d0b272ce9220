package io.callvault.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The event API Gateway (payload 2.0) hands the ingest function after its JWT authorizer passed: route,
 * path parameter and the verified claims, flattened to strings the way HTTP APIs flatten them.
 */
public final class IngestEvent {
    public static final String ROUTE_KEY = "POST /internal-api/contact-centers/{ccid}/recordings";

    private IngestEvent() {}

    public static APIGatewayV2HTTPEvent of(String ccid, String body) {
        String path = "/internal-api/contact-centers/" + ccid + "/recordings";
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("iss", "callvault-bench");
        claims.put("aud", "[callvault]");
        claims.put("sub", "bench");
        claims.put("ccid", ccid);
        claims.put("username", "bench");
        claims.put("permissions", "[RECORDING_INGEST]");
        claims.put("accessGroups", "[/]");
        claims.put("agent", "false");
        Instant now = Instant.now();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("bench")
                .withDomainName("127.0.0.1")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("POST").withPath(path).withProtocol("HTTP/1.1")
                        .withSourceIp("127.0.0.1").withUserAgent("callvault-bench").build())
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey(ROUTE_KEY)
                .withStage("$default")
                .withTimeEpoch(now.toEpochMilli())
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                .withClaims(claims).withScopes(List.of()).build())
                        .build())
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(ROUTE_KEY)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of("content-type", "application/json", "host", "127.0.0.1"))
                .withPathParameters(Map.of("ccid", ccid))
                .withRequestContext(context)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
