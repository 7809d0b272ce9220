package io.callvault.core.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * The recordings a task acts on, by {@code startTime}, at a run's scheduled time {@code t0}. Ages are whole days
 * (24 h) from {@code startTime} to {@code t0}, and a recording is in the window when {@code minAge <= age <= maxAge}
 * (architecture, "Time"). In instants: {@code t0 - (maxAge + 1) days < startTime <= t0 - minAge days}; with no
 * {@code maxAge} there is no lower bound.
 *
 * @param after        start times must be strictly later than this; null when the task has no {@code maxAge}
 * @param notAfter     start times must be at or before this
 */
public record AgeWindow(Instant after, Instant notAfter) {
    private static final Duration DAY = Duration.ofDays(1);

    public static AgeWindow of(Instant t0, int minAge, Integer maxAge) {
        Instant notAfter = t0.minus(DAY.multipliedBy(minAge));
        Instant after = maxAge == null ? null : t0.minus(DAY.multipliedBy(maxAge + 1L));
        return new AgeWindow(after, notAfter);
    }

    public boolean contains(Instant startTime) {
        return !startTime.isAfter(notAfter) && (after == null || startTime.isAfter(after));
    }

    /** The recording's age in whole days at {@code t0} (negative for a start time after it). */
    public static long ageInDays(Instant t0, Instant startTime) {
        return Math.floorDiv(Duration.between(startTime, t0).toMillis(), DAY.toMillis());
    }
}
