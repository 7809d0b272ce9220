package io.callvault.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callvault.core.json.Json;

/**
 * Parses request bodies that reach a function other than through the HTTP layer (a queued post, an S3
 * drop). A fault is reported by position and kind only: Jackson's own message can quote a token of the
 * body, and a malformed body may hold a credential ({@code rp.speechminer_auth}) that must never reach a
 * log or an answer.
 */
final class JsonBodies {
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBodies() {}

    static JsonNode parse(String body, int maxChars) {
        if (body == null || body.isBlank()) {
            throw new InvalidFieldException("body", "is empty; a JSON object is required");
        }
        if (body.length() > maxChars) {
            throw new InvalidFieldException("body", "has " + body.length() + " characters; at most " + maxChars);
        }
        try {
            JsonNode node = READER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidFieldException("body", "is empty; a JSON object is required");
            }
            return node;
        } catch (StreamConstraintsException e) {
            // Limits (nesting, string and number length) name the limit, never the content.
            throw new InvalidFieldException("body", "exceeds a size limit: " + Excerpt.of(e.getOriginalMessage()));
        } catch (JsonEOFException e) {
            throw new InvalidFieldException("body", "is truncated: the JSON ends" + where(e) + " before the document is complete");
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("body", "is not valid JSON" + where(e));
        }
    }

    private static String where(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
