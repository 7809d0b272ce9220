package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.PrivateKeyVault;
import java.time.Clock;

/** {@code /api/v2/settings/certificates} and {@code /api/v2/settings/private-keys}: tenant key management. */
public final class CertificateHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final CertificateService service;

    public CertificateHandler() {
        this(FunctionEnvironment.system());
    }

    public CertificateHandler(FunctionEnvironment env) {
        this(new CertificateService(new CertificateStore(AwsClients.dynamoDb(env), env.require("CONTROL_TABLE")),
                new PrivateKeyVault(AwsClients.secretsManager(env)),
                new WaitingMedia(AwsClients.s3(env), env.require("INGEST_BUCKET")), Clock.systemUTC()));
    }

    public CertificateHandler(CertificateService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> switch (request.routeKey()) {
            case "POST /api/v2/settings/certificates" -> HttpFunction.ok(service.deploy(request.caller(), request.jsonBody()));
            case "GET /api/v2/settings/certificates" -> HttpFunction.ok(service.list(request.caller()));
            case "DELETE /api/v2/settings/certificates/{alias}" ->
                    HttpFunction.ok(service.undeploy(request.caller(), request.pathParameter("alias")));
            case "POST /api/v2/settings/private-keys" ->
                    HttpFunction.ok(service.storePrivateKey(request.caller(), request.jsonBody()));
            default -> HttpFunction.notFoundRoute(request);
        });
    }
}
