package io.callvault.mux.media;

import java.time.Duration;

/** ffmpeg did not finish within its time budget and was killed. Not the input's fault: a larger budget may succeed. */
public class FfmpegTimeoutException extends RuntimeException {
    public FfmpegTimeoutException(Duration timeout, String what) {
        super("ffmpeg timed out after " + timeout.toMillis() + " ms and was killed (" + what + ")");
    }
}
