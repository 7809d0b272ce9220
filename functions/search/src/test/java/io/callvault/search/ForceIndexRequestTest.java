package io.callvault.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** forceIndex's window: guide L32278-32284 rounds from and to to the nearest hour, so the smallest window is one hour. */
class ForceIndexRequestTest {
    static final long NOW = Instant.parse("2024-06-01T12:34:56.789Z").toEpochMilli();

    static ForceIndexRequest parse(String json) {
        try {
            return ForceIndexRequest.parse(Json.parse(json), NOW);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest(name = "{0} .. {1} -> {2} .. {3}")
    @CsvSource({
            "2024-06-01T10:29:59.999Z, 2024-06-01T11:30:00Z, 2024-06-01T10:00:00Z, 2024-06-01T12:00:00Z",
            "2024-06-01T10:30:00Z,     2024-06-01T12:29:59Z, 2024-06-01T11:00:00Z, 2024-06-01T12:00:00Z",
            "2024-06-01T10:10:00Z,     2024-06-01T10:20:00Z, 2024-06-01T10:00:00Z, 2024-06-01T11:00:00Z",
            "2024-06-01T10:40:00Z,     2024-06-01T10:50:00Z, 2024-06-01T11:00:00Z, 2024-06-01T12:00:00Z",
            "2024-06-01T10:00:00Z,     2024-06-01T10:00:00Z, 2024-06-01T10:00:00Z, 2024-06-01T11:00:00Z",
            "2024-05-30T23:59:00Z,     2024-06-01T00:00:00Z, 2024-05-31T00:00:00Z, 2024-06-01T00:00:00Z",
    })
    void fromAndToAreRoundedToTheNearestHourAndTheWindowIsAtLeastOneHour(String from, String to, String wantFrom, String wantTo) {
        ForceIndexRequest r = parse("{\"from\":" + ms(from) + ",\"to\":\"" + ms(to) + "\"}");
        assertThat(Instant.ofEpochMilli(r.from())).isEqualTo(wantFrom);
        assertThat(Instant.ofEpochMilli(r.to())).isEqualTo(wantTo);
        assertThat(r.purgeOld()).isFalse();
    }

    @Test
    void toDefaultsToNowAndPurgeOldReadsBooleansAndTheirStrings() {
        ForceIndexRequest r = parse("{\"from\":\"0\",\"purgeOld\":\"true\"}");
        assertThat(r.from()).isZero();
        assertThat(Instant.ofEpochMilli(r.to())).isEqualTo("2024-06-01T13:00:00Z");
        assertThat(r.purgeOld()).isTrue();
        assertThat(parse("{\"from\":0,\"to\":null,\"purgeOld\":false}").purgeOld()).isFalse();
    }

    @Test
    void theLatestWindowStaysWithinThirteenDigitKeys() {
        ForceIndexRequest r = parse("{\"from\":" + ForceIndexRequest.MAX_MILLIS + ",\"to\":" + ForceIndexRequest.MAX_MILLIS + "}");
        assertThat(String.format("%013d", r.to())).hasSize(13);
        assertThat(r.to() - r.from()).isEqualTo(ForceIndexRequest.HOUR);
        assertThatThrownBy(() -> parse("{\"from\":" + (ForceIndexRequest.MAX_MILLIS + 1) + "}"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("from");
    }
}
