package io.callvault.api.intake;

import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeStatus;
import io.callvault.core.intake.RetrySchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code NOTIFY} item of a call (partition {@link IntakeKeys#call}, sort key {@link IntakeKeys#NOTIFY}): whether
 * and when the stored recording is to be announced to the tenant's analytics receiver (docs/intake-pipeline.md,
 * "Analytics notification"). Every change is one conditional update, so duplicated, concurrent or replayed messages
 * and a re-drive racing a delivery cannot undo each other:
 *
 * <ul>
 *   <li>{@link #schedule}: a newer stored generation is to be announced (the enrichment worker, after a store);</li>
 *   <li>{@link #claim}: a worker leases the item for one POST ({@link #LEASE});</li>
 *   <li>{@link #delivered}, {@link #failed}, {@link #skipped}: the leaseholder records the outcome, only while the
 *       generation it posted is still the one to announce; otherwise {@link #release};</li>
 *   <li>{@link #redrive} and {@link #reannounce}: operators start a new round.</li>
 * </ul>
 *
 * <p>Attributes: {@code status} ({@link NotifyStatus}), {@code generation}, {@code deliveredGeneration},
 * {@code attempts} (POSTs made this round), {@code firstAttemptAt} (start of the 40-day window), {@code nextAttemptAt},
 * {@code lastAttemptAt}, {@code lastStatusCode}, {@code lastError}, {@code leaseUntil}, {@code scheduledAt} (since when
 * the round is unfinished), {@code deliveredAt}, {@code skippedAt}, {@code deadAt}, {@code deadLetterKey},
 * {@code redrivenAt}, {@code repostedAt}, {@code ccid}, {@code callUuid}, the {@code DueIndex} attributes while it waits, the {@code StatusIndex} attributes
 * while unfinished, {@code expiresAt} (45 days after the last change; none while dead). Times are
 * {@link IntakeKeys#sortableTime} strings, so conditions compare them as text.
 */
public final class AnalyticsNotifications {
    /** How long a claim holds the item: longer than a POST can take (connect 5 s + request 20 s). */
    public static final Duration LEASE = Duration.ofMinutes(2);

    private final DynamoDbClient dynamo;
    private final String table;
    private final RetrySchedule retry;
    private final Clock clock;

    public AnalyticsNotifications(DynamoDbClient dynamo, String intakeTable, RetrySchedule retry, Clock clock) {
        this.dynamo = dynamo;
        this.table = intakeTable;
        this.retry = retry;
        this.clock = clock;
    }

    /** Where a notification stands. */
    public enum NotifyStatus {
        PENDING, RETRYING, DELIVERED, DEAD, SKIPPED;

        boolean unfinished() {
            return this == PENDING || this == RETRYING;
        }
    }

    /** A {@code NOTIFY} item as read. Optional attributes are null when absent. */
    public record Notification(String ccid, String callUuid, NotifyStatus status, long generation,
                               Long deliveredGeneration, int attempts, Instant firstAttemptAt, Instant nextAttemptAt,
                               Instant scheduledAt, Instant leaseUntil, Integer lastStatusCode, String lastError,
                               String deadLetterKey) {
        public String pk() {
            return IntakeKeys.call(ccid, callUuid);
        }
    }

    /** What a failed attempt led to: another attempt at {@code nextAttemptAt}, or (when null) the dead-letter state. */
    public record Failure(int attempts, Instant firstAttemptAt, Instant nextAttemptAt, String reason) {
        public boolean dead() {
            return nextAttemptAt == null;
        }
    }

    /**
     * Asks for {@code generation} of the call's recording to be announced from {@code notBefore} on. Idempotent: a
     * no-op returning false when the item already has this generation or a newer one. Otherwise the item becomes
     * {@code PENDING} for it with a fresh round (attempts 0, no {@code firstAttemptAt}), waits in the due index at
     * {@code notBefore} and counts as pending; a POST in flight for an older generation keeps its lease and, when it
     * ends, leaves the item pending for this one. The caller then sends the message
     * ({@code IntakeQueue.sendWithin(new IntakeMessage(ccid, callUuid), Duration.between(now, notBefore))}).
     *
     * @return true when this generation was scheduled by this call
     */
    public boolean schedule(String ccid, String callUuid, long generation, Instant notBefore) {
        Instant now = clock.instant();
        ItemUpdate u = pending(ccid, callUuid, notBefore, now).set("generation", generation);
        return u.when("attribute_not_exists(#generation) OR #generation < " + u.value(number(generation)), "generation")
                .apply(dynamo, table, IntakeKeys.call(ccid, callUuid), IntakeKeys.NOTIFY);
    }

    /** The item, read consistently. */
    public Optional<Notification> find(String ccid, String callUuid) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(IntakeKeys.PK, AttributeValue.fromS(IntakeKeys.call(ccid, callUuid)),
                        IntakeKeys.SK, AttributeValue.fromS(IntakeKeys.NOTIFY)))).item();
        if (item == null || item.isEmpty() || !item.containsKey("status")) {
            return Optional.empty();
        }
        return Optional.of(new Notification(ccid, callUuid, NotifyStatus.valueOf(item.get("status").s()),
                longOf(item, "generation", 0L), longOf(item, "deliveredGeneration", null),
                longOf(item, "attempts", 0L).intValue(), time(item, "firstAttemptAt"), time(item, "nextAttemptAt"),
                time(item, "scheduledAt"), time(item, "leaseUntil"),
                item.containsKey("lastStatusCode") ? Integer.valueOf(item.get("lastStatusCode").n()) : null,
                item.containsKey("lastError") ? item.get("lastError").s() : null,
                item.containsKey("deadLetterKey") ? item.get("deadLetterKey").s() : null));
    }

    /**
     * Leases the item for one POST of its generation: only while it is unfinished, still at that generation, and not
     * leased by someone else. So of concurrent duplicate messages exactly one posts.
     *
     * @return the lease (pass it to the outcome methods), or empty when another holds it or the item moved on
     */
    public Optional<Instant> claim(Notification n) {
        Instant now = clock.instant();
        Instant lease = now.plus(LEASE);
        ItemUpdate u = new ItemUpdate().set("leaseUntil", IntakeKeys.sortableTime(lease));
        boolean claimed = u.when("#status IN (" + u.value(NotifyStatus.PENDING.name()) + ", "
                        + u.value(NotifyStatus.RETRYING.name()) + ") AND #generation = " + u.value(number(n.generation()))
                        + " AND (attribute_not_exists(#leaseUntil) OR #leaseUntil < " + u.value(IntakeKeys.sortableTime(now))
                        + ")", "status", "generation", "leaseUntil")
                .apply(dynamo, table, n.pk(), IntakeKeys.NOTIFY);
        return claimed ? Optional.of(lease) : Optional.empty();
    }

    /**
     * The receiver accepted the generation: {@code DELIVERED}, out of both indexes, kept for {@link IntakeKeys#RETENTION}.
     *
     * @return false when a newer generation was scheduled meanwhile (or the lease was lost): then {@link #release}
     */
    public boolean delivered(Notification n, Instant lease, int statusCode) {
        Instant now = clock.instant();
        ItemUpdate u = new ItemUpdate()
                .set("status", NotifyStatus.DELIVERED.name())
                .set("deliveredGeneration", n.generation())
                .set("deliveredAt", IntakeKeys.sortableTime(now))
                .set("lastAttemptAt", IntakeKeys.sortableTime(now))
                .set("attempts", n.attempts() + 1L)
                .set("lastStatusCode", statusCode)
                .set(IntakeKeys.EXPIRES_AT, now.plus(IntakeKeys.RETENTION).getEpochSecond())
                .remove("leaseUntil", "nextAttemptAt", "lastError")
                .leaveDueIndex().leaveStatusIndex();
        return held(u, n, lease);
    }

    /**
     * An attempt failed. Retryable: another attempt after the schedule's back-off, unless that is past the deadline
     * counted from the round's first attempt, when the item is dead-lettered. Permanent: dead-lettered at once. A
     * dead item leaves the due index, counts as dead in the status index from now and never expires.
     *
     * @param statusCode the receiver's answer, or null when there was none (timeout, connection refused)
     * @param error      why, for operators; never credentials or the body
     * @return what was recorded, or empty when a newer generation was scheduled meanwhile: then {@link #release}
     */
    public Optional<Failure> failed(Notification n, Instant lease, Integer statusCode, String error, boolean permanent) {
        Instant now = clock.instant();
        int attempts = n.attempts() + 1;
        Instant first = n.firstAttemptAt() == null ? now : n.firstAttemptAt();
        Instant next = permanent ? null : retry.nextAttempt(first, attempts, now).orElse(null);
        String reason = next != null || permanent ? error : error + "; the next attempt would be past the retry deadline ("
                + retry.deadline().toDays() + " days after the first attempt, " + IntakeKeys.sortableTime(first) + ")";
        ItemUpdate u = new ItemUpdate()
                .set("attempts", attempts)
                .set("firstAttemptAt", IntakeKeys.sortableTime(first))
                .set("lastAttemptAt", IntakeKeys.sortableTime(now))
                .set("lastError", reason);
        if (statusCode != null) {
            u.set("lastStatusCode", statusCode.longValue());
        } else {
            u.remove("lastStatusCode");
        }
        String pk = n.pk();
        if (next != null) {
            u.set("status", NotifyStatus.RETRYING.name())
                    .set("nextAttemptAt", IntakeKeys.sortableTime(next))
                    .setAll(IntakeKeys.due(pk, IntakeKeys.NOTIFY, next))
                    .setAll(IntakeKeys.status(n.ccid(), IntakeStatus.RETRYING, since(n, now), pk, IntakeKeys.NOTIFY))
                    .set(IntakeKeys.EXPIRES_AT, now.plus(IntakeKeys.RETENTION).getEpochSecond())
                    .remove("leaseUntil");
        } else {
            u.set("status", NotifyStatus.DEAD.name())
                    .set("deadAt", IntakeKeys.sortableTime(now))
                    .setAll(IntakeKeys.status(n.ccid(), IntakeStatus.DEAD, now, pk, IntakeKeys.NOTIFY))
                    .remove("leaseUntil", "nextAttemptAt", "deadLetterKey", IntakeKeys.EXPIRES_AT)
                    .leaveDueIndex();
        }
        return held(u, n, lease) ? Optional.of(new Failure(attempts, first, next, reason)) : Optional.empty();
    }

    /**
     * Nothing is to be posted for this generation (no receiver configured, the recording was deleted):
     * {@code SKIPPED} with the reason in {@code lastError}, out of both indexes, kept for {@link IntakeKeys#RETENTION}.
     *
     * @return false when a newer generation was scheduled meanwhile: then {@link #release}
     */
    public boolean skipped(Notification n, Instant lease, String reason) {
        Instant now = clock.instant();
        ItemUpdate u = new ItemUpdate()
                .set("status", NotifyStatus.SKIPPED.name())
                .set("lastError", reason)
                .set("skippedAt", IntakeKeys.sortableTime(now))
                .set(IntakeKeys.EXPIRES_AT, now.plus(IntakeKeys.RETENTION).getEpochSecond())
                .remove("leaseUntil", "nextAttemptAt")
                .leaveDueIndex().leaveStatusIndex();
        return held(u, n, lease);
    }

    /**
     * Gives the lease back after a newer generation was scheduled while posting: the item stays {@code PENDING} for
     * that one. When the post had been accepted, {@code deliveredGeneration} records it.
     *
     * @return false when the lease was no longer this worker's (another took over after it expired)
     */
    public boolean release(Notification n, Instant lease, Integer deliveredStatusCode) {
        ItemUpdate u = new ItemUpdate().remove("leaseUntil");
        if (deliveredStatusCode != null) {
            Instant now = clock.instant();
            u.set("deliveredGeneration", n.generation()).set("deliveredAt", IntakeKeys.sortableTime(now))
                    .set("lastStatusCode", deliveredStatusCode.longValue());
        }
        return u.when("#leaseUntil = " + u.value(IntakeKeys.sortableTime(lease)), "leaseUntil")
                .apply(dynamo, table, n.pk(), IntakeKeys.NOTIFY);
    }

    /** Records that the dead-letter copy of the dead generation is at {@code key} (S3). */
    public boolean deadLetterWritten(Notification n, String key) {
        ItemUpdate u = new ItemUpdate().set("deadLetterKey", key);
        return u.when("#status = " + u.value(NotifyStatus.DEAD.name()) + " AND #generation = "
                        + u.value(number(n.generation())), "status", "generation")
                .apply(dynamo, table, n.pk(), IntakeKeys.NOTIFY);
    }

    /**
     * Re-drives a dead-lettered item: {@code PENDING} again for the same generation, a fresh round (attempts 0, a new
     * 40-day window), due now. Only from {@code DEAD}, so a repeated or concurrent re-drive moves it once.
     *
     * @return true when this call moved it (the caller then sends the message)
     */
    public boolean redrive(String ccid, String callUuid) {
        Instant now = clock.instant();
        ItemUpdate u = pending(ccid, callUuid, now, now).set("redrivenAt", IntakeKeys.sortableTime(now));
        return u.when("#status = " + u.value(NotifyStatus.DEAD.name()), "status")
                .apply(dynamo, table, IntakeKeys.call(ccid, callUuid), IntakeKeys.NOTIFY);
    }

    /**
     * Announces the stored recording again (the guide's {@code repost_to_sm_from_htcc}): a new round of the current
     * generation (generation 0 for a recording that never had a notification, e.g. one posted to the ingest API),
     * due now. Not while a round is under way ({@code PENDING}, {@code RETRYING}): that one will post the current
     * recording anyway. The generation is left alone because it is the enrichment's {@code storedSeq}: raising it here
     * would make the enrichment's next {@link #schedule} a no-op.
     *
     * @return true when a round was started (the caller then sends the message)
     */
    public boolean reannounce(String ccid, String callUuid) {
        Instant now = clock.instant();
        ItemUpdate u = pending(ccid, callUuid, now, now).setIfAbsent("generation", number(0))
                .set("repostedAt", IntakeKeys.sortableTime(now));
        return u.when("attribute_not_exists(#status) OR NOT (#status IN (" + u.value(NotifyStatus.PENDING.name()) + ", "
                        + u.value(NotifyStatus.RETRYING.name()) + "))", "status")
                .apply(dynamo, table, IntakeKeys.call(ccid, callUuid), IntakeKeys.NOTIFY);
    }

    /** A fresh round due at {@code due}: pending since {@code now}. */
    private static ItemUpdate pending(String ccid, String callUuid, Instant due, Instant now) {
        String pk = IntakeKeys.call(ccid, callUuid);
        return new ItemUpdate()
                .set("ccid", ccid)
                .set("callUuid", callUuid)
                .set("status", NotifyStatus.PENDING.name())
                .set("attempts", 0)
                .set("nextAttemptAt", IntakeKeys.sortableTime(due))
                .set("scheduledAt", IntakeKeys.sortableTime(now))
                .setAll(IntakeKeys.due(pk, IntakeKeys.NOTIFY, due))
                .setAll(IntakeKeys.status(ccid, IntakeStatus.PENDING, now, pk, IntakeKeys.NOTIFY))
                .set(IntakeKeys.EXPIRES_AT, now.plus(IntakeKeys.RETENTION).getEpochSecond())
                .remove("firstAttemptAt", "deadAt", "deadLetterKey");
    }

    /** The outcome of a leased POST is written only by the leaseholder and only for the generation it posted. */
    private boolean held(ItemUpdate u, Notification n, Instant lease) {
        return u.when("#leaseUntil = " + u.value(IntakeKeys.sortableTime(lease)) + " AND #generation = "
                        + u.value(number(n.generation())), "leaseUntil", "generation")
                .apply(dynamo, table, n.pk(), IntakeKeys.NOTIFY);
    }

    /** Since when the round is unfinished: its scheduling (kept through retries). */
    private static Instant since(Notification n, Instant now) {
        return n.scheduledAt() == null ? now : n.scheduledAt();
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static Long longOf(Map<String, AttributeValue> item, String name, Long absent) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? absent : Long.valueOf(v.n());
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? null : Instant.parse(v.s());
    }
}
