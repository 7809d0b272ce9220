package io.callvault.api.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.HttpFunction;
import java.time.Clock;

/**
 * {@code POST /api/contact-centers/{ccid}/recordings[/]}: the media server's bare metadata posts (spec intake.md
 * §1), with its service token ({@code RECORDING_INGEST} of {@code {ccid}}). See {@link RawIntake}.
 */
public final class RawIntakeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final RawIntake service;

    public RawIntakeHandler() {
        this(FunctionEnvironment.system());
    }

    public RawIntakeHandler(FunctionEnvironment env) {
        this(services(new IntakeDependencies(env, Clock.systemUTC())));
    }

    public RawIntakeHandler(RawIntake service) {
        this.service = service;
    }

    static RawIntake services(IntakeDependencies deps) {
        return new RawIntake(deps.ledger(), deps.contactCenters(), deps.enrichQueue(), deps.metrics(), deps.clock());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            IntakeAnswer answer = service.post(request.caller(), request.pathParameter("ccid"), request::bodyText);
            return HttpFunction.ok(answer.status(), answer.body());
        });
    }
}
