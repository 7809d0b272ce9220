package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.codec.InteractionEventCodec;
import io.callvault.core.codec.MediaServerPostCodec;
import io.callvault.core.enrich.AgentLookup;
import io.callvault.core.enrich.DirectoryAgent;
import io.callvault.core.enrich.InteractionTimeline;
import io.callvault.core.enrich.RecordingEnricher;
import io.callvault.core.enrich.RegexEventDataFilters;
import io.callvault.core.model.CallEvent;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.Recording;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The enrich section's calls are what intake accepts and enrich to what the section counts on. */
class EnrichCallsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

    private static Recording enriched(int call) {
        String callUuid = EnrichCalls.callUuid(EnrichBenchmark.MEASURED_PREFIX, call);
        List<RawSegment> segments = new ArrayList<>();
        for (int s = 0; s < EnrichCalls.SEGMENTS; s++) {
            segments.addAll(MediaServerPostCodec.parse("cc", EnrichCalls.segmentPost(callUuid, call, T0, s)).segments());
        }
        List<InteractionEvent> events = InteractionEventCodec.parse(callUuid, EnrichCalls.eventsPost(callUuid, call, T0));
        List<DirectoryAgent> directory = IntStream.range(0, EnrichCalls.AGENTS)
                .mapToObj(n -> new DirectoryAgent(EnrichCalls.agent(n), "F", "L", List.of(EnrichCalls.team(n)))).toList();
        return RecordingEnricher.enrich(segments, events, AgentLookup.of(directory), RegexEventDataFilters.defaults(),
                Duration.ZERO).recording();
    }

    @Test
    void aCallIsTwoSegmentsAndTwelveEventsThatEnrichIntoOneRecordingOfItsAgents() {
        String callUuid = EnrichCalls.callUuid(EnrichBenchmark.MEASURED_PREFIX, 42);
        assertThat(callUuid).hasSize(32).isEqualTo("BENCHENRM00000000000000000000042");
        assertThat(InteractionEventCodec.parse(callUuid, EnrichCalls.eventsPost(callUuid, 42, T0))).hasSize(EnrichCalls.EVENTS);

        Recording r = enriched(42);
        assertThat(r.id()).isEqualTo(callUuid);
        assertThat(r.mediaFiles()).hasSize(EnrichCalls.SEGMENTS);
        MediaFile first = r.mediaFiles().get(0);
        MediaFile second = r.mediaFiles().get(1);
        assertThat(first.parameters().get("username").asText()).isEqualTo(EnrichCalls.agent(42));
        assertThat(second.parameters().get("username").asText()).isEqualTo(EnrichCalls.agent(49));
        assertThat(first.accessgroups()).containsExactly(EnrichCalls.team(42));
        assertThat(second.accessgroups()).containsExactly(EnrichCalls.team(49));
        assertThat(first.partitions()).contains("sales", "/sales", "/support");
        assertThat(first.parameters().toString()).doesNotContainIgnoringCase("speechminer_auth");
        // CallEnded and the two AfterCallWorkDone time the call; the other nine are its history, the filtered keys gone.
        assertThat(r.eventHistory()).hasSize(9);
        String data = r.eventHistory().stream().map(CallEvent::data).filter(d -> d != null).toList().toString();
        assertThat(data).contains("GRECORD_PARTITIONS", "GSIP_REC_FN", "CaseId", "From:tag")
                .doesNotContain("ORSI:", "WWE", "PegAG");
    }

    @Test
    void everyCallHasEndedWhenItIsPosted() {
        String callUuid = EnrichCalls.callUuid(EnrichBenchmark.MEASURED_PREFIX, 7);
        Instant postedAt = T0.plusSeconds(EnrichCalls.CALL_SECONDS + 1);
        InteractionTimeline timeline = InteractionTimeline.of(
                InteractionEventCodec.parse(callUuid, EnrichCalls.eventsPost(callUuid, 7, T0)));
        assertThat(timeline.callEndedAt()).isBefore(postedAt);
        assertThat(timeline.acwDoneAt()).as("both agents' after-call work done").isEqualTo(T0.plusSeconds(110))
                .isBefore(postedAt);
        Recording r = enriched(7);
        assertThat(r.stopTime()).isBefore(postedAt);
        // Media ids carry the call and are unique per segment.
        assertThat(r.mediaFiles()).extracting(MediaFile::mediaId).doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith(callUuid + "_"));
    }
}
