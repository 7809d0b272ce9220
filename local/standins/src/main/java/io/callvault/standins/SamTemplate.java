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
 * The parts of {@code template.yaml} the local runtime needs: functions with their HTTP routes and
 * environment, DynamoDB tables and S3 buckets. One source of truth for what deploys and what runs here.
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

    public record Function(String logicalId, String handlerClass, String codeUri,
                           Map<String, Object> environment, List<HttpRoute> routes, List<S3Trigger> s3Triggers) {}

    public record Table(String logicalId, Map<String, Object> properties) {}

    public record Bucket(String logicalId) {}

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object loaded = new Yaml(new CloudFormationConstructor()).load(reader);
            return new SamTemplate(asMap(loaded, "template root"));
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
            Map<String, Object> events = props.containsKey("Events") ? asMap(props.get("Events"), "Events") : Map.of();
            for (Object e : events.values()) {
                Map<String, Object> event = asMap(e, "event");
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
                    env, routes, s3));
        }
        return functions;
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
        return logicalId;
    }

    /**
     * Resolves a value the way CloudFormation would, for the intrinsics the template uses in names and
     * environment variables: plain values, {@code !Ref} to a resource or pseudo-parameter, and {@code !Sub}.
     */
    public String resolveLocally(Object value) {
        if (value instanceof Map<?, ?> map && map.containsKey("Ref")) {
            String target = String.valueOf(map.get("Ref"));
            if (LOCAL_PSEUDO_PARAMETERS.containsKey(target)) {
                return LOCAL_PSEUDO_PARAMETERS.get(target);
            }
            return localNameOf(target);
        }
        if (value instanceof Map<?, ?> map && map.get("Fn::Sub") instanceof String text) {
            StringBuilder out = new StringBuilder();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(text);
            while (m.find()) {
                String name = m.group(1);
                String replacement = LOCAL_PSEUDO_PARAMETERS.containsKey(name) ? LOCAL_PSEUDO_PARAMETERS.get(name)
                        : localNameOf(name);
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
