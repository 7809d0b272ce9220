package io.callvault.core.sfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A Task of a state machine (mux, lifecycle): JSON in, JSON out, through Jackson (no reflection-heavy serializer on the cold
 * path). A thrown exception fails the task with the exception's class name as the error, which the state machine's
 * Retry and Catch match; storage failures that may pass (throttling, 5xx, connection trouble) become
 * {@link TransientStorageException}, the one error the machine retries.
 */
public abstract class TaskHandler implements RequestStreamHandler {
    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("the task input must be a JSON object");
        }
        JsonNode result;
        try {
            result = handle(event, context);
        } catch (SdkClientException e) {
            throw new TransientStorageException("AWS client failure: " + e.getMessage(), e);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new TransientStorageException("AWS service failure " + e.statusCode() + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception permanent) {
            // The runtime names the error after the thrown class, and the state machine's Catch matches that name
            // (io.callvault.mux.DecryptionFailedException, ...): rethrown as it is, not wrapped.
            throw TaskHandler.<RuntimeException>unchecked(permanent);
        }
        Json.MAPPER.writeValue(output, result);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E unchecked(Exception e) throws E {
        throw (E) e;
    }

    protected abstract JsonNode handle(JsonNode event, Context context) throws Exception;

    protected static String text(JsonNode event, String field) {
        JsonNode v = event.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException("the task input needs the text field " + field);
        }
        return v.textValue();
    }
}
