package io.callvault.core.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a failed step (a store, an analytics post) is tried again: exponential back-off from
 * {@link #firstInterval} doubling up to {@link #maxInterval}, until {@link #deadline} after the first attempt,
 * past which the item is dead-lettered. The guide's Voice Processor keeps trying for 40 days (spec intake.md
 * §3, §7.1.4) and gives no schedule; 30 s doubling to one hour reaches the hourly pace after 7 attempts and
 * makes about 965 attempts in 40 days.
 */
public record RetrySchedule(Duration firstInterval, Duration maxInterval, Duration deadline) {
    public static final RetrySchedule GUIDE = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(40));

    public RetrySchedule {
        Objects.requireNonNull(firstInterval, "firstInterval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(deadline, "deadline");
        if (firstInterval.isNegative() || firstInterval.isZero() || maxInterval.compareTo(firstInterval) < 0
                || deadline.isNegative()) {
            throw new IllegalArgumentException("retry schedule needs 0 < firstInterval <= maxInterval and deadline >= 0");
        }
    }

    /** The wait after the {@code failures}-th failure (1 = the first attempt failed). */
    public Duration intervalAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1, got " + failures);
        }
        int doublings = Math.min(failures - 1, 40);
        long millis = firstInterval.toMillis();
        for (int i = 0; i < doublings && millis < maxInterval.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxInterval.toMillis()));
    }

    /**
     * The next attempt after the {@code failures}-th failure at {@code now}, or empty when that would be past the
     * deadline counted from {@code firstAttemptAt}: the item is then dead-lettered.
     */
    public java.util.Optional<Instant> nextAttempt(Instant firstAttemptAt, int failures, Instant now) {
        Instant next = now.plus(intervalAfter(failures));
        return next.isAfter(firstAttemptAt.plus(deadline)) ? java.util.Optional.empty() : java.util.Optional.of(next);
    }
}
