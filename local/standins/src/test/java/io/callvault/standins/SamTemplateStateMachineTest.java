package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the stand-ins read {@code AWS::Serverless::StateMachine} resources and resolve what refers to them. */
class SamTemplateStateMachineTest {
    static final Path TEMPLATE = resource("/stepfunctions-template.yaml");

    @Test
    void stateMachinesAreReadWithTheirDefinitionFileRelativeToTheTemplate() {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        List<SamTemplate.StateMachine> machines = template.stateMachines();

        assertThat(template.usesStepFunctions()).isTrue();
        assertThat(machines).extracting(SamTemplate.StateMachine::logicalId).containsExactly("Pipeline", "Named");
        SamTemplate.StateMachine pipeline = machines.get(0);
        assertThat(pipeline.definitionFile()).isEqualTo(TEMPLATE.getParent().resolve("statemachines/pipeline.asl.json"));
        assertThat(pipeline.inlineDefinition()).isNull();
        assertThat(pipeline.type()).isEqualTo("STANDARD");
        assertThat(pipeline.substitutions()).containsOnlyKeys("FlakyArn", "WorkerArn", "StoreName")
                .containsEntry("FlakyArn", Map.of("Fn::GetAtt", List.of("Flaky", "Arn")))
                .containsEntry("StoreName", Map.of("Ref", "Store"));
        SamTemplate.StateMachine named = machines.get(1);
        assertThat(named.definitionFile()).isNull();
        assertThat(named.inlineDefinition()).containsEntry("StartAt", "Hello");
        assertThat(named.type()).isEqualTo("EXPRESS");
    }

    @Test
    void theDefinitionGetsItsSubstitutionsResolvedAsCloudFormationWould() {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        String definition = template.definitionOf(template.stateMachines().get(0), queue -> "unused");

        assertThat(definition).contains("\"FunctionName\": \"arn:aws:lambda:us-east-1:000000000000:function:Flaky\"")
                .contains("\"Resource\": \"arn:aws:lambda:us-east-1:000000000000:function:Worker\"")
                .contains("\"FunctionName\": \"Store\"").doesNotContain("${");
        assertThat(template.definitionOf(template.stateMachines().get(1), queue -> "unused"))
                .isEqualTo("{\"StartAt\":\"Hello\",\"States\":{\"Hello\":{\"Type\":\"Pass\",\"Result\":\"hello from us-east-1\",\"End\":true}}}");
    }

    @Test
    void stateMachinesAndFunctionsResolveToTheirLocalArns() {
        SamTemplate template = SamTemplate.read(TEMPLATE);
        Map<String, Object> env = template.functions().get(0).environment();

        assertThat(template.resolveLocally(env.get("PIPELINE"))).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:Pipeline");
        assertThat(template.resolveLocally(env.get("PIPELINE_ARN"))).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:Pipeline");
        assertThat(template.resolveLocally(env.get("PIPELINE_NAME"))).isEqualTo("Pipeline");
        assertThat(template.resolveLocally(env.get("SUMMARY"))).isEqualTo("machine arn:aws:states:us-east-1:000000000000:"
                + "stateMachine:Pipeline runs arn:aws:lambda:us-east-1:000000000000:function:Worker");
        assertThat(template.localNameOf("Named")).isEqualTo("callvault-named");
        assertThat(template.stateMachineArn("Named")).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:callvault-named");
        assertThat(template.resolveLocally(Map.of("Ref", "Named"))).isEqualTo(template.stateMachineArn("Named"));
        assertThatThrownBy(() -> template.resolveLocally(Map.of("Fn::GetAtt", List.of("Worker", "Version"))))
                .hasMessageContaining("!GetAtt Worker.Version");
    }

    @Test
    void aPlaceholderWithoutSubstitutionAndAMissingDefinitionAreRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.asl.json"), "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"${Nope}\",\"End\":true}}}");
        Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                  M:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: m.asl.json
                  Quoted:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: m.asl.json
                      DefinitionSubstitutions:
                        Nope: 'say "hi" \\ there'
                  Neither:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      Type: STANDARD
                """);
        SamTemplate template = SamTemplate.read(dir.resolve("template.yaml"));
        assertThatThrownBy(template::stateMachines).hasMessageContaining("Neither").hasMessageContaining("DefinitionUri");
        Files.writeString(dir.resolve("template.yaml"), Files.readString(dir.resolve("template.yaml")).replaceAll("(?s)  Neither:.*", ""));
        SamTemplate readable = SamTemplate.read(dir.resolve("template.yaml"));
        List<SamTemplate.StateMachine> machines = readable.stateMachines();
        assertThatThrownBy(() -> readable.definitionOf(machines.get(0), q -> q)).hasMessageContaining("${Nope}");
        assertThat(readable.definitionOf(machines.get(1), q -> q)).contains("\"Resource\":\"say \\\"hi\\\" \\\\ there\"");
    }

    private static Path resource(String name) {
        try {
            return Path.of(SamTemplateStateMachineTest.class.getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
