package io.callvault.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * When a raw recording may be stored and the analytics receiver told (issue 5 part 4). Clock edges: exactly
 * at each threshold, one millisecond before and one after.
 */
class ReadinessTest {
    static final Instant CALL_END = Instant.parse("2015-06-24T20:19:36Z");
    static final Instant LAST_SEGMENT = Instant.parse("2015-06-24T20:19:30Z");
    static final Duration ACW = Duration.ofMinutes(5);       // RPS acw_threshold_minutes default (L14870)
    static final Duration CALL_END_WAIT = Duration.ofMinutes(30); // RPS call_end_threshold_minutes default (L14968)
    static final Duration MS = Duration.ofMillis(1);

    static Readiness.Decision at(Instant now) {
        return Readiness.decide(CALL_END, null, LAST_SEGMENT, ACW, CALL_END_WAIT, now);
    }

    @Test
    void storingWaitsForCallEndPlusTheAcwThresholdInclusive() {
        Instant threshold = CALL_END.plus(ACW);
        assertThat(at(threshold.minus(MS)).mayStore()).isFalse();
        assertThat(at(threshold.minus(MS)).untilStore()).isEqualTo(MS);
        assertThat(at(threshold).mayStore()).isTrue();
        assertThat(at(threshold).untilStore()).isZero();
        assertThat(at(threshold.plus(MS)).mayStore()).isTrue();
        assertThat(at(CALL_END).untilStore()).isEqualTo(ACW);
        assertThat(at(threshold).callEndSource()).isEqualTo(Readiness.CallEndSource.CALL_ENDED_EVENT);
        assertThat(at(threshold).acwDoneEarly()).isFalse();
    }

    @Test
    void theAnalyticsPostWaitsForCallEndPlusTheCallEndThresholdInclusive() {
        Instant threshold = CALL_END.plus(CALL_END_WAIT);
        assertThat(at(threshold.minus(MS)).mayPostAnalytics()).isFalse();
        assertThat(at(threshold.minus(MS)).mayStore()).isTrue();
        assertThat(at(threshold).mayPostAnalytics()).isTrue();
        assertThat(at(threshold.plus(MS)).mayPostAnalytics()).isTrue();
        assertThat(at(CALL_END).untilAnalytics()).isEqualTo(CALL_END_WAIT);
    }

    @Test
    void afterCallWorkDoneEarlierLetsTheRecordingGoThen() {
        Instant done = CALL_END.plus(Duration.ofSeconds(70));
        Readiness.Decision before = Readiness.decide(CALL_END, done, LAST_SEGMENT, ACW, CALL_END_WAIT, done.minus(MS));
        Readiness.Decision exactly = Readiness.decide(CALL_END, done, LAST_SEGMENT, ACW, CALL_END_WAIT, done);
        Readiness.Decision after = Readiness.decide(CALL_END, done, LAST_SEGMENT, ACW, CALL_END_WAIT, done.plus(MS));
        assertThat(before.mayStore()).isFalse();
        assertThat(exactly.mayStore()).isTrue();
        assertThat(exactly.storeAt()).isEqualTo(done);
        assertThat(exactly.acwDoneEarly()).isTrue();
        assertThat(after.mayStore()).isTrue();
        assertThat(exactly.analyticsAt()).as("ACW done does not hurry the analytics post").isEqualTo(CALL_END.plus(CALL_END_WAIT));
    }

    @Test
    void afterCallWorkDoneBeforeTheCallEndedStillWaitsForTheEnd() {
        Instant done = CALL_END.minus(Duration.ofSeconds(10));
        Readiness.Decision d = Readiness.decide(CALL_END, done, LAST_SEGMENT, ACW, CALL_END_WAIT, CALL_END.minus(MS));
        assertThat(d.storeAt()).isEqualTo(CALL_END);
        assertThat(d.mayStore()).isFalse();
        assertThat(Readiness.decide(CALL_END, done, LAST_SEGMENT, ACW, CALL_END_WAIT, CALL_END).mayStore()).isTrue();
    }

    @Test
    void afterCallWorkDoneAfterTheThresholdChangesNothing() {
        Instant done = CALL_END.plus(ACW).plus(Duration.ofMinutes(1));
        Readiness.Decision d = Readiness.decide(CALL_END, done, LAST_SEGMENT, ACW, CALL_END_WAIT, CALL_END.plus(ACW));
        assertThat(d.storeAt()).isEqualTo(CALL_END.plus(ACW));
        assertThat(d.mayStore()).isTrue();
        assertThat(d.acwDoneEarly()).isFalse();
        // ACW done exactly at the threshold is no earlier than it.
        assertThat(Readiness.decide(CALL_END, CALL_END.plus(ACW), LAST_SEGMENT, ACW, CALL_END_WAIT, CALL_END).acwDoneEarly()).isFalse();
    }

