package io.callvault.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallType;
import io.callvault.core.model.Contact;
import io.callvault.core.model.EventData;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.InteractionEventType;
import io.callvault.core.time.GuideTime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON of the interaction event feed (docs/intake.md, "Interaction events"): what the telephony side posts
 * to {@code /internal-api/contact-centers/{ccid}/interactions/{callUuid}/events}. A body is
 * {@code {"events":[...]}}, a bare array of events, or one event object. Keys are matched without regard
 * to case. Everything is bounded so that one event always fits one store item
 * ({@link io.callvault.core.store.RecordingStore#MAX_EVENT_BYTES}) and no post can make enrichment slow.
 */
public final class InteractionEventCodec {
    public static final int MAX_BODY_CHARS = 1 << 20;
    public static final int MAX_EVENTS_PER_POST = 5_000;
    public static final int MAX_EVENT_ID_CHARS = 256;
    /** Keys of one event's added, updated and deleted maps together. */
    public static final int MAX_DATA_KEYS = 1_000;
    public static final int MAX_KEY_CHARS = 256;
    public static final int MAX_VALUE_CHARS = 64 * 1024;
    /** UTF-8 bytes of one event's keys and values together; below the store's 350 KB per event item. */
    public static final int MAX_DATA_BYTES = 256 * 1024;
    private static final int MAX_SHORT_TEXT = 256;

    private static final KeyCase BODY = KeyCase.of("events");
    private static final KeyCase EVENT = KeyCase.of("eventId", "type", "occurredAt", "callUuid", "contact", "data",
            "callType");
    private static final KeyCase CONTACT = KeyCase.of("type", "phoneNumber", "userName", "firstName", "lastName",
            "agentId");
    private static final KeyCase DATA = KeyCase.of("added", "updated", "deleted");

    private InteractionEventCodec() {}

    /** Parses a body that did not come through the HTTP layer; malformed or truncated JSON names its position only. */
    public static List<InteractionEvent> parse(String callUuid, String body) {
        return read(callUuid, JsonBodies.parse(body, MAX_BODY_CHARS));
    }

    /**
     * The events of one post for the interaction {@code callUuid} (the path's). The same eventId twice with
     * the same content counts once; with different content the post is refused.
     */
    public static List<InteractionEvent> read(String callUuid, JsonNode body) {
        Ids.recordingId("callUuid", callUuid);
        List<JsonNode> items;
        String base;
        if (body != null && body.isArray()) {
            items = new ArrayList<>();
            body.forEach(items::add);
            base = "events";
        } else {
            ObjectNode top = BODY.fold((ObjectNode) checkObject(body, "body"), "");
            if (top.hasNonNull("events")) {
                items = Fields.of(top, "").array("events", MAX_EVENTS_PER_POST);
                base = "events";
            } else if (EVENT.fold(top, "").hasNonNull("type")) {
                items = List.of(top);
                base = null;
            } else {
                throw new InvalidFieldException("events", "is required: the post holds no event");
            }
        }
        if (items.size() > MAX_EVENTS_PER_POST) {
            throw new InvalidFieldException("events", "has " + items.size() + " items; at most " + MAX_EVENTS_PER_POST
                    + " per post");
        }
        if (items.isEmpty()) {
            throw new InvalidFieldException("events", "must hold at least one event");
        }
        Map<String, InteractionEvent> byId = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = base == null ? "" : base + "[" + i + "]";
            InteractionEvent e = readEvent(items.get(i), path, callUuid);
            InteractionEvent before = byId.putIfAbsent(e.eventId(), e);
            if (before != null && !canonical(before).equals(canonical(e))) {
                throw new InvalidFieldException(join(path, "eventId"), "repeats " + Excerpt.of(e.eventId())
                        + " with other content within one post");
            }
        }
        return List.copyOf(byId.values());
    }

    public static InteractionEvent readEvent(JsonNode node, String path, String defaultCallUuid) {
        ObjectNode o = EVENT.fold((ObjectNode) checkObject(node, path.isEmpty() ? "body" : path), path);
        Fields f = Fields.of(o, path);
        String eventId = f.requiredText("eventId");
        if (eventId.length() > MAX_EVENT_ID_CHARS || Fields.hasControl(eventId)) {
            throw new InvalidFieldException(f.path("eventId"), "must be at most " + MAX_EVENT_ID_CHARS
                    + " characters without control characters");
        }
        String typeName = f.requiredText("type");
        InteractionEventType type = InteractionEventType.fromWire(typeName).orElseThrow(() ->
                new InvalidFieldException(f.path("type"), "must be one of " + Arrays.stream(InteractionEventType.values())
                        .map(InteractionEventType::wireName).toList() + "; got " + Excerpt.of(typeName)));
        String callUuid = f.text("callUuid");
        callUuid = callUuid == null ? defaultCallUuid : Ids.recordingId(f.path("callUuid"), callUuid);

        Contact contact = null;
        String agentId = null;
        ObjectNode c = f.object("contact");
        if (c != null) {
            if (!type.isParty() && type != InteractionEventType.AFTER_CALL_WORK_DONE) {
                throw new InvalidFieldException(f.path("contact"), "only party and AfterCallWorkDone events carry a contact");
            }
            Fields cf = Fields.of(CONTACT.fold(c, f.path("contact")), f.path("contact"));
            contact = new Contact(shortText(cf, "type"), shortText(cf, "phoneNumber"), shortText(cf, "userName"),
                    shortText(cf, "firstName"), shortText(cf, "lastName"));
            agentId = shortText(cf, "agentId");
        } else if (type.isParty()) {
            throw new InvalidFieldException(f.path("contact"), "is required on " + type.wireName() + " events");
        }

        EventData data = null;
        ObjectNode d = f.object("data");
        if (d != null) {
            if (!type.carriesData()) {
                throw new InvalidFieldException(f.path("data"), "only AttachedData and AcwCustomData events carry data");
            }
            data = readData(DATA.fold(d, f.path("data")), f.path("data"));
        } else if (type.carriesData()) {
            throw new InvalidFieldException(f.path("data"), "is required on " + type.wireName() + " events");
        }

        CallType callType = null;
        String callTypeName = f.text("callType");
        if (callTypeName != null) {
            if (type != InteractionEventType.CALL_ENDED) {
                throw new InvalidFieldException(f.path("callType"), "only CallEnded events carry a callType");
            }
            callType = CallType.fromWire(callTypeName).orElseThrow(() -> new InvalidFieldException(f.path("callType"),
                    "must be one of Unknown, Inbound, Outbound, Internal, Consult; got " + Excerpt.of(callTypeName)));
        }
        return new InteractionEvent(eventId, type, f.requiredTime("occurredAt"), callUuid, contact, agentId, data,
                callType);
    }

    private static EventData readData(ObjectNode d, String path) {
        int[] keys = {0};
        long[] bytes = {0};
        Map<String, String> added = readMap(d, "added", path, keys, bytes);
        Map<String, String> updated = readMap(d, "updated", path, keys, bytes);
        Map<String, String> deleted = readMap(d, "deleted", path, keys, bytes);
        if (keys[0] == 0) {
            throw new InvalidFieldException(path, "must add, update or delete at least one key");
        }
        return new EventData(added, updated, deleted);
    }

    private static Map<String, String> readMap(ObjectNode d, String name, String path, int[] keys, long[] bytes) {
        JsonNode m = d.get(name);
        if (m == null || m.isNull()) {
            return Map.of();
        }
        String mPath = path + "." + name;
        if (!m.isObject()) {
            throw new InvalidFieldException(mPath, "must be a JSON object of key to text, got " + Excerpt.describe(m));
        }
        Map<String, String> out = new LinkedHashMap<>();
        var it = m.fields();
        while (it.hasNext()) {
            var e = it.next();
            String key = e.getKey();
            if (++keys[0] > MAX_DATA_KEYS) {
                throw new InvalidFieldException(path, "has more than " + MAX_DATA_KEYS + " keys");
            }
            if (key.isEmpty() || key.length() > MAX_KEY_CHARS || Fields.hasControl(key)) {
                throw new InvalidFieldException(mPath, "key " + Excerpt.of(key) + " must be 1 to "
                        + MAX_KEY_CHARS + " characters without control characters");
            }
            String kPath = mPath + "." + key;
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new InvalidFieldException(kPath, "must be text, got " + Excerpt.describe(v));
            }
            String value = v.isNull() ? "" : v.asText();
            if (value.length() > MAX_VALUE_CHARS) {
                throw new InvalidFieldException(kPath, "has " + value.length() + " characters; at most " + MAX_VALUE_CHARS);
            }
            if (hasControlExceptWhitespace(value)) {
                throw new InvalidFieldException(kPath, "holds a control character (only tab, line feed and carriage return are allowed)");
            }
            bytes[0] += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes[0] > MAX_DATA_BYTES) {
                throw new InvalidFieldException(path, "is larger than " + MAX_DATA_BYTES / 1024 + " KiB of keys and values");
            }
            out.put(key, value);
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    /** The canonical JSON of one event: the form the event store keeps and the feed accepts back. */
    public static ObjectNode write(InteractionEvent e) {
        ObjectNode o = Json.object();
        o.put("eventId", e.eventId());
        o.put("type", e.type().wireName());
        o.put("occurredAt", GuideTime.format(e.occurredAt()));
        putIfSet(o, "callUuid", e.callUuid());
        if (e.contact() != null || e.agentId() != null) {
            ObjectNode c = o.putObject("contact");
            Contact contact = e.contact();
            if (contact != null) {
                putIfSet(c, "type", contact.type());
                putIfSet(c, "phoneNumber", contact.phoneNumber());
                putIfSet(c, "userName", contact.userName());
                putIfSet(c, "firstName", contact.firstName());
                putIfSet(c, "lastName", contact.lastName());
            }
            putIfSet(c, "agentId", e.agentId());
        }
        if (e.data() != null) {
            ObjectNode data = o.putObject("data");
            putMap(data, "added", e.data().added());
            putMap(data, "updated", e.data().updated());
            putMap(data, "deleted", e.data().deleted());
        }
        if (e.callType() != null) {
            o.put("callType", e.callType().wireName());
        }
        return o;
    }

    /** {@code {"events":[...]}}. */
    public static ObjectNode writeAll(List<InteractionEvent> events) {
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("events");
        events.forEach(e -> list.add(write(e)));
        return o;
    }

    /** Key-sorted JSON: two events with the same content give the same text. */
    public static String canonical(InteractionEvent e) {
        return Json.canonical(write(e));
    }

    private static void putMap(ObjectNode parent, String name, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode o = parent.putObject(name);
            new TreeMap<>(values).forEach(o::put);
        }
    }

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static String shortText(Fields f, String name) {
        String v = f.text(name);
        if (v != null && (v.length() > MAX_SHORT_TEXT || Fields.hasControl(v))) {
            throw new InvalidFieldException(f.path(name), "must be at most " + MAX_SHORT_TEXT
                    + " characters without control characters");
        }
        return v;
    }

    private static JsonNode checkObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(path, "must be a JSON object, got " + Excerpt.describe(node));
        }
        return node;
    }

    private static boolean hasControlExceptWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
