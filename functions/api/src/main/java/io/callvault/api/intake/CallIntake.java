package io.callvault.api.intake;

import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.RawSegment;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the intake table holds about one call, as {@link IntakeLedger#load} read it with one consistent
 * Query of the call's partition: its raw segments (exactly as parsed, fingerprint and flags included), its
 * interaction events, and the fields of its {@code STATE} item.
 *
 * @param segments       one per mediaId, in mediaId order
 * @param events         one per eventId, in key order
 * @param status         the {@code STATE}'s {@code status}, a {@link Status} name; null when the call has no
 *                       {@code STATE} yet
 * @param changeSeq      {@code changeSeq}: bumped by every new segment and event (0 without a STATE)
 * @param storedSeq      {@code storedSeq}: the {@code changeSeq} the last store covered (0 when never stored)
 * @param segmentCount   {@code segments}: how many mediaIds the STATE registered
 * @param firstSeenAt    {@code firstSeenAt}: when the first segment or event of the call arrived
 * @param dueAt          {@code dueAt}: when the call waits to be looked at again (null when it waits for nothing)
 * @param attempts       {@code attempts}: failed store attempts of the current round (0 when none)
 * @param firstAttemptAt {@code firstAttemptAt}: the first attempt of the current round (null when none)
 * @param lastError      {@code lastError} (null when none)
 */
public record CallIntake(String ccid, String callUuid, List<RawSegment> segments, List<InteractionEvent> events,
                         String status, long changeSeq, long storedSeq, long segmentCount, Instant firstSeenAt,
                         Instant dueAt, int attempts, Instant firstAttemptAt, String lastError) {
    /**
     * The {@code STATE}'s {@code status} (docs/intake-pipeline.md, "State"). The unfinished ones are the
     * {@link io.callvault.core.intake.IntakeStatus} of the status index; {@link #STORED} is finished.
     */
    public enum Status {
        /** Interaction events only: no recording post yet. */
        AWAITING_MEDIA,
        /** Waiting for a threshold or for its first enrichment attempt. */
        PENDING,
        /** A store attempt failed and another is scheduled. */
        RETRYING,
        /** Everything up to {@code storedSeq} is stored. */
        STORED,
        /** Past the retry deadline or refused for good; kept until re-driven. */
        DEAD;

        /** The attribute value; null for null. */
        static Status of(String value) {
            return value == null ? null : valueOf(value);
        }
    }

    public CallIntake {
        Objects.requireNonNull(ccid, "ccid");
        Objects.requireNonNull(callUuid, "callUuid");
        segments = List.copyOf(segments);
        events = List.copyOf(events);
    }

    /** Whether the call has a {@code STATE} item. */
    public boolean exists() {
        return status != null;
    }

    /** {@link #status} as a {@link Status}; null without a STATE. */
    public Status state() {
        return Status.of(status);
    }
}
