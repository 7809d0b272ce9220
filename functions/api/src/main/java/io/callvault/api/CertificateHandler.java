package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.EncryptionSettingsStore;
import io.callvault.core.store.PrivateKeyVault;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code /api/v2/settings/certificates}, {@code /api/v2/settings/private-keys} and
 * {@code /api/v2/settings/encryption}: tenant key management.
 */
public final class CertificateHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final CertificateService service;

    public CertificateHandler() {
        this(FunctionEnvironment.system());
    }

    public CertificateHandler(FunctionEnvironment env) {
        this(env, AwsClients.dynamoDb(env));
    }

    private CertificateHandler(FunctionEnvironment env, DynamoDbClient dynamo) {
        this(new CertificateService(new CertificateStore(dynamo, env.require("CONTROL_TABLE")),
                new PrivateKeyVault(AwsClients.secretsManager(env)),
                new WaitingMedia(AwsClients.s3(env), env.require("INGEST_BUCKET")),
                new EncryptionSettingsStore(dynamo, env.require("CONTROL_TABLE"), Clock.systemUTC()),
                new AuditTrail(dynamo, env.require("AUDIT_TABLE"), Clock.systemUTC()), Clock.systemUTC()));
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
            case "GET /api/v2/settings/encryption" -> HttpFunction.ok(service.encryptionSettings(request.caller()));
            case "PUT /api/v2/settings/encryption" ->
                    HttpFunction.ok(service.putEncryptionSettings(request.caller(), request.jsonBody()));
            default -> HttpFunction.notFoundRoute(request);
        });
    }
}
