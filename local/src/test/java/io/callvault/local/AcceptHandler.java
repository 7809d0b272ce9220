package io.callvault.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.callvault.core.aws.FunctionEnvironment;
import java.util.Map;

/**
 * A test Task function: accepts a recording unless it says {@code reject} (a {@link RecordingRejectedException}) or is
 * {@code malformed} (an {@link IllegalArgumentException}, which nothing catches).
 */
public final class AcceptHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public AcceptHandler(FunctionEnvironment env) {
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Object id = input.get("recordingId");
        if (Boolean.TRUE.equals(input.get("malformed"))) {
            throw new IllegalArgumentException("recording " + id + " is malformed");
        }
        if (Boolean.TRUE.equals(input.get("reject"))) {
            throw new RecordingRejectedException("recording " + id + " is rejected");
        }
        return Map.of("by", context.getFunctionName(), "recordingId", id);
    }
}
