package io.callvault.core.model;

import java.util.Map;

/** Attached-data changes carried by a Data event: flat key to value maps (guide L32969-L32999). */
public record EventData(Map<String, String> added, Map<String, String> updated, Map<String, String> deleted) {
    public EventData {
        added = added == null ? Map.of() : Map.copyOf(added);
        updated = updated == null ? Map.of() : Map.copyOf(updated);
        deleted = deleted == null ? Map.of() : Map.copyOf(deleted);
    }
}
