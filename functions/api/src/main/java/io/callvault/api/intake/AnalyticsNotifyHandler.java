package io.callvault.api.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.json.Json;
import io.callvault.core.settings.ReceiverClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code AnalyticsNotifyFunction}: the {@code NotifyQueue}'s messages ({@code {ccid, callUuid}}, batches of up to 10)
 * through {@link AnalyticsNotifier}. Messages of a batch are handled in parallel, so ten slow receivers (20 s each)
 * fit the function's 60 s. Only an unexpected error (DynamoDB, S3, SQS unavailable) reports a message as failed, so
 * SQS gives it again; receiver failures are rescheduled in the table, and a body that is not a notify message is
 * logged and dropped (it can never succeed).
 */
public final class AnalyticsNotifyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final int MAX_PARALLEL = 10;
    private final AnalyticsNotifier notifier;

    public AnalyticsNotifyHandler() {
        this(FunctionEnvironment.system());
    }

    /** What Lambda and the local runtime build: the environment, the system clock. */
    public AnalyticsNotifyHandler(FunctionEnvironment env) {
        this(env, Clock.systemUTC());
    }

    public AnalyticsNotifyHandler(FunctionEnvironment env, Clock clock) {
        this(AnalyticsNotifier.from(env, clock, ReceiverClient.from(env)));
    }

    public AnalyticsNotifyHandler(AnalyticsNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (messages.isEmpty()) {
            return new SQSBatchResponse(failures);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(messages.size(), MAX_PARALLEL));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (SQSEvent.SQSMessage m : messages) {
                running.add(pool.submit(() -> handle(m)));
            }
            for (int i = 0; i < messages.size(); i++) {
                try {
                    running.get(i).get();
                } catch (ExecutionException e) {
                    SQSEvent.SQSMessage m = messages.get(i);
                    logError(m, e.getCause());
                    failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new SQSBatchResponse.BatchItemFailure(messages.get(i).getMessageId()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new SQSBatchResponse(failures);
    }

    private void handle(SQSEvent.SQSMessage m) {
        IntakeMessage message;
        try {
            message = IntakeMessage.parse(m.getBody());
        } catch (IllegalArgumentException e) {
            System.out.println(Json.write(Json.object().put("event", "analytics-notify").put("outcome", "MALFORMED")
                    .put("messageId", m.getMessageId()).put("detail", e.getMessage())));
            return;
        }
        notifier.handle(message);
    }

    private static void logError(SQSEvent.SQSMessage m, Throwable e) {
        System.err.println(Json.write(Json.object().put("level", "ERROR").put("event", "analytics-notify")
                .put("outcome", "ERROR").put("messageId", m.getMessageId()).put("error", String.valueOf(e))));
    }
}
