package io.callvault.lifecycle.backup;

import io.callvault.core.lifecycle.FilterType;
import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.lifecycle.RecordingFilter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one backup task of one run writes: the guide's unzipped archive folder (spec lifecycle.md §1.6, L32616-32631),
 * {@code <archive export directory>/<Tenant Name>-<Filter Type>-<Max Age>-<Min Age>-<yyyyMMddHHmmss>}, in S3.
 * The export directory is the task's {@code location} ({@code s3://bucket[/prefix]}) or, when it has none, the stack's
 * archive bucket. The tenant name is always {@value #TENANT_NAME} (L32627), an age that is not set is 0, and max comes
 * before min. The time is the run's <em>scheduled</em> time, not a clock reading, so a retried or resumed run writes
 * the same keys.
 *
 * @param bucket     the bucket the archive goes to
 * @param prefix     the location's prefix, without leading or trailing slash; empty when the location has none
 * @param name       {@code Environment-voice-2-1-20261122020000}
 */
public record ArchiveFolder(String bucket, String prefix, String name) {
    /** {@code <Tenant Name>} "is always "Environment"" (L32627), also in the archive's inner layout. */
    public static final String TENANT_NAME = "Environment";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** S3's rules for new bucket names: 3-63 of lower-case letters, digits, dots and hyphens. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9._=@+-]{1,128}");
    private static final int MAX_PREFIX = 256;

    public ArchiveFolder {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The folder of a backup task in the run scheduled at {@code t0}.
     *
     * @param location      {@code s3://bucket[/prefix]}, or null (or blank) for {@code defaultBucket}
     * @param maxAge        null when the task has none ("or older"): 0 in the name
     * @throws IllegalArgumentException the location is not {@code s3://bucket[/prefix]} with a valid bucket name and a
     *     prefix of plain path segments
     */
    public static ArchiveFolder of(String location, String defaultBucket, FilterType type, Integer maxAge, int minAge,
                                   Instant t0) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(t0, "t0");
        String name = TENANT_NAME + "-" + type.wireName() + "-" + (maxAge == null ? 0 : maxAge) + "-" + minAge + "-"
                + STAMP.format(t0);
        if (location == null || location.isBlank()) {
            return new ArchiveFolder(Objects.requireNonNull(defaultBucket, "defaultBucket"), "", name);
        }
        if (!location.startsWith("s3://")) {
            throw new IllegalArgumentException("backup location must be s3://bucket[/prefix], got " + excerpt(location));
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("backup location names no valid bucket: " + excerpt(location));
        }
        if (prefix.length() > MAX_PREFIX) {
            throw new IllegalArgumentException("backup location prefix is longer than " + MAX_PREFIX + " characters");
        }
        if (!prefix.isEmpty()) {
            for (String segment : prefix.split("/", -1)) {
                if (!PREFIX_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("backup location prefix must be plain path segments "
                            + "(A-Z a-z 0-9 . _ = @ + -), got " + excerpt(location));
                }
            }
        }
        return new ArchiveFolder(bucket, prefix, name);
    }

    /** The folder of {@code task} (a backup task) in the run scheduled at {@code t0}. */
    public static ArchiveFolder of(LifecycleTask task, String defaultBucket, Instant t0) {
        RecordingFilter filter = task.filter();
        return of(task.location(), defaultBucket, filter.type(), filter.maxAge(), filter.minAge(), t0);
    }

    /** {@code [prefix/]Environment-voice-2-1-20261122020000/}: every key of the archive starts with it. */
    public String keyPrefix() {
        return prefix.isEmpty() ? name + "/" : prefix + "/" + name + "/";
    }

    /** {@code s3://bucket/[prefix/]name/}, for logs and reports. */
    public String uri() {
        return "s3://" + bucket + "/" + keyPrefix();
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }

    private static String excerpt(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
