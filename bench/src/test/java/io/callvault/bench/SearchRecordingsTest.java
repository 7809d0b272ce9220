package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.model.Recording;
import io.callvault.core.search.SearchTerms;
import org.junit.jupiter.api.Test;

class SearchRecordingsTest {
    private final SearchRecordings recordings = new SearchRecordings("T");

    @Test
    void aRecordingIsTheSameEveryTimeAndReadsAsAPost() {
        Recording a = recordings.recording(42);
        assertThat(recordings.recording(42)).isEqualTo(a);
        assertThat(a.id()).isEqualTo("T00000042");
        assertThat(a.mediaFiles()).hasSizeBetween(1, 2);
        assertThat(a.eventHistory()).hasSizeBetween(5, 7);
        assertThat(a.startTime()).isBetween(SearchRecordings.T0, SearchRecordings.T0.plusSeconds(SearchRecordings.DAYS * 86_400L));
    }

    @Test
    void theShapeIsWhatTheRecordingHolds() {
        for (int i = 0; i < 200; i++) {
            SearchRecordings.Shape s = SearchRecordings.shape(i);
            Recording r = recordings.recording(i);
            assertThat(r.callType().wireName()).isEqualTo(s.callType());
            assertThat(SearchTerms.normalizePhone(r.callerPhoneNumber())).isEqualTo(s.caller().replaceAll("[^0-9]", ""));
            assertThat(r.mediaFiles()).hasSize(s.secondAgent() == null ? 1 : 2);
            assertThat(r.mediaFiles().get(0).accessgroups())
                    .containsExactly(SearchRecordings.accessGroup(SearchRecordings.team(s.agent())));
            assertThat(r.labels().contains("vip")).isEqualTo(s.vip());
        }
    }
}
