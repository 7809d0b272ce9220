package io.callvault.lifecycle.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.AgeWindow;
import io.callvault.core.lifecycle.FilterType;
import io.callvault.core.lifecycle.RecordingFilter;
import io.callvault.search.RecordingIndices;
import io.callvault.search.SearchCluster;
import io.callvault.search.SearchRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds a task's candidates in the recording index, one page at a time (spec lifecycle.md §1.1: MLM selects through
 * the index), in (startTime, id) order with {@code search_after}: the cursor is the last hit's sort values, so a page
 * can be asked for again at any time and the pages neither overlap nor leave gaps, whatever was purged meanwhile.
 * No scroll or point in time to keep alive between Lambda invocations. The index only proposes: every candidate is
 * checked against the table before anything is done to it.
 */
public final class CandidateSelector {
    private final SearchCluster cluster;

    public CandidateSelector(SearchCluster cluster) {
        this.cluster = cluster;
    }

    /** A page of candidate ids and the cursor after it (null when the page is empty). */
    public record Page(List<String> ids, String cursorAfter) {
        public Page {
            ids = List.copyOf(ids);
        }
    }

    /**
     * @param cursor the previous page's {@link Page#cursorAfter()}, or null for the first page
     */
    public Page next(String ccid, String region, RecordingFilter filter, AgeWindow window, String cursor, int size) {
        ObjectNode body = Json.object().put("size", size).put("track_total_hits", false);
        body.putArray("_source").add("id");
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode must = bool.putArray("filter");
        must.addObject().putObject("term").put("ccid", ccid);
        must.addObject().putObject("term").put("region", region);
        ObjectNode range = must.addObject().putObject("range").putObject("startTime").put("format", "epoch_millis");
        range.put("lte", window.notAfter().toEpochMilli());
        if (window.after() != null) {
            range.put("gt", window.after().toEpochMilli());
        }
        if (filter.callType() != null && filter.type() == FilterType.VOICE) {
            must.addObject().putObject("term").put("callType", filter.callType().wireName());
        }
        if (!filter.labelsInclude().isEmpty()) {
            ArrayNode labels = must.addObject().putObject("terms").putArray("labels");
            filter.labelsInclude().forEach(labels::add);
        }
        if (!filter.labelsExclude().isEmpty()) {
            ArrayNode labels = bool.putArray("must_not").addObject().putObject("terms").putArray("labels");
            filter.labelsExclude().forEach(labels::add);
        }
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("startTime").put("order", "asc");
        sort.addObject().putObject("id").put("order", "asc");
        if (cursor != null) {
            body.set("search_after", parse(cursor));
        }
        JsonNode answer;
        try {
            answer = cluster.post("/" + RecordingIndices.alias(filter.type().kind(), ccid) + "/_search", Map.of(), body);
        } catch (SearchRequestException e) {
            if (e.status() == 404) {
                return new Page(List.of(), null); // nothing ever indexed for this contact center
            }
            throw e;
        }
        JsonNode hits = answer.path("hits").path("hits");
        List<String> ids = new ArrayList<>();
        for (JsonNode hit : hits) {
            ids.add(hit.path("_source").path("id").asText(hit.path("_id").asText()));
        }
        String after = ids.isEmpty() ? null : Json.write(hits.get(hits.size() - 1).path("sort"));
        return new Page(ids, after);
    }

    private static JsonNode parse(String cursor) {
        try {
            return Json.parse(cursor);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a run's search cursor is not JSON: " + cursor, e);
        }
    }
}
