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
import io.callvault.core.model.RecordingKind;
import java.time.Clock;

/**
 * {@code GET} and {@code DELETE /api/v2/recordings/{id}} (guide API #18, #20) and the same for
 * {@code /api/v2/screen-recordings/{id}} (the guide's GetScreenRecording and DeleteScreenRecordingMedia tasks).
 */
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
            case "GET /api/v2/recordings/{id}" -> get(request, RecordingKind.CALL, "recording");
            case "GET /api/v2/screen-recordings/{id}" -> get(request, RecordingKind.SCREEN, "screenRecording");
            case "DELETE /api/v2/recordings/{id}" -> delete(request, RecordingKind.CALL);
            case "DELETE /api/v2/screen-recordings/{id}" -> delete(request, RecordingKind.SCREEN);
            default -> HttpFunction.notFoundRoute(request);
        });
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request, RecordingKind kind, String member) {
        var recording = service.get(request.caller(), kind, request.pathParameter("id"), new MediaLinks(request.apiBase()));
        var body = Json.object();
        body.set(member, recording);
        return HttpFunction.ok(body);
    }

    private APIGatewayV2HTTPResponse delete(ApiRequest request, RecordingKind kind) {
        String id = request.pathParameter("id");
        RecordingService.DeleteMode mode = deleteMode(request);
        service.delete(request.caller(), kind, id, mode);
        return HttpFunction.ok(Json.object().put("id", id)
                .put("mode", mode == RecordingService.DeleteMode.METADATA_ONLY ? "metadata-only" : "metadata-and-media"));
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
