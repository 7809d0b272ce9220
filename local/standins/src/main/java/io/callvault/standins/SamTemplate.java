package io.callvault.standins;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The parts of {@code template.yaml} the local runtime needs: functions with their HTTP routes, S3 and
 * DynamoDB stream triggers and environment, DynamoDB tables and S3 buckets, SQS queues and the functions' SQS
 * triggers ({@link #sqsTriggers()}). One source of truth for what deploys and what runs here.
 */
public final class SamTemplate {
    public record HttpRoute(String method, String path, boolean authorized) {
        /** API Gateway's route key, as handlers see it in {@code routeKey}. */
        public String routeKey() {
            return method + " " + path;
        }
    }

    /** An S3 bucket notification that invokes a function ({@code Type: S3} event). */
    public record S3Trigger(String bucketLogicalId, List<String> events) {}

    /**
     * A DynamoDB stream that invokes a function ({@code Type: DynamoDB} event), i.e. a Lambda event source
     * mapping, with AWS's defaults for what the event leaves out.
     *
     * @param eventId                      the event's name under {@code Events}
     * @param tableLogicalId               the table of {@code Stream: !GetAtt <Table>.StreamArn}
     * @param startingPosition             {@code TRIM_HORIZON} or {@code LATEST}
     * @param batchSize                    {@code BatchSize}, default 100
     * @param maximumBatchingWindowSeconds {@code MaximumBatchingWindowInSeconds}, default 0
     * @param reportBatchItemFailures      {@code FunctionResponseTypes} contains {@code ReportBatchItemFailures}
     * @param maximumRetryAttempts         {@code MaximumRetryAttempts}, default -1 (retry until it succeeds)
     * @param bisectBatchOnFunctionError   {@code BisectBatchOnFunctionError}, default false
     * @param enabled                      {@code Enabled}, default true
     * @param onFailureDestination         {@code DestinationConfig.OnFailure.Destination}, as written; null if none
     * @param filterPatterns               {@code FilterCriteria.Filters[].Pattern}: JSON event patterns, a record is
     *                                     delivered if it matches any; empty delivers every record
     * @param unsupportedProperties        properties the local runtime reads but does not apply
     */
    public record StreamTrigger(String eventId, String tableLogicalId, String startingPosition, int batchSize,
                                int maximumBatchingWindowSeconds, boolean reportBatchItemFailures,
                                int maximumRetryAttempts, boolean bisectBatchOnFunctionError, boolean enabled,
                                Object onFailureDestination, List<String> filterPatterns, List<String> unsupportedProperties) {
        public StreamTrigger {
            filterPatterns = List.copyOf(filterPatterns);
            unsupportedProperties = List.copyOf(unsupportedProperties);
        }
    }

    /** Properties of a {@code Type: DynamoDB} event that the local runtime applies. */
    static final List<String> SUPPORTED_STREAM_PROPERTIES = List.of("Stream", "StartingPosition", "BatchSize",
            "MaximumBatchingWindowInSeconds", "FunctionResponseTypes", "MaximumRetryAttempts",
            "BisectBatchOnFunctionError", "Enabled", "DestinationConfig", "FilterCriteria");

    public record Function(String logicalId, String handlerClass, String codeUri,
                           Map<String, Object> environment, List<HttpRoute> routes, List<S3Trigger> s3Triggers,
                           List<StreamTrigger> streamTriggers) {}

    public record Table(String logicalId, Map<String, Object> properties) {}

    public record Bucket(String logicalId) {}

    /** An {@code AWS::SQS::Queue} and its properties as written. */
    public record Queue(String logicalId, Map<String, Object> properties) {
        /** {@code FifoQueue: true}. */
        public boolean fifo() {
            return Boolean.parseBoolean(String.valueOf(properties.getOrDefault("FifoQueue", "false")));
        }
    }

    /**
     * An SQS queue that invokes a function ({@code Type: SQS} event), i.e. a Lambda event source mapping, with AWS's
     * defaults for what the event leaves out.
     *
     * @param functionLogicalId            the function the event belongs to
     * @param eventId                      the event's name under {@code Events}
     * @param queueLogicalId               the queue of {@code Queue: !GetAtt <Queue>.Arn}
     * @param batchSize                    {@code BatchSize}, default 10 (at most 10 for a FIFO queue; above 10 needs a batching window)
     * @param maximumBatchingWindowSeconds {@code MaximumBatchingWindowInSeconds}, default 0 (not for FIFO queues)
     * @param reportBatchItemFailures      {@code FunctionResponseTypes} contains {@code ReportBatchItemFailures}
     * @param enabled                      {@code Enabled}, default true
     * @param unsupportedProperties        properties the local runtime reads but does not apply
     */
    public record SqsTrigger(String functionLogicalId, String eventId, String queueLogicalId, int batchSize,
                             int maximumBatchingWindowSeconds, boolean reportBatchItemFailures, boolean enabled,
                             List<String> unsupportedProperties) {}

    /**
     * Properties of a {@code Type: SQS} event that the local runtime applies. {@code ScalingConfig} needs nothing:
     * locally one poller invokes one batch at a time, below any {@code MaximumConcurrency} (at least 2).
     */
    static final List<String> SUPPORTED_SQS_PROPERTIES = List.of("Queue", "BatchSize", "MaximumBatchingWindowInSeconds",
            "FunctionResponseTypes", "Enabled", "ScalingConfig");

    /**
     * An {@code AWS::Serverless::StateMachine}.
     *
     * @param logicalId         its logical id; its local name (and the last part of its ARN) unless it sets {@code Name}
     * @param definitionFile    {@code DefinitionUri} resolved against the template's directory; null for an inline {@code Definition}
     * @param inlineDefinition  {@code Definition} as written (a mapping); null when it has a {@code DefinitionUri}
     * @param substitutions     {@code DefinitionSubstitutions} as written (values may be intrinsics)
     * @param type              {@code Type}: STANDARD (the default) or EXPRESS
     */
    public record StateMachine(String logicalId, Path definitionFile, Map<String, Object> inlineDefinition,
                               Map<String, Object> substitutions, String type) {}

    private static final String STATE_MACHINE = "AWS::Serverless::StateMachine";

    private final Map<String, Object> root;
    private final Path directory;

    private SamTemplate(Map<String, Object> root, Path directory) {
        this.root = root;
        this.directory = directory;
    }

    public static SamTemplate read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object loaded = new Yaml(new CloudFormationConstructor()).load(reader);
            return new SamTemplate(asMap(loaded, "template root"), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Looks upward from {@code start} for template.yaml, so tests find it from any module directory. */
    public static Path locate(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("template.yaml not found above " + start.toAbsolutePath());
    }

    public List<Function> functions() {
        Map<String, Object> globalEnv = path(root, "Globals", "Function", "Environment", "Variables");
        List<Function> functions = new ArrayList<>();
        for (var entry : resources().entrySet()) {
            Map<String, Object> resource = asMap(entry.getValue(), entry.getKey());
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> props = asMap(resource.get("Properties"), entry.getKey() + ".Properties");
            String handler = String.valueOf(props.get("Handler"));
            Map<String, Object> env = new LinkedHashMap<>(globalEnv);
            env.putAll(path(props, "Environment", "Variables"));
            List<HttpRoute> routes = new ArrayList<>();
            List<S3Trigger> s3 = new ArrayList<>();
            List<StreamTrigger> streams = new ArrayList<>();
            Map<String, Object> events = props.containsKey("Events") ? asMap(props.get("Events"), "Events") : Map.of();
            for (var eventEntry : events.entrySet()) {
                Map<String, Object> event = asMap(eventEntry.getValue(), "event");
                if ("DynamoDB".equals(event.get("Type"))) {
                    streams.add(streamTrigger(entry.getKey() + "." + eventEntry.getKey(), eventEntry.getKey(),
                            asMap(event.get("Properties"), entry.getKey() + " DynamoDB event properties")));
                    continue;
                }
                if ("S3".equals(event.get("Type"))) {
                    Map<String, Object> sp = asMap(event.get("Properties"), "S3 event properties");
                    Object bucket = sp.get("Bucket");
                    String bucketId = bucket instanceof Map<?, ?> ref ? String.valueOf(ref.get("Ref")) : String.valueOf(bucket);
                    Object kinds = sp.get("Events");
                    List<String> names = kinds instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                            : List.of(String.valueOf(kinds));
                    s3.add(new S3Trigger(bucketId, names));
                    continue;
                }
                if (!"HttpApi".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> ep = asMap(event.get("Properties"), "event properties");
                Map<String, Object> auth = path(ep, "Auth");
                boolean authorized = !"NONE".equals(auth.get("Authorizer"));
                routes.add(new HttpRoute(String.valueOf(ep.get("Method")).toUpperCase(Locale.ROOT),
                        String.valueOf(ep.get("Path")), authorized));
            }
            functions.add(new Function(entry.getKey(), handler.split("::")[0], String.valueOf(props.get("CodeUri")),
                    env, routes, s3, streams));
        }
        return functions;
    }

    /** Every {@code AWS::Serverless::StateMachine}, in template order. */
    public List<StateMachine> stateMachines() {
        List<StateMachine> machines = new ArrayList<>();
        for (var entry : resources().entrySet()) {
            Map<String, Object> resource = asMap(entry.getValue(), entry.getKey());
            if (!STATE_MACHINE.equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> p = path(resource, "Properties");
            Object uri = p.get("DefinitionUri");
            Object inline = p.get("Definition");
            if ((uri == null) == (inline == null)) {
                throw new IllegalStateException(entry.getKey() + ": the local runtime needs exactly one of DefinitionUri "
                        + "(a file next to the template) and Definition");
            }
            if (uri != null && !(uri instanceof String)) {
                throw new IllegalStateException(entry.getKey() + ": DefinitionUri must be a path relative to the template, not " + uri);
            }
            machines.add(new StateMachine(entry.getKey(), uri == null ? null : directory.resolve((String) uri).normalize(),
                    inline == null ? null : asMap(inline, entry.getKey() + ".Definition"), path(p, "DefinitionSubstitutions"),
                    String.valueOf(p.getOrDefault("Type", "STANDARD"))));
        }
        return machines;
    }

    /** Whether the template declares a state machine, i.e. the Step Functions stand-in must run. */
    public boolean usesStepFunctions() {
        return !stateMachines().isEmpty();
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\{([^}]*)}");

    /**
     * The ASL a state machine deploys with: its definition (file or inline) with every {@code ${name}} replaced by its
     * {@code DefinitionSubstitutions} value, resolved as CloudFormation would ({@link #resolveLocally(Object,
     * java.util.function.Function)}, e.g. {@code !GetAtt MuxFunction.Arn} is the local function's ARN).
     *
     * @param queueUrls the URL of a queue by logical id, as in {@link #resolveLocally(Object, java.util.function.Function)}
     */
    public String definitionOf(StateMachine machine, java.util.function.Function<String, String> queueUrls) {
        String text;
        try {
            text = machine.definitionFile() != null ? Files.readString(machine.definitionFile())
                    : new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(machine.inlineDefinition());
        } catch (IOException e) {
            throw new UncheckedIOException(machine.logicalId() + ": cannot read its definition " + machine.definitionFile(), e);
        }
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            Object value = machine.substitutions().get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(machine.logicalId() + ": its definition uses ${" + m.group(1)
                        + "}, which its DefinitionSubstitutions do not define");
            }
            String replacement = resolveLocally(value, queueUrls);
            // Inside a JSON string (where placeholders stand): quotes and backslashes must stay escaped.
            String escaped = replacement.replace("\\", "\\\\").replace("\"", "\\\"");
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(escaped));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The ARN a state machine has here: {@code arn:aws:states:us-east-1:000000000000:stateMachine:<local name>}. */
    public String stateMachineArn(String logicalId) {
        return "arn:aws:states:" + region() + ":" + account() + ":stateMachine:" + localNameOf(logicalId);
    }

    /** The ARN of a template function here: {@code arn:aws:lambda:us-east-1:000000000000:function:<logical id>}. */
    public String functionArn(String logicalId) {
        return "arn:aws:lambda:" + region() + ":" + account() + ":function:" + logicalId;
    }

    private static String region() {
        return LOCAL_PSEUDO_PARAMETERS.get("AWS::Region");
    }

    private static String account() {
        return LOCAL_PSEUDO_PARAMETERS.get("AWS::AccountId");
    }

    /** Whether any function's environment declares {@code OPENSEARCH_ENDPOINT}, i.e. something needs OpenSearch. */
    public boolean usesOpenSearch() {
        return functions().stream().anyMatch(f -> f.environment().containsKey(StandInStack.OPENSEARCH_ENDPOINT));
    }

    private StreamTrigger streamTrigger(String where, String eventId, Map<String, Object> p) {
        String table = streamTable(where, p.get("Stream"));
        Object type = resources().get(table) instanceof Map<?, ?> r ? r.get("Type") : null;
        if (!"AWS::DynamoDB::Table".equals(type)) {
            throw new IllegalStateException(where + ": Stream names " + table + ", which is not a DynamoDB table here");
        }
        String start = String.valueOf(p.get("StartingPosition"));
        if (!start.equals("TRIM_HORIZON") && !start.equals("LATEST")) {
            throw new IllegalStateException(where + ": StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB stream, not "
                    + start);
        }
        int batchSize = intProperty(where, p, "BatchSize", 100, 1, 10_000);
        int window = intProperty(where, p, "MaximumBatchingWindowInSeconds", 0, 0, 300);
        int retries = intProperty(where, p, "MaximumRetryAttempts", -1, -1, 10_000);
        Object types = p.get("FunctionResponseTypes");
        boolean report = types instanceof List<?> l && l.contains("ReportBatchItemFailures");
        boolean bisect = Boolean.parseBoolean(String.valueOf(p.getOrDefault("BisectBatchOnFunctionError", "false")));
        boolean enabled = Boolean.parseBoolean(String.valueOf(p.getOrDefault("Enabled", "true")));
        Object onFailure = path(p, "DestinationConfig", "OnFailure").get("Destination");
        List<String> unsupported = p.keySet().stream().filter(k -> !SUPPORTED_STREAM_PROPERTIES.contains(k)).sorted().toList();
        return new StreamTrigger(eventId, table, start, batchSize, window, report, retries, bisect, enabled, onFailure,
                filterPatterns(where, p.get("FilterCriteria")), unsupported);
    }

    /** {@code FilterCriteria: {Filters: [{Pattern: '<JSON>'}, ...]}}, the patterns as written (at most 5, as in Lambda). */
    private static List<String> filterPatterns(String where, Object criteria) {
        if (criteria == null) {
            return List.of();
        }
        Object filters = criteria instanceof Map<?, ?> m ? m.get("Filters") : null;
        if (!(filters instanceof List<?> list) || list.isEmpty() || list.size() > 5) {
            throw new IllegalStateException(where + ": FilterCriteria must hold Filters, a list of 1 to 5 {Pattern: '<JSON>'}");
        }
        List<String> patterns = new ArrayList<>();
        for (Object f : list) {
            Object pattern = f instanceof Map<?, ?> m ? m.get("Pattern") : null;
            if (!(pattern instanceof String text) || text.isBlank()) {
                throw new IllegalStateException(where + ": each FilterCriteria filter needs Pattern, a JSON string, not " + f);
            }
            patterns.add(text);
        }
        return patterns;
    }

    /** {@code !GetAtt Table.StreamArn}, {@code Fn::GetAtt: [Table, StreamArn]} or {@code Fn::GetAtt: Table.StreamArn}. */
    private static String streamTable(String where, Object stream) {
        if (stream instanceof Map<?, ?> map && map.get("Fn::GetAtt") != null) {
            Object target = map.get("Fn::GetAtt");
            List<?> parts = target instanceof List<?> l ? l : List.of(String.valueOf(target).split("\\.", 2));
            if (parts.size() == 2 && "StreamArn".equals(parts.get(1))) {
                return String.valueOf(parts.get(0));
            }
        }
        throw new IllegalStateException(where + ": the local runtime reads a DynamoDB event's Stream as "
                + "!GetAtt <Table>.StreamArn of a table in this template, not " + stream);
    }

    private static int intProperty(String where, Map<String, Object> p, String name, int absent, int min, int max) {
        Object v = p.get(name);
        if (v == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(String.valueOf(v));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": " + name + " must be a whole number from " + min + " to " + max
                    + ", not " + v);
        }
    }

    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        for (var entry : resources().entrySet()) {
            Map<String, Object> resource = asMap(entry.getValue(), entry.getKey());
            if ("AWS::DynamoDB::Table".equals(resource.get("Type"))) {
                tables.add(new Table(entry.getKey(), asMap(resource.get("Properties"), entry.getKey())));
            }
        }
        return tables;
    }

    public List<Bucket> buckets() {
        List<Bucket> buckets = new ArrayList<>();
        for (var entry : resources().entrySet()) {
            Map<String, Object> resource = asMap(entry.getValue(), entry.getKey());
            if ("AWS::S3::Bucket".equals(resource.get("Type"))) {
                buckets.add(new Bucket(entry.getKey()));
            }
        }
        return buckets;
    }

    public List<Queue> queues() {
        List<Queue> queues = new ArrayList<>();
        for (var entry : resources().entrySet()) {
            Map<String, Object> resource = asMap(entry.getValue(), entry.getKey());
            if ("AWS::SQS::Queue".equals(resource.get("Type"))) {
                queues.add(new Queue(entry.getKey(), path(resource, "Properties")));
            }
        }
        return queues;
    }

    /** Whether the template declares an SQS queue, i.e. the SQS stand-in must run. */
    public boolean usesSqs() {
        return !queues().isEmpty();
    }

    /** Every {@code Type: SQS} event of every function, in template order. */
    public List<SqsTrigger> sqsTriggers() {
        List<SqsTrigger> triggers = new ArrayList<>();
        forEachEvent("SQS", (function, eventId, where, p) -> triggers.add(sqsTrigger(where, function, eventId, p)));
        return triggers;
    }

    /** What {@link #forEachEvent} hands over: the function, the event's id, "Function.Event", its properties. */
    @FunctionalInterface
    private interface EventVisitor {
        void visit(String functionLogicalId, String eventId, String where, Map<String, Object> properties);
    }

    /** Visits every event of the given {@code Type} of every function, in template order. */
    private void forEachEvent(String type, EventVisitor visitor) {
        for (var entry : resources().entrySet()) {
            Map<String, Object> resource = asMap(entry.getValue(), entry.getKey());
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> events = path(resource, "Properties", "Events");
            for (var eventEntry : events.entrySet()) {
                Map<String, Object> event = asMap(eventEntry.getValue(), "event");
                if (type.equals(event.get("Type"))) {
                    String where = entry.getKey() + "." + eventEntry.getKey();
                    visitor.visit(entry.getKey(), eventEntry.getKey(), where,
                            asMap(event.get("Properties"), where + " " + type + " event properties"));
                }
            }
        }
    }

    private SqsTrigger sqsTrigger(String where, String functionId, String eventId, Map<String, Object> p) {
        String queue = getAttTarget(p.get("Queue"), "Arn");
        if (queue == null) {
            throw new IllegalStateException(where + ": the local runtime reads an SQS event's Queue as "
                    + "!GetAtt <Queue>.Arn of a queue in this template, not " + p.get("Queue"));
        }
        Object type = resources().get(queue) instanceof Map<?, ?> r ? r.get("Type") : null;
        if (!"AWS::SQS::Queue".equals(type)) {
            throw new IllegalStateException(where + ": Queue names " + queue + ", which is not an SQS queue here");
        }
        boolean fifo = queues().stream().filter(q -> q.logicalId().equals(queue)).findFirst().orElseThrow().fifo();
        int batchSize = intProperty(where, p, "BatchSize", 10, 1, fifo ? 10 : 10_000);
        int window = intProperty(where, p, "MaximumBatchingWindowInSeconds", 0, 0, 300);
        if (fifo && p.containsKey("MaximumBatchingWindowInSeconds")) {
            throw new IllegalStateException(where + ": MaximumBatchingWindowInSeconds is not supported for FIFO queues");
        }
        if (batchSize > 10 && window < 1) {
            throw new IllegalStateException(where + ": a BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1");
        }
        Object types = p.get("FunctionResponseTypes");
        if (types != null && !(types instanceof List<?> l && l.stream().allMatch("ReportBatchItemFailures"::equals))) {
            throw new IllegalStateException(where + ": FunctionResponseTypes can only be [ReportBatchItemFailures], not " + types);
        }
        boolean report = types instanceof List<?> l && l.contains("ReportBatchItemFailures");
        boolean enabled = Boolean.parseBoolean(String.valueOf(p.getOrDefault("Enabled", "true")));
        List<String> unsupported = p.keySet().stream().filter(k -> !SUPPORTED_SQS_PROPERTIES.contains(k)).sorted().toList();
        return new SqsTrigger(functionId, eventId, queue, batchSize, window, report, enabled, unsupported);
    }

    /**
     * A {@code Type: Schedule} event (EventBridge rule) or {@code Type: ScheduleV2} event (EventBridge Scheduler) of a
     * function, as the local runtime fires it.
     *
     * @param every   the rate: {@code rate(N minute|minutes|hour|hours|day|days)}; cron expressions are refused
     * @param enabled {@code Enabled} (Schedule) or {@code State: ENABLED} (ScheduleV2), default true
     * @param input   a ScheduleV2's {@code Input} (JSON text, where {@code <aws.scheduler.scheduled-time>} stands for the
     *                time the invocation is for), or null: the function then gets an EventBridge scheduled event
     */
    public record ScheduleTrigger(String functionLogicalId, String eventId, String expression, java.time.Duration every,
                                  boolean enabled, String input) {}

    private static final java.util.regex.Pattern RATE =
            java.util.regex.Pattern.compile("rate\\((\\d{1,6}) (minute|minutes|hour|hours|day|days)\\)");

    /** Every {@code Type: Schedule} and {@code Type: ScheduleV2} event of every function, in template order. */
    public List<ScheduleTrigger> scheduleTriggers() {
        List<ScheduleTrigger> triggers = new ArrayList<>();
        forEachEvent("Schedule", (function, eventId, where, p) -> {
            boolean enabled = Boolean.parseBoolean(String.valueOf(p.getOrDefault("Enabled", "true")));
            String expression = String.valueOf(p.get("Schedule"));
            triggers.add(new ScheduleTrigger(function, eventId, expression, rate(where, expression), enabled, null));
        });
        forEachEvent("ScheduleV2", (function, eventId, where, p) -> {
            boolean enabled = !"DISABLED".equals(String.valueOf(p.getOrDefault("State", "ENABLED")));
            String expression = String.valueOf(p.get("ScheduleExpression"));
            Object timezone = p.get("ScheduleExpressionTimezone");
            if (timezone != null && !"UTC".equals(timezone) && !"Etc/UTC".equals(timezone)) {
                throw new IllegalStateException(where + ": the local runtime fires ScheduleV2 rates in UTC, not " + timezone);
            }
            Object input = p.get("Input");
            triggers.add(new ScheduleTrigger(function, eventId, expression, rate(where, expression), enabled,
                    input == null ? "{}" : String.valueOf(input)));
        });
        return triggers;
    }

    private static java.time.Duration rate(String where, String expression) {
        var m = RATE.matcher(expression);
        if (!m.matches()) {
            throw new IllegalStateException(where + ": the local runtime fires rate(N unit) schedules, not " + expression);
        }
        long n = Long.parseLong(m.group(1));
        if (n < 1 || m.group(2).endsWith("s") != (n > 1)) {
            throw new IllegalStateException(where + ": " + expression + " is not a valid rate (EventBridge wants "
                    + "a positive value, singular unit for 1, plural otherwise)");
        }
        return switch (m.group(2).replaceAll("s$", "")) {
            case "minute" -> java.time.Duration.ofMinutes(n);
            case "hour" -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofDays(n);
        };
    }

    /** The resource of {@code !GetAtt X.attribute} or {@code Fn::GetAtt: [X, attribute]}; null for anything else. */
    private static String getAttTarget(Object value, String attribute) {
        if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") != null) {
            Object target = map.get("Fn::GetAtt");
            List<?> parts = target instanceof List<?> l ? l : List.of(String.valueOf(target).split("\\.", 2));
            if (parts.size() == 2 && attribute.equals(parts.get(1))) {
                return String.valueOf(parts.get(0));
            }
        }
        return null;
    }

    public Optional<String> resourceType(String logicalId) {
        Object resource = resources().get(logicalId);
        return resource == null ? Optional.empty() : Optional.of(String.valueOf(asMap(resource, logicalId).get("Type")));
    }

    /** Pseudo-parameters as the local runtime sees them: one stack, one account, one region. */
    static final Map<String, String> LOCAL_PSEUDO_PARAMETERS = Map.of(
            "AWS::StackName", "callvault", "AWS::AccountId", "000000000000", "AWS::Region", "us-east-1",
            "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");

    /**
     * The name a resource has on the local stand-ins: a bucket's explicit {@code BucketName} resolved with
     * the local pseudo-parameters, else its logical id in kebab case (S3 naming rules); tables keep their
     * logical id.
     */
    public String localNameOf(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null) {
            throw new IllegalStateException("no resource " + logicalId + " in template.yaml");
        }
        Map<String, Object> r = asMap(resource, logicalId);
        if ("AWS::S3::Bucket".equals(r.get("Type"))) {
            Object name = path(r, "Properties").get("BucketName");
            if (name != null) {
                return resolveLocally(name);
            }
            return "callvault-" + logicalId.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
        if ("AWS::SQS::Queue".equals(r.get("Type"))) {
            Map<String, Object> p = path(r, "Properties");
            if (p.get("QueueName") != null) {
                return resolveLocally(p.get("QueueName"));
            }
            // CloudFormation names a FIFO queue it names itself with the .fifo suffix SQS requires.
            return new Queue(logicalId, p).fifo() ? logicalId + ".fifo" : logicalId;
        }
        if (STATE_MACHINE.equals(r.get("Type")) && path(r, "Properties").get("Name") != null) {
            return resolveLocally(path(r, "Properties").get("Name"));
        }
        return logicalId;
    }

    /**
     * Resolves a value the way CloudFormation would, for the intrinsics the template uses in names and
     * environment variables: plain values, {@code !Ref} to a resource or pseudo-parameter, and {@code !Sub}.
     */
    public String resolveLocally(Object value) {
        return resolveLocally(value, queue -> {
            throw new IllegalStateException("the URL of queue " + queue + " is known only to the running SQS stand-in");
        });
    }

    /**
     * {@link #resolveLocally(Object)}, with queues too: {@code !Ref Queue} (and {@code ${Queue}} in {@code !Sub}) is
     * the queue's URL, which only the running stand-in knows ({@code queueUrls}: logical id to URL);
     * {@code !GetAtt Queue.Arn}, {@code Queue.QueueName} and {@code Queue.QueueUrl} resolve as in CloudFormation.
     * A function's {@code !GetAtt F.Arn} is {@code arn:aws:lambda:us-east-1:000000000000:function:F} (its logical id is
     * its local name); a state machine's {@code !Ref} and {@code !GetAtt .Arn} are its ARN ({@link #stateMachineArn}).
     */
    public String resolveLocally(Object value, java.util.function.Function<String, String> queueUrls) {
        if (value instanceof Map<?, ?> map && map.containsKey("Ref")) {
            return ref(String.valueOf(map.get("Ref")), queueUrls);
        }
        if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") != null) {
            Object target = map.get("Fn::GetAtt");
            List<?> parts = target instanceof List<?> l ? l : List.of(String.valueOf(target).split("\\.", 2));
            if (parts.size() == 2) {
                return attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), queueUrls);
            }
        }
        if (value instanceof Map<?, ?> map && map.get("Fn::Sub") instanceof String text) {
            StringBuilder out = new StringBuilder();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(text);
            while (m.find()) {
                String name = m.group(1);
                String[] attribute = name.split("\\.", 2);
                String replacement = LOCAL_PSEUDO_PARAMETERS.containsKey(name) ? LOCAL_PSEUDO_PARAMETERS.get(name)
                        : attribute.length == 2 ? attribute(attribute[0], attribute[1], queueUrls)
                        : ref(name, queueUrls);
                m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new IllegalStateException("value not resolvable locally: " + value);
    }

    /** {@code !Ref}: a pseudo-parameter, a queue's URL, a state machine's ARN, else the resource's local name. */
    private String ref(String target, java.util.function.Function<String, String> queueUrls) {
        if (LOCAL_PSEUDO_PARAMETERS.containsKey(target)) {
            return LOCAL_PSEUDO_PARAMETERS.get(target);
        }
        if (isQueue(target)) {
            return queueUrls.apply(target);
        }
        return STATE_MACHINE.equals(resourceType(target).orElse(null)) ? stateMachineArn(target) : localNameOf(target);
    }

    /** {@code !GetAtt resource.attribute} for queues, functions ({@code Arn}) and state machines ({@code Arn}, {@code Name}). */
    private String attribute(String resource, String attribute, java.util.function.Function<String, String> queueUrls) {
        if (isQueue(resource)) {
            return queueAttribute(resource, attribute, queueUrls);
        }
        String type = resourceType(resource).orElseThrow(() -> new IllegalStateException("no resource " + resource
                + " in template.yaml"));
        return switch (type + "." + attribute) {
            case "AWS::Serverless::Function.Arn" -> functionArn(resource);
            case STATE_MACHINE + ".Arn" -> stateMachineArn(resource);
            case STATE_MACHINE + ".Name" -> localNameOf(resource);
            default -> throw new IllegalStateException("value not resolvable locally: !GetAtt " + resource + "." + attribute);
        };
    }

    private boolean isQueue(String logicalId) {
        return resources().get(logicalId) instanceof Map<?, ?> r && "AWS::SQS::Queue".equals(r.get("Type"));
    }

    private String queueAttribute(String queue, String attribute, java.util.function.Function<String, String> queueUrls) {
        return switch (attribute) {
            case "Arn" -> "arn:aws:sqs:" + region() + ":" + account() + ":" + localNameOf(queue);
            case "QueueName" -> localNameOf(queue);
            case "QueueUrl" -> queueUrls.apply(queue);
            default -> throw new IllegalStateException("no attribute " + attribute + " of the queue " + queue);
        };
    }

    private Map<String, Object> resources() {
        return asMap(root.get("Resources"), "Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException(what + " is not a mapping in template.yaml");
    }

    private static Map<String, Object> path(Map<String, Object> from, String... keys) {
        Object current = from;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Map.of();
            }
            current = map.get(key);
        }
        return asMap(current, String.join(".", keys));
    }

    /**
     * Where a function's layers are locally: for each {@code Layers} entry ({@code !Ref} of an
     * {@code AWS::Serverless::LayerVersion} whose {@code ContentUri} is a zip), the directory {@code layer/} next to
     * that zip, which the layer's build unpacks (layers/ffmpeg). In AWS a layer's content is mounted at {@code /opt}.
     */
    public List<Path> layerDirectoriesOf(String functionLogicalId) {
        Map<String, Object> props = asMap(asMap(resources().get(functionLogicalId), functionLogicalId).get("Properties"),
                functionLogicalId + ".Properties");
        List<Path> dirs = new ArrayList<>();
        if (props.get("Layers") instanceof List<?> layers) {
            for (Object layer : layers) {
                if (layer instanceof Map<?, ?> ref && ref.get("Ref") != null
                        && resources().get(String.valueOf(ref.get("Ref"))) instanceof Map<?, ?> resource
                        && "AWS::Serverless::LayerVersion".equals(resource.get("Type"))
                        && resource.get("Properties") instanceof Map<?, ?> layerProps
                        && layerProps.get("ContentUri") instanceof String uri) {
                    dirs.add(directory.resolve(uri).normalize().getParent().resolve("layer"));
                }
            }
        }
        return dirs;
    }

    /** Reads CloudFormation short forms (!Ref, !GetAtt, !Sub, ...) as their long-form maps. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String name = "Ref".equals(tag) ? "Ref" : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = "GetAtt".equals(tag) ? List.of(scalar.getValue().split("\\.", 2)) : scalar.getValue();
                    } else if (node instanceof SequenceNode seq) {
                        value = constructSequence(seq);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(name, value);
                }
            });
        }
    }
}
