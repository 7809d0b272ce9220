package io.callvault.core.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Key layout of the intake table (docs/intake-pipeline.md, "State"). One partition per call holds its raw
 * segments, its interaction events, its enrichment state and its analytics notification; a guard item per
 * mediaId makes intake idempotent across contact centers.
 *
 * <p>Two sparse indexes: {@link #DUE_INDEX} holds only items that wait for a time (the sweeper's work list),
 * {@link #STATUS_INDEX} only items that are not finished (what intake-status counts). An item leaves an index by
 * having its index attributes removed.
 */
public final class IntakeKeys {
    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String STATE = "STATE";
    public static final String NOTIFY = "NOTIFY";
    public static final String MEDIA_GUARD = "MEDIA";
    public static final String SEGMENT_PREFIX = "SEG#";
    public static final String EVENT_PREFIX = "EVT#";
    private static final String CALL_PREFIX = "CALL#";

    /** Sparse index of items waiting for a time: {@code DUE#<shard>} / {@code <dueAt ISO>#<PK>#<SK>}. */
    public static final String DUE_INDEX = "DueIndex";
    public static final String DUE_PK = "duePK";
    public static final String DUE_SK = "dueSK";
    /** Shards of the due index, so the sweeper's reads and the writers' updates spread over partitions. */
    public static final int DUE_SHARDS = 16;

    /** Sparse index of unfinished items per tenant and status: {@code CC#<ccid>#<status>} / {@code <since ISO>#<PK>#<SK>}. */
    public static final String STATUS_INDEX = "StatusIndex";
    public static final String STATUS_PK = "statusPK";
    public static final String STATUS_SK = "statusSK";

    /** How long intake items stay after their last change: the 40-day retry window and a margin. */
    public static final java.time.Duration RETENTION = java.time.Duration.ofDays(45);

    /** DynamoDB TTL attribute (epoch seconds). */
    public static final String EXPIRES_AT = "expiresAt";

    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IntakeKeys() {}

    /** The partition of one call: segments, events, {@link #STATE}, {@link #NOTIFY}. */
    public static String call(String ccid, String callUuid) {
        return CALL_PREFIX + ccid + "#" + callUuid;
    }

    /**
     * The call a partition key of {@link #call} names (what an index entry, which carries only keys, is about).
     *
     * @throws IllegalArgumentException when {@code pk} is not a call partition
     */
    public static IntakeMessage callOf(String pk) {
        int sep = pk.startsWith(CALL_PREFIX) ? pk.indexOf('#', CALL_PREFIX.length()) : -1;
        if (sep <= CALL_PREFIX.length() || sep == pk.length() - 1) {
            throw new IllegalArgumentException("not a call partition key: " + pk);
        }
        // Contact center ids have no '#' (Ids.contactCenterId), so the first '#' after the prefix ends it.
        return new IntakeMessage(pk.substring(CALL_PREFIX.length(), sep), pk.substring(sep + 1));
    }

    /** The guard of a mediaId (sort key {@link #MEDIA_GUARD}): mediaIds are globally unique (guide L32780). */
    public static String mediaGuard(String mediaId) {
        return "MEDIA#" + mediaId;
    }

    public static String segment(String mediaId) {
        return SEGMENT_PREFIX + mediaId;
    }

    public static String event(String eventId) {
        return EVENT_PREFIX + eventId;
    }

    /** The due-index attributes of an item in partition {@code pk}, sort key {@code sk}, due at {@code dueAt}. */
    public static Map<String, AttributeValue> due(String pk, String sk, Instant dueAt) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(DUE_PK, AttributeValue.fromS(dueShard(pk)));
        m.put(DUE_SK, AttributeValue.fromS(dueSort(dueAt, pk, sk)));
        return m;
    }

    public static String dueShard(String pk) {
        CRC32 crc = new CRC32();
        crc.update(pk.getBytes(StandardCharsets.UTF_8));
        return "DUE#" + (crc.getValue() % DUE_SHARDS);
    }

    public static String dueShard(int shard) {
        return "DUE#" + shard;
    }

    /** Sorts by time: {@link Instant#toString()} of UTC instants with fixed millisecond precision. */
    public static String dueSort(Instant dueAt, String pk, String sk) {
        return sortableTime(dueAt) + "#" + pk + "#" + sk;
    }

    /** The status-index attributes: unfinished item of tenant {@code ccid} in {@code status} since {@code since}. */
    public static Map<String, AttributeValue> status(String ccid, IntakeStatus status, Instant since, String pk, String sk) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(STATUS_PK, AttributeValue.fromS(statusPartition(ccid, status)));
        m.put(STATUS_SK, AttributeValue.fromS(sortableTime(since) + "#" + pk + "#" + sk));
        return m;
    }

    public static String statusPartition(String ccid, IntakeStatus status) {
        return "CC#" + ccid + "#" + status.name();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ}: lexical order is time order (years 0000-9999). */
    public static String sortableTime(Instant t) {
        return SORTABLE.format(t);
    }

    /** The time of a due-index or status-index sort key. */
    public static Instant timeOf(String sortKey) {
        return Instant.parse(sortKey.substring(0, sortKey.indexOf('#')));
    }
}
