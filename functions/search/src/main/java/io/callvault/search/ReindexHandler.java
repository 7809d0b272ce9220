package io.callvault.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.Tables;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * forceIndex jobs, driven by the recordings table's stream (template.yaml: ReindexFunction, whose FilterCriteria admit
 * only job items that are RUNNING). Each record of a job runs one page of it ({@link ReindexWorker}); the page's own
 * write is the next record, so a job pages itself through its window. A record whose image shows another page than
 * the item (a duplicate, or one retried after the page was done) does nothing. A page OpenSearch cannot take now is
 * reported as a batch item failure: the event source mapping retries the same record, so no page is ever skipped.
 */
public final class ReindexHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** Optional: GSI1 entries per page (default {@value ReindexWorker#DEFAULT_PAGE_SIZE}). */
    public static final String PAGE_SIZE_VARIABLE = "REINDEX_PAGE_SIZE";
    private final ReindexWorker worker;

    public ReindexHandler() {
        this(FunctionEnvironment.system());
    }

    public ReindexHandler(FunctionEnvironment env) {
        this(worker(env));
    }

    public ReindexHandler(ReindexWorker worker) {
        this.worker = worker;
    }

    /** The worker as the function builds it from its environment (the benchmark times the same one). */
    public static ReindexWorker worker(FunctionEnvironment env) {
        RecordingIndexer indexer = IndexerHandler.indexer(env);
        DynamoDbClient dynamo = AwsClients.dynamoDb(env);
        Tables tables = Tables.from(env);
        int pageSize = env.get(PAGE_SIZE_VARIABLE).map(Integer::parseInt).orElse(ReindexWorker.DEFAULT_PAGE_SIZE);
        return new ReindexWorker(dynamo, tables.recordings(), new ReindexJobs(dynamo, tables.recordings(), Clock.systemUTC()),
                indexer, indexer.indices(), new ContactCenterStore(dynamo, tables.control(), Clock.systemUTC()), pageSize);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            Optional<Work> work = work(r);
            if (work.isEmpty()) {
                continue;
            }
            ReindexWorker.Result result;
            try {
                result = worker.runPage(work.get().key().ccid(), work.get().key().id(), work.get().page());
            } catch (RuntimeException e) {
                System.err.println("{\"level\":\"WARN\",\"message\":\"forceIndex page failed; it will be retried\",\"job\":\""
                        + work.get().key().id() + "\",\"error\":\"" + String.valueOf(e).replace('"', '\'') + "\"}");
                result = ReindexWorker.Result.RETRY;
            }
            if (result == ReindexWorker.Result.RETRY) {
                // Lambda retries from this record; the records after it come again with it, so they wait.
                return new StreamsEventResponse(List.of(
                        new StreamsEventResponse.BatchItemFailure(r.getDynamodb().getSequenceNumber())));
            }
        }
        return new StreamsEventResponse(List.of());
    }

    /** A running job's page to run, from a record of its item; empty for anything else. */
    record Work(ReindexJobs.JobKey key, long page) {}

    static Optional<Work> work(DynamodbEvent.DynamodbStreamRecord r) {
        var d = r.getDynamodb();
        if (d == null || d.getKeys() == null || d.getNewImage() == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> keys = d.getKeys();
        if (!ReindexJobs.JOB_SK.equals(text(keys.get("SK")))) {
            return Optional.empty();
        }
        Optional<ReindexJobs.JobKey> key = ReindexJobs.JobKey.ofPartition(text(keys.get("PK")));
        Map<String, AttributeValue> image = d.getNewImage();
        AttributeValue page = image.get("page");
        if (key.isEmpty() || !ReindexJob.Status.RUNNING.name().equals(text(image.get("status"))) || page == null
                || page.getN() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Work(key.get(), Long.parseLong(page.getN())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String text(AttributeValue v) {
        return v == null ? null : v.getS();
    }
}
