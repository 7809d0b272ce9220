package io.callvault.mux;

import java.util.List;

/**
 * The call recording's partition as the muxer reads it. {@code exists} is false while only links from screen
 * recordings are there (the screen arrived first). {@code version} is META's, which every write to the call bumps.
 */
public record CallSide(String ccid, String id, boolean exists, boolean deleting, long version, List<String> labels,
                       boolean screenRecordingFlag, List<InputMedia> media, List<String> screenIds) {
    public CallSide {
        labels = List.copyOf(labels);
        media = List.copyOf(media);
        screenIds = List.copyOf(screenIds);
    }

    public List<InputMedia> audio() {
        return media.stream().filter(InputMedia::audio).toList();
    }
}
