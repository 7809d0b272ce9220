package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Type: Schedule} and {@code Type: ScheduleV2} events, read as the rates the local runtime fires. */
class SamTemplateScheduleTest {
    @TempDir
    Path dir;

    SamTemplate template(String schedule, String enabled) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                AWSTemplateFormatVersion: '2010-09-09'
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Sweeper:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y::handleRequest
                      CodeUri: unused
                      Events:
                        Tick:
                          Type: Schedule
                          Properties:
                            Schedule: %s
                %s""".formatted(schedule, enabled == null ? "" : "            Enabled: " + enabled + "\n"));
        return SamTemplate.read(file);
    }

    @Test
    void ratesInMinutesHoursAndDaysAreRead() throws Exception {
        assertThat(template("rate(1 minute)", null).scheduleTriggers()).singleElement().satisfies(t -> {
            assertThat(t.functionLogicalId()).isEqualTo("Sweeper");
            assertThat(t.eventId()).isEqualTo("Tick");
            assertThat(t.every()).isEqualTo(Duration.ofMinutes(1));
            assertThat(t.enabled()).isTrue();
        });
        assertThat(template("rate(5 minutes)", null).scheduleTriggers().get(0).every()).isEqualTo(Duration.ofMinutes(5));
        assertThat(template("rate(2 hours)", null).scheduleTriggers().get(0).every()).isEqualTo(Duration.ofHours(2));
        assertThat(template("rate(1 day)", "false").scheduleTriggers().get(0).enabled()).isFalse();
    }

    @Test
    void cronAndMalformedRatesAreRefusedNamingTheEvent() throws Exception {
        assertThatThrownBy(() -> template("cron(0 3 * * ? *)", null).scheduleTriggers())
                .hasMessageContaining("Sweeper.Tick").hasMessageContaining("rate(N unit)");
        assertThatThrownBy(() -> template("rate(1 minutes)", null).scheduleTriggers()).hasMessageContaining("not a valid rate");
        assertThatThrownBy(() -> template("rate(0 minutes)", null).scheduleTriggers()).hasMessageContaining("not a valid rate");
    }

    SamTemplate schedulerTemplate(String properties) throws Exception {
        Path file = dir.resolve("template-v2.yaml");
        Files.writeString(file, """
                AWSTemplateFormatVersion: '2010-09-09'
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Ticker:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y::handleRequest
                      CodeUri: unused
                      Events:
                        EveryMinute:
                          Type: ScheduleV2
                          Properties:
                %s""".formatted(properties.indent(12)));
        return SamTemplate.read(file);
    }

    @Test
    void schedulerEventsKeepTheirInputWithTheScheduledTimePlaceholder() throws Exception {
        var trigger = schedulerTemplate("""
                ScheduleExpression: rate(1 minute)
                ScheduleExpressionTimezone: UTC
                Input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}'
                """).scheduleTriggers();
        assertThat(trigger).singleElement().satisfies(t -> {
            assertThat(t.functionLogicalId()).isEqualTo("Ticker");
            assertThat(t.every()).isEqualTo(Duration.ofMinutes(1));
            assertThat(t.enabled()).isTrue();
            assertThat(t.input()).isEqualTo("{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}");
        });
        assertThat(schedulerTemplate("ScheduleExpression: rate(5 minutes)\nState: DISABLED\n").scheduleTriggers().get(0))
                .satisfies(t -> {
                    assertThat(t.enabled()).isFalse();
                    assertThat(t.input()).isEqualTo("{}");
                });
    }

    @Test
    void schedulerCronAndOtherTimezonesAreRefused() throws Exception {
        assertThatThrownBy(() -> schedulerTemplate("ScheduleExpression: cron(0 3 * * ? *)\n").scheduleTriggers())
                .hasMessageContaining("Ticker.EveryMinute").hasMessageContaining("rate(N unit)");
        assertThatThrownBy(() -> schedulerTemplate("ScheduleExpression: rate(1 minute)\nScheduleExpressionTimezone: Europe/Paris\n")
                .scheduleTriggers()).hasMessageContaining("UTC");
    }
}
