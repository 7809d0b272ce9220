package io.callvault.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GuideTimeTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // RWS metadata (guide L32876), media server (L26036), ISO with colon, other offsets, no or long fractions
            "2015-06-24T20:18:31.000+0000, 2015-06-24T20:18:31Z",
            "2015-06-24T20:19:03Z,         2015-06-24T20:19:03Z",
            "2015-06-24T20:19:03.5+00:00,  2015-06-24T20:19:03.500Z",
            "2015-06-24T22:19:03+0200,     2015-06-24T20:19:03Z",
            "2015-06-24T15:19:03-05,       2015-06-24T20:19:03Z",
            "2015-06-24T20:19:03.123456789Z, 2015-06-24T20:19:03.123456789Z"
    })
    void readsTheGuidesFormats(String text, String expected) {
        assertThat(GuideTime.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "yesterday", "2015-06-24T20:18:31", "2015-06-24 20:18:31Z", "2015-13-24T20:18:31Z",
            "2015-02-30T20:18:31Z", "2015-06-24T25:18:31Z", "1969-12-31T23:59:59Z", "2015-06-24T20:18:31+2500",
            "2015-06-24T20:18:31Z\n", "0000-01-01T00:00:00Z"})
    void refusesWhatIsNotAnUnambiguousTime(String text) {
        assertThat(GuideTime.parse(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void writesTheRwsForm() {
        assertThat(GuideTime.format(Instant.parse("2015-06-24T20:18:31Z"))).isEqualTo("2015-06-24T20:18:31.000+0000");
    }
}
