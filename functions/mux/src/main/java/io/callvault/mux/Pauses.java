package io.callvault.mux;

import io.callvault.core.model.Mask;
import io.callvault.core.model.MediaFile;
import io.callvault.mux.media.MuxJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The call's pauses as privacy blackouts for the muxed video. The media server pads a paused call with silence and
 * writes the pause and resume times into the media file's {@code masks} ("the time stamps of the pause/resume periods
 * if the recording is masked by a client application", metadata spec; G:435). A pause is typically a privacy pause
 * (a card number being typed), so the screen must not show then either. A pause without a resume lasts to the end of
 * its media file; other mask types are ignored.
 */
final class Pauses {
    private Pauses() {}

    static List<MuxJob.Blackout> of(List<MediaFile> audio) {
        List<MuxJob.Blackout> out = new ArrayList<>();
        for (MediaFile file : audio) {
            List<Mask> masks = file.masks().stream().filter(m -> m.time() != null && m.type() != null)
                    .sorted(Comparator.comparing(Mask::time)).toList();
            Instant pausedAt = null;
            for (Mask mask : masks) {
                String type = mask.type().toLowerCase(Locale.ROOT);
                if (type.equals("pause") && pausedAt == null) {
                    pausedAt = mask.time();
                } else if (type.equals("resume") && pausedAt != null) {
                    out.add(new MuxJob.Blackout(pausedAt, mask.time()));
                    pausedAt = null;
                }
            }
            if (pausedAt != null && file.stopTime().isAfter(pausedAt)) {
                out.add(new MuxJob.Blackout(pausedAt, file.stopTime()));
            }
        }
        return out;
    }
}
