package io.callvault.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guide's attached-data filters (spec intake.md §2.3, L9693-L9718; cases of §7.4.13). */
class EventDataFiltersTest {
    static EventDataFilters parse(String json) {
        try {
            return EventDataFilters.parse("value", Json.parse(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void defaultsDropOrsiWweAndPegagKeysAndKeepTheRest() {
        EventDataFilters f = EventDataFilters.defaults();
        for (String key : new String[] {"ORSI:SessionId", "WWE_Note", "PegAGTarget"}) {
            assertThat(f.dropAttachedData(key)).as(key).isTrue();
            assertThat(f.dropAcwCustomData(key)).as(key).isTrue();
        }
        for (String key : new String[] {"GRECORD_PARTITIONS", "GRECORD_PROGRAM", "GSIP_REC_FN", "GSRState", "DispositionCode",
                "orsi:lowercase", "MyORSI:key"}) {
            assertThat(f.dropAttachedData(key)).as(key).isFalse();
        }
        assertThat(f.effective().toString()).contains("^ORSI:|^WWE|^PegAG")
                .contains("^(GRECORD_(PARTITIONS|PROGRAM)|GSRState|GSIP_REC_FN)$");
    }

    @Test
    void aTenantsPatternReplacesTheDefaultOfItsSlotOnly() {
        EventDataFilters f = parse("{\"attachedDataFilter\":\"^Secret\"}");
        assertThat(f.dropAttachedData("SecretCode")).isTrue();
        assertThat(f.dropAttachedData("ORSI:x")).as("the default attached filter is replaced").isFalse();
        assertThat(f.dropAcwCustomData("ORSI:x")).as("the ACW slot keeps its default").isTrue();
        assertThat(f.setting().toString()).isEqualTo("{\"attachedDataFilter\":\"^Secret\"}");
    }

    @Test
    void theKeysTheGuideSaysNeverToRemoveSurviveAFilterThatMatchesEverything() {
        EventDataFilters f = parse("{\"attachedDataFilter\":\".\",\"disableAttachedDataFilterException\":true,"
                + "\"acwCustomDataFilter\":\"G\",\"acwCustomDataFilterException\":\"^$\"}");
        assertThat(f.dropAttachedData("anything")).isTrue();
        assertThat(f.dropAttachedData("GSRState")).as("no exception any more").isTrue();
        for (String key : EventDataFilters.NEVER_DROPPED) {
            assertThat(f.dropAttachedData(key)).as(key).isFalse();
            assertThat(f.dropAcwCustomData(key)).as(key).isFalse();
        }
    }

    @Test
    void disablingASlotSwitchesItOff() {
        EventDataFilters f = parse("{\"disableAttachedDataFilter\":true,\"disableAcwCustomDataFilter\":false}");
        assertThat(f.dropAttachedData("ORSI:x")).isFalse();
        assertThat(f.dropAcwCustomData("ORSI:x")).isTrue();
        assertThat(f.effective().get("attachedDataFilter").isNull()).isTrue();
    }

    @Test
    void aKeyOnWhichTheFilterRunsOutOfBudgetIsDroppedAndAnExceptionThatDoesExceptsNothing() {
        EventDataFilters f = parse("{\"attachedDataFilter\":\"(.*a){3}b\",\"attachedDataFilterException\":\"(.*a){3}c\"}");
        assertThat(f.dropAttachedData("a".repeat(400))).isTrue();
        assertThat(f.dropAttachedData("a".repeat(30))).as("within budget and not matched").isFalse();
        assertThat(f.dropAttachedData("GSIP_REC_FN")).isFalse();
    }

    @ParameterizedTest(name = "refused [{0}]")
    @ValueSource(strings = {"[]", "\"^ORSI\"", "{\"attachedDataFiltr\":\"x\"}", "{\"attachedDataFilter\":1}",
            "{\"attachedDataFilter\":\"\"}", "{\"attachedDataFilter\":\"(\"}", "{\"disableAttachedDataFilter\":\"true\"}",
            "{\"attachedDataFilter\":\"x\",\"disableAttachedDataFilter\":true}", "{\"acwCustomDataFilter\":[\"x\"]}",
            "{\"acwCustomDataFilterException\":\"(.*a){20}\"}"})
    void badValuesAreRefusedNamingTheField(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).startsWith("value"));
    }

    @Test
    void anUnknownFieldWithAHostileNameIsNamedWithoutEchoingIt() {
        String name = "k\u0001" + "x".repeat(10_000);
        InvalidFieldException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidFieldException.class,
                () -> EventDataFilters.parse("value", Json.object().put(name, "x")));
        assertThat(e.field().length()).isLessThan(120);
        assertThat(e.field()).doesNotContain("\u0001");
    }
}
