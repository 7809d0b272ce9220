package io.callvault.mux.media;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link MediaProbe} learnt about one file: the container's streams as its header lists them, and for the first
 * video and the first audio stream their parameters and their measured length (from the packets, not the header).
 *
 * @param containerDurationMillis the header's {@code Duration}, -1 when it says N/A
 * @param video the first video stream, or null
 * @param audio the first audio stream, or null
 */
public record ProbedMedia(String mediaId, Path file, long containerDurationMillis, List<Stream> streams, VideoStream video,
                          AudioStream audio) {
    public ProbedMedia {
        streams = List.copyOf(streams);
    }

    /** One stream of the header: kind ({@code Video}, {@code Audio}, {@code Data}, {@code Subtitle}) and codec name. */
    public record Stream(String kind, String codec) {}

    /**
     * @param fps frames per second as the header gives it ({@code fps}, else {@code tbr})
     * @param frames packets in the stream
     * @param durationMillis from the first packet's start to the last packet's end
     */
    public record VideoStream(String codec, String pixelFormat, int width, int height, double fps, long frames,
                              long durationMillis) {}

    /** @param durationMillis of the decoded samples */
    public record AudioStream(String codec, int sampleRate, int channels, long durationMillis) {}

    /** How many streams of a kind the header lists. */
    public long count(String kind) {
        return streams.stream().filter(s -> s.kind().equals(kind)).count();
    }
}
