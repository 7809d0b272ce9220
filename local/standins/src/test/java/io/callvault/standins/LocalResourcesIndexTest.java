package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A table persisted by an older template gets the indexes the template added since, with its items in them. */
class LocalResourcesIndexTest {
    @TempDir
    Path dir;

    /** The control table, with the schedule index or without it. */
    SamTemplate template(boolean withIndex) throws Exception {
        Path file = dir.resolve("template-" + withIndex + ".yaml");
        List<String> lines = new java.util.ArrayList<>(List.of(
                "AWSTemplateFormatVersion: '2010-09-09'",
                "Resources:",
                "  ControlTable:",
                "    Type: AWS::DynamoDB::Table",
                "    Properties:",
                "      BillingMode: PAY_PER_REQUEST",
                "      AttributeDefinitions:",
                "        - {AttributeName: PK, AttributeType: S}",
                "        - {AttributeName: SK, AttributeType: S}"));
        if (withIndex) {
            lines.addAll(List.of(
                    "        - {AttributeName: SCHED_PK, AttributeType: S}",
                    "        - {AttributeName: SCHED_SK, AttributeType: S}"));
        }
        lines.addAll(List.of(
                "      KeySchema:",
                "        - {AttributeName: PK, KeyType: HASH}",
                "        - {AttributeName: SK, KeyType: RANGE}"));
        if (withIndex) {
            lines.addAll(List.of(
                    "      GlobalSecondaryIndexes:",
                    "        - IndexName: ScheduleIndex",
                    "          KeySchema:",
                    "            - {AttributeName: SCHED_PK, KeyType: HASH}",
                    "            - {AttributeName: SCHED_SK, KeyType: RANGE}",
                    "          Projection: {ProjectionType: ALL}"));
        }
        Files.write(file, lines);
        return SamTemplate.read(file);
    }

    @Test
    void anIndexAddedToTheTemplateIsAddedToTheExistingTable() throws Exception {
        try (DynamoDbLocal server = DynamoDbLocal.inMemory();
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                     .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build()) {
            LocalResources.create(template(false), dynamo, null);
            dynamo.putItem(b -> b.tableName("ControlTable").item(Map.of("PK", AttributeValue.fromS("a"),
                    "SK", AttributeValue.fromS("b"), "SCHED_PK", AttributeValue.fromS("LIFECYCLE#/#02:00"),
                    "SCHED_SK", AttributeValue.fromS("cc#rule"))));
            assertThat(dynamo.describeTable(b -> b.tableName("ControlTable")).table().globalSecondaryIndexes()).isEmpty();

LocalResources.create(template(true), dynamo, null);
            LocalResources.create(template(true), dynamo, null); // again: nothing to add, no error

            assertThat(dynamo.describeTable(b -> b.tableName("ControlTable")).table().globalSecondaryIndexes())
                    .singleElement().satisfies(i -> assertThat(i.indexName()).isEqualTo("ScheduleIndex"));
            assertThat(dynamo.query(b -> b.tableName("ControlTable").indexName("ScheduleIndex")
                    .keyConditionExpression("SCHED_PK = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("LIFECYCLE#/#02:00")))).items()).hasSize(1);
        }
    }
}
