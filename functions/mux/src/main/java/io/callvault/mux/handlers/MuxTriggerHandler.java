package io.callvault.mux.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.store.Keys;
import io.callvault.mux.MuxDependencies;
import io.callvault.mux.MuxStarter;
import io.callvault.mux.MuxStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a mux when media is stored (spec muxer.md §5.1, T1 and T2): the recordings table's stream, filtered to media
 * items whose content just arrived ({@code mediaState = STORED}). A screen recording's media starts a run for its call;
 * a call's media starts one only if a screen recording is linked to the call. The execution is named after the media
 * item, so a redelivered record starts nothing new. Failures are reported per record (ReportBatchItemFailures).
 */
public final class MuxTriggerHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final MuxStore store;
    private final MuxStarter starter;

    public MuxTriggerHandler(FunctionEnvironment env) {
        this(new MuxDependencies(env, Clock.systemUTC()));
    }

    private MuxTriggerHandler(MuxDependencies deps) {
        this(deps.store(), deps.starter());
    }

    public MuxTriggerHandler(MuxStore store, MuxStarter starter) {
        this.store = store;
        this.starter = starter;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            try {
                handle(record);
            } catch (RuntimeException e) {
                System.err.println("{\"event\":\"mux-trigger-failed\",\"error\":\"" + String.valueOf(e.getMessage()).replace('"', '\'') + "\"}");
                failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
                break; // a stream shard is ordered: everything after the failure is retried with it
            }
        }
        return new StreamsEventResponse(failures);
    }

    private void handle(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> now = record.getDynamodb().getNewImage();
        Map<String, AttributeValue> before = record.getDynamodb().getOldImage();
        if (now == null || !Keys.MEDIA_STORED.equals(s(now, Keys.MEDIA_STATE))
                || (before != null && Keys.MEDIA_STORED.equals(s(before, Keys.MEDIA_STATE)))) {
            return; // not the moment media arrived
        }
        String pk = s(now, Keys.PK);
        String sk = s(now, Keys.SK);
        if (pk == null || sk == null || !pk.startsWith("CC#") || !sk.startsWith(Keys.MEDIA_PREFIX)) {
            return;
        }
        int rec = pk.indexOf("#REC#");
        int scr = pk.indexOf("#SCR#");
        String cause = "stored:" + sk;
        if (scr > 0) {
            String ccid = pk.substring(3, scr);
            String screenId = pk.substring(scr + 5);
            store.callOfScreen(ccid, screenId)
                    .ifPresent(callId -> starter.start(ccid, callId, "SCREEN_MEDIA_STORED", cause + "@" + screenId));
        } else if (rec > 0) {
            String ccid = pk.substring(3, rec);
            String callId = pk.substring(rec + 5);
            if (store.hasScreens(ccid, callId)) {
                starter.start(ccid, callId, "CALL_MEDIA_STORED", cause);
            }
        }
    }

    private static String s(Map<String, AttributeValue> image, String name) {
        AttributeValue v = image.get(name);
        return v == null ? null : v.getS();
    }
}
