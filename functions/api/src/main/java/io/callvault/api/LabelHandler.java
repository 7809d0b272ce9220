package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.ApiRequest;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.model.RecordingKind;
import java.time.Clock;

/**
 * The guide's Recording Label API and Recording Non-Deletion API (#21, #22), whose paths the guide leaves
 * open: {@code /api/v2/label-definitions[/{name}]}, {@code /api/v2/recordings/{id}/labels/{name}},
 * {@code /api/v2/recordings/labels} (one label on many recordings), {@code /api/v2/recordings/{id}/non-delete},
 * and the same under {@code /api/v2/screen-recordings}.
 */
public final class LabelHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final LabelService service;

    public LabelHandler() {
        this(FunctionEnvironment.system());
    }

    public LabelHandler(FunctionEnvironment env) {
        this(services(new ApiDependencies(env, Clock.systemUTC())));
    }

    public LabelHandler(LabelService service) {
        this.service = service;
    }

    static LabelService services(ApiDependencies deps) {
        return new LabelService(deps.recordings(), deps.labelDefinitions(), deps.audit());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> HttpFunction.ok(switch (request.routeKey()) {
            case "POST /api/v2/label-definitions" -> service.createDefinition(request.caller(), request.jsonBody());
            case "GET /api/v2/label-definitions" -> service.listDefinitions(request.caller());
            case "DELETE /api/v2/label-definitions/{name}" ->
                    service.deleteDefinition(request.caller(), request.pathParameter("name"));
            case "PUT /api/v2/recordings/{id}/labels/{name}" -> addLabel(request, RecordingKind.CALL);
            case "PUT /api/v2/screen-recordings/{id}/labels/{name}" -> addLabel(request, RecordingKind.SCREEN);
            case "DELETE /api/v2/recordings/{id}/labels/{name}" -> removeLabel(request, RecordingKind.CALL);
            case "DELETE /api/v2/screen-recordings/{id}/labels/{name}" -> removeLabel(request, RecordingKind.SCREEN);
            case "POST /api/v2/recordings/labels" ->
                    service.addLabelToMany(request.caller(), RecordingKind.CALL, request.jsonBody());
            case "POST /api/v2/screen-recordings/labels" ->
                    service.addLabelToMany(request.caller(), RecordingKind.SCREEN, request.jsonBody());
            case "PUT /api/v2/recordings/{id}/non-delete" ->
                    service.protect(request.caller(), RecordingKind.CALL, request.pathParameter("id"));
            case "PUT /api/v2/screen-recordings/{id}/non-delete" ->
                    service.protect(request.caller(), RecordingKind.SCREEN, request.pathParameter("id"));
            case "DELETE /api/v2/recordings/{id}/non-delete" ->
                    service.unprotect(request.caller(), RecordingKind.CALL, request.pathParameter("id"));
            case "DELETE /api/v2/screen-recordings/{id}/non-delete" ->
                    service.unprotect(request.caller(), RecordingKind.SCREEN, request.pathParameter("id"));
            default -> throw ApiException.notFound("no route " + request.routeKey());
        }));
    }

    private ObjectNode addLabel(ApiRequest request, RecordingKind kind) {
        return service.addLabel(request.caller(), kind, request.pathParameter("id"), request.pathParameter("name"));
    }

    private ObjectNode removeLabel(ApiRequest request, RecordingKind kind) {
        return service.removeLabel(request.caller(), kind, request.pathParameter("id"), request.pathParameter("name"));
    }
}
