package io.callvault.api;

import io.callvault.core.store.PrivateKeys;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.PrivateKeyVault;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /api/v2/recordings/{id}/play/{mediaFile}} (calls) and
 * {@code GET /api/v2/screen-recordings/{id}/content/{mediaFile}} (screens), decrypted, with {@code Range};
 * {@code GET /api/v2/recordings|screen-recordings/{id}/export/{mediaFile}.p7m}, the encrypted DER file.
 * Answers 200 with the whole file when it fits one response, otherwise 206 with at most 4 MiB and a
 * {@code Content-Range} that tells the player the full size, so it asks for the rest.
 */
public final class PlaybackHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final PlaybackService service;

    public PlaybackHandler() {
        this(FunctionEnvironment.system());
    }

    public PlaybackHandler(FunctionEnvironment env) {
        this(build(env));
    }

    public PlaybackHandler(PlaybackService service) {
        this.service = service;
    }

    private static PlaybackService build(FunctionEnvironment env) {
        ApiDependencies deps = new ApiDependencies(env, Clock.systemUTC());
        return new PlaybackService(deps.recordings(), deps.s3(), env.require("MEDIA_BUCKET"),
                new PrivateKeys(new PrivateKeyVault(AwsClients.secretsManager(env)), Clock.systemUTC()), deps.audit());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            RecordingKind kind = request.routeKey().startsWith("GET /api/v2/screen-recordings/")
                    ? RecordingKind.SCREEN : RecordingKind.CALL;
            boolean export = request.routeKey().contains("/export/");
            PlaybackService.Media media;
            try {
                media = export
                        ? service.export(request.caller(), kind, request.pathParameter("id"),
                                request.pathParameter("mediaFile"), request.header("range"))
                        : service.play(request.caller(), kind, request.pathParameter("id"),
                                request.pathParameter("mediaFile"), request.header("range"));
            } catch (ByteRange.RangeNotSatisfiable e) {
                var response = HttpFunction.error(416, e.getMessage(), null);
                Map<String, String> headers = new HashMap<>(response.getHeaders());
                headers.put("content-range", "bytes */" + e.size());
                response.setHeaders(headers);
                return response;
            }
            Map<String, String> headers = new HashMap<>();
            headers.put("content-type", media.contentType());
            headers.put("accept-ranges", "bytes");
            headers.put("cache-control", "private, no-store");
            if (export) {
                headers.put("content-disposition", "attachment; filename=\"" + exportName(request.pathParameter("mediaFile")) + "\"");
            }
            if (media.partial()) {
                headers.put("content-range", "bytes " + media.first() + "-" + media.last() + "/" + media.size());
            }
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(media.partial() ? 206 : 200)
                    .withHeaders(headers)
                    .withBody(Base64.getEncoder().encodeToString(media.body()))
                    .withIsBase64Encoded(true)
                    .build();
        });
    }

    /** The requested name, already checked to be a play id (a UUID) with an extension: safe in a header. */
    private static String exportName(String mediaFile) {
        return mediaFile.endsWith(".p7m") ? mediaFile : mediaFile + ".p7m";
    }
}
