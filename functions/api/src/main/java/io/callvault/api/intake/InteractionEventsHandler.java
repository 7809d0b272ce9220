package io.callvault.api.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import java.time.Clock;

/**
 * {@code POST /internal-api/contact-centers/{ccid}/interactions/{callUuid}/events}: the telephony side's
 * interaction events, with its service token ({@code RECORDING_INGEST} of {@code {ccid}}). See {@link InteractionEvents}.
 */
public final class InteractionEventsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final InteractionEvents service;

    public InteractionEventsHandler() {
        this(FunctionEnvironment.system());
    }

    public InteractionEventsHandler(FunctionEnvironment env) {
        this(services(new IntakeDependencies(env, Clock.systemUTC())));
    }

    public InteractionEventsHandler(InteractionEvents service) {
        this.service = service;
    }

    static InteractionEvents services(IntakeDependencies deps) {
        return new InteractionEvents(deps.ledger(), deps.contactCenters(), deps.enrichQueue(), deps.metrics(),
                deps.clock());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            IntakeAnswer answer = service.post(request.caller(), request.pathParameter("ccid"),
                    request.pathParameter("callUuid"), request::bodyText);
            return HttpFunction.ok(answer.status(), answer.body());
        });
    }
}
