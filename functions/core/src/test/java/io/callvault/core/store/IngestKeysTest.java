package io.callvault.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.model.RecordingKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IngestKeysTest {
    @Test
    void roundTripsTheConvention() {
        var key = IngestKeys.of("cc-1", RecordingKind.SCREEN, "Jz0Vt5zQ55mcnS8ibDzFsA_02A1_2017_03_30_17_00_19");
        assertThat(key.key()).isEqualTo("cc-1/screens/Jz0Vt5zQ55mcnS8ibDzFsA_02A1_2017_03_30_17_00_19");
        assertThat(IngestKeys.parse(key.key())).contains(key);
        assertThat(IngestKeys.parse("cc-1/calls/a.mp3")).hasValueSatisfying(k -> {
            assertThat(k.kind()).isEqualTo(RecordingKind.CALL);
            assertThat(k.mediaId()).isEqualTo("a.mp3");
        });
    }

    @ParameterizedTest(name = "key [{0}]")
    @ValueSource(strings = {"", "cc/calls", "cc/calls/", "cc/videos/a.mp4", "cc/calls/a/b.mp3", "cc/calls/..",
            "../calls/a.mp3", "cc/calls/a b.mp3", "cc/calls/%2F"})
    void ignoresKeysOutsideTheConvention(String key) {
        assertThat(IngestKeys.parse(key)).isEmpty();
    }
}
