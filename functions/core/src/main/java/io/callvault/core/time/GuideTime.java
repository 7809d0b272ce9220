package io.callvault.core.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guide's time formats. It writes {@code 2015-06-24T20:18:31.000+0000} (RWS) and reads that, the
 * media server's {@code 2015-06-24T20:19:03Z}, ISO offsets with a colon, and any fraction of a second.
 * An offset is required: a time without one is ambiguous and refused.
 */
public final class GuideTime {
    private static final Pattern TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(Z|[+-]\\d{2}(?::?\\d{2})?)");
    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    /** Earliest and latest instants accepted: guards arithmetic and index ranges against absurd input. */
    private static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private GuideTime() {}

    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            String offset = m.group(2);
            ZoneOffset zone = "Z".equals(offset) ? ZoneOffset.UTC : ZoneOffset.of(
                    offset.length() == 5 && offset.indexOf(':') < 0
                            ? offset.substring(0, 3) + ":" + offset.substring(3) : offset);
            Instant instant = LocalDateTime.parse(m.group(1)).toInstant(zone);
            return inRange(instant) ? Optional.of(instant) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    public static Optional<Instant> fromEpochMillis(long millis) {
        Instant instant = Instant.ofEpochMilli(millis);
        return inRange(instant) ? Optional.of(instant) : Optional.empty();
    }

    public static String format(Instant instant) {
        return WRITE.format(instant);
    }

    private static boolean inRange(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }
}
