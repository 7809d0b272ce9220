package io.callvault.api.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.ContactCenters;
import io.callvault.api.intake.IntakeLedger.MediaGuard;
import io.callvault.api.intake.IntakeLedger.Registration;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.codec.MediaServerPostCodec;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.json.Json;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.MediaServerPost;
import io.callvault.core.model.RawSegment;
import io.callvault.core.store.ConflictException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The media server's bare metadata post ({@code POST /api/contact-centers/{ccid}/recordings/}, spec intake.md §1,
 * §7.1.1, §7.3): each media file is kept as a raw segment of its call and the call is scheduled for enrichment.
 * Idempotent on {@code (ccid, mediaId)}: a retry is a {@link Outcome#DUPLICATE} that finishes whatever an earlier
 * attempt left undone; other content under a known mediaId is a {@link Outcome#CONFLICT} (the first is kept); a
 * mediaId another contact center posted first is 409 and the post writes nothing.
 */
public final class RawIntake {
    private final IntakeLedger ledger;
    private final ContactCenters contactCenters;
    private final IntakeQueue enrichQueue;
    private final Metrics metrics;
    private final Clock clock;

    public RawIntake(IntakeLedger ledger, ContactCenters contactCenters, IntakeQueue enrichQueue, Metrics metrics,
                     Clock clock) {
        this.ledger = ledger;
        this.contactCenters = contactCenters;
        this.enrichQueue = enrichQueue;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Takes one post. The caller is checked before the body is read ({@code body} gives the request's text: 413
     * over 1 MiB). Order of writes per media file: guard, segment, STATE registration; then one enrichment check
     * per call that became PENDING (or whose check is due and may have been lost with an earlier attempt).
     *
     * @throws InvalidFieldException 400 for a body the codec refuses, naming the field
     * @throws ConflictException     409 for a mediaId of another contact center
     * @throws ApiException          403, 404, 413, or 503 when the check could not be queued (the post is kept)
     */
    public IntakeAnswer post(Caller caller, String ccid, Supplier<String> body) {
        IntakeGate.admit(caller, ccid, contactCenters);
        MediaServerPost post = parse(ccid, body);
        List<RawSegment> segments = post.segments();

        // Every guard first: a post with a mediaId of another tenant writes nothing at all.
        List<Optional<MediaGuard>> guards = new ArrayList<>();
        for (RawSegment s : segments) {
            Optional<MediaGuard> guard = ledger.guard(s.mediaId());
            guard.ifPresent(g -> refuseOtherTenant(ccid, g));
            guards.add(guard);
        }

        ObjectNode answer = Json.object();
        ArrayNode files = answer.putArray("mediaFiles");
        Set<String> toCheck = new LinkedHashSet<>();
        boolean stored = false;
        for (int i = 0; i < segments.size(); i++) {
            RawSegment s = segments.get(i);
            Optional<MediaGuard> guard = guards.get(i).isPresent() ? guards.get(i) : ledger.claim(s);
            Outcome outcome = Outcome.STORED;
            if (guard.isPresent()) {
                refuseOtherTenant(ccid, guard.get()); // claimed by another tenant since the check: a race
                outcome = guard.get().fingerprint().equals(s.fingerprint()) ? Outcome.DUPLICATE : Outcome.CONFLICT;
            }
            if (outcome == Outcome.CONFLICT) {
                ledger.countConflict(s.mediaId());
                metrics.count("IntakeMediaConflict", ccid);
                IntakeGate.log("WARN", "intake-media-conflict", Json.object().put("ccid", ccid)
                        .put("mediaId", s.mediaId()).put("callUuid", s.recordingId())
                        .put("firstCallUuid", guard.get().callUuid()));
            } else {
                // A repeat does these too: an earlier attempt may have stopped after its guard.
                ledger.putSegment(s);
                Registration r = ledger.registerSegment(ccid, s.recordingId(), s.mediaId());
                if (r.turnedPending() || r.checkMayBeLost(clock.instant())) {
                    toCheck.add(s.recordingId());
                }
                stored |= outcome == Outcome.STORED;
            }
            ObjectNode file = files.addObject().put("mediaId", s.mediaId()).put("callUuid", s.recordingId())
                    .put("outcome", outcome.name());
            ArrayNode flags = file.putArray("flags");
            s.flags().stream().map(Enum::name).sorted().forEach(flags::add);
        }
        for (String callUuid : toCheck) {
            IntakeGate.queueCheck(enrichQueue, new IntakeMessage(ccid, callUuid));
        }
        return new IntakeAnswer(stored ? 201 : 200, answer);
    }

    private MediaServerPost parse(String ccid, Supplier<String> body) {
        try {
            MediaServerPost post = MediaServerPostCodec.parse(ccid, body.get());
            for (int i = 0; i < post.segments().size(); i++) {
                try {
                    IntakeLedger.segmentJson(post.segments().get(i));
                } catch (IllegalArgumentException tooLarge) {
                    throw new InvalidFieldException("mediaFiles[" + i + "]", tooLarge.getMessage());
                }
            }
            return post;
        } catch (InvalidFieldException | ApiException refused) {
            metrics.count("IntakePostRejected", ccid);
            throw refused;
        }
    }

    private void refuseOtherTenant(String ccid, MediaGuard guard) {
        if (!guard.ccid().equals(ccid)) {
            metrics.count(Metrics.INTAKE_MEDIA_ID_OF_OTHER_TENANT, ccid);
            IntakeGate.log("WARN", "intake-media-other-tenant", Json.object().put("ccid", ccid)
                    .put("mediaId", guard.mediaId()).put("ownerCcid", guard.ccid()));
            throw new ConflictException("mediaId " + guard.mediaId() + " was posted to another contact center first");
        }
    }
}
