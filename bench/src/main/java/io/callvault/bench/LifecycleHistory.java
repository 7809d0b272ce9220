package io.callvault.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * A lifecycle run's pages as its executions' histories on the Step Functions stand-in record them: each state's
 * {@code *StateEntered} and {@code *StateExited} timestamps (ms), paired into spans, and the spans grouped into pages
 * (statemachines/lifecycle.asl.json: {@code SelectPage}, then {@code BackupPage} and/or {@code PurgePage} of the page
 * it selected). A Task state's span is the whole task as the interpreter sees it: the Lambda invoke round trip to the
 * local runtime's function, the function's work and any retries.
 */
final class LifecycleHistory {
    static final String SELECT = "SelectPage";
    static final String BACKUP = "BackupPage";
    static final String PURGE = "PurgePage";

    /** One state of one execution, entered and exited. */
    record Span(String name, String type, Instant entered, Instant exited) {
        double seconds() {
            return Duration.between(entered, exited).toNanos() / 1e9;
        }
    }

    /**
     * One page: seconds of its {@code SelectPage} (the call that opened it), {@code BackupPage} and {@code PurgePage}
     * (0 when the rule has no such step), and its cycle, from entering {@code SelectPage} to leaving its last step (the
     * Choice states and the interpreter's moves between them included).
     */
    record Page(double select, double backup, double purge, double cycle) {
        double tasks() {
            return select + backup + purge;
        }

        /** The cycle less its three Task states: the Choice states and the interpreter's transitions. */
        double transitions() {
            return cycle - tasks();
        }
    }

    /**
     * @param pages          every page of the run, in order
     * @param otherSelects   {@code SelectPage} calls that opened no page (the last one, which finds the pass empty and
     *                       the run finished, and one before each hand-over to a new execution), seconds each
     * @param otherTasks     seconds of every other Task state (StartRun, FinishRun, ContinueAsNew), summed
     * @param taskFailures   Task attempts that failed and were retried ({@code TaskFailed} events)
     * @param events         history events of all executions
     */
    record Figures(List<Page> pages, List<Double> otherSelects, double otherTasks, int taskFailures, int events,
                   int executions) {}

    private LifecycleHistory() {}

    /** The states one execution entered and left, in order (the lifecycle machine runs one state at a time). */
    static List<Span> spans(List<HistoryEvent> events) {
        List<Span> spans = new ArrayList<>();
        Map<String, HistoryEvent> open = new HashMap<>();
        for (HistoryEvent e : events) {
            String type = e.typeAsString();
            if (type.endsWith("StateEntered") && e.stateEnteredEventDetails() != null) {
                open.put(e.stateEnteredEventDetails().name(), e);
            } else if (type.endsWith("StateExited") && e.stateExitedEventDetails() != null) {
                String name = e.stateExitedEventDetails().name();
                HistoryEvent entered = open.remove(name);
                if (entered != null) {
                    spans.add(new Span(name, type.substring(0, type.length() - "StateExited".length()),
                            entered.timestamp(), e.timestamp()));
                }
            }
        }
        return spans;
    }

    static int taskFailures(List<HistoryEvent> events) {
        return (int) events.stream().filter(e -> e.typeAsString().equals("TaskFailed")
                || e.typeAsString().equals("LambdaFunctionFailed")).count();
    }

    /** The pages of a run from its executions' spans, in execution order. */
    static Figures of(List<List<Span>> executions, int taskFailures, int events) {
        List<Page> pages = new ArrayList<>();
        List<Double> otherSelects = new ArrayList<>();
        double otherTasks = 0;
        for (List<Span> spans : executions) {
            List<Span> tasks = spans.stream().filter(s -> s.type().equals("Task")).toList();
            for (int i = 0; i < tasks.size(); i++) {
                Span s = tasks.get(i);
                if (!s.name().equals(SELECT)) {
                    if (!s.name().equals(BACKUP) && !s.name().equals(PURGE)) {
                        otherTasks += s.seconds();
                    }
                    continue;
                }
                Span backup = next(tasks, i + 1, BACKUP);
                Span purge = next(tasks, backup == null ? i + 1 : i + 2, PURGE);
                if (backup == null && purge == null) {
                    otherSelects.add(s.seconds());
                    continue;
                }
                Span last = purge != null ? purge : backup;
                pages.add(new Page(s.seconds(), backup == null ? 0 : backup.seconds(), purge == null ? 0 : purge.seconds(),
                        Duration.between(s.entered(), last.exited()).toNanos() / 1e9));
            }
        }
        return new Figures(pages, otherSelects, otherTasks, taskFailures, events, executions.size());
    }

    private static Span next(List<Span> tasks, int at, String name) {
        return at < tasks.size() && tasks.get(at).name().equals(name) ? tasks.get(at) : null;
    }
}
