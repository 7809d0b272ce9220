package io.callvault.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.MediaLinks;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.http.AccessPolicy;
import io.callvault.core.http.Caller;
import io.callvault.core.json.Json;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.search.RecordingDocument;
import io.callvault.core.search.SearchQuery;
import io.callvault.core.search.SearchRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One page of a search (spec §2.4): the request's filters and the caller's access rule run inside
 * OpenSearch, so pages and {@code totalCount} only ever hold what the caller may see. Pages read one point in
 * time, in (startTime, id) order, and continue with {@code search_after}: following {@code nextUri} visits
 * every recording that existed when the search began exactly once, however much is written meanwhile.
 */
public final class RecordingSearch {
    /**
     * Renewed by every page, so it only has to outlast the time a client takes over one page; short, because a
     * node holds a bounded number of points in time (search.max_open_pit_context, 300 by default).
     */
    static final String KEEP_ALIVE = "2m";
    /** The cursor's point in time when none could be opened: pages then read live data (see {@link #openPointInTime}). */
    static final String LIVE = "live";
    private final SearchCluster cluster;

    public RecordingSearch(SearchCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * @param ccid      the contact center searched (the caller's own, or the ops path's)
     * @param caller    whose access rule applies (an ops caller is given access group {@code /})
     * @param pageUri   this page's URI without the cursor parameter, for {@code nextUri}; null for paths only
     */
    public ObjectNode page(String ccid, Caller caller, SearchRequest request, Map<String, String> query,
                           String pageUri, MediaLinks links) {
        String alias = RecordingIndices.alias(request.kind(), ccid);
        SearchCursor cursor = request.cursor() == null ? null : SearchCursor.decode(request.cursor());
        String pit = cursor != null ? cursor.pointInTime() : openPointInTime(alias);
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray(request.kind() == RecordingKind.CALL ? "recordings" : "screenRecordings");
        if (pit == null) {
            answer.put("totalCount", 0);
            return answer;
        }
        ObjectNode body = Json.object().put("size", request.limit() + 1).put("track_total_hits", true);
        body.set("query", SearchQuery.of(request, withContactCenter(caller, ccid)));
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("startTime").put("order", "asc");
        sort.addObject().putObject("id").put("order", "asc");
        if (!pit.equals(LIVE)) {
            body.putObject("pit").put("id", pit).put("keep_alive", KEEP_ALIVE);
        }
        if (cursor != null) {
            body.set("search_after", cursor.after());
        }
        JsonNode result;
        try {
            result = pit.equals(LIVE)
                    ? cluster.post("/" + alias + "/_search", Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), body)
                    : cluster.post("/_search", Map.of(), body);
        } catch (SearchRequestException e) {
            if (cursor == null || pit.equals(LIVE) || (e.status() != 404 && e.status() != 400)) {
                throw e;
            }
            // The point in time expired (or its id is not one): carry on from the same position over a
            // fresh one. Order is total, so nothing already handed out comes again and nothing is skipped.
            pit = openPointInTime(alias);
            if (pit == null) {
                answer.put("totalCount", 0);
                return answer;
            }
            if (pit.equals(LIVE)) {
                body.remove("pit");
                result = cluster.post("/" + alias + "/_search", Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), body);
            } else {
                body.with("pit").put("id", pit);
                result = cluster.post("/_search", Map.of(), body);
            }
        }
        String nextPit = result.path("pit_id").asText(pit);
        JsonNode hits = result.path("hits").path("hits");
        answer.put("totalCount", result.path("hits").path("total").path("value").asLong());
        int n = Math.min(hits.size(), request.limit());
        for (int i = 0; i < n; i++) {
            Recording visible = visible(caller, hits.get(i).path("_source"));
            if (visible != null) {
                items.add(RecordingCodec.write(visible, links));
            }
        }
        if (hits.size() > request.limit()) {
            ArrayNode after = (ArrayNode) hits.get(n - 1).path("sort");
            answer.put("nextUri", nextUri(pageUri, query, new SearchCursor(nextPit, after.deepCopy()).encode()));
        } else if (!nextPit.equals(LIVE)) {
            closePointInTime(nextPit);
        }
        return answer;
    }

    /** The recording of a hit with only the media files the caller may see (the query already admitted the recording). */
    static Recording visible(Caller caller, JsonNode source) {
        Recording r = RecordingDocument.recordingOf(source);
        JsonNode callAccess = source.get("callAccess");
        if (callAccess != null && AccessPolicy.maySee(caller, strings(callAccess.path("accessgroups")),
                strings(callAccess.path("partitions")), strings(callAccess.path("agentUserNames")))) {
            return r;
        }
        List<MediaFile> files = r.mediaFiles().stream().filter(f -> AccessPolicy.maySee(caller, f)).toList();
        return files.isEmpty() ? null : r.toBuilder().mediaFiles(files).build();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /**
     * A point in time on the alias; null when nothing was ever indexed for the contact center; {@link #LIVE} when
     * the node holds all the points in time it may (429): the search then pages over live data with the same
     * total order, so still nothing repeats and nothing that existed is skipped (a recording whose start time
     * moves earlier while paging might be), rather than failing.
     */
    private String openPointInTime(String alias) {
        try {
            return cluster.post("/" + alias + "/_search/point_in_time", Map.of("keep_alive", KEEP_ALIVE), null)
                    .path("pit_id").asText();
        } catch (SearchRequestException e) {
            if (e.status() == 404) {
                return null; // nothing indexed for this contact center yet
            }
            throw e;
        } catch (SearchUnavailableException e) {
            if (e.status() == 429) {
                System.err.println("{\"level\":\"WARN\",\"message\":\"no point in time available; paging over live data\"}");
                return LIVE;
            }
            throw e;
        }
    }

    private void closePointInTime(String pit) {
        try {
            var body = Json.object();
            body.putArray("pit_id").add(pit);
            cluster.delete("/_search/point_in_time", body);
        } catch (RuntimeException e) {
            // It expires by itself after KEEP_ALIVE; a failed close costs nothing but that.
        }
    }

    private static Caller withContactCenter(Caller caller, String ccid) {
        return new Caller(ccid, caller.username(), caller.permissions(), caller.accessGroups(), caller.agent());
    }

    static String nextUri(String pageUri, Map<String, String> query, String cursor) {
        Map<String, String> params = new TreeMap<>(query);
        params.put("cursor", cursor);
        StringBuilder uri = new StringBuilder(pageUri == null ? "" : pageUri).append('?');
        params.forEach((k, v) -> uri.append(encode(k)).append('=').append(encode(v)).append('&'));
        uri.setLength(uri.length() - 1);
        return uri.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
