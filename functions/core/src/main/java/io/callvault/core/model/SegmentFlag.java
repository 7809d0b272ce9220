package io.callvault.core.model;

/**
 * Something about a media server's post that was accepted but is worth a metric: the intake keeps the
 * segment and says what it had to tolerate (spec intake.md §7.4).
 */
public enum SegmentFlag {
    /** {@code stopTime == startTime}: the guide's value when the media server failed (L32779). Accepted. */
    STOP_TIME_EQUALS_START_TIME,
    /** No {@code stopTime} at all: taken as {@code startTime}, the guide's failure value (L32779). */
    STOP_TIME_MISSING,
    /** No {@code tenant}: the guide routes such items to tenant {@code UNKNOWN} (L34725). */
    TENANT_MISSING,
    /** {@code duration} was not a whole number of milliseconds >= 0 and was left out. */
    DURATION_DROPPED,
    /** {@code size} was not a whole number of bytes >= 0 and was left out (media ingest measures it again). */
    SIZE_DROPPED,
    /** {@code rp.speechminer_auth} (any spelling) was in the parameters and was removed (spec §1.2, §7.4.9). */
    RECEIVER_CREDENTIALS_STRIPPED
}
