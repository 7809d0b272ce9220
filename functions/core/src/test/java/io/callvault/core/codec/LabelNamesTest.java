package io.callvault.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelNamesTest {
    @ParameterizedTest(name = "accepted [{0}]")
    @ValueSource(strings = {"review", "screenRecording", "needs review", "Qualité-2026", "案件#42", "a.b", "50%",
            "x?y", "emoji \uD83D\uDE00", "A"})
    void printableNamesAreAccepted(String name) {
        assertThat(LabelNames.check("name", name)).isEqualTo(name);
    }

    @Test
    void oneHundredTwentyEightCharactersOfAnyScriptFitAndOneMoreDoesNot() {
        assertThat(LabelNames.check("name", "x".repeat(128))).hasSize(128);
        String astral = "\uD83D\uDE00".repeat(128);
        assertThat(LabelNames.check("name", astral)).isEqualTo(astral);
        assertThatThrownBy(() -> LabelNames.check("name", "x".repeat(129)))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("longer than 128");
        assertThatThrownBy(() -> LabelNames.check("name", "x".repeat(10_000)))
                .hasMessageContaining("(10000 characters)");
    }

    @ParameterizedTest(name = "refused [{0}]")
    @ValueSource(strings = {"", "*", "rev*", "../../etc/passwd", "a/b", "a\\b", ".", "..", "...", "a\u0000b", "a\nb",
            "a\tb", "a\u007fb", "a\u0085b", "evil\u202Eexe", "zero\u200Bwidth", "a\u2028b", "lone\uD800surrogate",
            "private\uE000use", " lead", "trail ", "\u00A0nbsp", "unassigned\u0378"})
    void hostileNamesAreRefusedNamingTheFieldWithoutEchoingThemRaw(String name) {
        assertThatThrownBy(() -> LabelNames.check("label", name)).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo("label");
            assertThat(e.getMessage()).doesNotContain("\u0000", "\n", "\u202E", "\u2028", "\uD800");
        });
    }

    @Test
    void aMissingNameIsRequired() {
        assertThatThrownBy(() -> LabelNames.check("name", null)).hasMessageContaining("is required");
    }
}
