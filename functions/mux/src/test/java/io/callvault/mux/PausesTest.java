package io.callvault.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.model.Mask;
import io.callvault.core.model.MediaFile;
import io.callvault.mux.media.MuxJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The call's pause/resume masks become the muxed video's blackouts (metadata spec: masks; G:435). */
class PausesTest {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    static MediaFile audio(Instant start, Instant stop, Mask... masks) {
        return MediaFile.builder().mediaId("a").type("audio/mp3").startTime(start).stopTime(stop).masks(List.of(masks)).build();
    }

    @Test
    void pauseResumePairsInAnyOrderAndAnOpenPauseToTheEndOfItsFile() {
        var file = audio(T, T.plusSeconds(60), new Mask(T.plusSeconds(40), "resume"), new Mask(T.plusSeconds(30), "Pause"),
                new Mask(T.plusSeconds(50), "pause"), new Mask(T.plusSeconds(5), "unknown"));
        assertThat(Pauses.of(List.of(file))).containsExactly(
                new MuxJob.Blackout(T.plusSeconds(30), T.plusSeconds(40)),
                new MuxJob.Blackout(T.plusSeconds(50), T.plusSeconds(60)));
    }

    @Test
    void noMasksNoBlackouts() {
        assertThat(Pauses.of(List.of(audio(T, T.plusSeconds(60))))).isEmpty();
        assertThat(Pauses.of(List.of(audio(T, T.plusSeconds(60), new Mask(T.plusSeconds(3), "resume"))))).isEmpty();
    }
}
