package io.callvault.standins;

import java.util.ArrayList;
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

/** Creates the template's tables and buckets on the stand-ins; safe to run against existing data. */
public final class LocalResources {
    private LocalResources() {}

    public static void create(SamTemplate template, DynamoDbClient dynamo, S3Client s3) {
        for (SamTemplate.Table table : template.tables()) {
            try {
                dynamo.createTable(toRequest(table));
            } catch (ResourceInUseException alreadyThere) {
                // Persistent data dir: the table survives restarts.
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
}
