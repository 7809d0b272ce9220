package io.callvault.core.mux;

import io.callvault.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts mux executions, named after what caused them, so that the same cause twice (a redelivered stream record, a
 * sweep that finds the same state again) starts one execution: Step Functions refuses a second execution of a name
 * ({@code ExecutionAlreadyExists}), which here means "already handled" (spec muxer.md §5.1).
 */
public final class MuxStarter {
    private final SfnClient sfn;
    private final String stateMachineArn;

    public MuxStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /** @return true when this call started the execution, false when one of that name exists already */
    public boolean start(String ccid, String callRecordingId, String trigger, String cause) {
        String input = Json.write(Json.object().put("contactCenterId", ccid).put("callRecordingId", callRecordingId)
                .put("trigger", trigger).put("waitedSeconds", 0));
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name(ccid, callRecordingId, cause)).input(input));
            return true;
        } catch (ExecutionAlreadyExistsException already) {
            return false;
        }
    }

    /** {@code mux-<call id, shortened>-<hash>}: at most 80 characters of {@code [A-Za-z0-9_-]}, as Step Functions wants. */
    static String name(String ccid, String callRecordingId, String cause) {
        String readable = callRecordingId.replaceAll("[^A-Za-z0-9_-]", "_");
        if (readable.length() > 32) {
            readable = readable.substring(0, 32);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((ccid + "\n" + callRecordingId + "\n" + cause).getBytes(StandardCharsets.UTF_8));
            return "mux-" + readable + "-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
