package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import java.time.Clock;

/**
 * {@code POST /internal-api/contact-centers/{ccid}/screen-recordings}: screen recording metadata in,
 * presigned uploads of its video out. A function of its own, so the call-metadata path never builds a presigner.
 */
public final class ScreenRecordingIngestHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ScreenRecordingService service;

    public ScreenRecordingIngestHandler() {
        this(FunctionEnvironment.system());
    }

    public ScreenRecordingIngestHandler(FunctionEnvironment env) {
        this(build(env));
    }

    public ScreenRecordingIngestHandler(ScreenRecordingService service) {
        this.service = service;
    }

    private static ScreenRecordingService build(FunctionEnvironment env) {
        ApiDependencies deps = new ApiDependencies(env, Clock.systemUTC());
        ContactCenters contactCenters = new ContactCenters(deps.contactCenters());
        return new ScreenRecordingService(
                new RecordingService(deps.recordings(), contactCenters, deps.audit(), deps.mediaObjects(),
                        deps.waitingMedia()),
                new MediaUploadService(AwsClients.s3Presigner(env), env.require("INGEST_BUCKET"), contactCenters));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request ->
                HttpFunction.ok(service.ingest(request.caller(), request.pathParameter("ccid"), request.jsonBody())));
    }
}
