package io.callvault.api.intake;

/** What became of one media file or event of a post. */
public enum Outcome {
    /** New: kept and counted for enrichment. */
    STORED,
    /** Posted before with the same content: nothing new (a retry). */
    DUPLICATE,
    /** Posted before with other content: the first is kept, this one is counted as a conflict and dropped. */
    CONFLICT
}
