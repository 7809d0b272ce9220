package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.standins.SamTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The stream event sources keep their place across a restart of the local runtime on the same data dir. */
class StreamCheckpointRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void aRestartedRuntimeNeitherReplaysDoneRecordsNorLosesUndoneOnes() throws Exception {
        SamTemplate template = SamTemplate.read(Path.of(getClass().getResource("/stream-trigger-template.yaml").toURI()));
        RecordingStreamHandler.reset();
        try (LocalRuntime first = LocalRuntime.start(template, dataDir, 0, Clock.systemUTC())) {
            RecordingStreamHandler.FAIL_KEYS.add("c3");
            for (String key : List.of("c1", "c2", "c3", "c4")) {
                put(first, "ItemsTable", key);
            }
            first.deliverStreamRecords();
            // c1 and c2 are done; c3 keeps failing and c4 waits behind it; c5 comes after.
            put(first, "ItemsTable", "c5");
            // The LATEST mapping started with the first run: what is written now is delivered once, in this run or the next.
            put(first, "LateTable", "late-1");
        }
        List<RecordingStreamHandler.Invocation> firstRun = RecordingStreamHandler.of("Indexer");
        assertThat(firstRun.get(0).keys()).containsExactly("c1", "c2", "c3");
        assertThat(firstRun.subList(1, firstRun.size())).isNotEmpty().allSatisfy(i -> assertThat(i.keys().get(0)).isEqualTo("c3"));
        List<RecordingStreamHandler.Invocation> lateInFirstRun = new ArrayList<>(RecordingStreamHandler.RETURNED);

        RecordingStreamHandler.reset();
        try (LocalRuntime second = LocalRuntime.start(template, dataDir, 0, Clock.systemUTC())) {
            second.deliverStreamRecords();

            assertThat(returnedKeys(RecordingStreamHandler.RETURNED, "Indexer")).containsExactly("c3", "c4", "c5");
            List<String> late = new ArrayList<>(returnedKeys(lateInFirstRun, "Latecomer"));
            late.addAll(returnedKeys(RecordingStreamHandler.RETURNED, "Latecomer"));
            assertThat(late).containsExactly("late-1");
        }
        assertThat(dataDir.resolve("streams/Indexer.Changes.json")).isRegularFile();
        assertThat(dataDir.resolve("streams/Latecomer.Changes.json")).isRegularFile();
    }

    private static List<String> returnedKeys(List<RecordingStreamHandler.Invocation> invocations, String function) {
        return invocations.stream().filter(i -> i.function().equals(function)).flatMap(i -> i.keys().stream()).toList();
    }

    private static void put(LocalRuntime runtime, String table, String key) {
        runtime.dynamo().putItem(b -> b.tableName(table).item(Map.of("PK", AttributeValue.fromS(key))));
    }
}
