package io.callvault.mux;

import java.time.Instant;
import java.util.List;

/**
 * A screen recording's partition as the muxer reads it: its own media ({@code originals}, as uploaded), the muxed
 * outputs already committed, the hash of the inputs the current output was made from, the failure record, and the
 * lease a running mux holds.
 */
public record ScreenSide(String ccid, String id, boolean exists, boolean deleting, long version, String callRecordingId,
                         List<InputMedia> originals, List<MuxedOutput> muxed, String muxedInputsHash, String muxState,
                         int muxAttempts, Instant muxCommittedAt, Lease lease) {
    public ScreenSide {
        originals = List.copyOf(originals);
        muxed = List.copyOf(muxed);
    }

    /** Who is muxing which inputs, until when. */
    public record Lease(String owner, String inputsHash, Instant until) {}
}
