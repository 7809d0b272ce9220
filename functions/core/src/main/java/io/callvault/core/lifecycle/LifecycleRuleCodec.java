package io.callvault.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.codec.LabelNames;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallType;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lifecycle rule as the value of a {@code gir-scheduler} setting (docs/settings.md, spec lifecycle.md §1.2-§1.4,
 * §5.1). The setting's name is the rule's name and its location the node path of the stacks that run it, matched
 * exactly (L34208-L34227):
 *
 * <pre>{@code
 * {"enabled": true,
 *  "schedule": {"repeatDailyAt": "02:00:00"},
 *  "region": "us",
 *  "tasks": [
 *    {"type": "backup",
 *     "filter": {"type": "voice", "minAge": 365, "maxAge": null, "callType": "Inbound",
 *                "labels": {"include": ["keep"], "exclude": ["legal"]}},
 *     "parameters": {"location": "s3://bucket/prefix", "executeOnScreenRecording": true}},
 *    {"type": "purge", "filter": {...the same...}, "parameters": {"executeOnScreenRecording": true}}]}
 * }</pre>
 *
 * <p>{@link #parse} checks everything and throws {@link InvalidFieldException} naming the exact field
 * ({@code value.tasks[1].filter.maxAge}); user input appears in messages only shortened and with control characters
 * escaped. The guide's warnings about rules (L13576, L13583-L13584, L32390, L32400) are errors here, apart from a
 * purge-only rule, which stays allowed as in the guide. {@link #write} gives the canonical form, every field
 * written, and {@code parse(field, write(r))} equals {@code r}.
 */
public final class LifecycleRuleCodec {
    /** The settings group whose settings are lifecycle rules. */
    public static final String GROUP = "gir-scheduler";
    public static final int MAX_TASKS = 10;
    /** A hundred years, in days: the largest {@code minAge} or {@code maxAge}. */
    public static final int MAX_AGE_DAYS = 36_500;
    public static final int MAX_LABELS = 20;
    public static final int MAX_NAME_CHARS = 64;
    public static final int MAX_LOCATION_CHARS = 1024;

    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9._ -]{1,64}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?");
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9._=-]{1,255}");
    private static final Pattern PLAIN_FIELD = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String DEAD_LETTERS = "unrecoverable";

    private static final List<String> RULE_FIELDS = List.of("enabled", "schedule", "region", "tasks");
    private static final List<String> SCHEDULE_FIELDS = List.of("repeatDailyAt");
    private static final List<String> TASK_FIELDS = List.of("type", "filter", "parameters");
    private static final List<String> FILTER_FIELDS = List.of("type", "minAge", "maxAge", "callType", "labels");
    private static final List<String> LABEL_FIELDS = List.of("include", "exclude");
    private static final List<String> BACKUP_PARAMETERS = List.of("location", "executeOnScreenRecording");
    private static final List<String> PURGE_PARAMETERS = List.of("executeOnScreenRecording");

    private static final String ON_FAILURE = "is not accepted: a rule stops at its first failed task, and callvault never "
            + "purges a recording whose backup did not complete in the same run (stricter than the guide's \"Next Task\", "
            + "which purges even after a failed backup, L32394)";
    /** Fields the guide or the spec's proposal has that a rule here does not take, with the reason. */
    private static final Map<String, String> RULE_NOT_HERE = Map.of(
            "name", "is not a field of the value: the rule's name is the setting's name",
            "location", "is not a field of the value: the rule's location (node path) is the setting's location",
            "id", "is not a field of the value: a rule is named by its setting's name and location",
            "onFailure", ON_FAILURE);
    private static final Map<String, String> TASK_NOT_HERE = Map.of("onFailure", ON_FAILURE);
    private static final Map<String, String> FILTER_NOT_HERE = Map.of(
            "userData", "is not supported: the guide names a user-data filter (L373) but not its syntax");

    private LifecycleRuleCodec() {}

    /**
     * A rule name, the setting's name in {@value #GROUP}: 1-64 letters, digits, spaces, {@code .}, {@code _},
     * {@code -}, not starting or ending with a space (the guide's "Daily Backup", "PurgeOldFiles", "Backup and Purge").
     */
    public static String checkName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidFieldException(field, "is required, the rule's name");
        }
        if (name.length() > MAX_NAME_CHARS) {
            throw new InvalidFieldException(field, "is longer than " + MAX_NAME_CHARS + " characters (a rule name is 1-"
                    + MAX_NAME_CHARS + " letters, digits, spaces, . _ -); got " + Excerpt.of(name));
        }
        if (!RULE_NAME.matcher(name).matches()) {
            throw new InvalidFieldException(field, "must be a rule name: 1-" + MAX_NAME_CHARS
                    + " letters, digits, spaces, . _ -; got " + Excerpt.of(name));
        }
        if (name.startsWith(" ") || name.endsWith(" ")) {
            throw new InvalidFieldException(field, "may not start or end with a space; got " + Excerpt.of(name));
        }
        return name;
    }

    /** The rule {@code value} holds; {@code field} is the value's JSON path ({@code value}, {@code [2].value}). */
    public static LifecycleRule parse(String field, JsonNode value) {
        ObjectNode rule = object(field, value, "a lifecycle rule {\"enabled\", \"schedule\", \"region\", \"tasks\"}");
        known(field, rule, RULE_FIELDS, RULE_NOT_HERE, "a rule");
        boolean enabled = bool(field + ".enabled", rule.get("enabled"), true);
        LocalTime at = schedule(field + ".schedule", rule.get("schedule"));
        String region = region(field + ".region", rule.get("region"));
        List<LifecycleTask> tasks = tasks(field + ".tasks", rule.get("tasks"));
        return new LifecycleRule(enabled, at, region, tasks);
    }

    /** The canonical JSON of a rule: every field written, defaults included, names in lower case. */
    public static ObjectNode write(LifecycleRule rule) {
        ObjectNode out = Json.object();
        out.put("enabled", rule.enabled());
        out.putObject("schedule").put("repeatDailyAt", HH_MM_SS.format(rule.repeatDailyAt()));
        if (rule.region() == null) {
            out.putNull("region");
        } else {
            out.put("region", rule.region());
        }
        ArrayNode tasks = out.putArray("tasks");
        for (LifecycleTask task : rule.tasks()) {
            ObjectNode t = tasks.addObject();
            t.put("type", task.type().wireName());
            RecordingFilter f = task.filter();
            ObjectNode filter = t.putObject("filter");
            filter.put("type", f.type().wireName());
            filter.put("minAge", f.minAge());
            if (f.maxAge() == null) {
                filter.putNull("maxAge");
            } else {
                filter.put("maxAge", f.maxAge());
            }
            if (f.callType() == null) {
                filter.putNull("callType");
            } else {
                filter.put("callType", f.callType().wireName());
            }
            ObjectNode labels = filter.putObject("labels");
            f.labelsInclude().forEach(labels.putArray("include")::add);
            f.labelsExclude().forEach(labels.putArray("exclude")::add);
            ObjectNode parameters = t.putObject("parameters");
            if (task.type() == TaskType.BACKUP) {
                if (task.location() == null) {
                    parameters.putNull("location");
                } else {
                    parameters.put("location", task.location());
                }
            }
            parameters.put("executeOnScreenRecording", task.executeOnScreenRecording());
        }
        return out;
    }

    private static LocalTime schedule(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required: {\"repeatDailyAt\": \"HH:MM:SS\"} in UTC");
        }
        ObjectNode schedule = object(field, v, "{\"repeatDailyAt\": \"HH:MM:SS\"} (UTC)");
        known(field, schedule, SCHEDULE_FIELDS, Map.of(), "a schedule (a rule runs every day, L32336)");
        String path = field + ".repeatDailyAt";
        JsonNode at = schedule.get("repeatDailyAt");
        if (at == null || at.isNull()) {
            throw new InvalidFieldException(path, "is required, the UTC time of day the rule runs, HH:MM:SS");
        }
        Matcher m = at.isTextual() ? TIME.matcher(at.textValue()) : null;
        if (m == null || !m.matches()) {
            throw new InvalidFieldException(path, "must be a UTC time of day HH:MM:SS (or HH:MM) from 00:00:00 to "
                    + "23:59:59, got " + Excerpt.describe(at));
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    private static String region(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !REGION.matcher(v.textValue()).matches()) {
            throw new InvalidFieldException(field, "must be a region: 1-64 of A-Z a-z 0-9 _ . - (or null for the "
                    + "contact center's region), got " + Excerpt.describe(v));
        }
        return v.textValue();
    }

    private static List<LifecycleTask> tasks(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required: 1-" + MAX_TASKS + " tasks, backup and/or purge");
        }
        if (!v.isArray()) {
            throw new InvalidFieldException(field, "must be an array of 1-" + MAX_TASKS + " tasks, got " + Excerpt.describe(v));
        }
        if (v.isEmpty() || v.size() > MAX_TASKS) {
            throw new InvalidFieldException(field, "must hold 1-" + MAX_TASKS + " tasks, not " + v.size());
        }
        List<LifecycleTask> tasks = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            tasks.add(task(field + "[" + i + "]", v.get(i)));
        }
        checkOrder(field, tasks);
        return tasks;
    }

    /**
     * The guide's rules for a rule's tasks, which it only warns about, as errors: one purge at most (L13583), the
     * purge last (L13584; so every backup comes before it, L32400), and a purge's filter the same as every backup's
     * in the rule (L32390). A purge-only rule stays allowed: the guide warns against it (L13576) but allows it, and a
     * tenant may mean it (recordings it keeps elsewhere, or does not keep at all).
     */
    private static void checkOrder(String field, List<LifecycleTask> tasks) {
        int purge = -1;
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).type() != TaskType.PURGE) {
                continue;
            }
            if (purge >= 0) {
                throw new InvalidFieldException(field + "[" + i + "].type", "is a second purge; a rule has at most one "
                        + "purge task (the guide: \"Run only one Purge task in a rule\", L13583), tasks[" + purge
                        + "] is one");
            }
            purge = i;
        }
        if (purge < 0) {
            return;
        }
        if (purge != tasks.size() - 1) {
            throw new InvalidFieldException(field + "[" + purge + "].type", "is a purge before other tasks; the purge "
                    + "must be the rule's last task (the guide: \"Run the Purge task last in a rule\", L13584, and "
                    + "\"The Backup task must come before the Purge task\", L32400)");
        }
        LifecycleTask p = tasks.get(purge);
        for (int i = 0; i < purge; i++) {
            LifecycleTask backup = tasks.get(i);
            String differing = firstDifference(backup.filter(), p.filter());
            if (differing != null) {
                throw new InvalidFieldException(field + "[" + purge + "].filter." + differing, "differs from the filter "
                        + "of the backup tasks[" + i + "]; a purge must select exactly what the rule's backups select "
                        + "(the guide: the filter parameters \"must always be the same between these two tasks\", "
                        + "L32390), else it would purge recordings no backup took");
            }
            if (p.executeOnScreenRecording() && !backup.executeOnScreenRecording()) {
                throw new InvalidFieldException(field + "[" + purge + "].parameters.executeOnScreenRecording",
                        "is true but the backup tasks[" + i + "] does not include screen recordings; the purge would "
                                + "delete screen recordings no backup took (set it on the backup too, or false here)");
            }
        }
    }

    /** The first filter field (as named in JSON) in which two filters select differently, or null. */
    private static String firstDifference(RecordingFilter a, RecordingFilter b) {
        if (a.type() != b.type()) {
            return "type";
        }
        if (a.minAge() != b.minAge()) {
            return "minAge";
        }
        if (!Objects.equals(a.maxAge(), b.maxAge())) {
            return "maxAge";
        }
        if (a.callType() != b.callType()) {
            return "callType";
        }
        if (!Set.copyOf(a.labelsInclude()).equals(Set.copyOf(b.labelsInclude()))) {
            return "labels.include";
        }
        if (!Set.copyOf(a.labelsExclude()).equals(Set.copyOf(b.labelsExclude()))) {
            return "labels.exclude";
        }
        return null;
    }

    private static LifecycleTask task(String field, JsonNode v) {
        ObjectNode task = object(field, v, "a task {\"type\", \"filter\", \"parameters\"}");
        known(field, task, TASK_FIELDS, TASK_NOT_HERE, "a task");
        TaskType type = taskType(field + ".type", task.get("type"));
        RecordingFilter filter = filter(field + ".filter", task.get("filter"));
        JsonNode p = task.get("parameters");
        ObjectNode parameters = p == null || p.isNull() ? Json.object() : object(field + ".parameters", p,
                "the task's parameters {" + (type == TaskType.BACKUP ? "\"location\", " : "")
                        + "\"executeOnScreenRecording\"}");
        if (type == TaskType.PURGE && parameters.has("location")) {
            throw new InvalidFieldException(field + ".parameters.location", "is a backup parameter; a purge has no "
                    + "location (its only parameter is executeOnScreenRecording)");
        }
        known(field + ".parameters", parameters, type == TaskType.BACKUP ? BACKUP_PARAMETERS : PURGE_PARAMETERS,
                Map.of(), "the parameters of a " + type.wireName() + " task");
        String location = type == TaskType.BACKUP ? backupLocation(field + ".parameters.location",
                parameters.get("location")) : null;
        String screenField = field + ".parameters.executeOnScreenRecording";
        boolean screens = bool(screenField, parameters.get("executeOnScreenRecording"), false);
        if (screens && filter.type() == FilterType.SCREEN) {
            throw new InvalidFieldException(screenField, "may only be true for a voice filter: it adds a call's screen "
                    + "recordings to a voice task (\"Include Screen Recordings\", L13574); this task's filter is screen");
        }
        return new LifecycleTask(type, filter, location, screens);
    }

    private static TaskType taskType(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required: backup or purge");
        }
        if (v.isTextual()) {
            for (TaskType t : TaskType.values()) {
                if (t.wireName().equalsIgnoreCase(v.textValue())) {
                    return t;
                }
            }
        }
        throw new InvalidFieldException(field, "must be backup or purge (the guide's two task types, L32300-L32303), got "
                + Excerpt.describe(v));
    }

    private static RecordingFilter filter(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required: {\"type\": \"voice\"|\"screen\", \"minAge\": days, "
                    + "\"maxAge\": days or null, ...}");
        }
        ObjectNode filter = object(field, v, "a filter {\"type\", \"minAge\", \"maxAge\", \"callType\", \"labels\"}");
        known(field, filter, FILTER_FIELDS, FILTER_NOT_HERE, "a filter");
        FilterType type = filterType(field + ".type", filter.get("type"));
        JsonNode min = filter.get("minAge");
        int minAge = min == null || min.isNull() ? 0 : days(field + ".minAge", min, 0);
        JsonNode max = filter.get("maxAge");
        Integer maxAge = max == null || max.isNull() ? null : days(field + ".maxAge", max, minAge);
        CallType callType = callType(field + ".callType", filter.get("callType"));
        if (callType != null && type != FilterType.VOICE) {
            throw new InvalidFieldException(field + ".callType", "applies to call recordings only; a screen filter "
                    + "cannot have one (leave it out or null)");
        }
        List<String> include = List.of();
        List<String> exclude = List.of();
        JsonNode l = filter.get("labels");
        if (l != null && !l.isNull()) {
            ObjectNode labels = object(field + ".labels", l, "{\"include\": [label names], \"exclude\": [label names]}");
            known(field + ".labels", labels, LABEL_FIELDS, Map.of(), "labels");
            include = labels(field + ".labels.include", labels.get("include"));
            exclude = labels(field + ".labels.exclude", labels.get("exclude"));
            for (int i = 0; i < exclude.size(); i++) {
                if (include.contains(exclude.get(i))) {
                    throw new InvalidFieldException(field + ".labels.exclude[" + i + "]", "is also in labels.include; "
                            + "a label may be in one of the two lists only");
                }
            }
        }
        return new RecordingFilter(type, minAge, maxAge, callType, include, exclude);
    }

    private static FilterType filterType(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return FilterType.VOICE;
        }
        if (v.isTextual()) {
            for (FilterType t : FilterType.values()) {
                if (t.wireName().equalsIgnoreCase(v.textValue())) {
                    return t;
                }
            }
        }
        throw new InvalidFieldException(field, "must be voice or screen (L32628), got " + Excerpt.describe(v));
    }

    /** Whole days from {@code min} to {@value #MAX_AGE_DAYS}, a JSON integer. */
    private static int days(String field, JsonNode v, int min) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidFieldException(field, "must be a whole number of days from " + min + " to " + MAX_AGE_DAYS
                    + ", got " + Excerpt.describe(v));
        }
        int days = v.intValue();
        if (days < min || days > MAX_AGE_DAYS) {
            throw new InvalidFieldException(field, "must be from " + min + " to " + MAX_AGE_DAYS + " days"
                    + (min > 0 ? " (not less than minAge)" : "") + ", got " + days);
        }
        return days;
    }

    private static CallType callType(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            var t = CallType.fromWire(v.textValue());
            if (t.isPresent()) {
                return t.get();
            }
        }
        throw new InvalidFieldException(field, "must be one of Unknown, Inbound, Outbound, Internal, Consult (L32767), "
                + "or null for any, got " + Excerpt.describe(v));
    }

    private static List<String> labels(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new InvalidFieldException(field, "must be an array of label names, got " + Excerpt.describe(v));
        }
        if (v.size() > MAX_LABELS) {
            throw new InvalidFieldException(field, "has " + v.size() + " labels; at most " + MAX_LABELS);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String path = field + "[" + i + "]";
            JsonNode item = v.get(i);
            if (!item.isTextual()) {
                throw new InvalidFieldException(path, "must be a label name, got " + Excerpt.describe(item));
            }
            String name = LabelNames.check(path, item.textValue());
            if (out.contains(name)) {
                throw new InvalidFieldException(path, "names the label at [" + out.indexOf(name) + "] a second time");
            }
            out.add(name);
        }
        return out;
    }

    /**
     * {@code s3://bucket[/prefix]}: a valid S3 bucket name, a prefix of {@code /}-separated segments of
     * {@code A-Z a-z 0-9 . _ = -} (no {@code ..}, no empty segment), not under the archive's {@code unrecoverable/}.
     * A trailing {@code /} is dropped. Null: the stack's archive bucket.
     */
    private static String backupLocation(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidFieldException(field, "must be s3://bucket[/prefix], got " + Excerpt.describe(v));
        }
        String s = v.textValue();
        if (s.length() > MAX_LOCATION_CHARS) {
            throw new InvalidFieldException(field, "is longer than " + MAX_LOCATION_CHARS + " characters; got "
                    + Excerpt.of(s));
        }
        if (s.regionMatches(true, 0, "file:", 0, 5)) {
            throw new InvalidFieldException(field, "may not be a file:// folder: backups go to S3 (s3://bucket[/prefix]), "
                    + "because the functions that run them have no shared file system; got " + Excerpt.of(s));
        }
        if (!s.startsWith("s3://")) {
            throw new InvalidFieldException(field, "must be s3://bucket[/prefix] (or null for this stack's archive "
                    + "bucket), got " + Excerpt.of(s));
        }
        String rest = s.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        String bad = bucketProblem(bucket);
        if (bad != null) {
            throw new InvalidFieldException(field, "names an invalid S3 bucket: " + bad + "; got " + Excerpt.of(s));
        }
        if (!prefix.isEmpty()) {
            for (String segment : prefix.split("/", -1)) {
                if (!PREFIX_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.contains("..")) {
                    throw new InvalidFieldException(field, "has an unsafe prefix: /-separated names of A-Z a-z 0-9 . _ "
                            + "= - (no leading or double /, no . or ..); got " + Excerpt.of(s));
                }
            }
            if (prefix.equals(DEAD_LETTERS) || prefix.startsWith(DEAD_LETTERS + "/")) {
                throw new InvalidFieldException(field, "may not be under " + DEAD_LETTERS + "/, where the archive keeps "
                        + "what intake could not deliver; got " + Excerpt.of(s));
            }
        }
        return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
    }

    /** What is wrong with an S3 bucket name (the general purpose bucket naming rules), or null. */
    private static String bucketProblem(String bucket) {
        if (!BUCKET.matcher(bucket).matches()) {
            return "3-63 of a-z 0-9 . -, starting and ending with a letter or digit";
        }
        if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
            return "no two adjacent dots, and no dot next to a hyphen";
        }
        if (IPV4.matcher(bucket).matches()) {
            return "not an IP address";
        }
        for (String reserved : List.of("xn--", "sthree-", "amzn-s3-demo-")) {
            if (bucket.startsWith(reserved)) {
                return "not starting with the reserved " + reserved;
            }
        }
        for (String reserved : List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")) {
            if (bucket.endsWith(reserved)) {
                return "not ending with the reserved " + reserved;
            }
        }
        return null;
    }

    private static boolean bool(String field, JsonNode v, boolean otherwise) {
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw new InvalidFieldException(field, "must be true or false, got " + Excerpt.describe(v));
        }
        return v.booleanValue();
    }

    private static ObjectNode object(String field, JsonNode v, String what) {
        if (v == null || !v.isObject()) {
            throw new InvalidFieldException(field, "must be " + what + ", got " + Excerpt.describe(v));
        }
        return (ObjectNode) v;
    }

    /** Refuses the first field not in {@code fields}: with its reason when it has one, else listing the fields. */
    private static void known(String field, ObjectNode node, List<String> fields, Map<String, String> notHere,
                              String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (fields.contains(name)) {
                continue;
            }
            String path = field + "." + (PLAIN_FIELD.matcher(name).matches() ? name : Excerpt.of(name));
            String reason = notHere.get(name);
            throw new InvalidFieldException(path, reason != null ? reason : "is not a field of " + what + "; the fields are "
                    + String.join(", ", fields));
        }
    }
}
