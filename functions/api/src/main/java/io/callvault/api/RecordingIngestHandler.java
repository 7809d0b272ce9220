package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.model.RecordingKind;
import java.time.Clock;

/** {@code POST /internal-api/contact-centers/{ccid}/recordings}: the RWS ingest path (guide API #31). */
public final class RecordingIngestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final RecordingService service;

    public RecordingIngestHandler() {
        this(FunctionEnvironment.system());
    }

    public RecordingIngestHandler(FunctionEnvironment env) {
        this(services(new ApiDependencies(env, Clock.systemUTC())));
    }

    public RecordingIngestHandler(RecordingService service) {
        this.service = service;
    }

    public static RecordingService services(ApiDependencies deps) {
        return new RecordingService(deps.recordings(), new ContactCenters(deps.contactCenters()), deps.audit(),
                deps.mediaObjects(), deps.waitingMedia());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            var result = service.ingest(request.caller(), request.pathParameter("ccid"), request.jsonBody());
            return HttpFunction.ok(RecordingService.ingestAnswer(RecordingKind.CALL, result));
        });
    }
}
