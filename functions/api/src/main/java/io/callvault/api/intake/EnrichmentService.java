package io.callvault.api.intake;

import io.callvault.api.ContactCenters;
import io.callvault.api.RecordingService;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.enrich.AgentLookup;
import io.callvault.core.enrich.DirectoryAgent;
import io.callvault.core.enrich.Enrichment;
import io.callvault.core.enrich.InteractionTimeline;
import io.callvault.core.enrich.Readiness;
import io.callvault.core.enrich.RecordingEnricher;
import io.callvault.core.http.ApiException;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.intake.IntakeStatus;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.AgentDirectory;
import io.callvault.core.store.ConflictException;
import io.callvault.core.store.ContactCenter;
import io.callvault.core.store.RecordingStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One look at one call (issue 5 part 4; docs/intake-pipeline.md): is it ready (call end plus the tenant's ACW
 * threshold, or after-call work done)? If not, look again then. If so, enrich everything intake holds for it,
 * store the media files not stored yet with the whole event history through the ingest API's own path
 * ({@link RecordingService#store}), schedule the analytics post for call end plus the call-end threshold, and
 * mark the change sequence stored. Re-entrant: a duplicate message, a crash anywhere, or data arriving meanwhile
 * lead to the same stored recording and one notification per stored change.
 */
public final class EnrichmentService {
    /** What a look did. */
    public enum Outcome { NOTHING_TO_DO, WAITING, STORED, RETRY_SCHEDULED, DEAD_LETTERED }

    private static final int ROUNDS = 3;

    private final IntakeLedger ledger;
    private final EnrichmentProgress progress;
    private final TenantSettings settings;
    private final AgentDirectory agents;
    private final RecordingStore recordings;
    private final ContactCenters contactCenters;
    private final RecordingService store;
    private final AnalyticsNotifications notifications;
    private final IntakeQueue enrichQueue;
    private final IntakeQueue notifyQueue;
    private final Clock clock;

    public EnrichmentService(IntakeLedger ledger, EnrichmentProgress progress, TenantSettings settings,
                             AgentDirectory agents, RecordingStore recordings, ContactCenters contactCenters,
                             RecordingService store, AnalyticsNotifications notifications, IntakeQueue enrichQueue,
                             IntakeQueue notifyQueue, Clock clock) {
        this.ledger = ledger;
        this.progress = progress;
        this.settings = settings;
        this.agents = agents;
        this.recordings = recordings;
        this.contactCenters = contactCenters;
        this.store = store;
        this.notifications = notifications;
        this.enrichQueue = enrichQueue;
        this.notifyQueue = notifyQueue;
        this.clock = clock;
    }

    public Outcome handle(IntakeMessage message) {
        String ccid = message.ccid();
        String callUuid = message.callUuid();
        for (int round = 1; round <= ROUNDS; round++) {
            CallIntake call = ledger.load(ccid, callUuid);
            if (!call.exists() || call.segments().isEmpty()) {
                return Outcome.NOTHING_TO_DO; // events only: the first segment's post sends the next look
            }
            String status = call.status();
            if (IntakeStatus.DEAD.name().equals(status)
                    || "STORED".equals(status) && call.storedSeq() == call.changeSeq()) {
                return Outcome.NOTHING_TO_DO;
            }
            Instant now = clock.instant();
            if (IntakeStatus.RETRYING.name().equals(status) && call.dueAt() != null && now.isBefore(call.dueAt())) {
                // A duplicate or early message: the retry has its own time.
                enrichQueue.sendWithin(message, Duration.between(now, call.dueAt()));
                return Outcome.WAITING;
            }
            Duration acw = settings.acwThreshold(ccid);
            InteractionTimeline timeline = InteractionTimeline.of(call.events());
            Instant lastStop = call.segments().stream().map(s -> s.mediaFile().stopTime())
                    .max(Comparator.naturalOrder()).orElseThrow();
            Readiness.Decision decision = Readiness.decide(timeline.callEndedAt(), timeline.acwDoneAt(), lastStop, acw,
                    settings.callEndThreshold(ccid), now);
            if (!decision.mayStore()) {
                progress.waitUntil(ccid, callUuid, decision.storeAt());
                enrichQueue.sendWithin(message, decision.untilStore());
                return Outcome.WAITING;
            }
            Outcome stored;
            try {
                stored = store(call, acw);
            } catch (ConflictException | InvalidFieldException | ApiException permanent) {
                if (permanent instanceof ConflictException && round < ROUNDS) {
                    continue; // a concurrent look stored some of it: read again, store what is left
                }
                return failed(message, call, permanent, true, now);
            } catch (RuntimeException transientFailure) {
                return failed(message, call, transientFailure, false, now);
            }
            if (stored == Outcome.STORED) {
                // Scheduled before the call is marked stored: a crash in between repeats the (idempotent) store and
                // finds the notification scheduled, never the other way round.
                if (notifications.schedule(ccid, callUuid, call.changeSeq(), decision.analyticsAt())) {
                    notifyQueue.sendWithin(message, positive(Duration.between(now, decision.analyticsAt())));
                }
            }
            if (progress.markStored(ccid, callUuid, call.changeSeq(), now)) {
                return stored;
            }
            // A segment or event arrived while this look ran: look again with it.
        }
        enrichQueue.send(message, Duration.ZERO);
        return Outcome.WAITING;
    }

    /** STORED, or NOTHING_TO_DO when there was nothing new (e.g. a late event for a recording deleted since). */
    private Outcome store(CallIntake call, Duration acw) {
        String ccid = call.ccid();
        ContactCenter cc = contactCenters.require(ccid);
        Enrichment enrichment = RecordingEnricher.enrich(call.segments(), call.events(), directory(ccid, call),
                settings.eventDataFilters(ccid), acw, settings.includeUnknownAgent(ccid));
        Set<String> storedMedia = recordings.find(ccid, RecordingKind.CALL, call.callUuid())
                .map(r -> r.recording().mediaFiles().stream().map(MediaFile::mediaId).collect(Collectors.toSet()))
                .orElse(Set.of());
        Recording recording = enrichment.withoutMedia(storedMedia);
        if (recording.mediaFiles().isEmpty() && storedMedia.isEmpty()) {
            return Outcome.NOTHING_TO_DO;
        }
        store.store(cc, recording);
        return Outcome.STORED;
    }

    /** The directory entries of every user name the call mentions, read once (one BatchGetItem per 100 names). */
    private AgentLookup directory(String ccid, CallIntake call) {
        Set<String> names = new LinkedHashSet<>();
        for (RawSegment s : call.segments()) {
            Optional.ofNullable(s.username()).ifPresent(names::add);
        }
        for (InteractionEvent e : call.events()) {
            if (e.contact() != null && e.contact().userName() != null) {
                names.add(e.contact().userName());
            }
        }
        if (names.isEmpty()) {
            return AgentLookup.none();
        }
        var known = agents.lookup(ccid, names);
        return userName -> Optional.ofNullable(userName == null ? null : known.get(userName))
                .map(a -> new DirectoryAgent(a.username(), a.firstName(), a.lastName(), a.hierarchy()));
    }

    private Outcome failed(IntakeMessage message, CallIntake call, RuntimeException e, boolean permanent, Instant now) {
        String error = e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "" : e.getMessage());
        EnrichmentProgress.Failure failure = progress.recordFailure(call.ccid(), call.callUuid(), call.attempts(),
                call.firstAttemptAt(), error, permanent, now);
        if (failure.nextAttemptAt().isEmpty()) {
            new Metrics(clock).count(Metrics.INTAKE_DEAD_LETTERED, call.ccid()); // the IntakeDeadLetters alarm
            return Outcome.DEAD_LETTERED;
        }
        enrichQueue.sendWithin(message, Duration.between(now, failure.nextAttemptAt().get()));
        return Outcome.RETRY_SCHEDULED;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
