package io.callvault.lifecycle.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Run ids and execution names. A run is one rule at one scheduled time, so its id is derived from exactly that
 * (contact center, node path, rule name, scheduled second): a second trigger for the same time finds the same run,
 * and Step Functions refuses a second execution of the same name. The id reads as the time it is for.
 */
public final class RunIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{16}");

    private RunIds() {}

    /** {@code 20261122T020000Z-<16 hex>}. */
    public static String of(String ccid, String location, String ruleName, Instant scheduledTime) {
        Instant second = scheduledTime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return STAMP.format(second) + "-" + hash(ccid + "\n" + location + "\n" + ruleName + "\n" + second.getEpochSecond());
    }

    public static boolean isRunId(String text) {
        return text != null && RUN_ID.matcher(text).matches();
    }

    /** {@code lc-<run id>-<attempt>}: 40-odd characters of {@code [A-Za-z0-9_-]}, within Step Functions' 80. */
    public static String executionName(String runId, int attempt) {
        return "lc-" + runId + "-" + attempt;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
