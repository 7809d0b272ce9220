package io.callvault.api.intake;

import io.callvault.api.ApiDependencies;
import io.callvault.api.ContactCenters;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.metrics.Metrics;
import java.time.Clock;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the intake functions are built from, from the function's environment ({@code INTAKE_TABLE},
 * {@code ENRICH_QUEUE_URL} and the stores of {@link ApiDependencies}). Clients are created on first use.
 */
public final class IntakeDependencies {
    private final FunctionEnvironment env;
    private final ApiDependencies api;
    private final Clock clock;
    private SqsClient sqs;

    public IntakeDependencies(FunctionEnvironment env, Clock clock) {
        this.env = env;
        this.api = new ApiDependencies(env, clock);
        this.clock = clock;
    }

    public ApiDependencies api() {
        return api;
    }

    public Clock clock() {
        return clock;
    }

    public IntakeLedger ledger() {
        return new IntakeLedger(api.dynamo(), env.require("INTAKE_TABLE"), clock);
    }

    public ContactCenters contactCenters() {
        return new ContactCenters(api.contactCenters());
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = AwsClients.sqs(env);
        }
        return sqs;
    }

    public IntakeQueue enrichQueue() {
        return new IntakeQueue(sqs(), env.require("ENRICH_QUEUE_URL"));
    }

    public IntakeQueue notifyQueue() {
        return new IntakeQueue(sqs(), env.require("NOTIFY_QUEUE_URL"));
    }

    public String intakeTable() {
        return env.require("INTAKE_TABLE");
    }

    public FunctionEnvironment environment() {
        return env;
    }

    public Metrics metrics() {
        return new Metrics(clock);
    }
}
