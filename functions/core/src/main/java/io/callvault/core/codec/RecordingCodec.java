package io.callvault.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallEvent;
import io.callvault.core.model.CallType;
import io.callvault.core.model.Contact;
import io.callvault.core.model.EventData;
import io.callvault.core.model.EventType;
import io.callvault.core.model.Mask;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.time.GuideTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON mapping of recordings. Reads the guide's variants ({@code mediaFile}/{@code mediaFiles},
 * {@code mediaID}/{@code mediaId}, {@code callUUID}/{@code callUuid}/{@code calluuid}, {@code Z} or
 * {@code +0000} offsets, numbers or strings for sizes) and writes one canonical form, the guide's GET
 * response shape. Credentials the guide leaves in metadata ({@code rp.speechminer_auth}) are dropped on read.
 */
public final class RecordingCodec {
    /** Parameter keys that carry secrets in the guide's metadata and must never be stored. */
    public static final Set<String> SECRET_PARAMETERS = Set.of("rp.speechminer_auth");
    /**
     * Media files per post. Each new media file is two items of the one DynamoDB transaction that stores the
     * post (the file and its mediaId guard), next to META and a screen's link: 48 keeps it within 100 items.
     * Media servers post one segment at a time, so a real post is far below this.
     */
    public static final int MAX_MEDIA_FILES = 48;
    public static final int MAX_EVENTS = 20_000;
    private static final int MAX_PKCS7 = 256 * 1024;

    private RecordingCodec() {}

    // ------------------------------------------------------------------ reading

    /** Reads a recording posted by a client. Play ids are never taken from input. */
    public static Recording read(JsonNode node, RecordingKind kind) {
        return read(node, kind, false);
    }

    /** Reads a recording written by {@link #writeStored}: play ids included. */
    public static Recording readStored(JsonNode node, RecordingKind kind) {
        return read(node, kind, true);
    }

    private static Recording read(JsonNode node, RecordingKind kind, boolean stored) {
        Fields f = Fields.of(node, "");
        Recording.Builder b = Recording.builder(kind)
                .id(Ids.recordingId("id", f.requiredText("id")));
        if (kind == RecordingKind.CALL) {
            b.callerPhoneNumber(shortText(f, "callerPhoneNumber", true))
                    .dialedPhoneNumber(shortText(f, "dialedPhoneNumber", true))
                    .screenRecording(f.bool("screenRecording", false));
            String callType = f.text("callType");
            if (callType != null) {
                b.callType(CallType.fromWire(callType).orElseThrow(() -> new InvalidFieldException("callType",
                        "must be one of Unknown, Inbound, Outbound, Internal, Consult; got " + Excerpt.of(callType))));
            }
        } else {
            String call = f.text("callRecordingId");
            b.callRecordingId(call == null ? null : Ids.recordingId("callRecordingId", call));
        }
        Instant start = f.requiredTime("startTime");
        Instant stop = f.requiredTime("stopTime");
        if (stop.isBefore(start)) {
            throw new InvalidFieldException("stopTime", "is before startTime");
        }
        b.startTime(start).stopTime(stop)
                .region(shortText(f, "region", false))
                .labels(labels(f.textList("labels", 100, LabelNames.MAX_CHARS)))
                .nonDelete(f.bool("nonDelete", false));

        List<JsonNode> files = f.array("mediaFiles", MAX_MEDIA_FILES, "mediaFile");
        if (files == null || files.isEmpty()) {
            throw new InvalidFieldException("mediaFiles", "must list at least one media file");
        }
        List<MediaFile> mediaFiles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            MediaFile file = readMediaFile(files.get(i), "mediaFiles[" + i + "]", stored);
            if (!seen.add(file.mediaId())) {
                throw new InvalidFieldException("mediaFiles[" + i + "].mediaId",
                        "repeats " + Excerpt.of(file.mediaId()) + " within one post");
            }
            mediaFiles.add(file);
        }
        b.mediaFiles(mediaFiles);

