package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Type: DynamoDB} events read as Lambda's event source mappings, with AWS's defaults. */
class SamTemplateStreamTest {
    @TempDir
    Path dir;

    static SamTemplate searchTemplate() {
        try {
            return SamTemplate.read(Path.of(SamTemplateStreamTest.class.getResource("/search-template.yaml").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEveryPropertyTheLocalRuntimeApplies() {
        SamTemplate.Function indexer = function(searchTemplate(), "Indexer");
        SamTemplate.StreamTrigger changes = indexer.streamTriggers().get(0);

        assertThat(changes).isEqualTo(new SamTemplate.StreamTrigger("Changes", "RecordsTable", "TRIM_HORIZON", 25, 2,
                true, 5, true, true, Map.of("Fn::GetAtt", List.of("IndexFailures", "Arn")),
                List.of("{\"dynamodb\":{\"Keys\":{\"SK\":{\"S\":[\"JOB\"]}}}}", "{\"eventName\":[\"REMOVE\"]}"),
                List.of("ParallelizationFactor")));
    }

    @Test
    void fillsInAwsDefaultsAndReadsTheLongFormOfGetAtt() {
        SamTemplate.StreamTrigger defaults = function(searchTemplate(), "Indexer").streamTriggers().get(1);

        assertThat(defaults).isEqualTo(new SamTemplate.StreamTrigger("Defaults", "RecordsTable", "LATEST", 100, 0,
                false, -1, false, true, null, List.of(), List.of()));
        assertThat(function(searchTemplate(), "Api").streamTriggers()).isEmpty();
    }

    @Test
    void aFunctionDeclaringOpenSearchEndpointMeansTheTemplateUsesOpenSearch() throws IOException {
        assertThat(searchTemplate().usesOpenSearch()).isTrue();
        Path file = dir.resolve("plain.yaml");
        Files.writeString(file, """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y::handleRequest
                      Environment: {Variables: {TABLE: t}}
                """);
        assertThat(SamTemplate.read(file).usesOpenSearch()).isFalse();
    }

    @Test
    void refusesWhatItCannotRunLocally() throws IOException {
        assertThatThrownBy(() -> withStream("Stream: arn:aws:dynamodb:us-east-1:1:table/T/stream/x", "StartingPosition: LATEST"))
                .hasMessageContaining("!GetAtt <Table>.StreamArn");
        assertThatThrownBy(() -> withStream("Stream: !GetAtt Queue.StreamArn", "StartingPosition: LATEST"))
                .hasMessageContaining("not a DynamoDB table");
        assertThatThrownBy(() -> withStream("Stream: !GetAtt Table.StreamArn", "StartingPosition: AT_TIMESTAMP"))
                .hasMessageContaining("TRIM_HORIZON or LATEST");
        assertThatThrownBy(() -> withStream("Stream: !GetAtt Table.StreamArn", "StartingPosition: LATEST", "BatchSize: 0"))
                .hasMessageContaining("BatchSize must be a whole number from 1 to 10000");
        assertThatThrownBy(() -> withStream("Stream: !GetAtt Table.StreamArn", "StartingPosition: LATEST",
                "FilterCriteria: {Filters: []}")).hasMessageContaining("FilterCriteria must hold Filters");
        assertThatThrownBy(() -> withStream("Stream: !GetAtt Table.StreamArn", "StartingPosition: LATEST",
                "FilterCriteria: {Filters: [{Pattern: {eventName: [INSERT]}}]}")).hasMessageContaining("Pattern, a JSON string");
    }

    private void withStream(String... properties) throws IOException {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y::handleRequest
                      Events:
                        E:
                          Type: DynamoDB
                          Properties:
                            %s
                  Table:
                    Type: AWS::DynamoDB::Table
                  Queue:
                    Type: AWS::SQS::Queue
                """.formatted(String.join("\n            ", properties)));
        SamTemplate.read(file).functions();
    }

    static SamTemplate.Function function(SamTemplate template, String id) {
        return template.functions().stream().filter(f -> f.logicalId().equals(id)).findFirst().orElseThrow();
    }
}
