package io.callvault.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recording indices (spec §5.2): one per kind, region and contact center,
 * {@code call-recording-v3-{region}-{ccid}}, searched through the alias {@code call-recording-{ccid}} so a
 * schema migration swaps indices under it without any client noticing. Their settings and mappings come
 * from one versioned composable template ({@code search/recording-template.json}). Index names must be lower
 * case, so a contact center id is lowered; two ids that differ only in case would share an index, which is
 * harmless because every query filters on the exact {@code ccid}.
 */
public final class RecordingIndices {
    public static final String TEMPLATE = "callvault-recordings-v3";
    private static final String SCHEMA = "v3";
    private final SearchCluster cluster;
    /**
     * Indices this environment created or found, with when to check them again: if one is deleted behind our
     * back, a bulk write re-creates it from the template but without the alias, and the next check (at most
     * a minute later) puts the alias back, so the documents written meanwhile become searchable again.
     */
    private static final long RECHECK_NANOS = 60_000_000_000L;
    private final Map<String, Long> known = new ConcurrentHashMap<>();
    private volatile boolean templateInstalled;

    public RecordingIndices(SearchCluster cluster) {
        this.cluster = cluster;
    }

    public static String alias(RecordingKind kind, String ccid) {
        return prefix(kind) + "-" + ccid.toLowerCase(Locale.ROOT);
    }

    public static String index(RecordingKind kind, String region, String ccid) {
        String r = region == null || region.isBlank() ? "none" : region.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return prefix(kind) + "-" + SCHEMA + "-" + r + "-" + ccid.toLowerCase(Locale.ROOT);
    }

    private static String prefix(RecordingKind kind) {
        return kind == RecordingKind.CALL ? "call-recording" : "screen-recording";
    }

    /** Installs (or replaces with the same) template; PUT is idempotent, so racing cold starts are fine. */
    public void installTemplate() {
        if (!templateInstalled) {
            cluster.put("/_index_template/" + TEMPLATE, template());
            templateInstalled = true;
        }
    }

    /** Creates the index with its alias unless this environment has seen it; an index that exists is fine. */
    public void ensureIndex(RecordingKind kind, String region, String ccid) {
        String index = index(kind, region, ccid);
        Long recheckAt = known.get(index);
        if (recheckAt != null && System.nanoTime() - recheckAt < 0) {
            return;
        }
        installTemplate();
        var body = Json.object();
        body.putObject("aliases").putObject(alias(kind, ccid));
        try {
            cluster.put("/" + index, body);
        } catch (SearchRequestException e) {
            if (!e.type().equals("resource_already_exists_exception")) {
                throw e;
            }
            // Created by another environment, or by us before a cold start; put the alias in case it was not.
            cluster.put("/" + index + "/_alias/" + alias(kind, ccid), Json.object());
        }
        known.put(index, System.nanoTime() + RECHECK_NANOS);
    }

    /** The indices behind a contact center's alias; none if nothing was ever indexed for it. */
    public List<String> indicesOf(RecordingKind kind, String ccid) {
        try {
            JsonNode answer = cluster.get("/_alias/" + alias(kind, ccid), Map.of());
            List<String> out = new ArrayList<>();
            answer.fieldNames().forEachRemaining(out::add);
            return out;
        } catch (SearchRequestException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** Drops every index behind the alias (forceIndex with purgeOld) and forgets them. */
    public void dropAll(RecordingKind kind, String ccid) {
        for (String index : indicesOf(kind, ccid)) {
            try {
                cluster.delete("/" + index, null);
            } catch (SearchRequestException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
            known.remove(index);
        }
    }

    /** Forgets what this environment has created: the next write checks the cluster again. */
    public void forget() {
        known.clear();
        templateInstalled = false;
    }

    static JsonNode template() {
        try (InputStream in = RecordingIndices.class.getResourceAsStream("/search/recording-template.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the recording index template is missing from the build", e);
        }
    }
}
