package io.callvault.core.lifecycle;

import io.callvault.core.model.RecordingKind;

/** A task's {@code filter.type} (L32628): call recordings ({@code voice}) or screen recordings ({@code screen}). */
public enum FilterType {
    VOICE("voice", RecordingKind.CALL), SCREEN("screen", RecordingKind.SCREEN);

    private final String wireName;
    private final RecordingKind kind;

    FilterType(String wireName, RecordingKind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    public String wireName() {
        return wireName;
    }

    /** The recordings the task selects. */
    public RecordingKind kind() {
        return kind;
    }
}
