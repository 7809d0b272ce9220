package io.callvault.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.IntakeFixtures;
import io.callvault.core.model.CallEvent;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.ConflictException;
import io.callvault.core.store.RecordingStore;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enricher's output goes through the store's ingest (DynamoDB Local) as the handlers will send it:
 * whole, repeated, and with a late segment after the first store (spec intake.md §7.4.10).
 */
class EnrichedIngestTest {
    static final StandInStack STACK = StandInStack.shared();
    static final Duration ACW = Duration.ofMinutes(5);

    final RecordingStore store = new RecordingStore(STACK.dynamo(), STACK.resourceName("RecordingsTable"), Clock.systemUTC());
    String ccid;

    @BeforeEach
    void newTenant() {
        ccid = UUID.randomUUID().toString();
    }

    static Enrichment enrich(List<RawSegment> segments, List<InteractionEvent> events, AgentLookup agents) {
        return RecordingEnricher.enrich(segments, events, agents, EventDataFilters.guideDefaults(), ACW);
    }

    static Recording withoutPlayIds(Recording r) {
        return r.toBuilder().mediaFiles(r.mediaFiles().stream().map(m -> m.withPlayId(null)).toList()).build();
    }

    @Test
    void anEnrichedRecordingIsStoredAsItIsAndARepeatWritesNothing() {
        Enrichment e = enrich(List.of(IntakeFixtures.segment(0), IntakeFixtures.segment(1)), IntakeFixtures.events(),
                Calls.directory());
        store.ingest(ccid, e.recording());
        var first = store.find(ccid, RecordingKind.CALL, IntakeFixtures.CALL_ID).orElseThrow();
        // The store reads events back in time order only; the enricher breaks ties by event id.
        assertThat(withoutPlayIds(first.recording()).toBuilder().eventHistory(List.of()).build())
                .isEqualTo(e.recording().toBuilder().eventHistory(List.of()).build());
        assertThat(first.recording().eventHistory()).containsExactlyInAnyOrderElementsOf(e.recording().eventHistory());

        store.ingest(ccid, e.recording());
        assertThat(store.find(ccid, RecordingKind.CALL, IntakeFixtures.CALL_ID).orElseThrow().version())
                .isEqualTo(first.version());
    }

    @Test
    void aLateSegmentJoinsTheStoredRecordingWithTheUnionOfEvents() {
        List<InteractionEvent> events = IntakeFixtures.events();
        // The second segment arrives first, with half the events, and is stored.
        Enrichment early = enrich(List.of(IntakeFixtures.segment(1)), events.subList(0, 6), Calls.directory());
        store.ingest(ccid, early.recording());
        // Then the first segment and the rest of the events: everything is enriched again, the stored media
        // file is left alone.
        Enrichment all = enrich(List.of(IntakeFixtures.segment(1), IntakeFixtures.segment(0)), events, Calls.directory());
        List<String> stored = store.find(ccid, RecordingKind.CALL, IntakeFixtures.CALL_ID).orElseThrow()
                .recording().mediaFiles().stream().map(MediaFile::mediaId).toList();
        store.ingest(ccid, all.withoutMedia(stored));

        Recording r = store.find(ccid, RecordingKind.CALL, IntakeFixtures.CALL_ID).orElseThrow().recording();
        assertThat(r.mediaFiles()).hasSize(2);
        assertThat(r.startTime()).isEqualTo(all.recording().startTime());
        assertThat(r.stopTime()).isEqualTo(all.recording().stopTime());
        assertThat(r.eventHistory()).extracting(CallEvent::eventId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(all.recording().eventHistory().stream().map(CallEvent::eventId).toList());
    }

    @Test
    void aStoredSegmentEnrichedAgainDifferentlyWouldConflictWhichIsWhyLateSegmentsGoAlone() {
        Enrichment before = enrich(List.of(IntakeFixtures.segment(0)), IntakeFixtures.events(), Calls.directory());
        store.ingest(ccid, before.recording());
        // The agent moved team since: the same segment now enriches to other access groups.
        AgentLookup moved = AgentLookup.of(List.of(new DirectoryAgent("agent1000", "F", "L", List.of("/team9"))));
        Enrichment after = enrich(List.of(IntakeFixtures.segment(0), IntakeFixtures.segment(1)), IntakeFixtures.events(), moved);
        assertThatThrownBy(() -> store.ingest(ccid, after.recording())).isInstanceOf(ConflictException.class);
        store.ingest(ccid, after.withoutMedia(List.of(IntakeFixtures.segment(0).mediaId())));
        // The stored segment keeps what it was stored with; the new one has what the directory says now.
        assertThat(store.find(ccid, RecordingKind.CALL, IntakeFixtures.CALL_ID).orElseThrow().recording().mediaFiles())
                .extracting(MediaFile::accessgroups).containsExactly(List.of("/team1"), List.of());
    }
}
