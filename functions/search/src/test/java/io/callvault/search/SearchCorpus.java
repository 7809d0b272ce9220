package io.callvault.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.RecordingStore;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** Recordings made from the guide's example with chosen fields, stored in DynamoDB Local and indexed into the OpenSearch node. */
final class SearchCorpus {
    static final StandInStack STACK = StandInStack.shared();
    static final DateTimeFormatter GUIDE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    final RecordingStore store = new RecordingStore(STACK.dynamo(), STACK.resourceName("RecordingsTable"), Clock.systemUTC());
    final SearchCluster cluster = SearchCluster.connect(new FunctionEnvironment(
            STACK.environmentOfHandler(IndexerHandler.class.getName())));
    final RecordingIndices indices = new RecordingIndices(cluster);
    final RecordingIndexer indexer = new RecordingIndexer(store, cluster, indices, Executors.newFixedThreadPool(4));

    /** A call: one media file per access spec {@code "group|partition|agentUserName"}, contacts as "first last user". */
    static ObjectNode call(String id, Instant start, String caller, String dialed, List<String> contacts,
                           Map<String, String> userData, List<String> mediaAccess) {
        ObjectNode r = GuideFixtures.callRecording();
        r.put("id", id).put("callerPhoneNumber", caller).put("dialedPhoneNumber", dialed)
                .put("startTime", GUIDE_TIME.format(start)).put("stopTime", GUIDE_TIME.format(start.plusSeconds(60)))
                .put("screenRecording", false);
        ObjectNode template = (ObjectNode) r.get("mediaFiles").get(0);
        ArrayNode files = r.putArray("mediaFiles");
        int n = 0;
        for (String access : mediaAccess) {
            String[] a = access.split("\\|", -1);
            ObjectNode f = template.deepCopy();
            f.remove(List.of("mediaUri", "mediaPath"));
            f.put("mediaId", id + "-m" + n++ + ".mp3").put("startTime", GUIDE_TIME.format(start))
                    .put("stopTime", GUIDE_TIME.format(start.plusSeconds(60)));
            f.putArray("accessgroups");
            f.putArray("partitions");
            if (!a[0].isEmpty()) {
                f.withArray("accessgroups").add(a[0]);
            }
            if (!a[1].isEmpty()) {
                f.withArray("partitions").add(a[1]);
            }
            ((ObjectNode) f.get("parameters")).put("username", a[2]).put("agentId", "agent-of-" + a[2]);
            files.add(f);
        }
        ArrayNode events = r.putArray("eventHistory");
        int e = 0;
        for (String contact : contacts) {
            String[] c = contact.split(" ");
            ObjectNode joined = events.addObject().put("occurredAt", GUIDE_TIME.format(start.plusSeconds(e)))
                    .put("eventId", id + "-e" + e++).put("event", "Joined");
            joined.putObject("contact").put("type", "User").put("firstName", c[0]).put("lastName", c[1]).put("userName", c[2]);
        }
        if (!userData.isEmpty()) {
            ObjectNode data = events.addObject().put("occurredAt", GUIDE_TIME.format(start.plusSeconds(e)))
                    .put("eventId", id + "-e" + e).put("event", "Data").putObject("data").putObject("added");
            userData.forEach(data::put);
        }
        return r;
    }

    void store(String ccid, RecordingKind kind, ObjectNode json) {
        store.ingest(ccid, RecordingCodec.read(json, kind));
    }

    /** Indexes the recordings as the stream would, then makes them searchable now (OpenSearch refreshes each second). */
    void index(String ccid, RecordingKind kind, List<String> ids) {
        var outcome = indexer.sync(ids.stream().map(id -> new RecordingRef(ccid, kind, id)).toList());
        if (!outcome.failed().isEmpty() || outcome.rejected() > 0) {
            throw new AssertionError("indexing failed: " + outcome);
        }
        refresh(ccid);
    }

    void refresh(String ccid) {
        for (RecordingKind kind : RecordingKind.values()) {
            if (!indices.indicesOf(kind, ccid).isEmpty()) {
                cluster.post("/" + RecordingIndices.alias(kind, ccid) + "/_refresh", Map.of(), null);
            }
        }
    }

    static ObjectNode object() {
        return Json.object();
    }
}
