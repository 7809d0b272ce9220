package io.callvault.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.Ids;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.codec.LabelNames;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.http.Permission;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.ConflictException;
import io.callvault.core.store.LabelDefinition;
import io.callvault.core.store.LabelDefinitionStore;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.RecordingStore.ManagedChange;
import io.callvault.core.store.RecordingStore.ManagedFields;
import io.callvault.core.store.StoredRecording;
import io.callvault.core.time.GuideTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The guide's Recording Label API and Recording Non-Deletion API (API #21, #22; L13192-L13262): label
 * definitions per contact center, labels on call and screen recordings (one at a time, or one label on many
 * recordings), and deletion protection. Every change to a recording is one conditional write of its META
 * item ({@link RecordingStore#updateManagedFields}) and one audit record; a request that changes nothing
 * writes nothing. A recording is reached under the same rule as get and delete ({@link RecordingAccess}).
 */
public final class LabelService {
    /** Labels one recording may carry, so its META item stays small whatever the labels' script. */
    public static final int MAX_LABELS_PER_RECORDING = 100;
    /** Recordings one bulk request may label (the guide's Muxer bulk reads use slices of 100 too). */
    public static final int MAX_BULK_RECORDINGS = 100;
    public static final int MAX_DESCRIPTION_CHARS = 1024;

    private final RecordingStore recordings;
    private final LabelDefinitionStore definitions;
    private final AuditTrail audit;
    private final RecordingAccess access;

    public LabelService(RecordingStore recordings, LabelDefinitionStore definitions, AuditTrail audit) {
        this.recordings = recordings;
        this.definitions = definitions;
        this.audit = audit;
        this.access = new RecordingAccess(recordings);
    }

    // ------------------------------------------------------------------ label definitions

    public ObjectNode createDefinition(Caller caller, JsonNode body) {
        String ccid = caller.ownContactCenter();
        caller.require(Permission.ADD_LABEL_DEFINITION);
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object {\"name\": ..., \"description\": ...}");
        }
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            throw new InvalidFieldException("name", "is required, a label name");
        }
        if (!name.isTextual()) {
            throw new InvalidFieldException("name", "must be a string");
        }
        String label = LabelNames.check("name", name.textValue());
        LabelDefinition created = definitions.create(ccid, label, description(body.get("description")), caller.actor());
        audit.record(ccid, "Create label definition [" + label + "]", label, caller.actor(), "succeeded", null);
        ObjectNode answer = Json.object();
        answer.set("labelDefinition", toJson(created));
        return answer;
    }

    /** Whoever may read recordings, an agent, or whoever may manage labels may list the definitions. */
    public ObjectNode listDefinitions(Caller caller) {
        String ccid = caller.ownContactCenter();
        boolean allowed = caller.agent() || caller.has(Permission.RECORDING_READ)
                || Set.of(Permission.ADD_LABEL_DEFINITION, Permission.DELETE_LABEL_DEFINITION, Permission.ADD_LABEL,
                        Permission.DELETE_LABEL).stream().anyMatch(caller::has);
        if (!allowed) {
            throw ApiException.forbidden("this needs the " + Permission.RECORDING_READ + " permission");
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        definitions.list(ccid).forEach(d -> list.add(toJson(d)));
        ObjectNode answer = Json.object();
        answer.set("labelDefinitions", list);
        return answer;
    }

    /** Labels already on recordings stay there (and can still be removed); they can no longer be added. */
    public ObjectNode deleteDefinition(Caller caller, String name) {
        String ccid = caller.ownContactCenter();
        caller.require(Permission.DELETE_LABEL_DEFINITION);
        LabelNames.check("name", name);
        if (!definitions.delete(ccid, name)) {
            throw ApiException.notFound("label definition " + name + " not found");
        }
        audit.record(ccid, "Delete label definition [" + name + "]", name, caller.actor(), "succeeded", null);
        return Json.object().put("name", name);
    }

    // ------------------------------------------------------------------ labels on recordings

    public ObjectNode addLabel(Caller caller, RecordingKind kind, String id, String name) {
        String ccid = caller.ownContactCenter();
        caller.require(Permission.ADD_LABEL);
        Ids.recordingId("id", id);
        requireDefined(ccid, "name", LabelNames.check("name", name));
        return change(caller, access.requireVisible(caller, ccid, kind, id),
                "Add label [" + name + "] to " + RecordingAccess.document(kind), withLabel(name));
    }

    /** Removing a label the recording does not carry is fine; the label need not be defined any more. */
    public ObjectNode removeLabel(Caller caller, RecordingKind kind, String id, String name) {
        String ccid = caller.ownContactCenter();
        caller.require(Permission.DELETE_LABEL);
        Ids.recordingId("id", id);
        LabelNames.check("name", name);
        return change(caller, access.requireVisible(caller, ccid, kind, id),
                "Remove label [" + name + "] from " + RecordingAccess.document(kind), withoutLabel(name));
    }

    /**
     * {@code {"label": name, "recordingIds": [...]}}: adds one label to up to {@value #MAX_BULK_RECORDINGS}
     * recordings and answers per id {@code added} (it carries the label now), {@code not found} (unknown, being
     * deleted, or not visible to the caller: the three are not told apart, so nothing leaks) or
     * {@code label limit reached}. The whole request is checked before anything is written.
     */
    public ObjectNode addLabelToMany(Caller caller, RecordingKind kind, JsonNode body) {
        String ccid = caller.ownContactCenter();
        caller.require(Permission.ADD_LABEL);
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object {\"label\": ..., \"recordingIds\": [...]}");
        }
        JsonNode labelNode = body.get("label");
        if (labelNode == null || !labelNode.isTextual()) {
            throw new InvalidFieldException("label", "is required, a string: the label name");
        }
        String label = LabelNames.check("label", labelNode.textValue());
        List<String> ids = recordingIds(body.get("recordingIds"));
        requireDefined(ccid, "label", label);

        String action = "Add label [" + label + "] to " + RecordingAccess.document(kind);
        ArrayNode results = Json.MAPPER.createArrayNode();
        int added = 0;
        for (String id : ids) {
            String outcome;
            try {
                Optional<StoredRecording> stored = access.findVisible(caller, ccid, kind, id);
                outcome = stored.isPresent() && apply(caller, stored.get(), action, withLabel(label)).isPresent()
                        ? "added" : "not found";
            } catch (ConflictException tooMany) {
                outcome = "label limit reached";
            }
            added += outcome.equals("added") ? 1 : 0;
            results.add(Json.object().put("id", id).put("outcome", outcome));
        }
        ObjectNode answer = Json.object().put("label", label).put("added", added).put("notAdded", ids.size() - added);
        answer.set("results", results);
        return answer;
    }

    // ------------------------------------------------------------------ deletion protection

    public ObjectNode protect(Caller caller, RecordingKind kind, String id) {
        return protection(caller, kind, id, Permission.APPLY_NON_DELETE, true,
                "Apply non-deletion to " + RecordingAccess.document(kind));
    }

    public ObjectNode unprotect(Caller caller, RecordingKind kind, String id) {
        return protection(caller, kind, id, Permission.UNAPPLY_NON_DELETE, false,
                "Remove non-deletion from " + RecordingAccess.document(kind));
    }

    private ObjectNode protection(Caller caller, RecordingKind kind, String id, String permission, boolean nonDelete,
                                  String action) {
        String ccid = caller.ownContactCenter();
        caller.require(permission);
        return change(caller, access.requireVisible(caller, ccid, kind, id), action,
                f -> new ManagedFields(f.labels(), nonDelete));
    }

    // ------------------------------------------------------------------ plumbing

    /** One recording's change, answered with its labels and protection as they now stand; 404 when it went away. */
    private ObjectNode change(Caller caller, StoredRecording stored, String action, UnaryOperator<ManagedFields> change) {
        String id = stored.recording().id();
        ManagedChange result = apply(caller, stored, action, change)
                .orElseThrow(() -> RecordingAccess.notFound(stored.recording().kind(), id));
        ObjectNode answer = Json.object().put("id", id);
        result.fields().labels().forEach(answer.putArray("labels")::add);
        return answer.put("nonDelete", result.fields().nonDelete()).put("changed", result.changed());
    }

    /** Writes the change (or nothing, when it changes nothing) and audits what was written. */
    private Optional<ManagedChange> apply(Caller caller, StoredRecording stored, String action,
                                          UnaryOperator<ManagedFields> change) {
        Optional<ManagedChange> result = recordings.updateManagedFields(stored, change);
        if (result.isPresent() && result.get().changed()) {
            audit.record(stored.ccid(), action, stored.recording().id(), caller.actor(), "succeeded", null);
        }
        return result;
    }

    private static UnaryOperator<ManagedFields> withLabel(String label) {
        return f -> {
            if (f.labels().contains(label)) {
                return f;
            }
            if (f.labels().size() >= MAX_LABELS_PER_RECORDING) {
                throw new ConflictException("the recording already carries " + MAX_LABELS_PER_RECORDING
                        + " labels; remove one first");
            }
            List<String> labels = new ArrayList<>(f.labels());
            labels.add(label);
            return new ManagedFields(labels, f.nonDelete());
        };
    }

    private static UnaryOperator<ManagedFields> withoutLabel(String label) {
        return f -> new ManagedFields(f.labels().stream().filter(l -> !l.equals(label)).toList(), f.nonDelete());
    }

    private void requireDefined(String ccid, String field, String label) {
        if (definitions.find(ccid, label).isEmpty()) {
            throw new InvalidFieldException(field, "label " + label + " is not defined; define it first with "
                    + "POST /api/v2/label-definitions");
        }
    }

    private static List<String> recordingIds(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidFieldException("recordingIds", "is required, an array of recording ids");
        }
        if (!node.isArray()) {
            throw new InvalidFieldException("recordingIds", "must be an array of recording ids");
        }
        if (node.isEmpty() || node.size() > MAX_BULK_RECORDINGS) {
            throw new InvalidFieldException("recordingIds", "must list 1-" + MAX_BULK_RECORDINGS
                    + " recording ids; got " + node.size());
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            String field = "recordingIds[" + i + "]";
            if (!id.isTextual()) {
                throw new InvalidFieldException(field, "must be a string");
            }
            ids.add(Ids.recordingId(field, id.textValue()));
        }
        return List.copyOf(ids);
    }

    private static String description(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new InvalidFieldException("description", "must be a string");
        }
        String text = node.textValue();
        if (text.length() > MAX_DESCRIPTION_CHARS) {
            throw new InvalidFieldException("description", "is longer than " + MAX_DESCRIPTION_CHARS + " characters");
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f)) {
            throw new InvalidFieldException("description", "may not contain control characters other than tab and newline");
        }
        return text;
    }

    private static ObjectNode toJson(LabelDefinition d) {
        ObjectNode o = Json.object().put("name", d.name()).put("description", d.description()).put("builtIn", d.builtIn());
        if (d.createdAt() != null) {
            o.put("createdAt", GuideTime.format(d.createdAt())).put("createdBy", d.createdBy());
        }
        return o;
    }
}
