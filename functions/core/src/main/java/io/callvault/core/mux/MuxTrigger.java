package io.callvault.core.mux;

import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.Keys;
import io.callvault.core.store.MediaLocation;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Starts a mux when media is stored (spec muxer.md §5.1, T1 and T2), called by media ingest right after it attached a
 * media file's content: a screen recording's media starts a run for its call; a call's media starts one only if a
 * screen recording is linked to the call (one key read, so a call without screens costs no workflow). The execution
 * is named after the media file, so a repeated ingest event starts nothing new. Ingest calls it instead of a third
 * consumer of the recordings table's stream (Lambda advises at most two per DynamoDB stream); a start that fails is
 * caught by the mux sweeper within 15 minutes.
 */
public final class MuxTrigger {
    private final DynamoDbClient dynamo;
    private final String table;
    private final MuxStarter starter;

    public MuxTrigger(DynamoDbClient dynamo, String table, MuxStarter starter) {
        this.dynamo = dynamo;
        this.table = table;
        this.starter = starter;
    }

    /** @return whether an execution was started (false: no screen to join, or one of that name exists) */
    public boolean mediaStored(MediaLocation stored) {
        String cause = "stored:" + stored.kind() + ":" + stored.recordingId() + ":" + stored.media().mediaId();
        if (stored.kind() == RecordingKind.SCREEN) {
            var meta = dynamo.getItem(b -> b.tableName(table).consistentRead(true).projectionExpression("callRecordingId")
                    .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.recording(stored.ccid(), RecordingKind.SCREEN,
                            stored.recordingId())), Keys.SK, AttributeValue.fromS(Keys.META)))).item();
            AttributeValue callId = meta == null ? null : meta.get("callRecordingId");
            return callId != null && starter.start(stored.ccid(), callId.s(), "SCREEN_MEDIA_STORED", cause);
        }
        boolean hasScreens = dynamo.query(b -> b.tableName(table).consistentRead(true).limit(1)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :screen)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(Keys.recording(stored.ccid(), RecordingKind.CALL, stored.recordingId())),
                        ":screen", AttributeValue.fromS(Keys.SCREEN_LINK_PREFIX)))).count() > 0;
        return hasScreens && starter.start(stored.ccid(), stored.recordingId(), "CALL_MEDIA_STORED", cause);
    }
}
