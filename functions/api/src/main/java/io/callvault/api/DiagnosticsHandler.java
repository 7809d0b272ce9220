package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code GET /api/v2/diagnostics/version}: any valid token; answers {@code {"statusCode":0,"version":"..."}}. */
public final class DiagnosticsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final String version;

    public DiagnosticsHandler() {
        this(FunctionEnvironment.system());
    }

    public DiagnosticsHandler(FunctionEnvironment env) {
        this(buildVersion());
    }

    public DiagnosticsHandler(String version) {
        this.version = version;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            request.caller();
            return HttpFunction.ok(Json.object().put("version", version).put("product", "callvault"));
        });
    }

    static String buildVersion() {
        try (InputStream in = DiagnosticsHandler.class.getResourceAsStream("/callvault-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
