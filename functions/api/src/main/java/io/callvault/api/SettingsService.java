package io.callvault.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.json.Json;
import io.callvault.core.settings.SettingDefinition;
import io.callvault.core.settings.SettingGroup;
import io.callvault.core.settings.SettingGroups;
import io.callvault.core.settings.SettingLocations;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.ConflictException;
import io.callvault.core.store.SettingSecretVault;
import io.callvault.core.store.SettingsStore;
import io.callvault.core.store.StoredSetting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The guide's settings groups API (#26-#30, spec api-search.md §1.3 and §4): create ({@code POST}), update
 * ({@code PUT}), delete ({@code DELETE ?location=} with {@code {"name":...}}) and read ({@code GET
 * ?location=*|/a/b&ignoreParentLocations=}) named settings of a group, each setting at one or more
 * locations. Values are checked by their group's validator; secret fields go to Secrets Manager and read
 * back as {@value #MASK}. A group of any name ({@code gir-scheduler}: each setting a lifecycle rule) checks names with
 * its name check, lists its settings by name, reads one location without its ancestors (exact match) and has no
 * defaults; its items carry the group's index attributes ({@code ScheduleIndex}). Every change is audited, without its secrets. The caller's scope (tenant or ops)
 * is settled by the handler, which passes the contact center.
 */
public final class SettingsService {
    static final String MASK = "****";
    /** Largest value of one setting, as canonical JSON. */
    static final int MAX_VALUE_CHARS = 16 * 1024;
    /** Locations one setting may have in one tenant, so that a group stays one small query. */
    static final int MAX_LOCATIONS = 100;
    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Paths under /api/v2/settings that are not groups: their own routes serve them. */
    private static final Map<String, String> DEDICATED = Map.of(
            "encryption", "GET and PUT /api/v2/settings/encryption",
            "certificates", "POST and GET /api/v2/settings/certificates, DELETE /api/v2/settings/certificates/{alias}",
            "private-keys", "POST /api/v2/settings/private-keys",
            "agents", "GET and POST /api/v2/settings/agents, GET, PUT and DELETE /api/v2/settings/agents/{username}");

    private final SettingGroups groups;
    private final SettingsStore store;
    private final SettingSecretVault vault;
    private final AuditTrail audit;

    public SettingsService(SettingGroups groups, SettingsStore store, SettingSecretVault vault, AuditTrail audit) {
        this.groups = groups;
        this.store = store;
        this.vault = vault;
        this.audit = audit;
    }

    /** One setting of a request, checked and ready to store. */
    private record Change(SettingDefinition definition, String name, String location, JsonNode value,
                          ObjectNode secrets, StoredSetting existing) {}

    /**
     * {@code {"settings":[{"name","values":[{"location","value"}]}],"key":"name","defaults":{...}}}, secrets
     * masked. {@code location=*} (the default) lists every location; a location lists that one, and with
     * {@code ignoreParentLocations=false} (the default) its ancestors' values too, deepest first: the first is
     * what a node at that location uses. {@code name} narrows to one setting.
     */
    public ObjectNode read(String ccid, String groupName, Map<String, String> query) {
        SettingGroup group = group(groupName);
        String location = query.getOrDefault("location", SettingLocations.ALL);
        boolean ignoreParents = flag("ignoreParentLocations", query.get("ignoreParentLocations"), false);
        List<String> wanted = SettingLocations.ALL.equals(location) ? null
                : ignoreParents || group.exactLocations() ? List.of(SettingLocations.check("location", location))
                : SettingLocations.selfAndAncestors(SettingLocations.check("location", location));
        String name = query.get("name");
        if (name != null) {
            group.definition("name", name);
        }
        Map<String, List<StoredSetting>> byName = new LinkedHashMap<>();
        group.settingNames().forEach(n -> byName.put(n, new ArrayList<>()));
        List<StoredSetting> stored = new ArrayList<>(store.list(ccid, group.name()));
        if (group.anyName() != null) {
            stored.sort(Comparator.comparing(StoredSetting::name));
            stored.forEach(s -> byName.putIfAbsent(s.name(), new ArrayList<>()));
        }
        for (StoredSetting s : stored) {
            if ((name == null || name.equals(s.name())) && (wanted == null || wanted.contains(s.location()))
                    && byName.containsKey(s.name())) {
                byName.get(s.name()).add(s);
            }
        }
        Comparator<StoredSetting> order = wanted == null ? Comparator.comparing(StoredSetting::location)
                : Comparator.comparingInt(s -> wanted.indexOf(s.location()));
        ObjectNode out = Json.object();
        ArrayNode settings = out.putArray("settings");
        byName.forEach((n, values) -> {
            if (!values.isEmpty()) {
                values.sort(order);
                settings.add(toJson(n, group.anyName() != null ? group.anyName().definition()
                        : group.setting(n).orElseThrow(), values));
            }
        });
        out.put("key", "name");
        ObjectNode defaults = out.putObject("defaults");
        group.defaults().forEach((n, v) -> {
            if (name == null || name.equals(n)) {
                defaults.set(n, v);
            }
        });
        return out;
    }

    /** {@code POST}: creates each setting of the body (one, or an array of up to 25); one that exists is a 409. */
    public ObjectNode create(String ccid, String groupName, JsonNode body, Caller caller) {
        return write(ccid, group(groupName), body, caller, true);
    }

    /** {@code PUT}: replaces each setting of the body; one that does not exist is a 404. */
    public ObjectNode update(String ccid, String groupName, JsonNode body, Caller caller) {
        return write(ccid, group(groupName), body, caller, false);
    }

    /**
     * {@code DELETE ?location=/US/CA} with {@code {"name":...}} (the guide's form), or {@code ?name=}; the
     * location is exact ({@code *} is refused, L34004) and {@code /} when not given.
     */
    public ObjectNode delete(String ccid, String groupName, Map<String, String> query, JsonNode body, Caller caller) {
        SettingGroup group = group(groupName);
        if (body != null && !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object {\"name\": ...}");
        }
        String name = agreeing("name", query.get("name"), body);
        String location = agreeing("location", query.get("location"), body);
        if (name == null) {
            throw new InvalidFieldException("name", "is required: DELETE ...?location=/US/CA with the body {\"name\":\"...\"}");
        }
        group.definition("name", name);
        location = SettingLocations.check("location", location == null ? SettingLocations.ROOT : location);
        String at = location;
        StoredSetting deleted = store.delete(ccid, group.name(), name, location).orElseThrow(() -> ApiException.notFound(
                "no setting " + name + " at " + at + " in " + group.name()));
        if (deleted.secretName() != null) {
            vault.delete(deleted.secretName());
        }
        audit.record(ccid, "Delete setting [" + group.name() + "/" + name + "] at [" + location + "]",
                group.name() + "/" + name, caller.actor(), "succeeded", null);
        return Json.object().put("name", name).put("location", location).put("deleted", true);
    }

    private ObjectNode write(String ccid, SettingGroup group, JsonNode body, Caller caller, boolean create) {
        if (!body.isObject() && !body.isArray()) {
            throw ApiException.badRequest("the body must be a setting {\"name\", \"location\", \"value\"} or an array of them");
        }
        List<JsonNode> entries = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(entries::add);
        } else {
            entries.add(body);
        }
        if (entries.isEmpty() || entries.size() > SettingsStore.MAX_PER_WRITE) {
            throw ApiException.badRequest("a request writes 1 to " + SettingsStore.MAX_PER_WRITE + " settings, not " + entries.size());
        }
        Map<String, StoredSetting> current = new HashMap<>();
        store.list(ccid, group.name()).forEach(s -> current.put(s.name() + "\n" + s.location(), s));
        List<Change> changes = new ArrayList<>();
        Map<String, Integer> locationsPerName = new HashMap<>();
        current.values().forEach(s -> locationsPerName.merge(s.name(), 1, Integer::sum));
        for (int i = 0; i < entries.size(); i++) {
            String prefix = body.isArray() ? "[" + i + "]." : "";
            Change change = parse(ccid, group, entries.get(i), prefix, current, create);
            if (changes.stream().anyMatch(c -> c.name().equals(change.name()) && c.location().equals(change.location()))) {
                throw new InvalidFieldException(prefix + "name", "names " + change.name() + " at " + change.location()
                        + " a second time in one request");
            }
            if (create && locationsPerName.merge(change.name(), 1, Integer::sum) > MAX_LOCATIONS) {
                throw new ConflictException("setting " + change.name() + " already has " + MAX_LOCATIONS
                        + " locations; delete one first");
            }
            changes.add(change);
        }
        if (create && group.anyName() != null && current.size() + changes.size() > group.anyName().maxSettings()) {
            throw new ConflictException(group.name() + " holds at most " + group.anyName().maxSettings()
                    + " settings per contact center (it has " + current.size() + "); delete some first");
        }
        List<String> created = new ArrayList<>();
        List<SettingsStore.Write> writes = new ArrayList<>();
        try {
            for (Change c : changes) {
                String secretName = null;
                if (c.secrets() != null) {
                    secretName = vault.create(ccid, group.name(), c.name(), c.location(), c.secrets());
                    created.add(secretName);
                }
                writes.add(new SettingsStore.Write(c.name(), c.location(), c.value(), secretName,
                        c.existing() == null ? 0 : c.existing().version()));
            }
            store.write(ccid, group.name(), group::indexAttributes, writes, caller.actor());
        } catch (RuntimeException e) {
            created.forEach(this::deleteQuietly);
            throw e;
        }
        ObjectNode out = Json.object();
        ArrayNode settings = out.putArray("settings");
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (c.existing() != null && c.existing().secretName() != null) {
                deleteQuietly(c.existing().secretName());
            }
            audit.record(ccid, (create ? "Create" : "Update") + " setting [" + group.name() + "/" + c.name() + "] at ["
                    + c.location() + "]", group.name() + "/" + c.name(), caller.actor(), "succeeded",
                    Excerpt.of(Json.canonical(c.value())));
            settings.add(toJson(c.name(), c.definition(), List.of(new StoredSetting(c.name(), c.location(), c.value(),
                    writes.get(i).secretName(), writes.get(i).expectedVersion() + 1, null, caller.actor()))));
        }
        out.put("key", "name");
        return out;
    }

    /** One entry of a write: name known, location valid, value valid (masked secrets taken from the stored ones). */
    private Change parse(String ccid, SettingGroup group, JsonNode entry, String prefix,
                         Map<String, StoredSetting> current, boolean create) {
        if (!entry.isObject()) {
            throw new InvalidFieldException(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "must be a setting {\"name\", \"location\", \"value\"}");
        }
        JsonNode nameNode = entry.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw new InvalidFieldException(prefix + "name", "is required, the setting's name: " + group.describeNames());
        }
        String name = nameNode.textValue();
        SettingDefinition definition = group.definition(prefix + "name", name);
        JsonNode locationNode = entry.get("location");
        if (locationNode != null && !locationNode.isNull() && !locationNode.isTextual()) {
            throw new InvalidFieldException(prefix + "location", "must be a location such as / or /US/CA");
        }
        String location = locationNode == null || locationNode.isNull() ? SettingLocations.ROOT
                : SettingLocations.check(prefix + "location", locationNode.textValue());
        JsonNode value = entry.get("value");
        if (value == null || value.isNull()) {
            throw new InvalidFieldException(prefix + "value", "is required");
        }
        if (Json.canonical(value).length() > MAX_VALUE_CHARS) {
            throw new InvalidFieldException(prefix + "value", "is longer than " + MAX_VALUE_CHARS + " characters of JSON");
        }
        StoredSetting existing = current.get(name + "\n" + location);
        if (create && existing != null) {
            throw new ConflictException("setting " + name + " at " + location + " exists; change it with PUT");
        }
        if (!create && existing == null) {
            throw ApiException.notFound("no setting " + name + " at " + location + " in " + group.name()
                    + "; create it with POST");
        }
        if (!definition.secretFields().isEmpty() && value.isObject()) {
            value = unmasked(definition, (ObjectNode) value.deepCopy(), existing, prefix);
        }
        JsonNode checked = definition.validator().validate(prefix + "value", value);
        ObjectNode secrets = null;
        if (!definition.secretFields().isEmpty()) {
            ObjectNode stored = (ObjectNode) checked.deepCopy();
            secrets = Json.object();
            for (String f : definition.secretFields()) {
                secrets.set(f, stored.remove(f));
            }
            checked = stored;
        }
        return new Change(definition, name, location, checked, secrets, existing);
    }

    /** A secret field sent as {@value #MASK} (a GET body sent back) keeps the stored value; there must be one. */
    private ObjectNode unmasked(SettingDefinition definition, ObjectNode value, StoredSetting existing, String prefix) {
        ObjectNode stored = null;
        for (String f : definition.secretFields()) {
            JsonNode v = value.get(f);
            if (v != null && v.isTextual() && MASK.equals(v.textValue())) {
                if (existing == null || existing.secretName() == null) {
                    throw new InvalidFieldException(prefix + "value." + f, "is the mask " + MASK
                            + " but nothing is stored to keep; send the value itself");
                }
                if (stored == null) {
                    stored = vault.read(existing.secretName());
                }
                value.set(f, stored.get(f));
            }
        }
        return value;
    }

    private ObjectNode toJson(String name, SettingDefinition definition, List<StoredSetting> stored) {
        ObjectNode setting = Json.object().put("name", name);
        ArrayNode values = setting.putArray("values");
        for (StoredSetting s : stored) {
            JsonNode value = s.value().deepCopy();
            if (value.isObject() && s.secretName() != null) {
                definition.secretFields().forEach(f -> ((ObjectNode) value).put(f, MASK));
            }
            values.addObject().put("location", s.location()).set("value", value);
        }
        return setting;
    }

    private SettingGroup group(String name) {
        if (DEDICATED.containsKey(name)) {
            throw ApiException.notFound("/api/v2/settings/" + name + " is not a settings group; it is served by "
                    + DEDICATED.get(name));
        }
        if (!GROUP.matcher(name).matches()) {
            throw ApiException.notFound("no settings group " + Excerpt.of(name) + "; the groups are "
                    + String.join(", ", groups.names()));
        }
        return groups.find(name).orElseThrow(() -> ApiException.notFound("no settings group " + name
                + "; the groups are " + String.join(", ", groups.names())));
    }

    /** The same field from the query or the body; both given and different is a 400. */
    private static String agreeing(String field, String fromQuery, JsonNode body) {
        JsonNode b = body == null ? null : body.get(field);
        if (b != null && !b.isNull() && !b.isTextual()) {
            throw new InvalidFieldException(field, "must be a string");
        }
        String fromBody = b == null || b.isNull() ? null : b.textValue();
        if (fromQuery != null && fromBody != null && !Objects.equals(fromQuery, fromBody)) {
            throw new InvalidFieldException(field, "is given in the query and the body with different values");
        }
        return fromQuery != null ? fromQuery : fromBody;
    }

    private static boolean flag(String field, String value, boolean otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidFieldException(field, "must be true or false, got " + Excerpt.of(value));
        }
        return Boolean.parseBoolean(value);
    }

    private void deleteQuietly(String secretName) {
        try {
            vault.delete(secretName);
        } catch (RuntimeException e) {
            // The setting no longer names it; a leftover secret holds nothing anyone reads. Logged for clean-up.
            System.err.println("{\"level\":\"WARN\",\"message\":\"could not delete the setting secret\",\"secret\":"
                    + Json.MAPPER.getNodeFactory().textNode(secretName) + ",\"error\":"
                    + Json.MAPPER.getNodeFactory().textNode(String.valueOf(e)) + "}");
        }
    }
}
