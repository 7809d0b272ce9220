package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.http.Permission;
import io.callvault.core.json.Json;
import io.callvault.core.store.ContactCenter;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.time.GuideTime;
import java.time.Clock;
import java.util.Comparator;
import java.util.UUID;

/** Ops API for tenants: {@code POST} and {@code GET /api/v2/ops/contact-centers}. Needs {@code OPS}. */
public final class ContactCenterHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ContactCenterStore store;

    public ContactCenterHandler() {
        this(FunctionEnvironment.system());
    }

    public ContactCenterHandler(FunctionEnvironment env) {
        this(new ApiDependencies(env, Clock.systemUTC()).contactCenters());
    }

    public ContactCenterHandler(ContactCenterStore store) {
        this.store = store;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            Caller caller = request.caller();
            caller.require(Permission.OPS);
            return switch (request.routeKey()) {
                case "POST /api/v2/ops/contact-centers" -> {
                    ContactCenter cc = create(request.jsonBody());
                    ObjectNode body = Json.object().put("id", cc.id());
                    body.set("contactCenter", toJson(cc));
                    body.putArray("paths").add("/contact-centers/" + cc.id());
                    yield HttpFunction.ok(body);
                }
                case "GET /api/v2/ops/contact-centers" -> {
                    ObjectNode body = Json.object();
                    var list = body.putArray("contactCenters");
                    store.list().stream().sorted(Comparator.comparing(ContactCenter::createdAt))
                            .forEach(cc -> list.add(toJson(cc)));
                    yield HttpFunction.ok(body);
                }
                default -> HttpFunction.notFoundRoute(request);
            };
        });
    }

    private ContactCenter create(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object with name and region");
        }
        String name = text(body, "name", "[^\\p{Cntrl}]{1,128}", "1-128 characters without control characters");
        if (name.isBlank()) {
            throw new InvalidFieldException("name", "must not be blank");
        }
        String region = text(body, "region", "[A-Za-z0-9_-]{1,64}", "1-64 of A-Z a-z 0-9 _ -");
        if (!body.hasNonNull("id")) {
            return store.create(UUID.randomUUID().toString(), false, name, region);
        }
        String id = text(body, "id", "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "a UUID");
        return store.create(id.toLowerCase(), true, name, region);
    }

    private static String text(JsonNode body, String field, String pattern, String expected) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required");
        }
        if (!v.isTextual()) {
            throw new InvalidFieldException(field, "must be a string");
        }
        if (!v.textValue().matches(pattern)) {
            throw new InvalidFieldException(field, "must be " + expected + ", got " + Excerpt.of(v.textValue()));
        }
        return v.textValue();
    }

    private static ObjectNode toJson(ContactCenter cc) {
        return Json.object().put("id", cc.id()).put("name", cc.name()).put("region", cc.region())
                .put("createdAt", GuideTime.format(cc.createdAt()));
    }
}
