package io.callvault.standins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/** Creates the template's tables, buckets and queues on the stand-ins; safe to run against existing data. */
public final class LocalResources {
    /** Queue properties ElasticMQ applies. */
    static final List<String> APPLIED_QUEUE_PROPERTIES = List.of("QueueName", "DelaySeconds", "VisibilityTimeout",
            "ReceiveMessageWaitTimeSeconds", "RedrivePolicy", "FifoQueue", "ContentBasedDeduplication", "Tags");
    /** Of those, what SetQueueAttributes can change on a queue that already exists (a restart after a template edit). */
    private static final List<String> UPDATABLE_QUEUE_ATTRIBUTES = List.of("DelaySeconds", "VisibilityTimeout",
            "ReceiveMessageWaitTimeSeconds", "RedrivePolicy");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalResources() {}

    public static void create(SamTemplate template, DynamoDbClient dynamo, S3Client s3) {
        for (SamTemplate.Table table : template.tables()) {
            CreateTableRequest request = toRequest(table);
            try {
                dynamo.createTable(request);
            } catch (ResourceInUseException alreadyThere) {
                // Persistent data dir: the table survives restarts. An index the template added since is added to it.
                addMissingIndexes(dynamo, request);
            }
        }
        for (SamTemplate.Bucket bucket : template.buckets()) {
            String name = template.localNameOf(bucket.logicalId());
            try {
                s3.createBucket(b -> b.bucket(name));
            } catch (BucketAlreadyOwnedByYouException alreadyThere) {
                // Same as above.
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /** The template's global secondary indexes that a table made by an older template lacks, added (and backfilled). */
    static void addMissingIndexes(DynamoDbClient dynamo, CreateTableRequest wanted) {
        if (!wanted.hasGlobalSecondaryIndexes()) {
            return;
        }
        var existing = dynamo.describeTable(b -> b.tableName(wanted.tableName())).table();
        java.util.Set<String> present = new java.util.HashSet<>();
        if (existing.hasGlobalSecondaryIndexes()) {
            existing.globalSecondaryIndexes().forEach(i -> present.add(i.indexName()));
        }
        for (GlobalSecondaryIndex index : wanted.globalSecondaryIndexes()) {
            if (present.contains(index.indexName())) {
                continue;
            }
            dynamo.updateTable(b -> b.tableName(wanted.tableName()).attributeDefinitions(wanted.attributeDefinitions())
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
                            .keySchema(index.keySchema()).projection(index.projection()))));
            System.err.println("{\"component\":\"local-resources\",\"action\":\"index-added\",\"table\":\""
                    + wanted.tableName() + "\",\"index\":\"" + index.indexName() + "\"}");
        }
    }

    @SuppressWarnings("unchecked")
    static CreateTableRequest toRequest(SamTemplate.Table table) {
        Map<String, Object> p = table.properties();
        var builder = CreateTableRequest.builder()
                .tableName(table.logicalId())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(((List<Map<String, Object>>) p.get("AttributeDefinitions")).stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType")).build())
                        .toList())
                .keySchema(keySchema((List<Map<String, Object>>) p.get("KeySchema")));
        if (p.get("GlobalSecondaryIndexes") instanceof List<?> gsis) {
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (Object g : gsis) {
                Map<String, Object> gsi = (Map<String, Object>) g;
                Map<String, Object> projection = (Map<String, Object>) gsi.get("Projection");
                indexes.add(GlobalSecondaryIndex.builder()
                        .indexName((String) gsi.get("IndexName"))
                        .keySchema(keySchema((List<Map<String, Object>>) gsi.get("KeySchema")))
                        .projection(Projection.builder()
                                .projectionType((String) projection.get("ProjectionType"))
                                .nonKeyAttributes((List<String>) projection.get("NonKeyAttributes"))
                                .build())
                        .build());
            }
            builder.globalSecondaryIndexes(indexes);
        }
        if (p.get("StreamSpecification") instanceof Map<?, ?> stream) {
            builder.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType((String) stream.get("StreamViewType")).build());
        }
        return builder.build();
    }

    private static List<KeySchemaElement> keySchema(List<Map<String, Object>> elements) {
        return elements.stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType")).build())
                .toList();
    }