    @Test
    void withoutACallEndedEventTheLastSegmentTimesItSoMissingEventsNeverBlock() {
        Instant threshold = LAST_SEGMENT.plus(ACW);
        Readiness.Decision before = Readiness.decide(null, null, LAST_SEGMENT, ACW, CALL_END_WAIT, threshold.minus(MS));
        Readiness.Decision exactly = Readiness.decide(null, null, LAST_SEGMENT, ACW, CALL_END_WAIT, threshold);
        Readiness.Decision after = Readiness.decide(null, null, LAST_SEGMENT, ACW, CALL_END_WAIT, threshold.plus(MS));
        assertThat(before.mayStore()).isFalse();
        assertThat(exactly.mayStore()).isTrue();
        assertThat(after.mayStore()).isTrue();
        assertThat(exactly.callEnd()).isEqualTo(LAST_SEGMENT);
        assertThat(exactly.callEndSource()).isEqualTo(Readiness.CallEndSource.LAST_SEGMENT);
        Instant analytics = LAST_SEGMENT.plus(CALL_END_WAIT);
        assertThat(Readiness.decide(null, null, LAST_SEGMENT, ACW, CALL_END_WAIT, analytics.minus(MS)).mayPostAnalytics()).isFalse();
        assertThat(Readiness.decide(null, null, LAST_SEGMENT, ACW, CALL_END_WAIT, analytics).mayPostAnalytics()).isTrue();
    }

    @Test
    void aSegmentRunningPastTheCallEndedEventMovesTheCallEnd() {
        Instant lateStop = CALL_END.plus(Duration.ofSeconds(20));
        Readiness.Decision d = Readiness.decide(CALL_END, null, lateStop, ACW, CALL_END_WAIT, CALL_END);
        assertThat(d.callEnd()).isEqualTo(lateStop);
        assertThat(d.callEndSource()).isEqualTo(Readiness.CallEndSource.LAST_SEGMENT);
        assertThat(d.storeAt()).isEqualTo(lateStop.plus(ACW));
    }

    @Test
    void eventsWithoutMediaYetAreTimedByTheCallEndedEvent() {
        Readiness.Decision d = Readiness.decide(CALL_END, null, null, ACW, CALL_END_WAIT, CALL_END);
        assertThat(d.storeAt()).isEqualTo(CALL_END.plus(ACW));
    }

    @Test
    void theAnalyticsPostNeverPrecedesTheStore() {
        Duration shortWait = Duration.ofMinutes(1);
        Readiness.Decision d = Readiness.decide(CALL_END, null, LAST_SEGMENT, ACW, shortWait, CALL_END.plus(shortWait));
        assertThat(d.analyticsAt()).isEqualTo(d.storeAt());
        assertThat(d.mayPostAnalytics()).isFalse();
        Readiness.Decision atStore = Readiness.decide(CALL_END, null, LAST_SEGMENT, ACW, shortWait, CALL_END.plus(ACW));
        assertThat(atStore.mayStore()).isTrue();
        assertThat(atStore.mayPostAnalytics()).isTrue();
    }

    @Test
    void zeroThresholdsMeanAtCallEnd() {
        // VP's acwThresholdMinutes default is 0 (L9731); benchmarks run with both at 0.
        Readiness.Decision before = Readiness.decide(CALL_END, null, LAST_SEGMENT, Duration.ZERO, Duration.ZERO, CALL_END.minus(MS));
        Readiness.Decision exactly = Readiness.decide(CALL_END, null, LAST_SEGMENT, Duration.ZERO, Duration.ZERO, CALL_END);
        assertThat(before.mayStore()).isFalse();
        assertThat(before.mayPostAnalytics()).isFalse();
        assertThat(exactly.mayStore()).isTrue();
        assertThat(exactly.mayPostAnalytics()).isTrue();
    }

    @Test
    void takesAnInjectedClock() {
        Clock clock = Clock.fixed(CALL_END.plus(ACW), ZoneOffset.UTC);
        Readiness.Decision d = Readiness.decide(CALL_END, null, LAST_SEGMENT, ACW, CALL_END_WAIT, clock);
        assertThat(d.decidedAt()).isEqualTo(clock.instant());
        assertThat(d.mayStore()).isTrue();
        assertThat(Readiness.decide(CALL_END, null, LAST_SEGMENT, ACW, CALL_END_WAIT,
                Clock.offset(clock, MS.negated())).mayStore()).isFalse();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> Readiness.decide(null, null, null, ACW, CALL_END_WAIT, CALL_END))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Readiness.decide(CALL_END, null, null, Duration.ofMinutes(-1), CALL_END_WAIT, CALL_END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acwThreshold");
        assertThatThrownBy(() -> Readiness.decide(CALL_END, null, null, ACW, Duration.ofMinutes(-1), CALL_END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callEndThreshold");
    }
}
