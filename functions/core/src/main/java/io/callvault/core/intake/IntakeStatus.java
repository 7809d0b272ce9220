package io.callvault.core.intake;

/**
 * Where an unfinished intake item stands, as {@code GET .../intake-status} counts it.
 *
 * <ul>
 *   <li>{@link #AWAITING_MEDIA}: a call with interaction events and no recording post yet (not counted as pending:
 *       most calls are not recorded).</li>
 *   <li>{@link #PENDING}: waiting for a threshold or for its first attempt (enrichment and store, or the
 *       analytics post).</li>
 *   <li>{@link #RETRYING}: an attempt failed and another is scheduled.</li>
 *   <li>{@link #DEAD}: past the retry deadline or refused for good; kept until re-driven.</li>
 * </ul>
 */
public enum IntakeStatus { AWAITING_MEDIA, PENDING, RETRYING, DEAD }