    /**
     * Creates the template's queues, dead-letter queues before the queues that redrive to them, with the attributes
     * ElasticMQ applies; a queue that exists (persisted) gets the template's attributes again. Properties it does not
     * apply ({@code MessageRetentionPeriod}, {@code MaximumMessageSize}, encryption, {@code RedriveAllowPolicy}, FIFO
     * throughput settings) are named in one JSON line on standard error.
     *
     * @return each queue's URL by logical id
     */
    public static Map<String, String> createQueues(SamTemplate template, SqsClient sqs) {
        List<SamTemplate.Queue> pending = new ArrayList<>(template.queues());
        Map<String, String> urls = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            SamTemplate.Queue next = pending.stream()
                    .filter(q -> deadLetterQueue(q).map(urls::containsKey).orElse(true)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the redrive policies of these queues form a cycle or name "
                            + "a queue this template does not declare: " + pending.stream().map(SamTemplate.Queue::logicalId).toList()));
            pending.remove(next);
            urls.put(next.logicalId(), createQueue(template, sqs, next, urls));
        }
        return urls;
    }

    private static String createQueue(SamTemplate template, SqsClient sqs, SamTemplate.Queue queue, Map<String, String> urls) {
        String name = template.localNameOf(queue.logicalId());
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        List<String> notApplied = new ArrayList<>();
        queue.properties().forEach((property, value) -> {
            switch (property) {
                case "QueueName" -> { }
                case "RedrivePolicy" -> attributes.put(property, redrivePolicy(template, value, urls));
                case "Tags" -> {
                    for (Object tag : value instanceof List<?> l ? l : List.of()) {
                        if (tag instanceof Map<?, ?> t) {
                            tags.put(String.valueOf(t.get("Key")), template.resolveLocally(t.get("Value"), urls::get));
                        }
                    }
                }
                case "FifoQueue", "ContentBasedDeduplication", "DelaySeconds", "VisibilityTimeout",
                        "ReceiveMessageWaitTimeSeconds" -> attributes.put(property, template.resolveLocally(value, urls::get));
                default -> notApplied.add(property);
            }
        });
        if (!notApplied.isEmpty()) {
            ObjectNode line = JSON.createObjectNode().put("time", Instant.now().toString()).put("component", "sqs-stand-in")
                    .put("action", "queue-properties-not-applied").put("queue", queue.logicalId());
            notApplied.forEach(line.putArray("properties")::add);
            System.err.println(line);
        }
        try {
            return sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes).tags(tags)).queueUrl();
        } catch (QueueNameExistsException persistedWithOtherAttributes) {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            Map<String, String> updatable = new LinkedHashMap<>(attributes);
            updatable.keySet().retainAll(UPDATABLE_QUEUE_ATTRIBUTES);
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(updatable));
            return url;
        }
    }

    /** SQS's JSON form of a template's {@code RedrivePolicy} (a map, or already JSON). */
    private static String redrivePolicy(SamTemplate template, Object value, Map<String, String> urls) {
        if (!(value instanceof Map<?, ?> policy)) {
            return template.resolveLocally(value, urls::get);
        }
        ObjectNode json = JSON.createObjectNode();
        policy.forEach((k, v) -> {
            if (v instanceof Number n) {
                json.put(String.valueOf(k), n.longValue());
            } else {
                json.put(String.valueOf(k), template.resolveLocally(v, urls::get));
            }
        });
        return json.toString();
    }

    /** The template queue a queue's redrive policy names with {@code !GetAtt Queue.Arn}, if any. */
    private static java.util.Optional<String> deadLetterQueue(SamTemplate.Queue queue) {
        if (queue.properties().get("RedrivePolicy") instanceof Map<?, ?> policy
                && policy.get("deadLetterTargetArn") instanceof Map<?, ?> arn && arn.get("Fn::GetAtt") != null) {
            Object target = arn.get("Fn::GetAtt");
            return java.util.Optional.of(String.valueOf(target instanceof List<?> l ? l.get(0) : String.valueOf(target).split("\\.")[0]));
        }
        return java.util.Optional.empty();
    }
}
