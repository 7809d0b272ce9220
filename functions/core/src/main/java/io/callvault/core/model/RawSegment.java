package io.callvault.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Set;

/**
 * One media file as the media server posts it (spec intake.md §1.2), before enrichment: the parsed,
 * secret-free {@link MediaFile} with the keys intake needs.
 *
 * @param ccid        the contact center of the post's path
 * @param recordingId the aggregation key: the call UUID ({@code parameters.callUuid}, guide L32873); all
 *                    segments of one call share it
 * @param sessionId   {@code parameters.id}, the recording session ({@code <callUuid>_YYYY-MM-DD_HH-MM-SS},
 *                    equal to the attached data {@code GSIP_REC_FN}, L32977)
 * @param mediaFile   the media file, parameter keys in the guide's example casing, without
 *                    {@code rp.speechminer_auth}; its {@code mediaId} is the idempotency key
 * @param flags       what was tolerated (see {@link SegmentFlag})
 * @param fingerprint SHA-256 of the recording id and the media file's canonical JSON: the same file posted
 *                    again, in any key casing or key order, has the same fingerprint
 */
public record RawSegment(String ccid, String recordingId, String sessionId, MediaFile mediaFile,
                         Set<SegmentFlag> flags, String fingerprint) {
    /** Intake is idempotent on this (spec §7.3): MCP guarantees mediaId is globally unique (L32780). */
    public record IdempotencyKey(String ccid, String mediaId) {}

    /** All segments of one call are merged under this (spec §7.3). */
    public record AggregationKey(String ccid, String recordingId) {}

    public RawSegment {
        Objects.requireNonNull(ccid, "ccid");
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(mediaFile, "mediaFile");
        Objects.requireNonNull(fingerprint, "fingerprint");
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    public String mediaId() {
        return mediaFile.mediaId();
    }

    public IdempotencyKey idempotencyKey() {
        return new IdempotencyKey(ccid, mediaId());
    }

    public AggregationKey aggregationKey() {
        return new AggregationKey(ccid, recordingId);
    }

    /** {@code parameters.agentId}: the agent id of the recorded DN. */
    public String agentId() {
        return parameter("agentId");
    }

    /** {@code parameters.recordDN}: the DN being recorded. */
    public String recordDn() {
        return parameter("recordDN");
    }

    /** {@code parameters.ani}: the caller's number. */
    public String ani() {
        return parameter("ani");
    }

    /** {@code parameters.dnis}: the dialed number. */
    public String dnis() {
        return parameter("dnis");
    }

    /** {@code parameters.username}: set when an upstream processor or the IVR already named the agent. */
    public String username() {
        return parameter("username");
    }

    /** A parameter's text, or null when it is absent, null, a container or blank. */
    public String parameter(String name) {
        JsonNode p = mediaFile.parameters();
        JsonNode v = p == null ? null : p.get(name);
        if (v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        return v.asText();
    }
}
