package io.callvault.api.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.Ids;
import io.callvault.core.http.ApiRequest;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.http.Permission;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.intake.RetrySchedule;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code IntakeOpsFunction}, for callers with {@code OPS} (any contact center in the path):
 * {@code GET /api/v2/ops/contact-centers/{ccid}/intake-status} ({@link IntakeStatusReport}) and
 * {@code POST /api/v2/ops/contact-centers/{ccid}/intake-redrive} ({@link IntakeRedriveRequest}, {@link IntakeRedrive}).
 * The contact center is not looked up: a tenant that has no intake work has nothing to count or move.
 */
public final class IntakeOpsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String STATUS = "GET /api/v2/ops/contact-centers/{ccid}/intake-status";
    static final String REDRIVE = "POST /api/v2/ops/contact-centers/{ccid}/intake-redrive";

    private final IntakeStatusReport status;
    private final IntakeRedrive redrive;

    public IntakeOpsHandler() {
        this(FunctionEnvironment.system());
    }

    /** What Lambda and the local runtime build: the environment, the system clock. */
    public IntakeOpsHandler(FunctionEnvironment env) {
        this(env, Clock.systemUTC());
    }

    /** From the environment: {@code INTAKE_TABLE}, {@code RECORDINGS_TABLE}, {@code ENRICH_QUEUE_URL}, {@code NOTIFY_QUEUE_URL}. */
    public IntakeOpsHandler(FunctionEnvironment env, Clock clock) {
        this(env, clock, AwsClients.dynamoDb(env), AwsClients.sqs(env));
    }

    private IntakeOpsHandler(FunctionEnvironment env, Clock clock, DynamoDbClient dynamo, SqsClient sqs) {
        this(new IntakeStatusReport(dynamo, env.require("INTAKE_TABLE"), clock),
                new IntakeRedrive(dynamo, env.require("INTAKE_TABLE"), env.require("RECORDINGS_TABLE"),
                        new AnalyticsNotifications(dynamo, env.require("INTAKE_TABLE"), RetrySchedule.GUIDE, clock),
                        new IntakeQueue(sqs, env.require("ENRICH_QUEUE_URL")),
                        new IntakeQueue(sqs, env.require("NOTIFY_QUEUE_URL")), clock));
    }

    public IntakeOpsHandler(IntakeStatusReport status, IntakeRedrive redrive) {
        this.status = status;
        this.redrive = redrive;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            request.caller().require(Permission.OPS);
            return switch (request.routeKey()) {
                case STATUS -> HttpFunction.ok(status.report(ccid(request)));
                case REDRIVE -> redrive(request);
                default -> HttpFunction.notFoundRoute(request);
            };
        });
    }

    private APIGatewayV2HTTPResponse redrive(ApiRequest request) {
        String ccid = ccid(request);
        IntakeRedriveRequest r = IntakeRedriveRequest.parse(request.optionalJsonBody());
        return HttpFunction.ok(switch (r.operation()) {
            case REDRIVE_DEAD_LETTERS -> redrive.redriveDeadLetters(ccid, r.stages(), r.limit());
            case REPOST_ANALYTICS -> redrive.repostAnalytics(ccid, r.startTime(), r.endTime(), r.continuation(), r.limit());
        });
    }

    private static String ccid(ApiRequest request) {
        return Ids.contactCenterId("ccid", request.pathParameter("ccid"));
    }
}
