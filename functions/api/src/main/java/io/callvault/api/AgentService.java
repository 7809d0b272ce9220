package io.callvault.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.AgentNames;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.json.Json;
import io.callvault.core.store.Agent;
import io.callvault.core.store.AgentDirectory;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.time.GuideTime;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent directory through the settings API (issue 5 part 3): {@code PUT}, {@code GET} and {@code DELETE
 * /api/v2/settings/agents/{username}}, {@code GET /api/v2/settings/agents} (paged) and the bulk {@code POST
 * /api/v2/settings/agents} of up to {@value AgentDirectory#MAX_BULK} agents. An agent is {@code {"username",
 * "firstName", "lastName", "hierarchy": ["/sales/team1", ...]}}; user names are kept as given and found
 * ignoring case. Every change is audited.
 */
public final class AgentService {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PATHS = 32;
    private static final Set<String> FIELDS = Set.of("username", "firstName", "lastName", "hierarchy",
            // what a GET answers besides: accepted when a read agent is sent back, and ignored
            "updatedAt", "updatedBy");

    private final AgentDirectory directory;
    private final AuditTrail audit;

    public AgentService(AgentDirectory directory, AuditTrail audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /** Creates or replaces one agent → {@code {"agent":{...},"created":bool}}. */
    public ObjectNode put(String ccid, String pathUsername, JsonNode body, Caller caller) {
        String username = AgentNames.username("username", pathUsername);
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be an agent {\"firstName\", \"lastName\", \"hierarchy\": [...]}");
        }
        JsonNode named = body.get("username");
        if (named != null && !named.isNull() && !(named.isTextual()
                && AgentNames.key(named.textValue()).equals(AgentNames.key(username)))) {
            throw new InvalidFieldException("username", "must be the user name of the path (" + Excerpt.of(username)
                    + ") or left out");
        }
        Agent agent = agent(body, "", username);
        boolean created = directory.put(ccid, agent, caller.actor());
        audit.record(ccid, "Set agent [" + username + "]", username, caller.actor(), "succeeded", null);
        ObjectNode out = Json.object();
        out.set("agent", toJson(directory.find(ccid, username).orElseThrow()));
        out.put("created", created);
        return out;
    }

    public ObjectNode get(String ccid, String username) {
        AgentNames.username("username", username);
        Agent agent = directory.find(ccid, username).orElseThrow(() -> ApiException.notFound(
                "no agent " + Excerpt.of(username) + " in the directory"));
        ObjectNode out = Json.object();
        out.set("agent", toJson(agent));
        return out;
    }

    /** {@code ?limit=1-1000 (100)&cursor=...} → {@code {"agents":[...],"nextCursor":...}} in user-name order. */
    public ObjectNode list(String ccid, Map<String, String> query) {
        int limit = DEFAULT_PAGE;
        String rawLimit = query.get("limit");
        if (rawLimit != null) {
            if (!rawLimit.matches("[0-9]{1,4}") || Integer.parseInt(rawLimit) < 1
                    || Integer.parseInt(rawLimit) > AgentDirectory.MAX_PAGE) {
                throw new InvalidFieldException("limit", "must be a number from 1 to " + AgentDirectory.MAX_PAGE
                        + ", got " + Excerpt.of(rawLimit));
            }
            limit = Integer.parseInt(rawLimit);
        }
        String cursor = query.get("cursor");
        AgentDirectory.Page page = directory.page(ccid, limit, cursor == null ? null : fromCursor(cursor));
        ObjectNode out = Json.object();
        ArrayNode agents = out.putArray("agents");
        page.agents().forEach(a -> agents.add(toJson(a)));
        out.put("count", page.agents().size());
        if (page.lastKey() != null) {
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(page.lastKey().getBytes(StandardCharsets.UTF_8));
            out.put("nextCursor", next);
            out.put("nextPath", "/settings/agents?limit=" + limit + "&cursor=" + next);
        }
        return out;
    }

    public ObjectNode delete(String ccid, String username, Caller caller) {
        AgentNames.username("username", username);
        if (!directory.delete(ccid, username)) {
            throw ApiException.notFound("no agent " + Excerpt.of(username) + " in the directory");
        }
        audit.record(ccid, "Delete agent [" + username + "]", username, caller.actor(), "succeeded", null);
        return Json.object().put("username", username).put("deleted", true);
    }

