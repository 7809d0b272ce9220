package io.callvault.core.enrich;

import io.callvault.core.model.CallType;
import io.callvault.core.model.Contact;
import io.callvault.core.model.InteractionEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the interaction events say about the end of the call, for {@link Readiness} and the enricher.
 * Fields are null when the events do not say.
 *
 * @param callEndedAt the latest {@code CallEnded} (a call that crosses switches ends with its last leg)
 * @param acwDoneAt   when after-call work was done: the earliest {@code AfterCallWorkDone} without a contact
 *                    (done for the call), or else the moment the last agent who joined the call reported
 *                    theirs (if no agent joined, the latest per-agent one); the earlier of the two
 * @param callType    the {@code callType} of the latest {@code CallEnded} that carries one
 */
public record InteractionTimeline(Instant callEndedAt, Instant acwDoneAt, CallType callType) {
    private static final Comparator<InteractionEvent> ORDER =
            Comparator.comparing(InteractionEvent::occurredAt).thenComparing(InteractionEvent::eventId);

    public static InteractionTimeline of(Collection<InteractionEvent> events) {
        Instant callEnded = null;
        InteractionEvent typed = null;
        Instant callLevelDone = null;
        Set<String> agents = new HashSet<>();
        Map<String, Instant> agentDone = new HashMap<>();
        for (InteractionEvent e : events) {
            switch (e.type()) {
                case CALL_ENDED -> {
                    callEnded = later(callEnded, e.occurredAt());
                    if (e.callType() != null && (typed == null || ORDER.compare(e, typed) > 0)) {
                        typed = e;
                    }
                }
                case PARTY_JOINED -> {
                    if (isAgent(e) && userName(e.contact()) != null) {
                        agents.add(userName(e.contact()));
                    }
                }
                case AFTER_CALL_WORK_DONE -> {
                    String who = userName(e.contact());
                    if (who == null) {
                        callLevelDone = earlier(callLevelDone, e.occurredAt());
                    } else {
                        agentDone.merge(who, e.occurredAt(), InteractionTimeline::earlier);
                    }
                }
                default -> { }
            }
        }
        Instant allAgentsDone = null;
        if (agents.isEmpty()) {
            for (Instant t : agentDone.values()) {
                allAgentsDone = later(allAgentsDone, t);
            }
        } else if (agentDone.keySet().containsAll(agents)) {
            for (String a : agents) {
                allAgentsDone = later(allAgentsDone, agentDone.get(a));
            }
        }
        Instant acwDone = callLevelDone == null ? allAgentsDone
                : allAgentsDone == null ? callLevelDone : earlier(callLevelDone, allAgentsDone);
        return new InteractionTimeline(callEnded, acwDone, typed == null ? null : typed.callType());
    }

    /** A party that is an agent: the guide's contact type {@code User} (L33020), or one with an agent id. */
    static boolean isAgent(InteractionEvent e) {
        return e.agentId() != null || (e.contact() != null && "User".equalsIgnoreCase(e.contact().type()));
    }

    static String userName(Contact c) {
        return c == null || c.userName() == null || c.userName().isBlank() ? null : c.userName();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
