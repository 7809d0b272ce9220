package io.callvault.api.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.callvault.api.ApiDependencies;
import io.callvault.api.RecordingIngestHandler;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.RetrySchedule;
import io.callvault.core.json.Json;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.AgentDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The enrichment queue's consumer: {@link EnrichmentService#handle} per message. A message that cannot be read is
 * dropped with a log line (it names no call; nothing could ever handle it); a look that throws is reported as a
 * batch item failure, so SQS redelivers it (and, after ten receives, moves it to the dead-letter queue, which
 * would be a bug: retryable store failures are rescheduled in the table, not thrown).
 */
public final class EnrichmentHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final EnrichmentService service;

    public EnrichmentHandler() {
        this(FunctionEnvironment.system());
    }

    public EnrichmentHandler(FunctionEnvironment env) {
        this(fromEnvironment(env, Clock.systemUTC()));
    }

    public EnrichmentHandler(EnrichmentService service) {
        this.service = service;
    }

    static EnrichmentService fromEnvironment(FunctionEnvironment env, Clock clock) {
        IntakeDependencies deps = new IntakeDependencies(env, clock);
        ApiDependencies api = deps.api();
        return new EnrichmentService(deps.ledger(),
                new EnrichmentProgress(api.dynamo(), deps.intakeTable(), RetrySchedule.GUIDE), TenantSettings.from(env),
                AgentDirectory.from(env), api.recordings(), deps.contactCenters(), RecordingIngestHandler.services(api),
                new AnalyticsNotifications(api.dynamo(), deps.intakeTable(), RetrySchedule.GUIDE, clock),
                deps.enrichQueue(), deps.notifyQueue(), clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            IntakeMessage message;
            try {
                message = IntakeMessage.parse(m.getBody());
            } catch (IllegalArgumentException unreadable) {
                log("unreadable-message", m.getMessageId(), null, unreadable.getMessage());
                continue;
            }
            try {
                EnrichmentService.Outcome outcome = service.handle(message);
                if (outcome != EnrichmentService.Outcome.NOTHING_TO_DO) {
                    log(outcome.name().toLowerCase(java.util.Locale.ROOT), m.getMessageId(), message, null);
                }
            } catch (RuntimeException e) {
                log("failed", m.getMessageId(), message, e.getClass().getSimpleName());
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static void log(String action, String messageId, IntakeMessage message, String error) {
        var line = Json.object().put("time", Instant.now().toString()).put("component", "enrichment").put("action", action)
                .put("messageId", messageId);
        if (message != null) {
            line.put("ccid", message.ccid()).put("callUuid", message.callUuid());
        }
        if (error != null) {
            line.put("error", error);
        }
        System.out.println(line);
    }
}