    /**
     * {@code {"agents":[...]}} (or the array alone) of 1-100 agents, each with its {@code username}: checked
     * whole first (one bad agent or a user name given twice, in any case, is a 400 and nothing is written),
     * then stored in one transaction. Agents already in the directory are replaced.
     */
    public ObjectNode bulk(String ccid, JsonNode body, Caller caller) {
        JsonNode list = body.isObject() ? body.get("agents") : body;
        String path = body.isObject() ? "agents" : "body";
        if (list == null || !list.isArray()) {
            throw new InvalidFieldException(path, "must be an array of agents");
        }
        if (list.isEmpty() || list.size() > AgentDirectory.MAX_BULK) {
            throw new InvalidFieldException(path, "must hold 1 to " + AgentDirectory.MAX_BULK + " agents, not " + list.size());
        }
        List<Agent> agents = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String prefix = (body.isObject() ? "agents" : "") + "[" + i + "].";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw new InvalidFieldException(prefix.substring(0, prefix.length() - 1), "must be an agent object");
            }
            JsonNode u = entry.get("username");
            if (u == null || !u.isTextual()) {
                throw new InvalidFieldException(prefix + "username", "is required, a string");
            }
            String username = AgentNames.username(prefix + "username", u.textValue());
            Integer before = seen.putIfAbsent(AgentNames.key(username), i);
            if (before != null) {
                throw new InvalidFieldException(prefix + "username", "names the agent of [" + before + "] again "
                        + "(user names are compared ignoring case)");
            }
            agents.add(agent(entry, prefix, username));
        }
        directory.putAll(ccid, agents, caller.actor());
        audit.record(ccid, "Provision agents [" + agents.size() + "]", "agents", caller.actor(), "succeeded",
                Excerpt.of(String.join(",", agents.stream().map(Agent::username).toList())));
        ObjectNode out = Json.object().put("stored", agents.size());
        ArrayNode names = out.putArray("usernames");
        agents.forEach(a -> names.add(a.username()));
        return out;
    }

    private static Agent agent(JsonNode body, String prefix, String username) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidFieldException(prefix + (name.matches("[A-Za-z0-9_.-]{1,64}") ? name : Excerpt.of(name)),
                        "is not a field of an agent; the fields are username, firstName, lastName and hierarchy");
            }
        }
        return new Agent(username, personName(body, prefix, "firstName"), personName(body, prefix, "lastName"),
                hierarchy(body.get("hierarchy"), prefix + "hierarchy"), null, null);
    }

    private static String personName(JsonNode body, String prefix, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidFieldException(prefix + field, "must be a string");
        }
        return AgentNames.personName(prefix + field, v.textValue());
    }

    /** 0-32 hierarchy paths; a path given twice is kept once. */
    private static List<String> hierarchy(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new InvalidFieldException(field, "must be an array of hierarchy paths such as [\"/sales/team1\"]");
        }
        if (v.size() > MAX_PATHS) {
            throw new InvalidFieldException(field, "may hold at most " + MAX_PATHS + " paths, not " + v.size());
        }
        Set<String> paths = new LinkedHashSet<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode p = v.get(i);
            if (!p.isTextual()) {
                throw new InvalidFieldException(field + "[" + i + "]", "must be a hierarchy path (a string)");
            }
            paths.add(AgentNames.hierarchyPath(field + "[" + i + "]", p.textValue()));
        }
        return List.copyOf(paths);
    }

    private static String fromCursor(String cursor) {
        try {
            String key = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor))).toString();
            if (AgentNames.isUsername(key) && AgentNames.key(key).equals(key)) {
                return key;
            }
        } catch (IllegalArgumentException | CharacterCodingException e) {
            // falls through to the 400
        }
        throw new InvalidFieldException("cursor", "is not a cursor this API gave out; got " + Excerpt.of(cursor));
    }

    private static ObjectNode toJson(Agent a) {
        ObjectNode out = Json.object().put("username", a.username());
        if (a.firstName() != null) {
            out.put("firstName", a.firstName());
        }
        if (a.lastName() != null) {
            out.put("lastName", a.lastName());
        }
        ArrayNode paths = out.putArray("hierarchy");
        a.hierarchy().forEach(paths::add);
        if (a.updatedAt() != null) {
            out.put("updatedAt", GuideTime.format(a.updatedAt()));
        }
        if (a.updatedBy() != null) {
            out.put("updatedBy", a.updatedBy());
        }
        return out;
    }
}
