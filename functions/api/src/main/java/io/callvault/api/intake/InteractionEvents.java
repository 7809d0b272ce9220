package io.callvault.api.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.ContactCenters;
import io.callvault.api.intake.IntakeLedger.Registration;
import io.callvault.api.intake.IntakeLedger.StoredEvent;
import io.callvault.core.codec.InteractionEventCodec;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.json.Json;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.InteractionEventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The telephony side's interaction events ({@code POST /internal-api/contact-centers/{ccid}/interactions/{callUuid}/events},
 * docs/intake.md "Interaction events"): each event is kept in the call's partition, before, between or after its
 * recording posts, and counted in the call's STATE so that enrichment sees it. Idempotent on
 * {@code (ccid, callUuid, eventId)}: a repeat with the same content is a {@link Outcome#DUPLICATE}, one with other
 * content a {@link Outcome#CONFLICT} (the first is kept).
 */
public final class InteractionEvents {
    private final IntakeLedger ledger;
    private final ContactCenters contactCenters;
    private final IntakeQueue enrichQueue;
    private final Metrics metrics;
    private final Clock clock;

    public InteractionEvents(IntakeLedger ledger, ContactCenters contactCenters, IntakeQueue enrichQueue,
                             Metrics metrics, Clock clock) {
        this.ledger = ledger;
        this.contactCenters = contactCenters;
        this.enrichQueue = enrichQueue;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Takes one post of up to 5,000 events: one BatchGetItem per 100 to find those already kept, one BatchWriteItem
     * per 25 new ones, one update of the STATE; then an enrichment check when the call became PENDING, or when it
     * is PENDING and the post has a {@code CallEnded} or {@code AfterCallWorkDone} (which can make the recording
     * ready sooner than the check already queued).
     *
     * @throws InvalidFieldException 400 for a body the codec refuses, naming the field
     * @throws ApiException          403, 404, 413, or 503 when the check could not be queued (the events are kept)
     */
    public IntakeAnswer post(Caller caller, String ccid, String callUuid, Supplier<String> body) {
        IntakeGate.admit(caller, ccid, contactCenters);
        List<InteractionEvent> events;
        try {
            events = InteractionEventCodec.parse(callUuid, body.get());
        } catch (InvalidFieldException | ApiException refused) {
            metrics.count("IntakeEventsRejected", ccid);
            throw refused;
        }

        Map<String, StoredEvent> kept = ledger.events(ccid, callUuid, events.stream().map(InteractionEvent::eventId).toList());
        List<InteractionEvent> fresh = new ArrayList<>();
        List<Instant> repeatsWrittenAt = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        boolean timing = false;
        for (InteractionEvent e : events) {
            StoredEvent before = kept.get(e.eventId());
            if (before == null) {
                fresh.add(e);
            } else if (before.canonical().equals(InteractionEventCodec.canonical(e))) {
                repeatsWrittenAt.add(before.receivedAt());
            } else {
                conflicts.add(e.eventId());
                continue;
            }
            timing |= e.type() == InteractionEventType.CALL_ENDED || e.type() == InteractionEventType.AFTER_CALL_WORK_DONE;
        }
        ledger.putEvents(ccid, callUuid, fresh);
        Registration r = ledger.registerEvents(ccid, callUuid, fresh.size(), repeatsWrittenAt);
        if (!conflicts.isEmpty()) {
            metrics.count("IntakeEventConflict", ccid);
            IntakeGate.log("WARN", "intake-event-conflict", Json.object().put("ccid", ccid).put("callUuid", callUuid)
                    .put("conflicts", conflicts.size()));
        }

        boolean pending = r.status() == CallIntake.Status.PENDING;
        if (r.turnedPending() || pending && timing || !repeatsWrittenAt.isEmpty() && r.checkMayBeLost(clock.instant())) {
            IntakeGate.queueCheck(enrichQueue, new IntakeMessage(ccid, callUuid));
        }

        ObjectNode answer = Json.object().put("callUuid", callUuid).put("received", events.size())
                .put("stored", fresh.size()).put("duplicates", repeatsWrittenAt.size()).put("conflicts", conflicts.size());
        ArrayNode conflicting = answer.putArray("conflictingEventIds");
        conflicts.forEach(conflicting::add);
        answer.put("state", r.status() == null ? null : r.status().name());
        return new IntakeAnswer(fresh.isEmpty() ? 200 : 201, answer);
    }
}
