package io.callvault.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * An event source mapping's {@code FilterCriteria} for DynamoDB stream records, as Lambda applies it: a record is
 * delivered when it matches any of the patterns; records that match none are dropped as if processed.
 *
 * <p>Patterns are matched against the record as Lambda shows it ({@code eventName}, {@code eventSource},
 * {@code awsRegion}, and {@code dynamodb} with {@code Keys}, {@code NewImage}, {@code OldImage} in DynamoDB JSON, e.g.
 * {@code {"S": "JOB"}}). The subset supported here is Lambda's exact matching: a pattern is a JSON object whose
 * fields are objects (a path into the record) or non-empty arrays of strings, numbers, booleans or null (the values
 * allowed there); every field must match (AND), any value of an array may (OR), a missing field never matches, and a
 * list in the record matches if any of its elements does. Content filters ({@code prefix}, {@code suffix},
 * {@code anything-but}, {@code numeric}, {@code exists}, {@code equals-ignore-case}, {@code wildcard}) are refused
 * when the mapping is created, so a template never runs here with a filter that would deliver other records than in
 * AWS.
 */
final class StreamFilter {
    private final List<ObjectNode> patterns;

    private StreamFilter(List<ObjectNode> patterns) {
        this.patterns = patterns;
    }

    /**
     * @param where names the mapping in error messages
     * @throws IllegalStateException for a pattern that is not JSON or uses what this subset does not support
     */
    static StreamFilter compile(String where, List<String> patterns) {
        List<ObjectNode> compiled = new ArrayList<>();
        for (String text : patterns) {
            JsonNode pattern;
            try {
                pattern = Json.parse(text);
            } catch (Exception e) {
                throw new IllegalStateException(where + ": FilterCriteria pattern is not JSON: " + text, e);
            }
            check(where, text, pattern, "");
            compiled.add((ObjectNode) pattern);
        }
        return new StreamFilter(List.copyOf(compiled));
    }

    private static void check(String where, String text, JsonNode pattern, String path) {
        if (!pattern.isObject() || pattern.isEmpty()) {
            throw unsupported(where, text, path, "must be a non-empty JSON object");
        }
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) pattern::fields) {
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                check(where, text, value, at);
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw unsupported(where, text, at, "is an empty array, which matches nothing");
                }
                for (JsonNode allowed : value) {
                    if (allowed.isObject()) {
                        String operator = allowed.fieldNames().hasNext() ? allowed.fieldNames().next() : "{}";
                        throw unsupported(where, text, at, "uses the content filter \"" + operator + "\"");
                    }
                    if (allowed.isArray()) {
                        throw unsupported(where, text, at, "nests an array in the values");
                    }
                }
            } else {
                throw unsupported(where, text, at, "must be an object or an array of values, not " + value);
            }
        }
    }

    private static IllegalStateException unsupported(String where, String text, String path, String why) {
        return new IllegalStateException(where + ": FilterCriteria pattern " + text + ": " + (path.isEmpty() ? "the pattern" : path)
                + " " + why + "; the local runtime supports exact values only (objects down to arrays of strings, numbers, "
                + "booleans or null)");
    }

    boolean matches(Record record) {
        JsonNode event = asEvent(record);
        for (ObjectNode pattern : patterns) {
            if (matches(pattern, event)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(ObjectNode pattern, JsonNode node) {
        if (node == null || !node.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) pattern::fields) {
            JsonNode value = node.get(field.getKey());
            if (value == null) {
                return false;
            }
            JsonNode expected = field.getValue();
            boolean ok = expected.isObject() ? matches((ObjectNode) expected, value) : anyEqual((ArrayNode) expected, value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyEqual(ArrayNode allowed, JsonNode value) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (anyEqual(allowed, element)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode a : allowed) {
            if (a.isTextual() && value.isTextual() && a.textValue().equals(value.textValue())
                    || a.isNumber() && value.isNumber() && a.decimalValue().compareTo(value.decimalValue()) == 0
                    || a.isBoolean() && value.isBoolean() && a.booleanValue() == value.booleanValue()
                    || a.isNull() && value.isNull()) {
                return true;
            }
        }
        return false;
    }

    /** The record as the JSON Lambda's filtering sees (the event record, DynamoDB JSON for items). */
    static ObjectNode asEvent(Record record) {
        ObjectNode event = Json.object()
                .put("eventID", record.eventID())
                .put("eventName", record.eventNameAsString())
                .put("eventVersion", record.eventVersion())
                .put("eventSource", "aws:dynamodb")
                .put("awsRegion", io.callvault.standins.StandInStack.REGION);
        var d = record.dynamodb();
        ObjectNode dynamodb = event.putObject("dynamodb");
        if (d.hasKeys()) {
            dynamodb.set("Keys", item(d.keys()));
        }
        if (d.hasNewImage()) {
            dynamodb.set("NewImage", item(d.newImage()));
        }
        if (d.hasOldImage()) {
            dynamodb.set("OldImage", item(d.oldImage()));
        }
        dynamodb.put("SequenceNumber", d.sequenceNumber());
        if (d.sizeBytes() != null) {
            dynamodb.put("SizeBytes", d.sizeBytes());
        }
        dynamodb.put("StreamViewType", d.streamViewTypeAsString());
        return event;
    }

    private static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode out = Json.object();
        item.forEach((k, v) -> out.set(k, value(v)));
        return out;
    }

    private static ObjectNode value(AttributeValue v) {
        ObjectNode out = Json.object();
        switch (v.type()) {
            case S -> out.put("S", v.s());
            case N -> out.put("N", v.n());
            case B -> out.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> out.put("BOOL", v.bool());
            case NUL -> out.put("NULL", true);
            case SS -> v.ss().forEach(out.putArray("SS")::add);
            case NS -> v.ns().forEach(out.putArray("NS")::add);
            case BS -> {
                ArrayNode set = out.putArray("BS");
                v.bs().forEach(b -> set.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            case M -> out.set("M", item(v.m()));
            case L -> {
                ArrayNode list = out.putArray("L");
                v.l().forEach(e -> list.add(value(e)));
            }
            default -> { }
        }
        return out;
    }
}
