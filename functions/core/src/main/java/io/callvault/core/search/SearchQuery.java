package io.callvault.core.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.http.Caller;
import io.callvault.core.json.Json;

/**
 * The OpenSearch query of a {@link SearchRequest} for a caller: every parameter becomes a filter, and the
 * access rule (architecture doc) is one more, so paging and counts only ever see what the caller may see.
 * Values arrive checked by {@link SearchTerms}: the only special character left is {@code *}.
 */
public final class SearchQuery {
    private SearchQuery() {}

    public static ObjectNode of(SearchRequest r, Caller caller) {
        ObjectNode bool = Json.object();
        ArrayNode filter = bool.putArray("filter");
        filter.add(term("ccid", caller.ccid()));
        filter.add(term("kind", r.kind().name()));
        if (r.startTime() != null) {
            filter.add(range("startTime", "gte", r.startTime().toEpochMilli()));
        }
        if (r.endTime() != null) {
            filter.add(range("stopTime", "lte", r.endTime().toEpochMilli()));
        }
        if (r.callerPhoneNumber() != null) {
            filter.add(match("callerPhoneNumber", r.callerPhoneNumber()));
        }
        if (r.dialedPhoneNumber() != null) {
            filter.add(match("dialedPhoneNumber", r.dialedPhoneNumber()));
        }
        if (r.userName() != null) {
            filter.add(userName(r.userName()));
        }
        if (!r.userData().isEmpty()) {
            filter.add(anyOf(r.userData().stream().map(v -> match("userData", v)).toList()));
        }
        if (r.label() != null) {
            filter.add(term("labels", r.label()));
        }
        if (r.agentId() != null) {
            filter.add(term("agentIds", r.agentId()));
        }
        if (r.callType() != null) {
            filter.add(term("callType", r.callType().wireName()));
        }
        if (r.screenRecording() != null) {
            filter.add(Json.object().set("term", Json.object().put("screenRecording", r.screenRecording().booleanValue())));
        }
        if (!r.callRecordingIds().isEmpty()) {
            ObjectNode terms = Json.object();
            ArrayNode ids = terms.putArray("callRecordingId");
            r.callRecordingIds().forEach(ids::add);
            filter.add(Json.object().set("terms", terms));
        }
        ObjectNode access = access(caller);
        if (access != null) {
            filter.add(access);
        }
        return Json.object().set("bool", bool);
    }

    /**
     * Who may see a recording, as a filter: access group {@code /} sees all (no filter); a group is a
     * whole-segment prefix of a media file's hierarchy path (the path-hierarchy analyser indexes every
     * ancestor of it); a group named like a partition; the recorded agent. Nothing matches a caller with none.
     */
    static ObjectNode access(Caller caller) {
        java.util.List<ObjectNode> any = new java.util.ArrayList<>();
        for (String group : caller.accessGroups()) {
            if (group.equals("/")) {
                return null;
            }
            String path = group.length() > 1 && group.endsWith("/") ? group.substring(0, group.length() - 1) : group;
            if (path.startsWith("/")) {
                any.add(term("accessgroups", path));
            }
            any.add(term("partitions", group));
        }
        if (caller.agent() && caller.username() != null) {
            any.add(term("agentUserNames", caller.username()));
        }
        if (any.isEmpty()) {
            return Json.object().set("match_none", Json.object());
        }
        return anyOf(any);
    }

    /** Terms OR'ed over each contact's user, first and last name; with AND, each term on some contact. */
    private static ObjectNode userName(SearchTerms.NameQuery q) {
        java.util.List<ObjectNode> perTerm = new java.util.ArrayList<>();
        for (String t : q.terms()) {
            ObjectNode nameMatch = anyOf(java.util.List.of(match("contacts.userName", t), match("contacts.firstName", t),
                    match("contacts.lastName", t)));
            perTerm.add(Json.object().set("nested", Json.object().put("path", "contacts").set("query", nameMatch)));
        }
        if (!q.all()) {
            return anyOf(perTerm);
        }
        ObjectNode bool = Json.object();
        ArrayNode must = bool.putArray("filter");
        perTerm.forEach(must::add);
        return Json.object().set("bool", bool);
    }

    private static ObjectNode match(String field, String value) {
        if (SearchTerms.isPattern(value)) {
            return Json.object().set("wildcard", Json.object().set(field, Json.object().put("value", value)));
        }
        return term(field, value);
    }

    static ObjectNode term(String field, String value) {
        return Json.object().set("term", Json.object().put(field, value));
    }

    private static ObjectNode range(String field, String op, long value) {
        return Json.object().set("range", Json.object().set(field, Json.object().put(op, value)));
    }

    private static ObjectNode anyOf(java.util.List<ObjectNode> queries) {
        ObjectNode bool = Json.object();
        ArrayNode should = bool.putArray("should");
        queries.forEach(should::add);
        bool.put("minimum_should_match", 1);
        return Json.object().set("bool", bool);
    }
}
