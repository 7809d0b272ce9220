package io.callvault.bench;

import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.standins.DynamoDbLocal;
import io.callvault.standins.S3Local;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The floor under the intake figure: the same items written straight to DynamoDB Local with one plain
 * PutItem each, no HTTP API, no token, no reads, no transaction. A "recording" here is its items put one
 * after another by one thread, so its latency compares with one ingest post.
 *
 * <p>It runs on a fresh DynamoDB Local with the same table definition (keys, index, stream), because
 * DynamoDB Local slows down as its stream grows: writing into the instance the API run already filled
 * would measure the fill level, not PutItem.
 */
final class RawPutItemBenchmark {
    private RawPutItemBenchmark() {}

    /** Writes the warm-up recordings' items, then times the measured recordings' items. */
    static LoadResult run(TableDescription table, List<List<Map<String, AttributeValue>>> warmUp,
                          List<List<Map<String, AttributeValue>>> measured, int threads) {
        try (DynamoDbLocal dynamoLocal = DynamoDbLocal.inMemory();
             DynamoDbClient dynamo = AwsClients.dynamoDb(handlerEnvironment(dynamoLocal))) {
            create(dynamo, table);
            String name = table.tableName();
            ConcurrentLoad.run(warmUp.size(), threads, i -> putAll(dynamo, name, warmUp.get(i)));
            return ConcurrentLoad.run(measured.size(), threads, i -> putAll(dynamo, name, measured.get(i)));
        }
    }

    /** The client the handlers build (URLConnection HTTP client, static credentials), pointed at this instance. */
    private static FunctionEnvironment handlerEnvironment(DynamoDbLocal dynamoLocal) {
        return new FunctionEnvironment(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", S3Local.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3Local.SECRET_KEY,
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoLocal.endpoint().toString()));
    }

    private static void putAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
        for (Map<String, AttributeValue> item : items) {
            dynamo.putItem(b -> b.tableName(table).item(item));
        }
    }

    private static void create(DynamoDbClient dynamo, TableDescription source) {
        CreateTableRequest.Builder copy = CreateTableRequest.builder()
                .tableName(source.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(source.attributeDefinitions())
                .keySchema(source.keySchema());
        if (source.hasGlobalSecondaryIndexes()) {
            copy.globalSecondaryIndexes(source.globalSecondaryIndexes().stream()
                    .map(g -> GlobalSecondaryIndex.builder()
                            .indexName(g.indexName())
                            .keySchema(g.keySchema())
                            .projection(Projection.builder()
                                    .projectionType(g.projection().projectionType())
                                    .nonKeyAttributes(g.projection().hasNonKeyAttributes()
                                            ? g.projection().nonKeyAttributes() : null)
                                    .build())
                            .build())
                    .toList());
        }
        if (source.streamSpecification() != null && Boolean.TRUE.equals(source.streamSpecification().streamEnabled())) {
            copy.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(source.streamSpecification().streamViewType()).build());
        }
        dynamo.createTable(copy.build());
    }
}
