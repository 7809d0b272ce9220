package io.callvault.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ages in whole days from startTime to the scheduled time, {@code minAge <= age <= maxAge} (architecture, "Time"). */
class AgeWindowTest {
    static final Instant T0 = Instant.parse("2026-11-22T22:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final Duration MS = Duration.ofMillis(1);

    @Test
    void oneToTwoDaysHoldsWholeDaysOneAndTwo() {
        AgeWindow w = AgeWindow.of(T0, 1, 2);
        assertThat(w.contains(T0.minus(DAY))).as("exactly 1 day: age 1").isTrue();
        assertThat(w.contains(T0.minus(DAY).plus(MS))).as("1 ms under a day: age 0").isFalse();
        assertThat(w.contains(T0.minus(DAY.multipliedBy(3)).plus(MS))).as("2 d 23:59:59.999: age 2").isTrue();
        assertThat(w.contains(T0.minus(DAY.multipliedBy(3)))).as("exactly 3 days: age 3").isFalse();
        assertThat(w.contains(T0.plus(DAY))).as("in the future").isFalse();
    }

    @Test
    void noMaxAgeMeansOrOlder() {
        AgeWindow w = AgeWindow.of(T0, 365, null);
        assertThat(w.after()).isNull();
        assertThat(w.contains(Instant.parse("1999-01-01T00:00:00Z"))).isTrue();
        assertThat(w.contains(T0.minus(DAY.multipliedBy(365)))).isTrue();
        assertThat(w.contains(T0.minus(DAY.multipliedBy(365)).plus(MS))).isFalse();
    }

    @Test
    void ageIsFlooredWholeDays() {
        assertThat(AgeWindow.ageInDays(T0, T0.minus(DAY).plus(MS))).isZero();
        assertThat(AgeWindow.ageInDays(T0, T0.minus(DAY))).isEqualTo(1);
        assertThat(AgeWindow.ageInDays(T0, T0.plus(MS))).isEqualTo(-1);
    }
}
