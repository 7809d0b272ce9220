package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateEnteredEventDetails;
import software.amazon.awssdk.services.sfn.model.StateExitedEventDetails;

class LifecycleHistoryTest {
    private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");

    /** Builds one execution's history, state after state, each lasting the given milliseconds. */
    private static final class History {
        final List<HistoryEvent> events = new ArrayList<>();
        long at;

        History state(String type, String name, long millis) {
            events.add(HistoryEvent.builder().type(type + "StateEntered").timestamp(T.plusMillis(at))
                    .stateEnteredEventDetails(StateEnteredEventDetails.builder().name(name).build()).build());
            at += millis;
            events.add(HistoryEvent.builder().type(type + "StateExited").timestamp(T.plusMillis(at))
                    .stateExitedEventDetails(StateExitedEventDetails.builder().name(name).build()).build());
            return this;
        }

        History failedAttempt() {
            events.add(HistoryEvent.builder().type("TaskFailed").timestamp(T.plusMillis(at)).build());
            return this;
        }

        History gap(long millis) {
            at += millis;
            return this;
        }
    }

    @Test
    void pagesAreTheirSelectBackupAndPurgeAndTheRestIsCountedApart() {
        History h = new History()
                .state("Task", "StartRun", 20).state("Choice", "RunEnded", 0).state("Wait", "WaitForScheduledTime", 10)
                .state("Task", "SelectPage", 100).state("Choice", "Route", 1).state("Task", "BackupPage", 700)
                .state("Choice", "PurgeNext", 1).failedAttempt().state("Task", "PurgePage", 1500).gap(5)
                .state("Task", "SelectPage", 120).state("Choice", "Route", 0).state("Task", "BackupPage", 800)
                .state("Choice", "PurgeNext", 0).state("Task", "PurgePage", 1600)
                .state("Task", "SelectPage", 50).state("Choice", "Route", 0).state("Task", "FinishRun", 30);
        List<LifecycleHistory.Span> spans = LifecycleHistory.spans(h.events);
        assertThat(spans).hasSize(16);

        LifecycleHistory.Figures f = LifecycleHistory.of(List.of(spans), LifecycleHistory.taskFailures(h.events),
                h.events.size());
        assertThat(f.pages()).hasSize(2);
        LifecycleHistory.Page first = f.pages().get(0);
        assertThat(first.select()).isCloseTo(0.1, within(1e-9));
        assertThat(first.backup()).isCloseTo(0.7, within(1e-9));
        assertThat(first.purge()).isCloseTo(1.5, within(1e-9));
        assertThat(first.cycle()).isCloseTo(2.302, within(1e-9));
        assertThat(first.transitions()).isCloseTo(0.002, within(1e-9));
        assertThat(f.otherSelects()).containsExactly(0.05);
        assertThat(f.otherTasks()).isCloseTo(0.05, within(1e-9));
        assertThat(f.taskFailures()).isEqualTo(1);
        assertThat(f.executions()).isEqualTo(1);
    }

    @Test
    void aPurgeOnlyRuleAndAHandOverToANewExecutionAreRead() {
        History one = new History().state("Task", "StartRun", 10).state("Task", "SelectPage", 100)
                .state("Choice", "Route", 0).state("Task", "PurgePage", 900).state("Task", "SelectPage", 40)
                .state("Choice", "Route", 0).state("Task", "ContinueAsNew", 20).state("Succeed", "HandedOver", 0);
        History two = new History().state("Task", "StartRun", 10).state("Task", "SelectPage", 100)
                .state("Choice", "Route", 0).state("Task", "PurgePage", 800).state("Task", "SelectPage", 30)
                .state("Task", "FinishRun", 20);
        LifecycleHistory.Figures f = LifecycleHistory.of(List.of(LifecycleHistory.spans(one.events),
                LifecycleHistory.spans(two.events)), 0, one.events.size() + two.events.size());
        assertThat(f.pages()).hasSize(2);
        assertThat(f.pages()).allSatisfy(p -> assertThat(p.backup()).isZero());
        assertThat(f.pages().get(1).purge()).isCloseTo(0.8, within(1e-9));
        assertThat(f.otherSelects()).containsExactly(0.04, 0.03);
        assertThat(f.executions()).isEqualTo(2);
    }
}
