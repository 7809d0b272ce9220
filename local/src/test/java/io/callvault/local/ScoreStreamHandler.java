package io.callvault.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.core.aws.FunctionEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * A test Task function written as Step Functions task handlers are: a stream handler reading and writing JSON with
 * Jackson. Scores a recording at twice its duration and says whether it was given the Step Functions endpoint.
 */
public final class ScoreStreamHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FunctionEnvironment env;

    public ScoreStreamHandler(FunctionEnvironment env) {
        this.env = env;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode in = JSON.readTree(input);
        JSON.writeValue(output, Map.of(
                "recordingId", in.path("recordingId").asText(),
                "score", in.path("durationSeconds").asInt() * 2,
                "sfnEndpointSet", env.get("AWS_ENDPOINT_URL_SFN").isPresent(),
                "machine", env.get("REVIEW_MACHINE").orElse("")));
    }
}
