package io.callvault.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A call recording or a screen recording (guide L32751-L32767, L33101-L33113). Call-only fields
 * (phone numbers, callType) are null on screens; {@code callRecordingId} is set only on screens.
 * Instants are UTC; the codec writes them in the guide's format.
 */
public record Recording(RecordingKind kind, String id, String callRecordingId, String callerPhoneNumber,
                        String dialedPhoneNumber, Instant startTime, Instant stopTime, boolean screenRecording,
                        String region, CallType callType, List<MediaFile> mediaFiles, List<CallEvent> eventHistory,
                        List<String> labels, boolean nonDelete) {
    public Recording {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(stopTime, "stopTime");
        mediaFiles = mediaFiles == null ? List.of() : List.copyOf(mediaFiles);
        eventHistory = eventHistory == null ? List.of() : List.copyOf(eventHistory);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public static Builder builder(RecordingKind kind) {
        return new Builder().kind(kind);
    }

    public Builder toBuilder() {
        return new Builder().kind(kind).id(id).callRecordingId(callRecordingId).callerPhoneNumber(callerPhoneNumber)
                .dialedPhoneNumber(dialedPhoneNumber).startTime(startTime).stopTime(stopTime)
                .screenRecording(screenRecording).region(region).callType(callType).mediaFiles(mediaFiles)
                .eventHistory(eventHistory).labels(labels).nonDelete(nonDelete);
    }

    public static final class Builder {
        private RecordingKind kind;
        private String id;
        private String callRecordingId;
        private String callerPhoneNumber;
        private String dialedPhoneNumber;
        private Instant startTime;
        private Instant stopTime;
        private boolean screenRecording;
        private String region;
        private CallType callType;
        private List<MediaFile> mediaFiles;
        private List<CallEvent> eventHistory;
        private List<String> labels;
        private boolean nonDelete;

        public Builder kind(RecordingKind v) { this.kind = v; return this; }
        public Builder id(String v) { this.id = v; return this; }
        public Builder callRecordingId(String v) { this.callRecordingId = v; return this; }
        public Builder callerPhoneNumber(String v) { this.callerPhoneNumber = v; return this; }
        public Builder dialedPhoneNumber(String v) { this.dialedPhoneNumber = v; return this; }
        public Builder startTime(Instant v) { this.startTime = v; return this; }
        public Builder stopTime(Instant v) { this.stopTime = v; return this; }
        public Builder screenRecording(boolean v) { this.screenRecording = v; return this; }
        public Builder region(String v) { this.region = v; return this; }
        public Builder callType(CallType v) { this.callType = v; return this; }
        public Builder mediaFiles(List<MediaFile> v) { this.mediaFiles = v; return this; }
        public Builder eventHistory(List<CallEvent> v) { this.eventHistory = v; return this; }
        public Builder labels(List<String> v) { this.labels = v; return this; }
        public Builder nonDelete(boolean v) { this.nonDelete = v; return this; }

        public Recording build() {
            return new Recording(kind, id, callRecordingId, callerPhoneNumber, dialedPhoneNumber, startTime, stopTime,
                    screenRecording, region, callType, mediaFiles, eventHistory, labels, nonDelete);
        }
    }
}
