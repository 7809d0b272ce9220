package io.callvault.bench;

import java.util.Arrays;

/** What one timed load produced: how many operations, how long the whole run took, and each one's latency. */
record LoadResult(int operations, long elapsedNanos, long[] latencyNanos) {
    LoadResult {
        latencyNanos = latencyNanos.clone();
        Arrays.sort(latencyNanos);
    }

    double perSecond() {
        return operations / (elapsedNanos / 1e9);
    }

    /** Nearest-rank percentile in milliseconds, e.g. {@code percentileMillis(99)}. */
    double percentileMillis(double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * latencyNanos.length);
        return latencyNanos[Math.max(0, rank - 1)] / 1e6;
    }

    double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }
}
