package io.callvault.api.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.time.GuideTime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v2/ops/contact-centers/{ccid}/intake-redrive}, checked whole before anything moves:
 *
 * <ul>
 *   <li>{@code {"operation": "redriveDeadLetters", "stage": "analytics"|"enrichment"|"all", "limit": 1-1000}}: every
 *       field optional (an empty body is this with {@code stage} {@code all});</li>
 *   <li>{@code {"operation": "repostAnalytics", "startTime": t, "endTime": t, "continuation": "...", "limit": 1-1000}}:
 *       times as epoch milliseconds (a number or a string of digits, as the guide's repost script takes them) or as
 *       the guide's time text; {@code endTime} after {@code startTime}, at most {@link #MAX_WINDOW} later.</li>
 * </ul>
 *
 * Any other field, a wrong type or value is an {@link InvalidFieldException} naming the field.
 */
public record IntakeRedriveRequest(Operation operation, Set<IntakeStage> stages, int limit, Instant startTime,
                                   Instant endTime, String continuation) {
    public static final int MAX_LIMIT = 1000;
    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    /** Latest time a window may name: GSI1 sort keys hold 13-digit epoch milliseconds. */
    static final long MAX_MILLIS = 9_999_999_999_999L;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,16}");
    private static final int MAX_CONTINUATION = 1024;

    public enum Operation {
        REDRIVE_DEAD_LETTERS("redriveDeadLetters", Set.of("operation", "stage", "limit")),
        REPOST_ANALYTICS("repostAnalytics", Set.of("operation", "startTime", "endTime", "continuation", "limit"));

        private final String wireName;
        private final Set<String> fields;

        Operation(String wireName, Set<String> fields) {
            this.wireName = wireName;
            this.fields = fields;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** @param body the request's JSON, or null when it has none */
    public static IntakeRedriveRequest parse(JsonNode body) {
        if (body == null) {
            return new IntakeRedriveRequest(Operation.REDRIVE_DEAD_LETTERS, EnumSet.allOf(IntakeStage.class), MAX_LIMIT,
                    null, null, null);
        }
        if (!body.isObject()) {
            throw new InvalidFieldException("body", "must be a JSON object such as {\"operation\":\"redriveDeadLetters\"}, got "
                    + Excerpt.describe(body));
        }
        Operation operation = operation(body.get("operation"));
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!operation.fields.contains(name)) {
                throw new InvalidFieldException(Excerpt.of(name).replace("\"", ""), "is not a field of "
                        + operation.wireName + "; its fields are " + String.join(", ", operation.fields.stream().sorted().toList()));
            }
        }
        int limit = limit(body.get("limit"));
        if (operation == Operation.REDRIVE_DEAD_LETTERS) {
            return new IntakeRedriveRequest(operation, stages(body.get("stage")), limit, null, null, null);
        }
        Instant start = time(body.get("startTime"), "startTime");
        Instant end = time(body.get("endTime"), "endTime");
        if (!end.isAfter(start)) {
            throw new InvalidFieldException("endTime", "must be after startTime");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new InvalidFieldException("endTime", "must be at most " + MAX_WINDOW.toDays() + " days after startTime");
        }
        JsonNode c = body.get("continuation");
        String continuation = null;
        if (c != null && !c.isNull()) {
            if (!c.isTextual() || c.textValue().isEmpty() || c.textValue().length() > MAX_CONTINUATION) {
                throw new InvalidFieldException("continuation", "must be the continuation a previous answer returned");
            }
            continuation = c.textValue();
        }
        return new IntakeRedriveRequest(operation, EnumSet.of(IntakeStage.ANALYTICS), limit, start, end, continuation);
    }

    private static Operation operation(JsonNode v) {
        if (v == null || v.isNull()) {
            return Operation.REDRIVE_DEAD_LETTERS;
        }
        if (v.isTextual()) {
            for (Operation o : Operation.values()) {
                if (o.wireName.equals(v.textValue())) {
                    return o;
                }
            }
        }
        throw new InvalidFieldException("operation", "must be redriveDeadLetters or repostAnalytics, got " + Excerpt.describe(v));
    }

    private static Set<IntakeStage> stages(JsonNode v) {
        if (v == null || v.isNull() || v.isTextual() && v.textValue().equals("all")) {
            return EnumSet.allOf(IntakeStage.class);
        }
        if (v.isTextual()) {
            var stage = IntakeStage.ofLabel(v.textValue());
            if (stage.isPresent()) {
                return EnumSet.of(stage.get());
            }
        }
        throw new InvalidFieldException("stage", "must be analytics, enrichment or all, got " + Excerpt.describe(v));
    }

    private static int limit(JsonNode v) {
        if (v == null || v.isNull()) {
            return MAX_LIMIT;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1 || v.intValue() > MAX_LIMIT) {
            throw new InvalidFieldException("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", got " + Excerpt.describe(v));
        }
        return v.intValue();
    }

    private static Instant time(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required: epoch milliseconds (e.g. 1709251200000) or a time such as "
                    + "2024-03-01T00:00:00.000+0000");
        }
        long millis;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            millis = v.longValue();
        } else if (v.isTextual() && DIGITS.matcher(v.textValue()).matches()) {
            millis = Long.parseLong(v.textValue());
        } else if (v.isTextual()) {
            return GuideTime.parse(v.textValue()).filter(t -> t.toEpochMilli() <= MAX_MILLIS)
                    .orElseThrow(() -> new InvalidFieldException(field, "must be epoch milliseconds or a time with an offset "
                            + "such as 2024-03-01T00:00:00.000+0000, got " + Excerpt.describe(v)));
        } else {
            throw new InvalidFieldException(field, "must be epoch milliseconds or a time text, got " + Excerpt.describe(v));
        }
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new InvalidFieldException(field, "must be epoch milliseconds from 0 to " + MAX_MILLIS + ", got " + millis);
        }
        return Instant.ofEpochMilli(millis);
    }
}
