package io.callvault.lifecycle.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Runs of lifecycle rules and their pages, in the control table (docs/lifecycle.md, "Runs"):
 * <ul>
 *   <li>the run, {@code PK = CC#{ccid}#LCRUN#{runId}}, {@code SK = RUN}: the rule as it was when the run began, where
 *       the run is (pass, last page, open page, the search cursor), its counts and its first failures;</li>
 *   <li>its pages, same partition, {@code SK = PAGE#{pass}#{number}}: the recordings selected together and what each
 *       step did with each of them, kept 90 days ({@code expiresAt}).</li>
 * </ul>
 * Every move is a conditional write on where the run was, so a retried step finds the work it did and never does it,
 * or counts it, twice.
 */
public final class LifecycleRuns {
    public static final String RUN = "RUN";
    /** Failures listed on the run item; the pages keep every one. */
    public static final int MAX_LISTED_FAILURES = 100;
    static final Duration PAGE_RETENTION = Duration.ofDays(90);

    public enum Status { RUNNING, SUCCEEDED, COMPLETED_WITH_FAILURES, FAILED }

    public enum Step { BACKUP, PURGE }

    /** One failed recording, as the report lists it. */
    public record Failure(String id, String kind, String task, String reason) {}

    /**
     * @param rule      the rule's value as it was when the run was created (the run never sees a later edit)
     * @param openPage  the page being worked on, or null between pages
     * @param cursor    the search position after the last selected page of the current pass (JSON), or null
     */
    public record Run(String ccid, String runId, String ruleName, String location, ObjectNode rule, String region,
                      Instant scheduledTime, String trigger, String requestedBy, Status status, int attempt, int pass,
                      int pageSeq, String openPage, String cursor, Map<String, Long> counts, List<Failure> failures,
                      long failuresTotal, Instant createdAt, Instant updatedAt, Instant finishedAt, String lastError) {}

    /** A page: the recordings selected together and, per step, what happened to each (absent: not done yet). */
    public record Page(String key, int pass, int number, RecordingKind kind, List<String> ids,
                       Map<String, RecordingOutcome> backup, Map<String, RecordingOutcome> purge,
                       Map<String, List<String>> archivedScreens, boolean backupDone, boolean purgeDone) {
        public boolean done(Step step) {
            return step == Step.BACKUP ? backupDone : purgeDone;
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public LifecycleRuns(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    static String pk(String ccid, String runId) {
        return "CC#" + ccid + "#LCRUN#" + runId;
    }

    public static String pageKey(int pass, int number) {
        return String.format("PAGE#%02d#%06d", pass, number);
    }

    // ------------------------------------------------------------------ runs

    /** Creates the run (RUNNING, attempt 1); false when a run of that id exists already. */
    public boolean create(String ccid, String runId, String ruleName, String location, ObjectNode rule, String region,
                          Instant scheduledTime, String trigger, String requestedBy) {
        long now = clock.millis();
        Map<String, AttributeValue> item = new HashMap<>(key(ccid, runId, RUN));
        item.put("ccid", s(ccid));
        item.put("runId", s(runId));
        item.put("ruleName", s(ruleName));
        item.put("location", s(location));
        item.put("rule", s(Json.write(rule)));
        item.put("region", s(region));
        item.put("scheduledTime", n(scheduledTime.toEpochMilli()));
        item.put("trigger", s(trigger));
        item.put("requestedBy", s(requestedBy));
        item.put("status", s(Status.RUNNING.name()));
        item.put("attempt", n(1));
        item.put("pass", n(0));
        item.put("pageSeq", n(0));
        item.put("failuresTotal", n(0));
        item.put("failures", AttributeValue.fromL(List.of()));
        item.put("createdAt", n(now));
        item.put("updatedAt", n(now));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    public Optional<Run> find(String ccid, String runId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(ccid, runId, RUN))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(run(item));
    }

    public Run require(String ccid, String runId) {
        return find(ccid, runId).orElseThrow(() -> new IllegalStateException("no lifecycle run " + runId + " in " + ccid));
    }

    /** A failed run goes on from where it stopped: RUNNING again, attempt + 1. False when someone else did it first. */
    public boolean resume(String ccid, String runId, int failedAttempt) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(ccid, runId, RUN))
                    .updateExpression("SET #s = :running, attempt = :next, updatedAt = :now REMOVE finishedAt, lastError")
                    .conditionExpression("#s = :failed AND attempt = :attempt")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":running", s(Status.RUNNING.name()), ":failed", s(Status.FAILED.name()),
                            ":attempt", n(failedAttempt), ":next", n(failedAttempt + 1L), ":now", n(clock.millis()))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /** The pass has no more candidates: on to the next one, from the start of its selection. */
    public void advancePass(Run run) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(run.ccid(), run.runId(), RUN))
                    .updateExpression("SET pass = :next, updatedAt = :now REMOVE #c")
                    .conditionExpression("pass = :pass AND attribute_not_exists(openPage)")
                    .expressionAttributeNames(Map.of("#c", "cursor"))
                    .expressionAttributeValues(Map.of(":pass", n(run.pass()), ":next", n(run.pass() + 1L),
                            ":now", n(clock.millis()))));
        } catch (ConditionalCheckFailedException moved) {
            // A retried step got here first; the caller reads the run again.
        }
    }

    /**
     * Writes a new page and makes it the run's open page, with the search cursor after it, in one transaction
     * conditional on the run's page count: of two concurrent selections, one wins. False when it lost.
     */
    public boolean openPage(Run run, RecordingKind kind, List<String> ids, String cursorAfter) {
        int number = run.pageSeq() + 1;
        String page = pageKey(run.pass(), number);
        long now = clock.millis();
        Map<String, AttributeValue> item = new HashMap<>(key(run.ccid(), run.runId(), page));
        item.put("pass", n(run.pass()));
        item.put("number", n(number));
        item.put("kind", s(kind.name()));
        item.put("ids", AttributeValue.fromL(ids.stream().map(LifecycleRuns::s).toList()));
        item.put("b", AttributeValue.fromM(Map.of()));
        item.put("p", AttributeValue.fromM(Map.of()));
        item.put("bs", AttributeValue.fromM(Map.of()));
        item.put("createdAt", n(now));
        item.put("expiresAt", n(clock.instant().plus(PAGE_RETENTION).getEpochSecond()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(run.ccid(), run.runId(), RUN))
                            .updateExpression("SET pageSeq = :n, openPage = :p, #c = :c, updatedAt = :now ADD c_selected :count")
                            .conditionExpression("pageSeq = :seq AND pass = :pass AND attribute_not_exists(openPage)")
                            .expressionAttributeNames(Map.of("#c", "cursor"))
                            .expressionAttributeValues(Map.of(":n", n(number), ":p", s(page), ":c", s(cursorAfter),
                                    ":now", n(now), ":count", n(ids.size()), ":seq", n(run.pageSeq()),
                                    ":pass", n(run.pass()))).build()).build()));
            return true;
        } catch (TransactionCanceledException lost) {
            return false;
        }
    }

    /** Closes an open page whose steps are all done (a step that crashed after finishing it left it open). */
    public void closePage(Run run, String page) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(run.ccid(), run.runId(), RUN))
                    .updateExpression("SET updatedAt = :now REMOVE openPage")
                    .conditionExpression("openPage = :p")
                    .expressionAttributeValues(Map.of(":p", s(page), ":now", n(clock.millis()))));
        } catch (ConditionalCheckFailedException already) {
            // Closed by the step itself or by a retry.
        }
    }

    /** Ends the run with its final status; a run that already ended keeps the status it ended with. */
    public void finish(String ccid, String runId, Status status, String lastError) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":s", s(status.name()), ":now", n(clock.millis()),
                ":running", s(Status.RUNNING.name())));
        String set = "SET #s = :s, finishedAt = :now, updatedAt = :now";
        if (lastError != null) {
            set += ", lastError = :e";
            values.put(":e", s(lastError.length() > 1000 ? lastError.substring(0, 1000) : lastError));
        }
        String update = set;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(ccid, runId, RUN)).updateExpression(update)
                    .conditionExpression("#s = :running").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException ended) {
            // Finished by a retried task, or failed and resumed meanwhile: nothing to change.
        }
    }

    // ------------------------------------------------------------------ pages

    public Optional<Page> page(String ccid, String runId, String page) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(ccid, runId, page))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(page(item));
    }

    /** Outcomes so far (a purge's {@code PURGING}), kept without finishing the step: a retry starts from them. */
    public void recordProgress(Run run, String page, Step step, Map<String, RecordingOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET ");
        int i = 0;
        String map = step == Step.BACKUP ? "b" : "p";
        for (var e : outcomes.entrySet()) {
            if (i > 0) {
                set.append(", ");
            }
            names.put("#i" + i, e.getKey());
            values.put(":v" + i, s(e.getValue().encode()));
            set.append(map).append(".#i").append(i).append(" = :v").append(i);
            i++;
        }
        dynamo.updateItem(b -> b.tableName(table).key(key(run.ccid(), run.runId(), page)).updateExpression(set.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /**
     * Finishes a step of a page in one transaction: the page gets every outcome and its done flag (only if not done
     * yet), the run gets the counts and the failures (so they are added exactly once), and, when this was the page's
     * last step, the run's open page is closed.
     *
     * @return false when the step had been finished already (a retry): nothing written
     */
    public boolean finishStep(Run run, Page page, Step step, Map<String, RecordingOutcome> outcomes,
                              Map<String, List<String>> archivedScreens, boolean lastStep, String taskName) {
        String map = step == Step.BACKUP ? "b" : "p";
        String done = step == Step.BACKUP ? "backupDone" : "purgeDone";
        Map<String, AttributeValue> encoded = new LinkedHashMap<>();
        outcomes.forEach((id, o) -> encoded.put(id, s(o.encode())));
        Map<String, AttributeValue> pageValues = new HashMap<>(Map.of(":m", AttributeValue.fromM(encoded),
                ":t", AttributeValue.fromBool(true)));
        String pageSet = "SET " + map + " = :m, " + done + " = :t";
        if (step == Step.BACKUP) {
            Map<String, AttributeValue> screens = new LinkedHashMap<>();
            archivedScreens.forEach((id, list) -> screens.put(id, AttributeValue.fromL(list.stream().map(LifecycleRuns::s).toList())));
            pageSet += ", bs = :bs";
            pageValues.put(":bs", AttributeValue.fromM(screens));
        }
        RunCounts counts = new RunCounts();
        List<AttributeValue> failures = new ArrayList<>();
        for (var e : outcomes.entrySet()) {
            RecordingOutcome o = e.getValue();
            if (o.status().count() != null) {
                counts.add(o.status().count(), 1);
            }
            if (o.status() == RecordingOutcome.Status.FAILED && run.failuresTotal() + failures.size() < MAX_LISTED_FAILURES) {
                failures.add(AttributeValue.fromM(Map.of("id", s(e.getKey()), "kind", s(page.kind().name()),
                        "task", s(taskName), "reason", s(o.reason()))));
            }
        }
        Map<String, AttributeValue> runValues = new HashMap<>();
        StringBuilder runUpdate = new StringBuilder("SET updatedAt = :now, failures = list_append(failures, :f)");
        runValues.put(":now", n(clock.millis()));
        runValues.put(":f", AttributeValue.fromL(failures));
        if (lastStep) {
            runUpdate.append(" REMOVE openPage");
        }
        StringBuilder add = new StringBuilder();
        int failed = (int) counts.get(RunCounts.FAILED);
        if (failed > 0) {
            add.append("failuresTotal :ft");
            runValues.put(":ft", n(failed));
        }
        for (var c : counts.asMap().entrySet()) {
            add.append(add.length() == 0 ? "" : ", ").append("c_").append(c.getKey()).append(" :c_").append(c.getKey());
            runValues.put(":c_" + c.getKey(), n(c.getValue()));
        }
        if (add.length() > 0) {
            runUpdate.append(" ADD ").append(add);
        }
        runValues.put(":p", s(page.key()));
        String pageUpdate = pageSet;
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table)
                            .key(key(run.ccid(), run.runId(), page.key())).updateExpression(pageUpdate)
                            .conditionExpression("attribute_not_exists(" + done + ")")
                            .expressionAttributeValues(pageValues).build()).build(),
                    TransactWriteItem.builder().update(Update.builder().tableName(table)
                            .key(key(run.ccid(), run.runId(), RUN)).updateExpression(runUpdate.toString())
                            .conditionExpression("openPage = :p")
                            .expressionAttributeValues(runValues).build()).build()));
            return true;
        } catch (TransactionCanceledException already) {
            return false;
        }
    }

    // ------------------------------------------------------------------ mapping

    private Run run(Map<String, AttributeValue> item) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String c : RunCounts.ALL) {
            counts.put(c, item.containsKey("c_" + c) ? Long.parseLong(item.get("c_" + c).n()) : 0L);
        }
        List<Failure> failures = new ArrayList<>();
        for (AttributeValue f : item.getOrDefault("failures", AttributeValue.fromL(List.of())).l()) {
            Map<String, AttributeValue> m = f.m();
            failures.add(new Failure(m.get("id").s(), m.get("kind").s(), m.get("task").s(), m.get("reason").s()));
        }
        JsonNode rule;
        try {
            rule = Json.parse(item.get("rule").s());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the run item " + item.get("PK").s() + " holds a rule that is not JSON", e);
        }
        return new Run(item.get("ccid").s(), item.get("runId").s(), item.get("ruleName").s(), item.get("location").s(),
                (ObjectNode) rule, str(item, "region"), Instant.ofEpochMilli(num(item, "scheduledTime")),
                str(item, "trigger"), str(item, "requestedBy"), Status.valueOf(item.get("status").s()),
                (int) num(item, "attempt"), (int) num(item, "pass"), (int) num(item, "pageSeq"), str(item, "openPage"),
                str(item, "cursor"), counts, failures, num(item, "failuresTotal"), time(item, "createdAt"),
                time(item, "updatedAt"), time(item, "finishedAt"), str(item, "lastError"));
    }

    private static Page page(Map<String, AttributeValue> item) {
        return new Page(item.get("SK").s(), (int) num(item, "pass"), (int) num(item, "number"),
                RecordingKind.valueOf(item.get("kind").s()), item.get("ids").l().stream().map(AttributeValue::s).toList(),
                outcomes(item.get("b")), outcomes(item.get("p")), screens(item.get("bs")),
                item.containsKey("backupDone"), item.containsKey("purgeDone"));
    }

    private static Map<String, RecordingOutcome> outcomes(AttributeValue map) {
        Map<String, RecordingOutcome> out = new LinkedHashMap<>();
        if (map != null && map.hasM()) {
            map.m().forEach((id, v) -> out.put(id, RecordingOutcome.decode(v.s())));
        }
        return out;
    }

    private static Map<String, List<String>> screens(AttributeValue map) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (map != null && map.hasM()) {
            map.m().forEach((id, v) -> out.put(id, v.l().stream().map(AttributeValue::s).toList()));
        }
        return out;
    }

    private static Map<String, AttributeValue> key(String ccid, String runId, String sk) {
        return Map.of("PK", s(pk(ccid, runId)), "SK", s(sk));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
