package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.MediaLinks;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.ApiRequest;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.json.Json;
import java.time.Clock;

/** {@code GET} and {@code DELETE /api/v2/recordings/{id}} (guide API #18, #20). */
public final class RecordingHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final RecordingService service;

    public RecordingHandler() {
        this(FunctionEnvironment.system());
    }

    public RecordingHandler(FunctionEnvironment env) {
        this(RecordingIngestHandler.services(new ApiDependencies(env, Clock.systemUTC())));
    }

    public RecordingHandler(RecordingService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> switch (request.routeKey()) {
            case "GET /api/v2/recordings/{id}" -> {
                var recording = service.get(request.caller(), request.pathParameter("id"),
                        new MediaLinks(request.apiBase()));
                var body = Json.object();
                body.set("recording", recording);
                yield HttpFunction.ok(body);
            }
            case "DELETE /api/v2/recordings/{id}" -> {
                String id = request.pathParameter("id");
                RecordingService.DeleteMode mode = deleteMode(request);
                service.delete(request.caller(), id, mode);
                yield HttpFunction.ok(Json.object().put("id", id)
                        .put("mode", mode == RecordingService.DeleteMode.METADATA_ONLY ? "metadata-only" : "metadata-and-media"));
            }
            default -> HttpFunction.notFoundRoute(request);
        });
    }

    private static RecordingService.DeleteMode deleteMode(ApiRequest request) {
        String mode = request.query("mode");
        if (mode == null || mode.isEmpty() || mode.equals("metadata-and-media")) {
            return RecordingService.DeleteMode.METADATA_AND_MEDIA;
        }
        if (mode.equals("metadata-only")) {
            return RecordingService.DeleteMode.METADATA_ONLY;
        }
        throw ApiException.badRequest("mode must be metadata-only or metadata-and-media");
    }
}
