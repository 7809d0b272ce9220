package io.callvault.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.codec.InvalidFieldException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tenant regular expressions are bounded: they compile, are short, and no match runs away (spec intake.md §7.4.13). */
class BoundedPatternTest {
    @Test
    void theGuidesDefaultsCompileAndSearchAsPythonsReSearchDoes() {
        BoundedPattern filter = BoundedPattern.compile("f", TenantEventDataFilters.DEFAULT_FILTER);
        assertThat(filter.find("ORSI:session")).isTrue();
        assertThat(filter.find("WWEInteraction")).isTrue();
        assertThat(filter.find("PegAGx")).isTrue();
        assertThat(filter.find("xORSI:")).as("anchored with ^").isFalse();
        assertThat(BoundedPattern.compile("f", "ORSI").find("xxORSIxx")).as("search, not match").isTrue();
        BoundedPattern exception = BoundedPattern.compile("f", TenantEventDataFilters.DEFAULT_EXCEPTION);
        assertThat(exception.find("GRECORD_PARTITIONS")).isTrue();
        assertThat(exception.find("GRECORD_PARTITIONS_X")).isFalse();
        assertThat(exception.source()).isEqualTo(TenantEventDataFilters.DEFAULT_EXCEPTION);
    }

    @Test
    void pythonNamedGroupsAreReadAsJavas() {
        BoundedPattern p = BoundedPattern.compile("f", "^(?P<prefix>ORSI):(?P=prefix)$");
        assertThat(p.find("ORSI:ORSI")).isTrue();
        assertThat(p.find("ORSI:WWE")).isFalse();
    }

    @ParameterizedTest(name = "refused [{0}]")
    @ValueSource(strings = {"", "(", "[a-", "*abc", "a{2,1}", "(?<n>a", "\\", "(?P<1x>a)", "a\u0000b", "\u0007", "x\u007f"})
    void malformedPatternsAreRefusedNamingTheField(String pattern) {
        assertThatThrownBy(() -> BoundedPattern.compile("value.attachedDataFilter", pattern))
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("value.attachedDataFilter"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\u0007", "\u007f"));
    }

    @Test
    void aPatternLongerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> BoundedPattern.compile("f", "a".repeat(BoundedPattern.MAX_LENGTH + 1)))
                .hasMessageContaining("longer than " + BoundedPattern.MAX_LENGTH);
        assertThat(BoundedPattern.compile("f", "a".repeat(BoundedPattern.MAX_LENGTH)).find("a".repeat(2000))).isTrue();
        assertThatThrownBy(() -> BoundedPattern.compile("f", "(".repeat(5000) + ")".repeat(5000)))
                .isInstanceOf(InvalidFieldException.class);
    }

    /** Each reads a 40-character key billions of times on the probes (Java memoises (a+)+, not these). */
    @ParameterizedTest(name = "catastrophic [{0}]")
    @ValueSource(strings = {"(.*a){20}", "^(a+)+\\1$", "(.*?,){30}z", "^(.+)+\\1$", "(.*a){25}$"})
    void catastrophicBacktrackingIsRefusedWhenTheSettingIsSaved(String pattern) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> BoundedPattern.compile("value.acwCustomDataFilter", pattern))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("takes too long");
        assertThat(System.nanoTime() - started).as("refusing it is quick").isLessThan(5_000_000_000L);
    }

    @Test
    void aMatchThatRunsAwayAnywayStopsAtItsBudget() {
        // Polynomial, O(n^4): fine on the 40-character probes, billions of steps on a 400-character key.
        BoundedPattern p = BoundedPattern.compile("f", "(.*a){3}b");
        String hostile = "a".repeat(400);
        long started = System.nanoTime();
        assertThatThrownBy(() -> p.find(hostile)).isInstanceOf(BoundedPattern.BudgetExceededException.class);
        assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
        assertThat(p.find("aaab")).isTrue();
    }

    @Test
    void deepRecursionInsideAMatchCountsAsRunningOutOfBudget() {
        BoundedPattern p = BoundedPattern.compile("f", "^(a|b)*$");
        assertThat(p.find("abab")).isTrue();
        assertThatThrownBy(() -> p.find("ab".repeat(200_000))).isInstanceOf(BoundedPattern.BudgetExceededException.class);
    }
}
