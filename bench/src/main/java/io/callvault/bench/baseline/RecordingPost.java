package io.callvault.bench.baseline;

import java.util.List;
import java.util.Map;

/**
 * The ingest body as plain data-binding beans, the way a typical handler reads it with
 * {@code ObjectMapper.readValue}. Public fields keep the classes short; Jackson binds them by reflection
 * just as it would getters and setters.
 */
public class RecordingPost {
    public String id;
    public String callerPhoneNumber;
    public String dialedPhoneNumber;
    public String startTime;
    public String stopTime;
    public List<MediaFile> mediaFiles;
    public List<CallEvent> eventHistory;

    public static class MediaFile {
        public String mediaId;
        public String type;
        public String startTime;
        public String stopTime;
        public String duration;
        public long size;
        public String tenant;
        public String ivrprofile;
        public Map<String, String> parameters;
        public List<String> partitions;
        public List<String> accessgroups;
    }

    public static class CallEvent {
        public String occurredAt;
        public String calluuid;
        public String eventId;
        public String event;
        public Contact contact;
        public Map<String, Map<String, String>> data;
    }

    public static class Contact {
        public String type;
        public String phoneNumber;
        public String userName;
    }
}
