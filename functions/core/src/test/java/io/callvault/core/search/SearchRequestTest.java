package io.callvault.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.model.CallType;
import io.callvault.core.model.RecordingKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchRequestTest {
    static SearchRequest calls(String... pairs) {
        Map<String, String> q = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            q.put(pairs[i], pairs[i + 1]);
        }
        return SearchRequest.parse(RecordingKind.CALL, q);
    }

    static void refused(String field, String... pairs) {
        assertThatThrownBy(() -> calls(pairs)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void readsEveryParameterOfTheGuide() {
        SearchRequest r = calls("startTime", "0", "endTime", "2015-06-24T20:19:36.000+0000",
                "callerPhoneNumber", "+1 (555) 010-99*", "dialedPhoneNumber", "1002", "userName", "Alice AND amb*",
                "userData", "SRSScreenRecordingStateStarted tom*", "label", "escalated", "agentId", "1000",
                "callType", "Inbound", "screenRecording", "true", "limit", "250", "scanAndScroll", "true");
        assertThat(r.startTime()).isEqualTo(Instant.EPOCH);
        assertThat(r.endTime()).isEqualTo(Instant.parse("2015-06-24T20:19:36Z"));
        assertThat(r.callerPhoneNumber()).isEqualTo("155501099*");
        assertThat(r.dialedPhoneNumber()).isEqualTo("1002");
        assertThat(r.userName().terms()).containsExactly("alice", "amb*");
        assertThat(r.userName().all()).isTrue();
        assertThat(r.userData()).containsExactly("SRSScreenRecordingStateStarted", "tom*");
        assertThat(r.label()).isEqualTo("escalated");
        assertThat(r.agentId()).isEqualTo("1000");
        assertThat(r.callType()).isEqualTo(CallType.INBOUND);
        assertThat(r.screenRecording()).isTrue();
        assertThat(r.limit()).isEqualTo(250);
    }

    @Test
    void defaultsAndOrSemantics() {
        SearchRequest r = calls("userName", "alice  Bob");
        assertThat(r.limit()).isEqualTo(SearchRequest.DEFAULT_LIMIT);
        assertThat(r.userName().all()).isFalse();
        assertThat(r.userName().terms()).containsExactly("alice", "bob");
        assertThat(calls().startTime()).isNull();
    }

    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(delimiter = '|', value = {
            "callerPhoneNumber | *",
            "callerPhoneNumber | ***",
            "callerPhoneNumber | 1?2",
            "callerPhoneNumber | 1\\2",
            "callerPhoneNumber | a*b*c*d*e*f",
            "callerPhoneNumber | 12345678901234567890123456789012345678901234567890123456789012345",
            "userName | name:alice",
            "userName | (alice OR bob)",
            "userName | alice~2",
            "userName | *",
            "userName | AND",
            "userData | a[b]",
            "userData | {\"match_all\":{}}",
            "userData | ^boost",
            "limit | 0",
            "limit | 1001",
            "limit | ten",
            "limit | -1",
            "startTime | yesterday",
            "endTime | 99999999999999999",
            "callType | Sideways",
            "screenRecording | yes",
            "scanAndScroll | 1",
            "q | *:*",
            "size | 10000",
    })
    void refusesWhatCouldChangeOrBloatTheQuery(String field, String value) {
        refused(field, field, value);
    }

    @Test
    void tenThousandTermsAre400() {
        refused("userName", "userName", "a ".repeat(10_000));
        refused("userData", "userData", "x ".repeat(10_000));
    }

    @Test
    void endBeforeStartIs400() {
        refused("endTime", "startTime", "2000", "endTime", "1000");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"+1 555 0100", "1-555-0100", "(555)0100", "15550100"})
    void phoneNumbersAreComparedAsAlphanumerics(String written) {
        String digits = SearchTerms.normalizePhone(written);
        assertThat(calls("callerPhoneNumber", written).callerPhoneNumber()).isEqualTo(digits);
    }

    @Test
    void screenSearchesTakeCallRecordingIdsAndNotCallFields() {
        SearchRequest r = SearchRequest.parse(RecordingKind.SCREEN, Map.of("callRecordingIds", "A1,B2, C3"));
        assertThat(r.callRecordingIds()).containsExactly("A1", "B2", "C3");
        assertThatThrownBy(() -> SearchRequest.parse(RecordingKind.SCREEN, Map.of("callerPhoneNumber", "1")))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> SearchRequest.parse(RecordingKind.SCREEN,
                Map.of("callRecordingIds", String.join(",", java.util.Collections.nCopies(101, "A")))))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> SearchRequest.parse(RecordingKind.SCREEN, Map.of("callRecordingIds", "A,../x")))
                .isInstanceOf(InvalidFieldException.class);
        assertThat(List.of(r.kind())).containsExactly(RecordingKind.SCREEN);
    }
}
