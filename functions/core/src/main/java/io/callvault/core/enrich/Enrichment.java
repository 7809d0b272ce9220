package io.callvault.core.enrich;

import io.callvault.core.model.Recording;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link RecordingEnricher#enrich}: the recording for
 * {@link io.callvault.core.store.RecordingStore#ingest} and what was met on the way.
 */
public record Enrichment(Recording recording, EnrichmentReport report) {
    public Enrichment {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(report, "report");
    }

    /**
     * The recording without the media files already stored. The store is idempotent on a media file's
     * content, and a stored segment enriched again later may differ (a partition set or a hierarchy changed
     * since): re-ingesting it would be a conflict. A late segment is therefore stored alone, with the whole
     * event history (events are keyed by id, so the stored ones are not written twice).
     */
    public Recording withoutMedia(Collection<String> storedMediaIds) {
        Set<String> stored = Set.copyOf(storedMediaIds);
        return recording.toBuilder()
                .mediaFiles(recording.mediaFiles().stream().filter(m -> !stored.contains(m.mediaId())).toList())
                .build();
    }
}
