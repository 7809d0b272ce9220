package io.callvault.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items callvault's store actually wrote, read back and grouped per recording (the mediaId guard
 * belongs to the recording its {@code owner} names). The raw baseline replays exactly these, so both
 * sides write the same items, byte for byte.
 */
final class StoredRecordingItems {
    private static final String RECORDING_MARKER = "#REC#";

    private StoredRecordingItems() {}

    /** Recording id → its items, in key order; every recording must have {@code expectedItems} of them. */
    static Map<String, List<Map<String, AttributeValue>>> read(DynamoDbClient dynamo, String table, int expectedItems) {
        Map<String, List<Map<String, AttributeValue>>> byRecording = new TreeMap<>();
        for (var page : dynamo.scanPaginator(b -> b.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = item.containsKey("owner") ? item.get("owner").s() : item.get("PK").s();
                String id = pk.substring(pk.indexOf(RECORDING_MARKER) + RECORDING_MARKER.length());
                byRecording.computeIfAbsent(id, k -> new ArrayList<>()).add(item);
            }
        }
        Comparator<Map<String, AttributeValue>> byKey = Comparator.comparing((Map<String, AttributeValue> i) -> i.get("PK").s())
                .thenComparing(i -> i.get("SK").s());
        for (var e : byRecording.entrySet()) {
            if (e.getValue().size() != expectedItems) {
                throw new IllegalStateException("recording " + e.getKey() + " has " + e.getValue().size()
                        + " items, expected " + expectedItems + "; the store's layout changed, update the benchmark");
            }
            e.getValue().sort(byKey);
        }
        return byRecording;
    }

    static List<List<Map<String, AttributeValue>>> withPrefix(Map<String, List<Map<String, AttributeValue>>> items,
                                                           String prefix) {
        return items.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    }

    /** Bytes of attribute names and values, as DynamoDB counts an item's size (approximately, for the report). */
    static long size(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (var e : item.entrySet()) {
            bytes += e.getKey().length();
            AttributeValue v = e.getValue();
            if (v.s() != null) {
                bytes += v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            } else if (v.n() != null) {
                bytes += v.n().length();
            } else if (v.bool() != null) {
                bytes += 1;
            } else if (v.hasL()) {
                bytes += 3 + v.l().stream().mapToLong(x -> x.s() == null ? 1 : x.s().length() + 1).sum();
            }
        }
        return bytes;
    }
}
