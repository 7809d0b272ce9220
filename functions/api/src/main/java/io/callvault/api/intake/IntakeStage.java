package io.callvault.api.intake;

import io.callvault.core.intake.IntakeKeys;
import java.util.Optional;

/** The two unfinished kinds of work of a call: its enrichment and store ({@code STATE}), its analytics post ({@code NOTIFY}). */
public enum IntakeStage {
    ENRICHMENT("enrichment", IntakeKeys.STATE),
    ANALYTICS("analytics", IntakeKeys.NOTIFY);

    private final String label;
    private final String sortKey;

    IntakeStage(String label, String sortKey) {
        this.label = label;
        this.sortKey = sortKey;
    }

    /** As the API names it: {@code enrichment}, {@code analytics}. */
    public String label() {
        return label;
    }

    /** The sort key of the item that holds this stage's state. */
    public String sortKey() {
        return sortKey;
    }

    public static Optional<IntakeStage> ofSortKey(String sk) {
        for (IntakeStage s : values()) {
            if (s.sortKey.equals(sk)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static Optional<IntakeStage> ofLabel(String label) {
        for (IntakeStage s : values()) {
            if (s.label.equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
