package io.callvault.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import io.callvault.core.aws.FunctionEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A test function that remembers the S3 events it was given and fails on demand. */
public final class RecordingS3Handler implements RequestHandler<S3Event, String> {
    static final List<S3Event> RECEIVED = new CopyOnWriteArrayList<>();
    static final AtomicInteger FAILURES_TO_INJECT = new AtomicInteger();

    public RecordingS3Handler(FunctionEnvironment env) {
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        if (FAILURES_TO_INJECT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("injected failure");
        }
        RECEIVED.add(event);
        return "ok";
    }
}