        List<JsonNode> events = f.array("eventHistory", MAX_EVENTS);
        List<CallEvent> history = new ArrayList<>();
        if (events != null) {
            for (int i = 0; i < events.size(); i++) {
                history.add(readEvent(events.get(i), "eventHistory[" + i + "]"));
            }
        }
        return b.eventHistory(history).build();
    }

    public static MediaFile readMediaFile(JsonNode node, String path, boolean stored) {
        Fields f = Fields.of(node, path);
        Instant start = f.requiredTime("startTime");
        Instant stop = f.requiredTime("stopTime");
        if (stop.isBefore(start)) {
            throw new InvalidFieldException(f.path("stopTime"), "is before startTime");
        }
        MediaFile.Builder b = MediaFile.builder()
                .mediaId(Ids.mediaId(f.path("mediaId"), f.requiredText("mediaId", "mediaID", "mediaid")))
                .type(shortText(f, "type", true))
                .startTime(start)
                .stopTime(stop)
                .duration(f.textOrNumber("duration"))
                .size(f.nonNegativeLong("size"))
                .tenant(shortText(f, "tenant", false))
                .ivrprofile(shortText(f, "ivrprofile", false))
                .callUuid(shortText(f, "callUUID", false, "callUuid", "calluuid"))
                .parameters(withoutSecrets(f.object("parameters")))
                .masks(readMasks(f))
                .certAlias(f.textList("certAlias", 32, 1024))
                .partitions(f.textList("partitions", 100, 256))
                .accessgroups(f.textList("accessgroups", 100, 256))
                .channels(f.intInRange("channels", 1, 32))
                .mediaDescriptor(f.object("mediaDescriptor"));
        JsonNode pkcs7 = f.raw("pkcs7");
        if (pkcs7 != null) {
            if (!pkcs7.isTextual() || pkcs7.textValue().length() > MAX_PKCS7) {
                throw new InvalidFieldException(f.path("pkcs7"), "must be a PEM string of at most " + MAX_PKCS7 + " characters");
            }
            b.pkcs7(pkcs7.textValue());
        }
        if (stored) {
            b.playId(f.text("playId"));
        }
        return b.build();
    }

    private static List<Mask> readMasks(Fields f) {
        List<JsonNode> items = f.array("masks", 1000);
        if (items == null) {
            return List.of();
        }
        List<Mask> masks = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Fields m = Fields.of(items.get(i), f.path("masks") + "[" + i + "]");
            masks.add(new Mask(m.requiredTime("time"), shortText(m, "type", true)));
        }
        return masks;
    }

    public static CallEvent readEvent(JsonNode node, String path) {
        Fields f = Fields.of(node, path);
        String eventName = f.requiredText("event");
        EventType type = EventType.fromWire(eventName).orElseThrow(() -> new InvalidFieldException(f.path("event"),
                "must be Joined, Left or Data; got " + Excerpt.of(eventName)));
        Contact contact = null;
        if (f.object("contact") != null) {
            Fields c = Fields.of(f.object("contact"), f.path("contact"));
            contact = new Contact(shortText(c, "type", false), shortText(c, "phoneNumber", false),
                    shortText(c, "userName", false), shortText(c, "firstName", false), shortText(c, "lastName", false));
        }
        EventData data = null;
        if (f.object("data") != null) {
            Fields d = Fields.of(f.object("data"), f.path("data"));
            data = new EventData(d.stringMap("added"), d.stringMap("updated"), d.stringMap("deleted"));
        }
        return new CallEvent(f.requiredTime("occurredAt"), shortText(f, "calluuid", false, "callUuid", "callUUID"),
                shortText(f, "eventId", false), type, contact, data);
    }

    /** Posted labels follow the API's label name rule, so each one can be named in a path and removed again. */
    private static List<String> labels(List<String> posted) {
        if (posted != null) {
            for (int i = 0; i < posted.size(); i++) {
                LabelNames.check("labels[" + i + "]", posted.get(i));
            }
        }
        return posted;
    }

    private static String shortText(Fields f, String name, boolean required, String... aliases) {
        String v = required ? f.requiredText(name, aliases) : f.text(name, aliases);
        if (v != null && (v.length() > 256 || Fields.hasControl(v))) {
            throw new InvalidFieldException(f.path(name), "must be at most 256 characters without control characters");
        }
        return v;
    }

    private static ObjectNode withoutSecrets(ObjectNode parameters) {
        if (parameters == null) {
            return null;
        }
        ObjectNode copy = parameters.deepCopy();
        SECRET_PARAMETERS.forEach(copy::remove);
        return copy;
    }

    // ------------------------------------------------------------------ writing

    /** The guide's GET shape, with play URLs. */
    public static ObjectNode write(Recording r, MediaLinks links) {
        return write(r, links, false);
    }

    /** The stored shape: no URLs, play ids kept. */
    public static ObjectNode writeStored(Recording r) {
        return write(r, null, true);
    }

    private static ObjectNode write(Recording r, MediaLinks links, boolean stored) {
        ObjectNode o = Json.object();
        o.put("id", r.id());
        if (r.kind() == RecordingKind.CALL) {
            o.put("callerPhoneNumber", r.callerPhoneNumber());
            o.put("dialedPhoneNumber", r.dialedPhoneNumber());
        } else if (r.callRecordingId() != null) {
            o.put("callRecordingId", r.callRecordingId());
        }
        o.put("startTime", GuideTime.format(r.startTime()));
        o.put("stopTime", GuideTime.format(r.stopTime()));
        ArrayNode files = o.putArray("mediaFiles");
        for (MediaFile file : r.mediaFiles()) {
            files.add(writeMediaFile(r.kind(), r.id(), file, links, stored));
        }
        ArrayNode events = o.putArray("eventHistory");
        r.eventHistory().forEach(e -> events.add(writeEvent(e)));
        if (r.kind() == RecordingKind.CALL) {
            o.put("screenRecording", r.screenRecording());
        }
        if (r.region() != null) {
            o.put("region", r.region());
        }
        if (r.callType() != null) {
            o.put("callType", r.callType().wireName());
        }
        ArrayNode labels = o.putArray("labels");
        r.labels().forEach(labels::add);
        o.put("nonDelete", r.nonDelete());
        return o;
    }

    public static ObjectNode writeMediaFile(RecordingKind kind, String recordingId, MediaFile m, MediaLinks links,
                                            boolean stored) {
        ObjectNode o = Json.object();
        if (links != null && m.playId() != null) {
            String uri = links.mediaUri(kind, recordingId, m);
            if (uri != null) {
                o.put("mediaUri", uri);
            }
            String path = links.mediaPath(kind, recordingId, m);
            o.put("mediaPath", path);
            if (kind == RecordingKind.SCREEN) {
                o.put("playPath", path);
            }
        }
        if (stored && m.playId() != null) {
            o.put("playId", m.playId());
        }
        o.put("startTime", GuideTime.format(m.startTime()));
        o.put("stopTime", GuideTime.format(m.stopTime()));
        putIfSet(o, "callUUID", m.callUuid());
        o.put("mediaId", m.mediaId());
        putIfSet(o, "type", m.type());
        putIfSet(o, "duration", m.duration());
        putIfSet(o, "tenant", m.tenant());
        putIfSet(o, "ivrprofile", m.ivrprofile());
        if (m.size() != null) {
            o.put("size", Long.toString(m.size()));
        }
        if (m.channels() != null) {
            o.put("channels", m.channels());
        }
        if (m.parameters() != null) {
            o.set("parameters", m.parameters().deepCopy());
        }
        if (!m.masks().isEmpty()) {
            ArrayNode masks = o.putArray("masks");
            for (Mask mask : m.masks()) {
                masks.addObject().put("time", GuideTime.format(mask.time())).put("type", mask.type());
            }
        }
        putIfSet(o, "pkcs7", m.pkcs7());
        if (!m.certAlias().isEmpty()) {
            ArrayNode aliases = o.putArray("certAlias");
            m.certAlias().forEach(aliases::add);
        }
        ArrayNode partitions = o.putArray("partitions");
        m.partitions().forEach(partitions::add);
        ArrayNode groups = o.putArray("accessgroups");
        m.accessgroups().forEach(groups::add);
        if (m.mediaDescriptor() != null) {
            o.set("mediaDescriptor", m.mediaDescriptor().deepCopy());
        }
        return o;
    }

    public static ObjectNode writeEvent(CallEvent e) {
        ObjectNode o = Json.object();
        o.put("occurredAt", GuideTime.format(e.occurredAt()));
        putIfSet(o, "calluuid", e.calluuid());
        putIfSet(o, "eventId", e.eventId());
        o.put("event", e.event().wireName());
        if (e.contact() != null) {
            Contact c = e.contact();
            ObjectNode contact = o.putObject("contact");
            putIfSet(contact, "type", c.type());
            putIfSet(contact, "phoneNumber", c.phoneNumber());
            putIfSet(contact, "userName", c.userName());
            putIfSet(contact, "firstName", c.firstName());
            putIfSet(contact, "lastName", c.lastName());
        }
        if (e.data() != null) {
            ObjectNode data = o.putObject("data");
            putMap(data, "added", e.data().added());
            putMap(data, "updated", e.data().updated());
            putMap(data, "deleted", e.data().deleted());
        }
        return o;
    }

    private static void putMap(ObjectNode parent, String name, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode o = parent.putObject(name);
            values.forEach(o::put);
        }
    }

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
