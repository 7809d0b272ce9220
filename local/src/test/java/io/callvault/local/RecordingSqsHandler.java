package io.callvault.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.callvault.core.aws.FunctionEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test function for SQS events: remembers every invocation (failed ones too, with when it came) and fails on demand,
 * by throwing or by reporting messages in an {@code SQSBatchResponse}.
 */
public final class RecordingSqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** One invocation: the function it was for, the event it got, and when (System.nanoTime()). */
    record Invocation(String function, SQSEvent event, long at) {
        List<String> bodies() {
            return event.getRecords().stream().map(SQSEvent.SQSMessage::getBody).toList();
        }
    }

    static final List<Invocation> INVOCATIONS = new CopyOnWriteArrayList<>();
    /** Messages with these bodies are reported in batchItemFailures. */
    static final Set<String> FAIL_BODIES = ConcurrentHashMap.newKeySet();
    /** Messages with these bodies are reported in batchItemFailures the first time only. */
    static final Set<String> FAIL_ONCE_BODIES = ConcurrentHashMap.newKeySet();
    /** How many invocations, from now, throw. */
    static final AtomicInteger THROWS_TO_INJECT = new AtomicInteger();
    /** Adds an itemIdentifier that is no message id of the batch. */
    static volatile boolean reportUnknownItem;

    public RecordingSqsHandler(FunctionEnvironment env) {
    }

    static void reset() {
        INVOCATIONS.clear();
        FAIL_BODIES.clear();
        FAIL_ONCE_BODIES.clear();
        THROWS_TO_INJECT.set(0);
        reportUnknownItem = false;
    }

    static List<Invocation> of(String function) {
        return INVOCATIONS.stream().filter(i -> i.function().equals(function)).toList();
    }

    /** Every message body the function was invoked with, in order, repeats included. */
    static List<String> bodies(String function) {
        return of(function).stream().flatMap(i -> i.bodies().stream()).toList();
    }

    /** The deliveries of one message body to one function. */
    static List<SQSEvent.SQSMessage> deliveries(String function, String body) {
        return of(function).stream().flatMap(i -> i.event().getRecords().stream())
                .filter(m -> m.getBody().equals(body)).toList();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        INVOCATIONS.add(new Invocation(context.getFunctionName(), event, System.nanoTime()));
        if (THROWS_TO_INJECT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("injected failure");
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            if (FAIL_BODIES.contains(m.getBody()) || FAIL_ONCE_BODIES.remove(m.getBody())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        if (reportUnknownItem) {
            failures.add(new SQSBatchResponse.BatchItemFailure("not-a-message-of-this-batch"));
        }
        return new SQSBatchResponse(failures);
    }
}
