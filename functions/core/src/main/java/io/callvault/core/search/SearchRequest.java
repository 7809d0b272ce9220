package io.callvault.core.search;

import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.Ids;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.model.CallType;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.time.GuideTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One search over a contact center's call or screen recordings: the guide's query parameters (spec §2.4),
 * checked and normalised. {@link #parse} refuses unknown parameters, so a misspelt filter is a 400 rather
 * than a search that silently ignores it.
 */
public record SearchRequest(RecordingKind kind, Instant startTime, Instant endTime, String callerPhoneNumber,
                            String dialedPhoneNumber, SearchTerms.NameQuery userName, List<String> userData,
                            String label, String agentId, CallType callType, Boolean screenRecording,
                            List<String> callRecordingIds, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_CALL_RECORDING_IDS = 100;
    private static final Set<String> CALL_PARAMETERS = Set.of("startTime", "endTime", "callerPhoneNumber",
            "dialedPhoneNumber", "userName", "userData", "label", "agentId", "callType", "screenRecording", "limit",
            "scanAndScroll", "cursor");
    private static final Set<String> SCREEN_PARAMETERS = Set.of("startTime", "endTime", "userName", "userData", "label",
            "agentId", "callRecordingIds", "limit", "scanAndScroll", "cursor");

    public SearchRequest {
        userData = userData == null ? List.of() : List.copyOf(userData);
        callRecordingIds = callRecordingIds == null ? List.of() : List.copyOf(callRecordingIds);
    }

    public static SearchRequest parse(RecordingKind kind, Map<String, String> query) {
        Map<String, String> q = query == null ? Map.of() : query;
        Set<String> known = kind == RecordingKind.CALL ? CALL_PARAMETERS : SCREEN_PARAMETERS;
        for (String name : q.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidFieldException(name, "is not a search parameter here; use "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        Instant start = time(q, "startTime");
        Instant end = time(q, "endTime");
        if (start != null && end != null && end.isBefore(start)) {
            throw new InvalidFieldException("endTime", "is before startTime");
        }
        String caller = q.containsKey("callerPhoneNumber") ? SearchTerms.phone("callerPhoneNumber", q.get("callerPhoneNumber")) : null;
        String dialed = q.containsKey("dialedPhoneNumber") ? SearchTerms.phone("dialedPhoneNumber", q.get("dialedPhoneNumber")) : null;
        SearchTerms.NameQuery names = q.containsKey("userName") ? SearchTerms.userName("userName", q.get("userName")) : null;
        List<String> data = q.containsKey("userData") ? SearchTerms.userData("userData", q.get("userData")) : List.of();
        String label = q.containsKey("label") ? SearchTerms.keyword("label", q.get("label"), 128) : null;
        String agentId = q.containsKey("agentId") ? SearchTerms.keyword("agentId", q.get("agentId"), 128) : null;
        CallType callType = null;
        if (q.containsKey("callType")) {
            callType = CallType.fromWire(q.get("callType")).orElseThrow(() -> new InvalidFieldException("callType",
                    "must be one of Unknown, Inbound, Outbound, Internal, Consult; got " + Excerpt.of(q.get("callType"))));
        }
        Boolean screen = q.containsKey("screenRecording") ? bool("screenRecording", q.get("screenRecording")) : null;
        if (q.containsKey("scanAndScroll")) {
            bool("scanAndScroll", q.get("scanAndScroll")); // accepted for the muxer; every search pages the same way
        }
        List<String> callIds = new ArrayList<>();
        if (q.containsKey("callRecordingIds")) {
            String[] ids = q.get("callRecordingIds").split(",", -1);
            if (ids.length > MAX_CALL_RECORDING_IDS) {
                throw new InvalidFieldException("callRecordingIds", "takes at most " + MAX_CALL_RECORDING_IDS
                        + " ids (the muxer's query_slice_size); got " + ids.length);
            }
            for (String id : ids) {
                callIds.add(Ids.recordingId("callRecordingIds", id.strip()));
            }
        }
        int limit = DEFAULT_LIMIT;
        if (q.containsKey("limit")) {
            String v = q.get("limit");
            if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > MAX_LIMIT) {
                throw new InvalidFieldException("limit", "must be a whole number from 1 to " + MAX_LIMIT + "; got "
                        + Excerpt.of(v));
            }
            limit = Integer.parseInt(v);
        }
        String cursor = q.get("cursor");
        return new SearchRequest(kind, start, end, caller, dialed, names, data, label, agentId, callType, screen,
                callIds, limit, cursor);
    }

    private static Instant time(Map<String, String> q, String field) {
        String v = q.get(field);
        if (v == null) {
            return null;
        }
        if (v.matches("-?[0-9]{1,16}")) {
            return GuideTime.fromEpochMillis(Long.parseLong(v)).orElseThrow(() ->
                    new InvalidFieldException(field, "is out of range; got " + Excerpt.of(v)));
        }
        return GuideTime.parse(v).orElseThrow(() -> new InvalidFieldException(field,
                "must be epoch milliseconds or a time like 2015-06-24T20:18:31.000+0000; got " + Excerpt.of(v)));
    }

    private static boolean bool(String field, String v) {
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new InvalidFieldException(field, "must be true or false; got " + Excerpt.of(v));
    }
}
