package io.callvault.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.Tables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The recordings table's stream, into OpenSearch (template.yaml: IndexerFunction). Each batch names the
 * recordings whose items changed; {@link RecordingIndexer} indexes their current state in one bulk request.
 * Records of recordings OpenSearch could not take now are answered as batch item failures, so the event
 * source mapping retries from the first of them and nothing is lost while OpenSearch is down: the stream
 * keeps records for 24 hours, and forceIndex rebuilds anything older.
 */
public final class IndexerHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final RecordingIndexer indexer;

    public IndexerHandler() {
        this(FunctionEnvironment.system());
    }

    public IndexerHandler(FunctionEnvironment env) {
        this(indexer(env));
    }

    /** The indexer as a function builds it from its environment; forceIndex uses the same one. */
    static RecordingIndexer indexer(FunctionEnvironment env) {
        SearchCluster cluster = SearchCluster.connect(env);
        return new RecordingIndexer(new RecordingStore(AwsClients.dynamoDb(env), Tables.from(env).recordings(),
                Clock.systemUTC()), cluster, new RecordingIndices(cluster), Executors.newFixedThreadPool(8, daemon()));
    }

    public IndexerHandler(RecordingIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        // The records of each recording, in stream order: a failed recording is retried from its first record.
        Map<RecordingRef, String> firstRecord = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            var keys = r.getDynamodb().getKeys();
            String pk = keys.get("PK") == null ? null : keys.get("PK").getS();
            String sk = keys.get("SK") == null ? null : keys.get("SK").getS();
            String sequence = r.getDynamodb().getSequenceNumber();
            order.add(sequence);
            for (RecordingRef ref : RecordingRef.ofItem(pk, sk)) {
                firstRecord.putIfAbsent(ref, sequence);
            }
        }
        if (firstRecord.isEmpty()) {
            return new StreamsEventResponse(List.of());
        }
        Set<String> failedSequences = new LinkedHashSet<>();
        try {
            RecordingIndexer.Outcome outcome = indexer.sync(firstRecord.keySet());
            outcome.failed().forEach(ref -> failedSequences.add(firstRecord.get(ref)));
        } catch (SearchUnavailableException down) {
            System.err.println("{\"level\":\"WARN\",\"message\":\"OpenSearch unavailable; the batch will be retried\",\"error\":\""
                    + down.getMessage().replace('"', '\'') + "\"}");
            failedSequences.add(order.get(0));
        }
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        order.stream().filter(failedSequences::contains).findFirst()
                .ifPresent(first -> failures.add(new StreamsEventResponse.BatchItemFailure(first)));
        return new StreamsEventResponse(failures);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "indexer-read");
            t.setDaemon(true);
            return t;
        };
    }
}
