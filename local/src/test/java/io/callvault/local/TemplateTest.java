package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.standins.SamTemplate;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** template.yaml is what deploys and what the local runtime reads, so both readings are checked here. */
class TemplateTest {
    static final Path TEMPLATE = SamTemplate.locate(Path.of(""));

    @Test
    void cfnLintFindsNothing() throws Exception {
        String lint = onPath("cfn-lint");
        if (lint == null) {
            System.out.println("cfn-lint is not installed (it comes from PyPI, which these machines cannot reach); "
                    + "template.yaml was not linted. Install it with 'pip install cfn-lint' to lint here.");
        }
        Assumptions.assumeTrue(lint != null, "cfn-lint is not on PATH");
        Process p = new ProcessBuilder(lint, TEMPLATE.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("cfn-lint output:%n%s", out).isZero();
    }

    @Test
    void everyFunctionIsJava21WithAHandlerTheLocalRuntimeCanBuild() throws Exception {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        assertThat(Files.readString(TEMPLATE)).contains("Runtime: java21").doesNotContain("java17");
        assertThat(template.functions()).isNotEmpty();
        for (SamTemplate.Function f : template.functions()) {
            Class<?> handler = Class.forName(f.handlerClass());
            assertThat(handler.getConstructor()).as(f.logicalId() + " has a no-arg constructor for Lambda").isNotNull();
            assertThat(handler.getConstructor(FunctionEnvironment.class)).isNotNull();
            assertThat(f.environment()).containsKeys("RECORDINGS_TABLE", "CONTROL_TABLE", "AUDIT_TABLE");
            assertThat(f.codeUri()).isIn("functions/api/target/callvault-api.zip", "functions/search/target/callvault-search.zip",
                    "functions/mux/target/callvault-mux.zip", "functions/lifecycle/target/callvault-lifecycle.zip");
        }
    }

    @Test
    void theIssuesRoutesAreAllThere() {
        var routes = SamTemplate.read(TEMPLATE).functions().stream().flatMap(f -> f.routes().stream())
                .map(SamTemplate.HttpRoute::routeKey).toList();
        assertThat(routes).contains(
                "POST /internal-api/contact-centers/{ccid}/recordings",
                "GET /api/v2/recordings/{id}",
                "DELETE /api/v2/recordings/{id}",
                "POST /api/v2/ops/contact-centers",
                "GET /api/v2/ops/contact-centers",
                "GET /api/v2/diagnostics/version",
                "POST /internal-api/contact-centers/{ccid}/media-uploads",
                "POST /internal-api/contact-centers/{ccid}/screen-recordings",
                "GET /api/v2/screen-recordings/{id}",
                "DELETE /api/v2/screen-recordings/{id}",
                "POST /api/v2/settings/certificates",
                "GET /api/v2/settings/certificates",
                "DELETE /api/v2/settings/certificates/{alias}",
                "POST /api/v2/settings/private-keys",
                "GET /api/v2/recordings/{id}/play/{mediaFile}",
                "GET /api/v2/screen-recordings/{id}/content/{mediaFile}",
                "GET /api/v2/recordings/{id}/export/{mediaFile}",
                "GET /api/v2/screen-recordings/{id}/export/{mediaFile}",
                "GET /api/v2/settings/encryption",
                "PUT /api/v2/settings/encryption",
                "GET /api/v2/recordings",
                "GET /api/v2/screen-recordings",
                "GET /api/v2/ops/contact-centers/{ccid}/recordings",
                "GET /api/v2/ops/contact-centers/{ccid}/screen-recordings",
                "POST /api/v2/label-definitions",
                "GET /api/v2/label-definitions",
                "DELETE /api/v2/label-definitions/{name}",
                "PUT /api/v2/recordings/{id}/labels/{name}",
                "DELETE /api/v2/recordings/{id}/labels/{name}",
                "POST /api/v2/recordings/labels",
                "PUT /api/v2/screen-recordings/{id}/labels/{name}",
                "DELETE /api/v2/screen-recordings/{id}/labels/{name}",
                "POST /api/v2/screen-recordings/labels",
                "PUT /api/v2/recordings/{id}/non-delete",
                "DELETE /api/v2/recordings/{id}/non-delete",
                "PUT /api/v2/screen-recordings/{id}/non-delete",
                "DELETE /api/v2/screen-recordings/{id}/non-delete",
                "POST /api/v2/ops/contact-centers/{ccid}/recordings",
                "POST /api/v2/ops/contact-centers/{ccid}/screen-recordings",
                "GET /api/v2/ops/contact-centers/{ccid}/operations/{operationId}",
                "GET /api/v2/settings/{group}",
                "POST /api/v2/settings/{group}",
                "PUT /api/v2/settings/{group}",
                "DELETE /api/v2/settings/{group}",
                "GET /api/v2/ops/contact-centers/{ccid}/settings/{group}",
                "POST /api/v2/ops/contact-centers/{ccid}/settings/{group}",
                "PUT /api/v2/ops/contact-centers/{ccid}/settings/{group}",
                "DELETE /api/v2/ops/contact-centers/{ccid}/settings/{group}",
                "GET /api/v2/settings/agents",
                "POST /api/v2/settings/agents",
                "GET /api/v2/settings/agents/{username}",
                "PUT /api/v2/settings/agents/{username}",
                "DELETE /api/v2/settings/agents/{username}",
                "POST /api/contact-centers/{ccid}/recordings",
                "POST /api/contact-centers/{ccid}/recordings/",
                "POST /internal-api/contact-centers/{ccid}/interactions/{callUuid}/events",
                "GET /api/v2/ops/contact-centers/{ccid}/intake-status",
                "POST /api/v2/ops/contact-centers/{ccid}/intake-redrive");
        assertThat(routes).doesNotHaveDuplicates();
        assertThat(SamTemplate.read(TEMPLATE).functions().stream().flatMap(f -> f.routes().stream()))
                .allSatisfy(r -> assertThat(r.authorized()).as(r.routeKey()).isTrue());
    }

    @Test
    void intakeWaitsOnQueuesWithASweeperEveryMinuteNotOnAWorkflowPerCall() {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        assertThat(template.sqsTriggers()).extracting(SamTemplate.SqsTrigger::functionLogicalId, SamTemplate.SqsTrigger::queueLogicalId)
                .contains(org.assertj.core.groups.Tuple.tuple("EnrichmentFunction", "EnrichQueue"),
                        org.assertj.core.groups.Tuple.tuple("AnalyticsNotifyFunction", "NotifyQueue"));
        assertThat(template.sqsTriggers()).filteredOn(t -> t.queueLogicalId().endsWith("Queue") && !t.queueLogicalId().equals("WorkQueue"))
                .allSatisfy(t -> assertThat(t.reportBatchItemFailures()).isTrue());
        assertThat(template.scheduleTriggers()).filteredOn(t -> t.functionLogicalId().equals("IntakeSweepFunction"))
                .singleElement().satisfies(t -> assertThat(t.every()).isEqualTo(java.time.Duration.ofMinutes(1)));
        assertThat(template.queues()).extracting(SamTemplate.Queue::logicalId)
                .contains("EnrichQueue", "NotifyQueue", "IntakeDeadLetterQueue");
    }

    @Test
    void theIndexerFollowsTheRecordingsStreamAsTheIssueAsks() {
        var indexer = SamTemplate.read(TEMPLATE).functions().stream()
                .filter(f -> f.logicalId().equals("IndexerFunction")).findFirst().orElseThrow();
        assertThat(indexer.environment()).containsKey("OPENSEARCH_ENDPOINT");
        assertThat(indexer.streamTriggers()).singleElement().satisfies(t -> {
            assertThat(t.tableLogicalId()).isEqualTo("RecordingsTable");
            assertThat(t.reportBatchItemFailures()).isTrue();
            assertThat(t.bisectBatchOnFunctionError()).isTrue();
            assertThat(t.maximumRetryAttempts()).as("retried until OpenSearch takes it").isEqualTo(-1);
            assertThat(t.unsupportedProperties()).isEmpty();
        });
    }

    @Test
    void forceIndexJobsRunOnTheSameStreamFilteredToRunningJobItems() {
        var functions = SamTemplate.read(TEMPLATE).functions();
        var reindex = functions.stream().filter(f -> f.logicalId().equals("ReindexFunction")).findFirst().orElseThrow();
        assertThat(reindex.handlerClass()).isEqualTo("io.callvault.search.ReindexHandler");
        assertThat(reindex.environment()).containsKey("OPENSEARCH_ENDPOINT");
        assertThat(reindex.routes()).isEmpty();
        assertThat(reindex.streamTriggers()).singleElement().satisfies(t -> {
            assertThat(t.tableLogicalId()).isEqualTo("RecordingsTable");
            assertThat(t.reportBatchItemFailures()).as("a page OpenSearch cannot take is retried").isTrue();
            assertThat(t.maximumRetryAttempts()).isEqualTo(-1);
            assertThat(t.filterPatterns()).containsExactly(
                    "{\"dynamodb\":{\"Keys\":{\"SK\":{\"S\":[\"JOB\"]}},\"NewImage\":{\"status\":{\"S\":[\"RUNNING\"]}}}}");
            assertThat(t.unsupportedProperties()).isEmpty();
        });
        var indexer = functions.stream().filter(f -> f.logicalId().equals("IndexerFunction")).findFirst().orElseThrow();
        assertThat(indexer.streamTriggers().get(0).filterPatterns()).as("the indexer sees every record").isEmpty();
        var operations = functions.stream().filter(f -> f.logicalId().equals("OperationsFunction")).findFirst().orElseThrow();
        assertThat(operations.environment()).as("starting a job needs no OpenSearch").doesNotContainKey("OPENSEARCH_ENDPOINT");
        assertThat(operations.streamTriggers()).isEmpty();
        // Two consumers of the recordings stream: Lambda advises at most two per DynamoDB stream.
        assertThat(functions.stream().flatMap(f -> f.streamTriggers().stream())
                .filter(t -> t.tableLogicalId().equals("RecordingsTable"))).hasSize(2);
    }

    /** Issue 6: the mux workflow, its functions, layer, triggers and alarm as template.yaml wires them (docs/mux.md). */
    @Test
    void muxIsAStateMachineOverTheMuxFunctionsWithTheFfmpegLayer() throws Exception {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        assertThat(template.stateMachines()).extracting(SamTemplate.StateMachine::logicalId).contains("MuxStateMachine");
        String definition = template.definitionOf(template.stateMachines().stream()
                .filter(m -> m.logicalId().equals("MuxStateMachine")).findFirst().orElseThrow(), id -> id);
        var asl = io.callvault.core.json.Json.parse(definition);
        assertThat(definition).doesNotContain("QueryLanguage").doesNotContain("${");
        var mux = asl.at("/States/MuxEach/ItemProcessor/States/Mux");
        assertThat(mux.get("Parameters").get("FunctionName").asText()).endsWith(":function:MuxFunction");
        assertThat(mux.get("Retry").toString()).contains("Lambda.ServiceException", "io.callvault.core.sfn.TransientStorageException");
        assertThat(mux.get("Retry").toString()).as("permanent errors are never retried")
                .doesNotContain("CorruptMediaException", "DecryptionFailedException", "InputMissingException");
        assertThat(mux.get("Catch").get(0).get("ErrorEquals").toString()).contains(
                "io.callvault.mux.DecryptionFailedException", "io.callvault.mux.media.CorruptMediaException",
                "io.callvault.mux.InputMissingException", "io.callvault.mux.NoUsableCertificateException");
        for (String error : new String[] {"io.callvault.mux.DecryptionFailedException", "io.callvault.mux.media.CorruptMediaException",
                "io.callvault.mux.InputMissingException", "io.callvault.mux.NoUsableCertificateException",
                "io.callvault.core.sfn.TransientStorageException"}) {
            assertThat(Class.forName(error)).as(error + " is a class the functions throw").isNotNull();
        }
        var functions = template.functions();
        var muxFunction = functions.stream().filter(f -> f.logicalId().equals("MuxFunction")).findFirst().orElseThrow();
        assertThat(muxFunction.environment()).containsEntry("FFMPEG_PATH", "/opt/bin/ffmpeg");
        assertThat(template.layerDirectoriesOf("MuxFunction")).singleElement()
                .satisfies(dir -> assertThat(dir.resolve("bin/ffmpeg")).isExecutable());
        var ingest = functions.stream().filter(f -> f.logicalId().equals("MediaIngestFunction")).findFirst().orElseThrow();
        assertThat(ingest.environment()).containsKey("MUX_STATE_MACHINE_ARN");
        assertThat(template.scheduleTriggers()).filteredOn(t -> t.functionLogicalId().equals("MuxSweepFunction"))
                .singleElement().satisfies(t -> assertThat(t.every()).isEqualTo(java.time.Duration.ofMinutes(15)));
        assertThat(Files.readString(TEMPLATE)).contains("MetricName: MuxFailed");
    }

    /** Issue 7: the lifecycle workflow, its tick, runs API, schedule index and alarms (docs/lifecycle.md). */
    @Test
    void lifecycleIsAStateMachineStartedByAMinuteTickAndTheRunsApi() throws Exception {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        String definition = template.definitionOf(template.stateMachines().stream()
                .filter(m -> m.logicalId().equals("LifecycleStateMachine")).findFirst().orElseThrow(), id -> id);
        var asl = io.callvault.core.json.Json.parse(definition);
        assertThat(definition).doesNotContain("QueryLanguage").doesNotContain("${").doesNotContain("\"Map\"");
        for (String state : new String[] {"StartRun", "SelectPage", "BackupPage", "PurgePage", "FinishRun", "RecordRunFailure"}) {
            var task = asl.at("/States/" + state);
            assertThat(task.get("Retry").toString()).as(state).contains("Lambda.ServiceException",
                    "io.callvault.core.sfn.TransientStorageException", "io.callvault.search.SearchUnavailableException");
        }
        assertThat(asl.at("/States/PurgePage/Catch/0/Next").asText()).isEqualTo("RecordRunFailure");
        assertThat(asl.at("/States/WaitForScheduledTime/TimestampPath").asText()).isEqualTo("$.run.result.startAt");
        for (String error : new String[] {"io.callvault.core.sfn.TransientStorageException", "io.callvault.search.SearchUnavailableException"}) {
            assertThat(Class.forName(error)).as(error + " is a class the functions throw").isNotNull();
        }
        assertThat(template.scheduleTriggers()).filteredOn(t -> t.functionLogicalId().equals("LifecycleTickFunction"))
                .singleElement().satisfies(t -> {
                    assertThat(t.every()).isEqualTo(java.time.Duration.ofMinutes(1));
                    assertThat(t.input()).contains("<aws.scheduler.scheduled-time>");
                });
        var tick = template.functions().stream().filter(f -> f.logicalId().equals("LifecycleTickFunction")).findFirst().orElseThrow();
        assertThat(tick.environment()).containsKey("LIFECYCLE_STATE_MACHINE_ARN");
        Map<String, Object> control = template.tables().stream().filter(t -> t.logicalId().equals("ControlTable"))
                .findFirst().orElseThrow().properties();
        assertThat(control.get("GlobalSecondaryIndexes").toString()).contains("ScheduleIndex");
        String text = Files.readString(TEMPLATE);
        assertThat(text).contains("MetricName: LifecycleRunFailed", "MetricName: ExecutionsFailed",
                "Path: /api/v2/ops/contact-centers/{ccid}/lifecycle-rules/{name}/runs",
                "AbortIncompleteMultipartUpload");
        assertThat(text).as("CloudFormation has no YAML anchors").doesNotContainPattern("[&*]Lifecycle");
    }

    @Test
    void mediaIngestRunsWithTheJitThatHasTheAesIntrinsics() {
        var ingest = SamTemplate.read(TEMPLATE).functions().stream()
                .filter(f -> f.logicalId().equals("MediaIngestFunction")).findFirst().orElseThrow();
        assertThat(String.valueOf(ingest.environment().get("JAVA_TOOL_OPTIONS"))).contains("-XX:+TieredCompilation").doesNotContain("TieredStopAtLevel=1");
    }

    @Test
    void tablesStreamAndBucketsAreLockedDown() throws Exception {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        Map<String, Object> recordings = template.tables().stream()
                .filter(t -> t.logicalId().equals("RecordingsTable")).findFirst().orElseThrow().properties();
        assertThat(recordings).containsKey("StreamSpecification");
        assertThat(template.buckets()).extracting(SamTemplate.Bucket::logicalId)
                .containsExactlyInAnyOrder("IngestBucket", "MediaBucket", "ArchiveBucket");
        String text = Files.readString(TEMPLATE);
        assertThat(text.split("BlockPublicPolicy: true", -1)).hasSize(4);
        assertThat(text.split("SSEAlgorithm", -1)).hasSize(4);
    }

    static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, command);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
