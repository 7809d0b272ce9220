package io.callvault.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callvault.core.aws.FunctionEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test function for DynamoDB stream events: remembers every invocation (failed ones too) and fails on demand,
 * by throwing or by reporting items in a {@code StreamsEventResponse}.
 */
public final class RecordingStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** One invocation: the function it was for and the event it got. */
    record Invocation(String function, DynamodbEvent event) {
        List<String> keys() {
            return event.getRecords().stream().map(RecordingStreamHandler::key).toList();
        }

        List<String> sequenceNumbers() {
            return event.getRecords().stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
        }
    }

    static final List<Invocation> INVOCATIONS = new CopyOnWriteArrayList<>();
    /** The invocations that returned (possibly with batchItemFailures) instead of throwing. */
    static final List<Invocation> RETURNED = new CopyOnWriteArrayList<>();
    /** Records whose PK is here are reported in batchItemFailures. */
    static final Set<String> FAIL_KEYS = ConcurrentHashMap.newKeySet();
    /** A batch holding a record whose PK is here throws. */
    static final Set<String> THROW_ON_KEYS = ConcurrentHashMap.newKeySet();
    static final AtomicInteger THROWS_TO_INJECT = new AtomicInteger();
    static volatile boolean alwaysThrow;
    /** Adds an itemIdentifier that is no sequence number of the batch. */
    static volatile boolean reportUnknownItem;

    public RecordingStreamHandler(FunctionEnvironment env) {
    }

    static void reset() {
        INVOCATIONS.clear();
        RETURNED.clear();
        FAIL_KEYS.clear();
        THROW_ON_KEYS.clear();
        THROWS_TO_INJECT.set(0);
        alwaysThrow = false;
        reportUnknownItem = false;
    }

    static String key(DynamodbEvent.DynamodbStreamRecord r) {
        return r.getDynamodb().getKeys().get("PK").getS();
    }

    static List<Invocation> of(String function) {
        return INVOCATIONS.stream().filter(i -> i.function().equals(function)).toList();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        INVOCATIONS.add(new Invocation(context.getFunctionName(), event));
        if (alwaysThrow || THROWS_TO_INJECT.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                || event.getRecords().stream().anyMatch(r -> THROW_ON_KEYS.contains(key(r)))) {
            throw new IllegalStateException("injected failure");
        }
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            if (FAIL_KEYS.contains(key(r))) {
                failures.add(new StreamsEventResponse.BatchItemFailure(r.getDynamodb().getSequenceNumber()));
            }
        }
        // Highest first: Lambda must still resume from the lowest.
        Collections.reverse(failures);
        if (reportUnknownItem) {
            failures.add(new StreamsEventResponse.BatchItemFailure("99999999999999999999999"));
        }
        RETURNED.add(new Invocation(context.getFunctionName(), event));
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}
