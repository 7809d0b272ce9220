package io.callvault.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a search starts: the point in time the search reads (so pages do not shift while
 * recordings are written) and the sort values of the last hit handed out ({@code search_after}). Opaque to
 * clients (base64url JSON); it grants nothing, since every page applies the caller's own query and access
 * filter again, and anything that does not decode to exactly this shape is a 400.
 */
public record SearchCursor(String pointInTime, ArrayNode after) {
    private static final int MAX_CHARS = 4096;

    public String encode() {
        var o = Json.object().put("p", pointInTime);
        o.set("a", after);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    public static SearchCursor decode(String text) {
        if (text.isEmpty() || text.length() > MAX_CHARS || !text.matches("[A-Za-z0-9_-]+")) {
            throw invalid();
        }
        JsonNode o;
        try {
            o = Json.parse(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw invalid();
        }
        JsonNode pit = o.get("p");
        JsonNode after = o.get("a");
        if (o.size() != 2 || pit == null || !pit.isTextual() || !pit.asText().matches("[A-Za-z0-9+/=_-]{1,2048}")
                || after == null || !after.isArray() || after.isEmpty() || after.size() > 3) {
            throw invalid();
        }
        for (JsonNode v : after) {
            if (!(v.isIntegralNumber() || (v.isTextual() && v.asText().length() <= 256))) {
                throw invalid();
            }
        }
        return new SearchCursor(pit.asText(), (ArrayNode) after);
    }

    private static InvalidFieldException invalid() {
        return new InvalidFieldException("cursor", "is not a cursor this API handed out; follow nextUri as given");
    }
}
