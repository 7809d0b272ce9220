package io.callvault.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recorded file (segment) of a call or screen recording (guide L32771-L32796, L33117-L33134).
 * {@code parameters} and {@code mediaDescriptor} are free-form objects in the guide and stay so.
 * {@code playId} is assigned by callvault when the file is first stored and names it in play URLs.
 */
public record MediaFile(String mediaId, String type, Instant startTime, Instant stopTime, String duration,
                        Long size, String tenant, String ivrprofile, String callUuid, ObjectNode parameters,
                        List<Mask> masks, String pkcs7, List<String> certAlias, List<String> partitions,
                        List<String> accessgroups, Integer channels, ObjectNode mediaDescriptor, String playId) {
    public MediaFile {
        Objects.requireNonNull(mediaId, "mediaId");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(stopTime, "stopTime");
        masks = masks == null ? List.of() : List.copyOf(masks);
        certAlias = certAlias == null ? List.of() : List.copyOf(certAlias);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        accessgroups = accessgroups == null ? List.of() : List.copyOf(accessgroups);
        parameters = parameters == null ? null : parameters.deepCopy();
        mediaDescriptor = mediaDescriptor == null ? null : mediaDescriptor.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().mediaId(mediaId).type(type).startTime(startTime).stopTime(stopTime).duration(duration)
                .size(size).tenant(tenant).ivrprofile(ivrprofile).callUuid(callUuid).parameters(parameters)
                .masks(masks).pkcs7(pkcs7).certAlias(certAlias).partitions(partitions).accessgroups(accessgroups)
                .channels(channels).mediaDescriptor(mediaDescriptor).playId(playId);
    }

    /** Returns this file with the play id callvault assigns on first store. */
    public MediaFile withPlayId(String id) {
        return toBuilder().playId(id).build();
    }

    public static final class Builder {
        private String mediaId;
        private String type;
        private Instant startTime;
        private Instant stopTime;
        private String duration;
        private Long size;
        private String tenant;
        private String ivrprofile;
        private String callUuid;
        private ObjectNode parameters;
        private List<Mask> masks;
        private String pkcs7;
        private List<String> certAlias;
        private List<String> partitions;
        private List<String> accessgroups;
        private Integer channels;
        private ObjectNode mediaDescriptor;
        private String playId;

        public Builder mediaId(String v) { this.mediaId = v; return this; }
        public Builder type(String v) { this.type = v; return this; }
        public Builder startTime(Instant v) { this.startTime = v; return this; }
        public Builder stopTime(Instant v) { this.stopTime = v; return this; }
        public Builder duration(String v) { this.duration = v; return this; }
        public Builder size(Long v) { this.size = v; return this; }
        public Builder tenant(String v) { this.tenant = v; return this; }
        public Builder ivrprofile(String v) { this.ivrprofile = v; return this; }
        public Builder callUuid(String v) { this.callUuid = v; return this; }
        public Builder parameters(ObjectNode v) { this.parameters = v; return this; }
        public Builder masks(List<Mask> v) { this.masks = v; return this; }
        public Builder pkcs7(String v) { this.pkcs7 = v; return this; }
        public Builder certAlias(List<String> v) { this.certAlias = v; return this; }
        public Builder partitions(List<String> v) { this.partitions = v; return this; }
        public Builder accessgroups(List<String> v) { this.accessgroups = v; return this; }
        public Builder channels(Integer v) { this.channels = v; return this; }
        public Builder mediaDescriptor(ObjectNode v) { this.mediaDescriptor = v; return this; }
        public Builder playId(String v) { this.playId = v; return this; }

        public MediaFile build() {
            return new MediaFile(mediaId, type, startTime, stopTime, duration, size, tenant, ivrprofile, callUuid,
                    parameters, masks, pkcs7, certAlias, partitions, accessgroups, channels, mediaDescriptor, playId);
        }
    }
}
