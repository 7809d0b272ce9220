package io.callvault.core.store;

import io.callvault.core.crypto.KeyTransport;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A tenant's encryption setting in the control table: {@code PK = CC#{ccid}#SETTINGS}, {@code SK = encryption}
 * (docs/data-model.md). Today it holds the key transport that new media is enveloped with; a tenant that
 * never set it gets {@link KeyTransport#DEFAULT} (RSA-OAEP-SHA256). Stored media is never rewritten when it
 * changes: each envelope names its own algorithm.
 */
public final class EncryptionSettingsStore {
    static final String SK = "encryption";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public EncryptionSettingsStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    static String pk(String ccid) {
        return "CC#" + ccid + "#SETTINGS";
    }

    /** The key transport for media encrypted from now on: one strongly consistent GetItem. */
    public KeyTransport keyTransport(String ccid) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(pk(ccid)), "SK", s(SK)))).item();
        if (item == null || !item.containsKey("keyTransport")) {
            return KeyTransport.DEFAULT;
        }
        String stored = item.get("keyTransport").s();
        return KeyTransport.fromWire(stored).orElseThrow(() -> new IllegalStateException(
                "contact center " + ccid + " has an unknown stored keyTransport: " + stored));
    }

    /** Sets the key transport; setting the value it already has changes nothing that matters (idempotent). */
    public void setKeyTransport(String ccid, KeyTransport transport, String actor) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "PK", s(pk(ccid)),
                "SK", s(SK),
                "keyTransport", s(transport.wireName()),
                "updatedAt", AttributeValue.fromN(Long.toString(clock.millis())),
                "updatedBy", s(actor))));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
