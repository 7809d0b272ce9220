package io.callvault.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A media server's metadata post (spec intake.md §1): usually one media file, in the guide's
 * {@code {"mediaFiles":[...]}} wrapper.
 */
public record MediaServerPost(String ccid, List<RawSegment> segments) {
    public MediaServerPost {
        Objects.requireNonNull(ccid, "ccid");
        segments = List.copyOf(segments);
    }
}
