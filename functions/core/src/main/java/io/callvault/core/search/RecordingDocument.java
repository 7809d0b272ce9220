package io.callvault.core.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.http.AccessPolicy;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallEvent;
import io.callvault.core.model.EventData;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.StoredRecording;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenSearch document of one recording: the fields searches filter on (spec §5.2 mappings, see
 * {@code search/recording-template.json}) and, under {@code recording}, the stored recording itself
 * (kept, not indexed) so a search answers without reading DynamoDB. Access fields are the union over the
 * media files, because a recording is found when any of its media files is visible; a screen also carries
 * its call's, since whoever may see the call may see its screen.
 */
public final class RecordingDocument {
    private RecordingDocument() {}

    public static ObjectNode of(StoredRecording stored, Optional<StoredRecording> linkedCall) {
        Recording r = stored.recording();
        ObjectNode doc = Json.object()
                .put("id", r.id())
                .put("kind", r.kind().name())
                .put("ccid", stored.ccid())
                .put("startTime", r.startTime().toEpochMilli())
                .put("stopTime", r.stopTime().toEpochMilli())
                .put("screenRecording", r.screenRecording())
                .put("nonDelete", r.nonDelete())
                .put("version", stored.version());
        putIfSet(doc, "region", r.region());
        if (r.kind() == RecordingKind.CALL) {
            putIfSet(doc, "callerPhoneNumber", SearchTerms.normalizePhone(r.callerPhoneNumber()));
            putIfSet(doc, "dialedPhoneNumber", SearchTerms.normalizePhone(r.dialedPhoneNumber()));
            putIfSet(doc, "callType", r.callType() == null ? null : r.callType().wireName());
            strings(doc, "screenRecordingIds", stored.screenRecordingIds());
        } else {
            putIfSet(doc, "callRecordingId", r.callRecordingId());
        }
        strings(doc, "labels", r.labels());
        strings(doc, "mediaIds", r.mediaFiles().stream().map(MediaFile::mediaId).toList());

        Access access = new Access();
        access.add(r);
        linkedCall.ifPresent(call -> {
            access.add(call.recording());
            // Kept, not indexed: a search answer shows a screen's files to whoever may see its call.
            Access callAccess = new Access();
            callAccess.add(call.recording());
            ObjectNode summary = doc.putObject("callAccess");
            strings(summary, "accessgroups", callAccess.groups);
            strings(summary, "partitions", callAccess.partitions);
            strings(summary, "agentUserNames", callAccess.agents);
        });
        strings(doc, "accessgroups", access.groups);
        strings(doc, "partitions", access.partitions);
        strings(doc, "agentUserNames", access.agents);
        strings(doc, "agentIds", agentIds(r));

        ArrayNode contacts = doc.putArray("contacts");
        Set<String> seen = new TreeSet<>();
        Set<String> userData = new TreeSet<>();
        for (CallEvent event : r.eventHistory()) {
            if (event.contact() != null) {
                String first = lower(event.contact().firstName());
                String last = lower(event.contact().lastName());
                String user = lower(event.contact().userName());
                if ((first != null || last != null || user != null) && seen.add(first + "\n" + last + "\n" + user)) {
                    ObjectNode c = contacts.addObject();
                    putIfSet(c, "userName", user);
                    putIfSet(c, "firstName", first);
                    putIfSet(c, "lastName", last);
                }
            }
            EventData data = event.data();
            if (data != null) {
                for (Map<String, String> values : java.util.Arrays.asList(data.added(), data.updated())) {
                    if (values != null) {
                        values.values().stream().filter(v -> v != null && !v.isEmpty() && v.length() <= 256)
                                .forEach(userData::add);
                    }
                }
            }
        }
        strings(doc, "userData", userData);
        doc.set("recording", RecordingCodec.writeStored(r));
        return doc;
    }

    /** The recording a search hit holds, as stored. */
    public static Recording recordingOf(JsonNode source) {
        RecordingKind kind = RecordingKind.valueOf(source.get("kind").asText());
        return RecordingCodec.readStored(source.get("recording"), kind);
    }

    private static final class Access {
        final Set<String> groups = new TreeSet<>();
        final Set<String> partitions = new TreeSet<>();
        final Set<String> agents = new TreeSet<>();

        void add(Recording r) {
            for (MediaFile f : r.mediaFiles()) {
                f.accessgroups().forEach(g -> groups.add(g.length() > 1 && g.endsWith("/") ? g.substring(0, g.length() - 1) : g));
                partitions.addAll(f.partitions());
                String agent = AccessPolicy.agentOf(f);
                if (agent != null) {
                    agents.add(agent);
                }
            }
        }
    }

    private static Set<String> agentIds(Recording r) {
        Set<String> ids = new TreeSet<>();
        for (MediaFile f : r.mediaFiles()) {
            JsonNode p = f.parameters();
            if (p != null) {
                for (String name : new String[] {"agentId", "agentID"}) {
                    if (p.hasNonNull(name)) {
                        ids.add(p.get(name).asText());
                    }
                }
            }
        }
        return ids;
    }

    private static void strings(ObjectNode doc, String name, java.util.Collection<String> values) {
        ArrayNode a = doc.putArray(name);
        values.forEach(a::add);
    }

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.toLowerCase(Locale.ROOT);
    }
}
