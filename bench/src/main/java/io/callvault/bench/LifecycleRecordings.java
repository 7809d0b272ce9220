package io.callvault.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The lifecycle section's call recordings: recording {@code i} of a set started {@link #ageOf} before the set's
 * reference time, between {@value #MIN_AGE_DAYS} and {@value #MIN_AGE_DAYS} + {@value #SPREAD_DAYS} - 1 days (and up to a
 * day more) back, so that every one is older than a rule's {@code minAge 365} and they spread over
 * {@value #SPREAD_DAYS} UTC days (archive folders, GSI1 start days, index order). Each is one inbound call of 65 s
 * with one media file ({@code audio/mp3}, {@code mediaBytes} bytes) and the five events of {@link SampleRecording}
 * (data, the customer and an agent joining and leaving), shaped like the guide's posts and read through
 * {@link RecordingCodec#read} as a post is.
 */
final class LifecycleRecordings {
    static final int MIN_AGE_DAYS = 366;
    static final int SPREAD_DAYS = 365;
    static final String REGION = "us";
    private static final DateTimeFormatter GUIDE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final String idPrefix;
    private final Instant reference;
    private final long mediaBytes;

    /** {@code idPrefix}: ids are the prefix and the index, e.g. {@code LCB1A00000042}. */
    LifecycleRecordings(String idPrefix, Instant reference, long mediaBytes) {
        this.idPrefix = idPrefix;
        this.reference = reference;
        this.mediaBytes = mediaBytes;
    }

    String id(int i) {
        return String.format("%s%08d", idPrefix, i);
    }

    String mediaId(int i) {
        return id(i) + "_1.mp3";
    }

    /** {@value #MIN_AGE_DAYS} + (i mod {@value #SPREAD_DAYS}) days and a time of day that varies with i. */
    static Duration ageOf(int i) {
        return Duration.ofDays(MIN_AGE_DAYS + Math.floorMod(i, SPREAD_DAYS))
                .plusSeconds(Math.floorMod(i * 7919L, 86_400L));
    }

    Instant start(int i) {
        return reference.minus(ageOf(i));
    }

    Recording recording(int i) {
        return RecordingCodec.read(json(i), RecordingKind.CALL);
    }

    ObjectNode json(int i) {
        String id = id(i);
        Instant start = start(i);
        Instant stop = start.plusSeconds(65);
        String agent = String.format("agent%04d", i % 500);
        ObjectNode r = Json.object()
                .put("id", id)
                .put("callerPhoneNumber", String.format("+1 (555) %03d-%04d", i / 10_000 % 1000, i % 10_000))
                .put("dialedPhoneNumber", "+1 800 555 0100")
                .put("startTime", time(start))
                .put("stopTime", time(stop))
                .put("callType", "Inbound")
                .put("screenRecording", false)
                .put("region", REGION);
        ObjectNode file = r.putArray("mediaFiles").addObject()
                .put("mediaId", mediaId(i))
                .put("type", "audio/mp3")
                .put("startTime", time(start))
                .put("stopTime", time(stop))
                .put("duration", "65000")
                .put("size", Long.toString(mediaBytes))
                .put("tenant", "Environment")
                .put("ivrprofile", "DefaultIVRProfile");
        file.putObject("parameters").put("agentId", String.format("A%04d", i % 500)).put("username", agent);
        file.putArray("partitions").add("sales");
        file.putArray("accessgroups").add("/team1");
        ArrayNode events = r.putArray("eventHistory");
        event(events, id, 1, start.minusSeconds(12), "Data").putObject("data").putObject("added").put("GSIP_RECORD", "ON");
        event(events, id, 2, start.minusSeconds(11), "Joined").putObject("contact").put("type", "External")
                .put("phoneNumber", r.get("callerPhoneNumber").asText());
        event(events, id, 3, start, "Joined").putObject("contact").put("type", "User").put("userName", agent);
        event(events, id, 4, stop.minusSeconds(1), "Left").putObject("contact").put("type", "User").put("userName", agent);
        event(events, id, 5, stop, "Left").putObject("contact").put("type", "External")
                .put("phoneNumber", r.get("callerPhoneNumber").asText());
        return r;
    }

    private static ObjectNode event(ArrayNode events, String id, int e, Instant at, String type) {
        return events.addObject().put("occurredAt", time(at)).put("calluuid", id).put("eventId", id + "-e" + e)
                .put("event", type);
    }

    private static String time(Instant t) {
        return GUIDE_TIME.format(t);
    }
}
