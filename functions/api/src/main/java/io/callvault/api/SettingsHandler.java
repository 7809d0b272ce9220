package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.Ids;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.ApiRequest;
import io.callvault.core.http.Caller;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.http.Permission;
import io.callvault.core.settings.ReceiverUrls;
import io.callvault.core.settings.SettingGroups;
import io.callvault.core.store.AgentDirectory;
import io.callvault.core.store.SettingSecretVault;
import io.callvault.core.store.SettingsStore;
import java.time.Clock;

/**
 * Tenant settings: the guide's settings groups at {@code /api/v2/settings/{group}} ({@code CONTACT_CENTER_ADMIN},
 * the token's contact center) and {@code /api/v2/ops/contact-centers/{ccid}/settings/{group}} ({@code OPS},
 * the path's contact center), and the agent directory at {@code /api/v2/settings/agents[/{username}]}
 * ({@code CONTACT_CENTER_ADMIN}).
 *
 * <p>{@code /api/v2/settings/encryption}, {@code .../certificates} and {@code .../private-keys} stay with the
 * certificate function, and {@code .../agents} is its own route: API Gateway picks the route with the most
 * literal segments, so these specific paths win over {@code {group}} for the methods they declare. A method
 * they do not declare (say {@code POST /api/v2/settings/encryption}) reaches this function as a group, which
 * answers 404 naming the routes that serve the path.
 */
public final class SettingsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final SettingsService settings;
    private final AgentService agents;
    private final ContactCenters contactCenters;

    public SettingsHandler() {
        this(FunctionEnvironment.system());
    }

    public SettingsHandler(FunctionEnvironment env) {
        this(env, new ApiDependencies(env, Clock.systemUTC()));
    }

    private SettingsHandler(FunctionEnvironment env, ApiDependencies deps) {
        this(new SettingsService(new SettingGroups(ReceiverUrls.from(env)),
                        new SettingsStore(deps.dynamo(), env.require("CONTROL_TABLE"), Clock.systemUTC()),
                        new SettingSecretVault(AwsClients.secretsManager(env)), deps.audit()),
                new AgentService(new AgentDirectory(deps.dynamo(), env.require("CONTROL_TABLE"), Clock.systemUTC()),
                        deps.audit()),
                new ContactCenters(deps.contactCenters()));
    }

    public SettingsHandler(SettingsService settings, AgentService agents, ContactCenters contactCenters) {
        this.settings = settings;
        this.agents = agents;
        this.contactCenters = contactCenters;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> HttpFunction.ok(switch (request.routeKey()) {
            case "GET /api/v2/settings/{group}" ->
                    settings.read(admin(request), request.pathParameter("group"), request.queryParameters());
            case "POST /api/v2/settings/{group}" ->
                    settings.create(admin(request), request.pathParameter("group"), request.jsonBody(), request.caller());
            case "PUT /api/v2/settings/{group}" ->
                    settings.update(admin(request), request.pathParameter("group"), request.jsonBody(), request.caller());
            case "DELETE /api/v2/settings/{group}" -> settings.delete(admin(request), request.pathParameter("group"),
                    request.queryParameters(), request.optionalJsonBody(), request.caller());
            case "GET /api/v2/ops/contact-centers/{ccid}/settings/{group}" ->
                    settings.read(ops(request), request.pathParameter("group"), request.queryParameters());
            case "POST /api/v2/ops/contact-centers/{ccid}/settings/{group}" ->
                    settings.create(ops(request), request.pathParameter("group"), request.jsonBody(), request.caller());
            case "PUT /api/v2/ops/contact-centers/{ccid}/settings/{group}" ->
                    settings.update(ops(request), request.pathParameter("group"), request.jsonBody(), request.caller());
            case "DELETE /api/v2/ops/contact-centers/{ccid}/settings/{group}" -> settings.delete(ops(request),
                    request.pathParameter("group"), request.queryParameters(), request.optionalJsonBody(), request.caller());
            case "GET /api/v2/settings/agents" -> agents.list(admin(request), request.queryParameters());
            case "POST /api/v2/settings/agents" -> agents.bulk(admin(request), request.jsonBody(), request.caller());
            case "GET /api/v2/settings/agents/{username}" ->
                    agents.get(admin(request), request.pathParameter("username"));
            case "PUT /api/v2/settings/agents/{username}" ->
                    agents.put(admin(request), request.pathParameter("username"), request.jsonBody(), request.caller());
            case "DELETE /api/v2/settings/agents/{username}" ->
                    agents.delete(admin(request), request.pathParameter("username"), request.caller());
            default -> throw ApiException.notFound("no route " + request.routeKey());
        }));
    }

    /** Tenant scope: the token's own contact center, with {@code CONTACT_CENTER_ADMIN}. */
    private static String admin(ApiRequest request) {
        Caller caller = request.caller();
        String ccid = caller.ownContactCenter();
        caller.require(Permission.CONTACT_CENTER_ADMIN);
        return ccid;
    }

    /** Ops scope: the path's contact center, which must exist, with {@code OPS}. */
    private String ops(ApiRequest request) {
        request.caller().require(Permission.OPS);
        String ccid = Ids.contactCenterId("ccid", request.pathParameter("ccid"));
        contactCenters.require(ccid);
        return ccid;
    }
}
