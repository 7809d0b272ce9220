package io.callvault.core.enrich;

import java.time.Instant;
import java.util.List;

/**
 * What enrichment met on the way, for metrics and the intake status: counts and ids only, never a value
 * (attached data can be personal, and parameters once held a credential).
 *
 * @param segments                    distinct media files merged
 * @param duplicateSegments           repeated media files (same mediaId) left out
 * @param conflictingSegments         contents beyond the first for one mediaId; the smallest fingerprint is
 *                                    kept, so neither the choice nor the count depends on arrival order
 * @param events                      distinct interaction events
 * @param duplicateEvents             repeated events (same eventId) left out
 * @param conflictingEvents           contents beyond the first for one eventId; the smallest canonical JSON is kept
 * @param lateAcwEvents               ACW custom-data events after call end + acwThreshold, left out (L9722-L9731)
 * @param droppedKeys                 attached-data and ACW keys removed by the tenant's filters
 * @param emptiedDataEvents           data events left with no key after filtering, left out of eventHistory
 * @param rejectedAccessValues        partitions or hierarchy paths that were blank, too long, held control
 *                                    characters or went past the limit of 100 per media file
 * @param mediaIdsWithoutAgent        segments whose recorded agent could not be named (no
 *                                    {@code parameters.username}, no matching party): only {@code /} sees them
 * @param mediaIdsWithoutDirectoryEntry segments whose agent is not in the directory: no hierarchy path added
 * @param callEnd                     the call end the ACW cut-off counted from
 * @param callEndSource               whether a {@code CallEnded} event or the last segment gave it
 */
public record EnrichmentReport(int segments, int duplicateSegments, int conflictingSegments, int events,
                               int duplicateEvents, int conflictingEvents, int lateAcwEvents, int droppedKeys,
                               int emptiedDataEvents, int rejectedAccessValues, List<String> mediaIdsWithoutAgent,
                               List<String> mediaIdsWithoutDirectoryEntry, Instant callEnd,
                               Readiness.CallEndSource callEndSource) {
    public EnrichmentReport {
        mediaIdsWithoutAgent = List.copyOf(mediaIdsWithoutAgent);
        mediaIdsWithoutDirectoryEntry = List.copyOf(mediaIdsWithoutDirectoryEntry);
    }
}
