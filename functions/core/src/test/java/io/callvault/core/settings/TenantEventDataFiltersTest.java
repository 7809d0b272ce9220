package io.callvault.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guide's attached-data filters (spec intake.md §2.3, L9693-L9718; cases of §7.4.13). */
class TenantEventDataFiltersTest {
    static TenantEventDataFilters parse(String json) {
        try {
            return TenantEventDataFilters.parse("value", Json.parse(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void defaultsDropOrsiWweAndPegagKeysAndKeepTheRest() {
        TenantEventDataFilters f = TenantEventDataFilters.defaults();
        for (String key : new String[] {"ORSI:SessionId", "WWE_Note", "PegAGTarget"}) {
            assertThat(f.dropsAttachedData(key)).as(key).isTrue();
            assertThat(f.dropsAcwCustomData(key)).as(key).isTrue();
        }
        for (String key : new String[] {"GRECORD_PARTITIONS", "GRECORD_PROGRAM", "GSIP_REC_FN", "GSRState", "DispositionCode",
                "orsi:lowercase", "MyORSI:key"}) {
            assertThat(f.dropsAttachedData(key)).as(key).isFalse();
        }
        assertThat(f.effective().toString()).contains("^ORSI:|^WWE|^PegAG")
                .contains("^(GRECORD_(PARTITIONS|PROGRAM)|GSRState|GSRs_STATE|GSIP_REC_FN)$");
    }

    @Test
    void aTenantsPatternReplacesTheDefaultOfItsSlotOnly() {
        TenantEventDataFilters f = parse("{\"attachedDataFilter\":\"^Secret\"}");
        assertThat(f.dropsAttachedData("SecretCode")).isTrue();
        assertThat(f.dropsAttachedData("ORSI:x")).as("the default attached filter is replaced").isFalse();
        assertThat(f.dropsAcwCustomData("ORSI:x")).as("the ACW slot keeps its default").isTrue();
        assertThat(f.setting().toString()).isEqualTo("{\"attachedDataFilter\":\"^Secret\"}");
    }

    @Test
    void theKeysTheGuideSaysNeverToRemoveSurviveAFilterThatMatchesEverything() {
        TenantEventDataFilters f = parse("{\"attachedDataFilter\":\".\",\"disableAttachedDataFilterException\":true,"
                + "\"acwCustomDataFilter\":\"G\",\"acwCustomDataFilterException\":\"^$\"}");
        assertThat(f.dropsAttachedData("anything")).isTrue();
        assertThat(f.dropsAttachedData("GSRState")).as("no exception any more").isTrue();
        for (String key : TenantEventDataFilters.NEVER_DROPPED) {
            assertThat(f.dropsAttachedData(key)).as(key).isFalse();
            assertThat(f.dropsAcwCustomData(key)).as(key).isFalse();
        }
    }

    @Test
    void disablingASlotSwitchesItOff() {
        TenantEventDataFilters f = parse("{\"disableAttachedDataFilter\":true,\"disableAcwCustomDataFilter\":false}");
        assertThat(f.dropsAttachedData("ORSI:x")).isFalse();
        assertThat(f.dropsAcwCustomData("ORSI:x")).isTrue();
        assertThat(f.effective().get("attachedDataFilter").isNull()).isTrue();
    }

    @Test
    void aKeyOnWhichTheFilterRunsOutOfBudgetIsDroppedAndAnExceptionThatDoesExceptsNothing() {
        TenantEventDataFilters f = parse("{\"attachedDataFilter\":\"(.*a){3}b\",\"attachedDataFilterException\":\"(.*a){3}c\"}");
        assertThat(f.dropsAttachedData("a".repeat(400))).isTrue();
        assertThat(f.dropsAttachedData("a".repeat(30))).as("within budget and not matched").isFalse();
        assertThat(f.dropsAttachedData("GSIP_REC_FN")).isFalse();
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
                () -> TenantEventDataFilters.parse("value", Json.object().put(name, "x")));
        assertThat(e.field().length()).isLessThan(120);
        assertThat(e.field()).doesNotContain("\u0001");
    }
}
