package io.callvault.core.enrich;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.IntakeFixtures;
import io.callvault.core.codec.MediaServerPostCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallType;
import io.callvault.core.model.Contact;
import io.callvault.core.model.EventData;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.InteractionEventType;
import io.callvault.core.model.RawSegment;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for enrichment tests: times are seconds after {@link #T0}. */
final class Calls {
    static final String CCID = IntakeFixtures.CCID;
    static final String CALL = "01ABCDEFGHIJKLMNOPQRSTUVWX000001";
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private Calls() {}

    static Instant t(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    /** A raw post of one media file, through the real parser. */
    static RawSegment segment(String mediaId, double start, double stop, String agentId, String recordDn) {
        return segment(mediaId, start, stop, agentId, recordDn, null);
    }

    static RawSegment segment(String mediaId, double start, double stop, String agentId, String recordDn,
                              String partitions) {
        ObjectNode file = Json.object();
        file.put("mediaId", mediaId);
        file.put("startTime", t(start).toString());
        file.put("stopTime", t(stop).toString());
        file.put("type", "audio/mp3");
        file.put("tenant", "Environment");
        ObjectNode p = file.putObject("parameters");
        p.put("callUuid", CALL);
        p.put("id", CALL + "_2024-03-01_10-00-00");
        p.put("ani", "5551000");
        p.put("dnis", "5552000");
        if (agentId != null) {
            p.put("agentId", agentId);
        }
        if (recordDn != null) {
            p.put("recordDN", recordDn);
        }
        if (partitions != null) {
            p.put("partitions", partitions);
        }
        p.put("rp.speechminer_auth", "user:password");
        ObjectNode post = Json.object();
        post.putArray("mediaFiles").add(file);
        return MediaServerPostCodec.read(CCID, post).segments().get(0);
    }

    static InteractionEvent joined(String id, double at, String userName, String phone, String agentId) {
        return new InteractionEvent(id, InteractionEventType.PARTY_JOINED, t(at), CALL,
                new Contact("User", phone, userName, null, null), agentId, null, null);
    }

    static InteractionEvent left(String id, double at, String userName, String phone, String agentId) {
        return new InteractionEvent(id, InteractionEventType.PARTY_LEFT, t(at), CALL,
                new Contact("User", phone, userName, null, null), agentId, null, null);
    }

    static InteractionEvent party(String id, InteractionEventType type, double at, Contact contact) {
        return new InteractionEvent(id, type, t(at), CALL, contact, null, null, null);
    }

    static InteractionEvent added(String id, double at, Map<String, String> added) {
        return data(id, InteractionEventType.ATTACHED_DATA, at, added, Map.of(), Map.of());
    }

    static InteractionEvent updated(String id, double at, Map<String, String> updated) {
        return data(id, InteractionEventType.ATTACHED_DATA, at, Map.of(), updated, Map.of());
    }

    static InteractionEvent deleted(String id, double at, Map<String, String> deleted) {
        return data(id, InteractionEventType.ATTACHED_DATA, at, Map.of(), Map.of(), deleted);
    }

    static InteractionEvent acw(String id, double at, Map<String, String> added) {
        return data(id, InteractionEventType.ACW_CUSTOM_DATA, at, added, Map.of(), Map.of());
    }

    static InteractionEvent data(String id, InteractionEventType type, double at, Map<String, String> added,
                                 Map<String, String> updated, Map<String, String> deleted) {
        return new InteractionEvent(id, type, t(at), CALL, null, null, new EventData(added, updated, deleted), null);
    }

    static InteractionEvent ended(String id, double at) {
        return new InteractionEvent(id, InteractionEventType.CALL_ENDED, t(at), CALL, null, null, null, CallType.INBOUND);
    }

    static InteractionEvent acwDone(String id, double at) {
        return new InteractionEvent(id, InteractionEventType.AFTER_CALL_WORK_DONE, t(at), CALL, null, null, null, null);
    }

    static AgentLookup directory() {
        return AgentLookup.of(List.of(
                new DirectoryAgent("agent1000", "Firstname1000", "lastname", List.of("/team1")),
                new DirectoryAgent("agent1001", "Firstname1001", "lastname", List.of("/team1")),
                new DirectoryAgent("agent1002", "Firstname1002", "lastname", List.of("/team2")),
                new DirectoryAgent("ana", "Ana", "Alves", List.of("/emea/lisbon", "/emea/quality")),
                new DirectoryAgent("bo", "Bo", "Berg", List.of("/emea/stockholm"))));
    }
}
