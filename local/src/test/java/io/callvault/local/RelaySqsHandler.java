package io.callvault.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A test function that sends every body it gets on to {@code TARGET_QUEUE_URL}, through {@link AwsClients#sqs}. */
public final class RelaySqsHandler implements RequestHandler<SQSEvent, Void> {
    private final SqsClient sqs;
    private final String target;

    public RelaySqsHandler(FunctionEnvironment env) {
        this.sqs = AwsClients.sqs(env);
        this.target = env.require("TARGET_QUEUE_URL");
    }

    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            sqs.sendMessage(b -> b.queueUrl(target).messageBody("relayed " + m.getBody()));
        }
        return null;
    }
}
