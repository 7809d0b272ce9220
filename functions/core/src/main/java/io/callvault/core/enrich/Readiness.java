package io.callvault.core.enrich;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a raw recording may be stored and when the analytics receiver may be told (issue 5 part 4; spec
 * intake.md §2.1-§2.2, §3.2, §7.1.3):
 *
 * <ul>
 *   <li><b>Call end</b> is the {@code CallEnded} event's time, or the last segment's {@code stopTime} if that is
 *       later (a segment that runs past the event means the call had not ended) or if there is no
 *       {@code CallEnded} at all: missing event data never blocks a recording.</li>
 *   <li><b>Store</b> at call end + {@code acwThreshold} (VP {@code acwThresholdMinutes}, L9722-L9731; RPS
 *       {@code acw_threshold_minutes}, L7690: past it, "stop collecting ... and write it"), or earlier when
 *       after-call work is done before that (never before call end).</li>
 *   <li><b>Analytics</b> at call end + {@code callEndThreshold} (RPS {@code call_end_threshold_minutes}, L14968),
 *       and never before the store time: the receiver hears only of stored recordings (L534-L535).</li>
 * </ul>
 *
 * Every boundary is inclusive: at exactly the threshold the step may run. Pure: the clock is a parameter.
 */
public final class Readiness {
    private Readiness() {}

    /** How the call end was found. */
    public enum CallEndSource { CALL_ENDED_EVENT, LAST_SEGMENT }

    /**
     * @param callEnd          the call end the thresholds count from
     * @param callEndSource    whether a {@code CallEnded} event or the last segment gave it
     * @param storeAt          the earliest moment the recording may be stored
     * @param acwDoneEarly     true when after-call work done moved {@code storeAt} before the ACW threshold
     * @param analyticsAt      the earliest moment the analytics post may go (after the store confirms)
     * @param decidedAt        the {@code now} of the decision
     */
    public record Decision(Instant callEnd, CallEndSource callEndSource, Instant storeAt, boolean acwDoneEarly,
                           Instant analyticsAt, Instant decidedAt) {
        public boolean mayStore() {
            return !decidedAt.isBefore(storeAt);
        }

        public boolean mayPostAnalytics() {
            return !decidedAt.isBefore(analyticsAt);
        }

        /** Zero when the recording may be stored now. */
        public Duration untilStore() {
            return until(storeAt);
        }

        /** Zero when the analytics post may go now. */
        public Duration untilAnalytics() {
            return until(analyticsAt);
        }

        private Duration until(Instant t) {
            return decidedAt.isBefore(t) ? Duration.between(decidedAt, t) : Duration.ZERO;
        }
    }

    /**
     * @param callEndedAt      the latest {@code CallEnded} event ({@link InteractionTimeline#callEndedAt()}), or null
     * @param acwDoneAt        when after-call work was done ({@link InteractionTimeline#acwDoneAt()}), or null
     * @param lastSegmentAt    the latest {@code stopTime} of the segments received so far, or null
     * @param acwThreshold     the tenant's {@code acwThresholdMinutes}, >= 0
     * @param callEndThreshold the tenant's {@code callEndThresholdMinutes}, >= 0
     * @param now              the moment of the decision
     * @throws IllegalArgumentException when neither a call end nor a segment is known: there is nothing to time
     */
    public static Decision decide(Instant callEndedAt, Instant acwDoneAt, Instant lastSegmentAt,
                                  Duration acwThreshold, Duration callEndThreshold, Instant now) {
        Objects.requireNonNull(now, "now");
        checkThreshold("acwThreshold", acwThreshold);
        checkThreshold("callEndThreshold", callEndThreshold);
        Instant callEnd = callEnd(callEndedAt, lastSegmentAt);
        CallEndSource source = callEndedAt != null && !callEnd.isAfter(callEndedAt)
                ? CallEndSource.CALL_ENDED_EVENT : CallEndSource.LAST_SEGMENT;
        Instant acwDeadline = callEnd.plus(acwThreshold);
        Instant storeAt = acwDeadline;
        boolean early = false;
        if (acwDoneAt != null) {
            Instant done = acwDoneAt.isBefore(callEnd) ? callEnd : acwDoneAt;
            if (done.isBefore(acwDeadline)) {
                storeAt = done;
                early = true;
            }
        }
        Instant analyticsAt = callEnd.plus(callEndThreshold);
        if (analyticsAt.isBefore(storeAt)) {
            analyticsAt = storeAt;
        }
        return new Decision(callEnd, source, storeAt, early, analyticsAt, now);
    }

    /** {@link #decide(Instant, Instant, Instant, Duration, Duration, Instant)} at the clock's instant. */
    public static Decision decide(Instant callEndedAt, Instant acwDoneAt, Instant lastSegmentAt,
                                  Duration acwThreshold, Duration callEndThreshold, Clock clock) {
        return decide(callEndedAt, acwDoneAt, lastSegmentAt, acwThreshold, callEndThreshold, clock.instant());
    }

    /** The call end the thresholds count from: the later of the {@code CallEnded} event and the last segment's stop. */
    public static Instant callEnd(Instant callEndedAt, Instant lastSegmentAt) {
        if (callEndedAt == null && lastSegmentAt == null) {
            throw new IllegalArgumentException("neither a CallEnded event nor a segment: nothing to time the recording by");
        }
        if (callEndedAt == null) {
            return lastSegmentAt;
        }
        if (lastSegmentAt == null) {
            return callEndedAt;
        }
        return lastSegmentAt.isAfter(callEndedAt) ? lastSegmentAt : callEndedAt;
    }

    private static void checkThreshold(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }
}
