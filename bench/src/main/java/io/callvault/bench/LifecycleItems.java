package io.callvault.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether two recordings are stored in the same shape: the same kinds of items (META, MEDIA#, EVT#, the mediaId guard
 * OWNER), each with the same attributes of the same types, and the JSON documents among them with the same fields.
 * The values differ (ids, times, envelopes); the layout must not.
 */
final class LifecycleItems {
    private LifecycleItems() {}

    /** Null when {@code a} and {@code b} have the same shape, else what differs. */
    static String sameShape(List<Map<String, AttributeValue>> a, List<Map<String, AttributeValue>> b) {
        List<String> shapeA = shape(a);
        List<String> shapeB = shape(b);
        if (shapeA.equals(shapeB)) {
            return null;
        }
        List<String> onlyA = new ArrayList<>(shapeA);
        onlyA.removeAll(shapeB);
        List<String> onlyB = new ArrayList<>(shapeB);
        onlyB.removeAll(shapeA);
        return "only in the first: " + onlyA + "; only in the second: " + onlyB;
    }

    static List<String> shape(List<Map<String, AttributeValue>> items) {
        List<String> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("SK").s();
            int hash = sk.indexOf('#');
            String kind = hash < 0 ? sk : sk.substring(0, hash + 1);
            Map<String, String> attributes = new TreeMap<>();
            item.forEach((name, value) -> attributes.put(name, type(value)));
            out.add(kind + " " + attributes);
        }
        out.sort(null);
        return out;
    }

    private static String type(AttributeValue v) {
        if (v.s() != null) {
            String s = v.s();
            if (s.startsWith("{")) {
                try {
                    return "S(json" + fields(Json.parse(s)) + ")";
                } catch (java.io.IOException notJson) {
                    return "S";
                }
            }
            return "S";
        }
        if (v.n() != null) {
            return "N";
        }
        if (v.bool() != null) {
            return "BOOL";
        }
        if (v.hasL()) {
            return "L";
        }
        if (v.hasM()) {
            return "M";
        }
        return v.type().name();
    }

    /** The field names of a JSON object, nested objects' fields included. */
    private static TreeSet<String> fields(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            names.add(e.getKey());
            if (e.getValue().isObject()) {
                fields(e.getValue()).forEach(f -> names.add(e.getKey() + "." + f));
            }
        }
        return names;
    }
}
