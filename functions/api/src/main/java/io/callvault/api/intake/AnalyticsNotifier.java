package io.callvault.api.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.intake.AnalyticsNotifications.Failure;
import io.callvault.api.intake.AnalyticsNotifications.Notification;
import io.callvault.api.intake.AnalyticsNotifications.NotifyStatus;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.MediaLinks;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.intake.RetrySchedule;
import io.callvault.core.json.Json;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.settings.InteractionReceiver;
import io.callvault.core.settings.ReceiverClient;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Handles one notify message: reads the call's {@code NOTIFY} item and does what is still to do for it, so a
 * duplicated, late or replayed message is harmless (docs/intake-pipeline.md, "Analytics notification"). Plain Java:
 * the SQS handler only feeds it messages.
 */
public final class AnalyticsNotifier {
    /** A message may arrive this much before its item is due (SQS delays are whole seconds). */
    static final Duration EARLY = Duration.ofSeconds(1);

    private final AnalyticsNotifications notifications;
    private final TenantSettings settings;
    private final RecordingStore recordings;
    private final ReceiverClient receivers;
    private final IntakeQueue queue;
    private final DeadLetters deadLetters;
    private final Clock clock;

    public AnalyticsNotifier(AnalyticsNotifications notifications, TenantSettings settings, RecordingStore recordings,
                             ReceiverClient receivers, IntakeQueue queue, DeadLetters deadLetters, Clock clock) {
        this.notifications = notifications;
        this.settings = settings;
        this.recordings = recordings;
        this.receivers = receivers;
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /**
     * From the function's environment ({@code INTAKE_TABLE}, {@code RECORDINGS_TABLE}, {@code CONTROL_TABLE},
     * {@code NOTIFY_QUEUE_URL}, {@code DEAD_LETTER_BUCKET}), with {@link RetrySchedule#GUIDE}.
     */
    public static AnalyticsNotifier from(FunctionEnvironment env, Clock clock, ReceiverClient receivers) {
        DynamoDbClient dynamo = AwsClients.dynamoDb(env);
        return new AnalyticsNotifier(
                new AnalyticsNotifications(dynamo, env.require("INTAKE_TABLE"), RetrySchedule.GUIDE, clock),
                TenantSettings.from(env),
                new RecordingStore(dynamo, env.require("RECORDINGS_TABLE"), clock),
                receivers,
                new IntakeQueue(AwsClients.sqs(env), env.require("NOTIFY_QUEUE_URL")),
                new DeadLetters(AwsClients.s3(env), env.require("DEAD_LETTER_BUCKET")),
                clock);
    }

    /** What handling a message came to (also the {@code outcome} of its log line). */
    public enum Result {
        /** The receiver accepted the recording. */
        DELIVERED,
        /** A retryable failure; another attempt is scheduled. */
        RETRYING,
        /** Dead-lettered: refused for good, or failing past the deadline. */
        DEAD,
        /** Nothing to post: no receiver configured, or the recording is gone. */
        SKIPPED,
        /** Not due yet: the message was sent again with a delay (or left to the sweeper). */
        NOT_DUE,
        /** Another worker holds the lease: the message was sent again for when it runs out. */
        BUSY,
        /** Already delivered, skipped or dead, or no such item: nothing to do. */
        DUPLICATE,
        /** A newer generation was scheduled during the POST: the item stays pending for it. */
        SUPERSEDED
    }

    public Result handle(IntakeMessage message) {
        for (int tries = 0; tries < 3; tries++) {
            Optional<Result> done = attempt(message);
            if (done.isPresent()) {
                return done.get();
            }
        }
        // Lost the claim three times in a row (the item keeps changing): look again when a lease would have run out.
        resend(message, clock.instant().plus(AnalyticsNotifications.LEASE));
        return log(message, Result.BUSY, null, null, "the item kept changing while being claimed");
    }

    /** One read-decide-claim round; empty when the claim was lost and the item is to be read again. */
    private Optional<Result> attempt(IntakeMessage message) {
        Instant now = clock.instant();
        Optional<Notification> found = notifications.find(message.ccid(), message.callUuid());
        if (found.isEmpty()) {
            return Optional.of(log(message, Result.DUPLICATE, null, null, "no notification for this call"));
        }
        Notification n = found.get();
        switch (n.status()) {
            case DELIVERED, SKIPPED -> {
                return Optional.of(log(message, Result.DUPLICATE, n, null, "already " + n.status().name().toLowerCase()));
            }
            case DEAD -> {
                if (n.deadLetterKey() == null) {
                    // The dead-letter copy was not written (S3 failed after the item died): write it now.
                    writeDeadLetter(n, n.lastError());
                }
                return Optional.of(log(message, Result.DUPLICATE, n, null, "already dead"));
            }
            default -> { }
        }
        if (n.nextAttemptAt() != null && n.nextAttemptAt().isAfter(now.plus(EARLY))) {
            resend(message, n.nextAttemptAt());
            return Optional.of(log(message, Result.NOT_DUE, n, null, "due at " + n.nextAttemptAt()));
        }
        if (n.leaseUntil() != null && n.leaseUntil().isAfter(now)) {
            resend(message, n.leaseUntil());
            return Optional.of(log(message, Result.BUSY, n, null, "another worker is posting it"));
        }
        Optional<Instant> lease = notifications.claim(n);
        if (lease.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(deliver(message, n, lease.get()));
    }

    private Result deliver(IntakeMessage message, Notification n, Instant lease) {
        Optional<InteractionReceiver> receiver;
        try {
            receiver = settings.interactionReceiver(n.ccid());
        } catch (IllegalStateException e) {
            // A stored setting that no longer validates: the administrator can correct it, so try again later.
            return failed(message, n, lease, new ReceiverClient.Outcome(ReceiverClient.Kind.RETRYABLE, null, e.getMessage()));
        }
        if (receiver.isEmpty()) {
            return skip(message, n, lease, "the contact center has no analytics receiver (speechminer/interaction-receiver)");
        }
        Optional<StoredRecording> stored = recordings.find(n.ccid(), RecordingKind.CALL, n.callUuid());
        if (stored.isEmpty() || stored.get().deleting()) {
            return skip(message, n, lease, "the recording is no longer stored (deleted)");
        }
        ReceiverClient.Outcome outcome = receivers.post(receiver.get(), Json.write(payload(stored.get())));
        if (outcome.kind() == ReceiverClient.Kind.DELIVERED) {
            if (notifications.delivered(n, lease, outcome.statusCode())) {
                return log(message, Result.DELIVERED, n, outcome.statusCode(), null);
            }
            return superseded(message, n, lease, outcome.statusCode());
        }
        return failed(message, n, lease, outcome);
    }

    private Result failed(IntakeMessage message, Notification n, Instant lease, ReceiverClient.Outcome outcome) {
        boolean permanent = outcome.kind() == ReceiverClient.Kind.PERMANENT;
        Optional<Failure> recorded = notifications.failed(n, lease, outcome.statusCode(), outcome.detail(), permanent);
        if (recorded.isEmpty()) {
            return superseded(message, n, lease, null);
        }
        Failure f = recorded.get();
        if (!f.dead()) {
            resend(message, f.nextAttemptAt());
            return log(message, Result.RETRYING, withAttempts(n, f, outcome.statusCode()), outcome.statusCode(),
                    outcome.detail() + "; next attempt at " + f.nextAttemptAt());
        }
        Notification dead = withAttempts(n, f, outcome.statusCode());
        new Metrics(clock).count(Metrics.INTAKE_DEAD_LETTERED, n.ccid()); // the IntakeDeadLetters alarm (template.yaml)
        writeDeadLetter(dead, f.reason());
        return log(message, Result.DEAD, dead, outcome.statusCode(), f.reason());
    }

    private Result skip(IntakeMessage message, Notification n, Instant lease, String reason) {
        if (!notifications.skipped(n, lease, reason)) {
            return superseded(message, n, lease, null);
        }
        return log(message, Result.SKIPPED, n, null, reason);
    }

    /** A newer generation arrived during the POST: give the lease back and make sure a message looks at it. */
    private Result superseded(IntakeMessage message, Notification n, Instant lease, Integer deliveredStatus) {
        notifications.release(n, lease, deliveredStatus);
        Instant due = notifications.find(n.ccid(), n.callUuid()).map(Notification::nextAttemptAt).orElse(null);
        resend(message, due == null ? clock.instant() : due);
        return log(message, Result.SUPERSEDED, n, deliveredStatus, "a newer generation was scheduled meanwhile");
    }

    /**
     * The dead-letter copy: the recording as it would have been posted, why, and how often it was tried. Written before
     * {@code deadLetterKey} is set, so a failure here leaves the key unset and the next message for the call writes it.
     */
    private void writeDeadLetter(Notification n, String reason) {
        ObjectNode doc = Json.object()
                .put("stage", "analytics")
                .put("ccid", n.ccid())
                .put("callUuid", n.callUuid())
                .put("generation", n.generation())
                .put("reason", reason)
                .put("attempts", n.attempts())
                .put("firstAttemptAt", n.firstAttemptAt() == null ? null : n.firstAttemptAt().toString())
                .put("deadAt", clock.instant().toString());
        if (n.lastStatusCode() != null) {
            doc.put("lastStatusCode", n.lastStatusCode());
        }
        Optional<StoredRecording> stored = recordings.find(n.ccid(), RecordingKind.CALL, n.callUuid());
        if (stored.isPresent()) {
            doc.set("recording", payload(stored.get()));
        } else {
            doc.putNull("recording").put("recordingMissing", "the recording is no longer stored");
        }
        String key = deadLetters.write(n.ccid(), n.callUuid(), n.generation(), doc);
        notifications.deadLetterWritten(n, key);
    }

    /**
     * What the receiver gets: the stored recording as the recordings API returns it ({@code RecordingCodec.write}), all
     * media files, {@code mediaPath} without a host (this function has no request to take one from). The guide never
     * specifies the SpeechMiner payload (spec intake.md §3.2, §8.7); this is its inferred "same as RWS".
     */
    static ObjectNode payload(StoredRecording stored) {
        return RecordingCodec.write(stored.recording(), MediaLinks.PATHS_ONLY);
    }

    private void resend(IntakeMessage message, Instant due) {
        queue.sendWithin(message, Duration.between(clock.instant(), due));
    }

    /** The item as the failure left it. */
    private static Notification withAttempts(Notification n, Failure f, Integer statusCode) {
        return new Notification(n.ccid(), n.callUuid(), f.dead() ? NotifyStatus.DEAD : NotifyStatus.RETRYING,
                n.generation(), n.deliveredGeneration(), f.attempts(), f.firstAttemptAt(), f.nextAttemptAt(),
                n.scheduledAt(), null, statusCode, n.lastError(), null);
    }

    /** One JSON line per outcome: which call, which generation, what happened. Never credentials or the body. */
    private static Result log(IntakeMessage message, Result result, Notification n, Integer statusCode, String detail) {
        ObjectNode line = Json.object().put("event", "analytics-notify").put("outcome", result.name())
                .put("ccid", message.ccid()).put("callUuid", message.callUuid());
        if (n != null) {
            line.put("generation", n.generation()).put("attempts", n.attempts());
            if (n.nextAttemptAt() != null && result == Result.RETRYING) {
                line.put("nextAttemptAt", n.nextAttemptAt().toString());
            }
        }
        if (statusCode != null) {
            line.put("statusCode", statusCode);
        }
        if (detail != null) {
            line.put("detail", detail);
        }
        System.out.println(Json.write(line));
        return result;
    }
}
