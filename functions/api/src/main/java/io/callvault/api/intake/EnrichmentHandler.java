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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The enrichment queue's consumer: {@link EnrichmentService#handle} once per call of a batch, calls in parallel. A message that cannot be read is
 * dropped with a log line (it names no call; nothing could ever handle it); a look that throws is reported as a
 * batch item failure, so SQS redelivers it (and, after ten receives, moves it to the dead-letter queue, which
 * would be a bug: retryable store failures are rescheduled in the table, not thrown).
 */
public final class EnrichmentHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** A batch holds at most 10 messages (template.yaml); each call's look runs on its own thread. */
    static final int MAX_PARALLEL = 10;
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
        // One look per call, however many of its messages the batch holds; different calls in parallel (each look
        // is a dozen sequential round trips to DynamoDB, S3 and SQS, so threads overlap their waits).
        Map<IntakeMessage, List<String>> byCall = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            try {
                byCall.computeIfAbsent(IntakeMessage.parse(m.getBody()), k -> new ArrayList<>()).add(m.getMessageId());
            } catch (IllegalArgumentException unreadable) {
                log("unreadable-message", m.getMessageId(), null, unreadable.getMessage());
            }
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (byCall.isEmpty()) {
            return new SQSBatchResponse(failures);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(byCall.size(), MAX_PARALLEL));
        try {
            Map<IntakeMessage, Future<?>> looks = new LinkedHashMap<>();
            byCall.forEach((call, ids) -> looks.put(call, pool.submit(() -> look(call, ids.get(0)))));
            looks.forEach((call, look) -> {
                try {
                    look.get();
                } catch (ExecutionException | InterruptedException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    log("failed", byCall.get(call).get(0), call, cause.getClass().getSimpleName());
                    byCall.get(call).forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
                }
            });
        } finally {
            pool.shutdownNow();
        }
        return new SQSBatchResponse(failures);
    }

    private void look(IntakeMessage call, String messageId) {
        EnrichmentService.Outcome outcome = service.handle(call);
        if (outcome != EnrichmentService.Outcome.NOTHING_TO_DO) {
            log(outcome.name().toLowerCase(java.util.Locale.ROOT), messageId, call, null);
        }
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
