package io.callvault.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tenant's eventDataFilters (spec intake.md §2.3; guide L7819-L7911, L9683-L9718). */
class RegexEventDataFiltersTest {
    final RegexEventDataFilters defaults = RegexEventDataFilters.defaults();

    static RegexEventDataFilters settings(String json) throws Exception {
        return RegexEventDataFilters.fromSettings(Json.parse(json));
    }

    @ParameterizedTest(name = "default drops {0}")
    @ValueSource(strings = {"ORSI:Internal", "ORSI:", "WWEBundle", "WWE", "PegAGRoute", "ORSI:GRECORD_PARTITIONS_X"})
    void theVoiceProcessorDefaultsDropOrsiWweAndPegagKeys(String key) {
        // L9715, L9717; spec §7.4.13
        assertThat(defaults.dropsAttachedData(key)).isTrue();
        assertThat(defaults.dropsAcwCustomData(key)).isTrue();
    }

    @ParameterizedTest(name = "default keeps {0}")
    @ValueSource(strings = {"GRECORD_PARTITIONS", "GRECORD_PROGRAM", "GSIP_REC_FN", "GSRState", "GSRs_STATE", "From:tag",
            "GSIP_RECORD", "DispositionCode", "orsi:lowercase", "xORSI:", "wwe", "A_WWE", ""})
    void theDefaultsKeepEverythingElse(String key) {
        // The filters are anchored and case-sensitive, as the guide writes them.
        assertThat(defaults.dropsAttachedData(key)).isFalse();
        assertThat(defaults.dropsAcwCustomData(key)).isFalse();
    }

    @Test
    void anExceptionSavesAKeyTheFilterMatches() {
        RegexEventDataFilters f = RegexEventDataFilters.of("^G", "^(GRECORD_PARTITIONS|GSIP_REC_FN)$", null, null);
        assertThat(f.dropsAttachedData("GSIP_RECORD")).isTrue();
        assertThat(f.dropsAttachedData("GSIP_REC_FN")).isFalse();
        assertThat(f.dropsAttachedData("GRECORD_PARTITIONS")).isFalse();
        assertThat(f.dropsAcwCustomData("GSIP_RECORD")).as("the ACW filter is its own").isFalse();
    }

    @Test
    void theDefaultExceptionCoversBothSpellingsOfTheScreenStateKey() {
        // L9716 prints GSRState, L10225 GSRs_STATE (spec §2.3 AMBIGUOUS): keep both.
        RegexEventDataFilters everything = RegexEventDataFilters.of(".", RegexEventDataFilters.DEFAULT_EXCEPTION, null, null);
        assertThat(everything.dropsAttachedData("GSRState")).isFalse();
        assertThat(everything.dropsAttachedData("GSRs_STATE")).isFalse();
        assertThat(everything.dropsAttachedData("GRECORD_PROGRAM")).isFalse();
        assertThat(everything.dropsAttachedData("GSRState2")).isTrue();
    }

    @Test
    void settingsInTheVoiceProcessorsShapeReplaceOrSwitchOffTheDefaults() throws Exception {
        assertThat(RegexEventDataFilters.fromSettings(null).toString()).isEqualTo(defaults.toString());
        assertThat(settings("{}").toString()).isEqualTo(defaults.toString());

        RegexEventDataFilters custom = settings("{\"attachedDataFilter\":\"^Secret\",\"disableAcwCustomDataFilter\":true}");
        assertThat(custom.attachedDataFilter()).isEqualTo("^Secret");
        assertThat(custom.attachedDataFilterException()).isEqualTo(RegexEventDataFilters.DEFAULT_EXCEPTION);
        assertThat(custom.acwCustomDataFilter()).isNull();
        assertThat(custom.acwCustomDataFilterException()).isEqualTo(RegexEventDataFilters.DEFAULT_EXCEPTION);
        assertThat(custom.dropsAttachedData("SecretCode")).isTrue();
        assertThat(custom.dropsAttachedData("ORSI:x")).as("the replaced default no longer applies").isFalse();
        assertThat(custom.dropsAcwCustomData("ORSI:x")).isFalse();

        RegexEventDataFilters noException = settings("{\"disableAttachedDataFilterException\":true,"
                + "\"attachedDataFilter\":\"^G\",\"disableAcwCustomDataFilterException\":false}");
        assertThat(noException.attachedDataFilterException()).isNull();
        assertThat(noException.dropsAttachedData("GSIP_REC_FN")).as("the enricher protects it, not the filter").isTrue();
        assertThat(noException.acwCustomDataFilterException()).isEqualTo(RegexEventDataFilters.DEFAULT_EXCEPTION);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "uncompilable          | {\"attachedDataFilter\":\"^(ORSI\"}                                  | eventDataFilters.attachedDataFilter",
            "Python named group    | {\"acwCustomDataFilter\":\"(?P<k>ORSI)\"}                            | eventDataFilters.acwCustomDataFilter",
            "bad exception         | {\"acwCustomDataFilterException\":\"[\"}                             | eventDataFilters.acwCustomDataFilterException",
            "blank                 | {\"attachedDataFilter\":\"\"}                                        | eventDataFilters.attachedDataFilter",
            "not a string          | {\"attachedDataFilter\":5}                                          | eventDataFilters.attachedDataFilter",
            "disable not a boolean | {\"disableAttachedDataFilter\":\"yes\"}                             | eventDataFilters.disableAttachedDataFilter",
            "both set              | {\"attachedDataFilter\":\"^X\",\"disableAttachedDataFilter\":true}   | eventDataFilters.attachedDataFilter",
            "unknown key (typo)    | {\"attachedDataFiltre\":\"^X\"}                                      | eventDataFilters.attachedDataFiltre",
            "not an object         | [\"^X\"]                                                            | eventDataFilters",
    })
    void badSettingsAreRefusedWhenReadNotWhenARecordingIsEnriched(String name, String json, String field) {
        // Spec §7.4.13: an invalid tenant regex is a config error at settings-load time.
        assertThatThrownBy(() -> settings(json)).isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo(field);
    }

    @Test
    void aPatternThatBacktracksForEverDropsTheKeyWithinItsBudget() {
        // Java memoises plain nested quantifiers; a back reference or a counted repeat still explodes. The
        // attached-data filter backtracks for ever; the ACW filter matches and its exception backtracks for ever.
        RegexEventDataFilters evil = RegexEventDataFilters.of("^(a+)+\\1$", null, "^a", "(.*a){12}$");
        String hostile = "a".repeat(200) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(evil.dropsAttachedData(hostile)).isTrue();
            assertThat(evil.dropsAcwCustomData(hostile)).isTrue();
        });
        assertThat(evil.dropsAttachedData("aaaa")).isTrue();
        assertThat(evil.dropsAttachedData("b")).isFalse();
        assertThat(evil.dropsAcwCustomData("a".repeat(12))).as("excepted").isFalse();
    }

    @Test
    void longPatternsAreRefused() {
        assertThatThrownBy(() -> RegexEventDataFilters.of("a".repeat(RegexEventDataFilters.MAX_PATTERN_CHARS + 1), null, null, null))
                .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void noneKeepsEverything() {
        EventDataFilters none = EventDataFilters.none();
        assertThat(none.dropsAttachedData("ORSI:x")).isFalse();
        assertThat(none.dropsAcwCustomData("WWE")).isFalse();
        assertThat(EventDataFilters.guideDefaults().dropsAttachedData("ORSI:x")).isTrue();
    }
}
