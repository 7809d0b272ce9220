package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.model.RecordingKind;
import java.time.Clock;

/** {@code POST /internal-api/contact-centers/{ccid}/media-uploads}: a presigned PUT into the ingest bucket. */
public final class MediaUploadHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final MediaUploadService service;

    public MediaUploadHandler() {
        this(FunctionEnvironment.system());
    }

    public MediaUploadHandler(FunctionEnvironment env) {
        this(new MediaUploadService(AwsClients.s3Presigner(env), env.require("INGEST_BUCKET"),
                new ContactCenters(new ApiDependencies(env, Clock.systemUTC()).contactCenters())));
    }

    public MediaUploadHandler(MediaUploadService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> HttpFunction.ok(service.presign(request.caller(),
                request.pathParameter("ccid"), request.jsonBody(), RecordingKind.CALL)));
    }
}
