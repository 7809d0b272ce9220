package io.callvault.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.time.GuideTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from a JSON object with the guide's spelling variants: each field has one canonical name
 * and any number of accepted aliases ({@code mediaId}/{@code mediaID}). Every failure names the field.
 */
final class Fields {
    private static final int MAX_TEXT = 4096;

    private final ObjectNode node;
    private final String path;

    private Fields(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Fields of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(path.isEmpty() ? "body" : path,
                    "must be a JSON object, got " + Excerpt.describe(node));
        }
        return new Fields((ObjectNode) node, path);
    }

    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The value under the canonical name or one alias; two spellings with different values are refused. */
    JsonNode raw(String name, String... aliases) {
        JsonNode found = present(node.get(name)) ? node.get(name) : null;
        String foundName = name;
        for (String alias : aliases) {
            JsonNode candidate = node.get(alias);
            if (!present(candidate)) {
                continue;
            }
            if (found != null && !found.equals(candidate)) {
                throw new InvalidFieldException(path(name),
                        "given twice with different values, as " + foundName + " and " + alias);
            }
            found = candidate;
            foundName = alias;
        }
        return found;
    }

    String text(String name, String... aliases) {
        JsonNode v = raw(name, aliases);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidFieldException(path(name), "must be a string, got " + Excerpt.describe(v));
        }
        if (v.textValue().length() > MAX_TEXT) {
            throw new InvalidFieldException(path(name), "is longer than " + MAX_TEXT + " characters");
        }
        return v.textValue();
    }

    String requiredText(String name, String... aliases) {
        String v = text(name, aliases);
        if (v == null || v.isBlank()) {
            throw new InvalidFieldException(path(name), "is required");
        }
        return v;
    }

    /** Strings or numbers, written back as strings: the guide's {@code duration} and {@code size} are strings. */
    String textOrNumber(String name) {
        JsonNode v = raw(name);
        if (v == null) {
            return null;
        }
        if (v.isTextual() && v.textValue().length() <= 64) {
            return v.textValue();
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        throw new InvalidFieldException(path(name), "must be a string or a whole number, got " + Excerpt.describe(v));
    }

    Long nonNegativeLong(String name) {
        String v = textOrNumber(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(path(name), "must be a whole number of bytes >= 0, got " + Excerpt.of(v));
        }
    }

    Integer intInRange(String name, int min, int max) {
        JsonNode v = raw(name);
        if (v == null) {
            return null;
        }
        if (!(v.isIntegralNumber() || (v.isTextual() && v.textValue().matches("\\d{1,9}")))) {
            throw new InvalidFieldException(path(name), "must be a whole number, got " + Excerpt.describe(v));
        }
        long n = v.isTextual() ? Long.parseLong(v.textValue()) : v.asLong();
        if (n < min || n > max) {
            throw new InvalidFieldException(path(name), "must be between " + min + " and " + max + ", got " + n);
        }
        return (int) n;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = raw(name);
        if (v == null) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw new InvalidFieldException(path(name), "must be true or false, got " + Excerpt.describe(v));
    }

    Instant time(String name, String... aliases) {
        JsonNode v = raw(name, aliases);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return GuideTime.fromEpochMillis(v.longValue()).orElseThrow(() ->
                    new InvalidFieldException(path(name), "epoch milliseconds out of range: " + v.asText()));
        }
        if (v.isTextual()) {
            return GuideTime.parse(v.textValue()).orElseThrow(() -> new InvalidFieldException(path(name),
                    "must be a time like 2015-06-24T20:18:31.000+0000 (an offset is required), got "
                            + Excerpt.of(v.textValue())));
        }
        throw new InvalidFieldException(path(name), "must be a time string or epoch milliseconds, got " + Excerpt.describe(v));
    }

    Instant requiredTime(String name, String... aliases) {
        Instant t = time(name, aliases);
        if (t == null) {
            throw new InvalidFieldException(path(name), "is required");
        }
        return t;
    }

    ObjectNode object(String name) {
        JsonNode v = raw(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw new InvalidFieldException(path(name), "must be a JSON object, got " + Excerpt.describe(v));
        }
        return (ObjectNode) v;
    }

    List<JsonNode> array(String name, int maxItems, String... aliases) {
        JsonNode v = raw(name, aliases);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw new InvalidFieldException(path(name), "must be a JSON array, got " + Excerpt.describe(v));
        }
        if (v.size() > maxItems) {
            throw new InvalidFieldException(path(name), "has " + v.size() + " items; at most " + maxItems);
        }
        List<JsonNode> items = new ArrayList<>();
        v.forEach(items::add);
        return items;
    }

    List<String> textList(String name, int maxItems, int maxLength) {
        List<JsonNode> items = array(name, maxItems);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String p = path(name) + "[" + i + "]";
            if (!item.isTextual()) {
                throw new InvalidFieldException(p, "must be a string, got " + Excerpt.describe(item));
            }
            if (item.textValue().length() > maxLength || hasControl(item.textValue())) {
                throw new InvalidFieldException(p, "must be at most " + maxLength
                        + " characters without control characters");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A flat string map (attached data): numbers and booleans are kept as their text, nested values refused. */
    Map<String, String> stringMap(String name) {
        ObjectNode obj = object(name);
        if (obj == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        var it = obj.fields();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new InvalidFieldException(path(name) + "." + e.getKey(), "must be a string, got " + Excerpt.describe(v));
            }
            out.put(e.getKey(), v.isNull() ? "" : v.asText());
        }
        return out;
    }

    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull();
    }

}
