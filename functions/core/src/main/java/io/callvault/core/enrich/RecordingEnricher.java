package io.callvault.core.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.InteractionEventCodec;
import io.callvault.core.codec.MediaServerPostCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallEvent;
import io.callvault.core.model.Contact;
import io.callvault.core.model.EventData;
import io.callvault.core.model.EventType;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.InteractionEventType;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the raw segments of one call and its interaction events into the recording the store gets: the
 * guide's Recording Processor / Voice Processor step (spec intake.md §2, §3.1; docs/intake.md "Enrichment
 * rules"). Pure and deterministic: the same segments and events, in any order and with any repeats, give
 * the same recording, so a retried or repeated enrichment stores nothing new.
 *
 * <ul>
 *   <li>Segments merge by mediaId: start = min, stop = max; media files in start order.</li>
 *   <li>Events dedupe by eventId; party events become {@code Joined}/{@code Left}, attached and ACW data
 *       become {@code Data}, filtered by the tenant's {@link EventDataFilters} (never the
 *       {@link #PROTECTED_KEYS}); ACW data after call end + acwThreshold is left out.</li>
 *   <li>{@code partitions} of every segment: its own (posted array and {@code parameters.partitions}) plus the
 *       last value the call set for {@code GRECORD_PARTITIONS}, split at commas (guide L34360-L34369).</li>
 *   <li>{@code accessgroups} of each segment: its own plus the directory's hierarchy paths of the segment's
 *       agent (L34386), the agent named by {@code parameters.username} or else by the party whose agent id
 *       or phone number is the segment's {@code agentId} / {@code recordDN}; that name is written to
 *       {@code parameters.username}, which makes the recording visible to its agent.</li>
 *   <li>{@code rp.speechminer_auth} is removed from every segment's parameters, in any spelling.</li>
 * </ul>
 */
public final class RecordingEnricher {
    /** Never filtered out (guide L7828-L7831, read as the GRECORD_ keys, spec §2.3). */
    public static final Set<String> PROTECTED_KEYS = Set.of("GRECORD_PARTITIONS", "GRECORD_PROGRAM", "GSIP_REC_FN");
    public static final String PARTITIONS_KEY = "GRECORD_PARTITIONS";
    /** The user name of an agent party nobody named (RPS {@code include_unknown_agent}, default true, L14900). */
    public static final String UNKNOWN_AGENT = "UNKNOWN";
    /** Per media file; the codec reads no more back. */
    public static final int MAX_ACCESS_VALUES = 100;
    public static final int MAX_ACCESS_VALUE_CHARS = 256;

    private static final Comparator<RawSegment> SEGMENT_ORDER = Comparator
            .comparing((RawSegment s) -> s.mediaFile().startTime()).thenComparing(RawSegment::mediaId);
    private static final Comparator<InteractionEvent> EVENT_ORDER =
            Comparator.comparing(InteractionEvent::occurredAt).thenComparing(InteractionEvent::eventId);

    private RecordingEnricher() {}

    /**
     * @param segments     the raw segments of one call (one recording id and contact center), at least one
     * @param events       the call's interaction events, any number, any order, repeats allowed
     * @param agents       the tenant's agent directory
     * @param filters      the tenant's event data filters
     * @param acwThreshold the tenant's {@code acwThresholdMinutes}: ACW custom data that occurred later than
     *                     call end plus this is not added (L9722-L9731)
     */
    public static Enrichment enrich(Collection<RawSegment> segments, Collection<InteractionEvent> events,
                                    AgentLookup agents, EventDataFilters filters, Duration acwThreshold) {
        return enrich(segments, events, agents, filters, acwThreshold, true);
    }

    /**
     * As {@link #enrich(Collection, Collection, AgentLookup, EventDataFilters, Duration)}, with the tenant's
     * {@code includeUnknownAgent} (RPS {@code include_unknown_agent}, default true, L14900): false leaves an agent
     * party without a user name unnamed instead of {@value #UNKNOWN_AGENT}.
     */
    public static Enrichment enrich(Collection<RawSegment> segments, Collection<InteractionEvent> events,
                                    AgentLookup agents, EventDataFilters filters, Duration acwThreshold,
                                    boolean includeUnknownAgent) {
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(acwThreshold, "acwThreshold");
        if (acwThreshold.isNegative()) {
            throw new IllegalArgumentException("acwThreshold must not be negative, got " + acwThreshold);
        }
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("a recording needs at least one segment");
        }
        Counts counts = new Counts();
        List<RawSegment> ordered = distinctSegments(segments, counts);
        List<InteractionEvent> history = distinctEvents(events == null ? List.of() : events, counts);

        InteractionTimeline timeline = InteractionTimeline.of(history);
        Instant lastStop = ordered.stream().map(s -> s.mediaFile().stopTime()).max(Comparator.naturalOrder()).orElseThrow();
        Instant callEnd = Readiness.callEnd(timeline.callEndedAt(), lastStop);
        Readiness.CallEndSource source = timeline.callEndedAt() != null && !callEnd.isAfter(timeline.callEndedAt())
                ? Readiness.CallEndSource.CALL_ENDED_EVENT : Readiness.CallEndSource.LAST_SEGMENT;
        Instant acwCutOff = callEnd.plus(acwThreshold);
        List<InteractionEvent> effective = new ArrayList<>();
        for (InteractionEvent e : history) {
            if (e.type() == InteractionEventType.ACW_CUSTOM_DATA && e.occurredAt().isAfter(acwCutOff)) {
                counts.lateAcw++;
            } else {
                effective.add(e);
            }
        }

        List<String> callPartitions = callPartitions(effective);
        Map<String, Presence> parties = presence(effective);
        List<MediaFile> files = new ArrayList<>();
        List<String> withoutAgent = new ArrayList<>();
        List<String> withoutDirectoryEntry = new ArrayList<>();
        for (RawSegment segment : ordered) {
            MediaFile m = segment.mediaFile();
            ObjectNode parameters = m.parameters() == null ? Json.object() : m.parameters().deepCopy();
            MediaServerPostCodec.stripSecrets(parameters);
            String agent = segment.username() != null ? segment.username() : recordedAgent(segment, parties);
            Optional<DirectoryAgent> entry = Optional.empty();
            if (agent == null) {
                withoutAgent.add(segment.mediaId());
            } else {
                if (segment.username() == null) {
                    parameters.put("username", agent);
                }
                entry = agents.find(agent);
                if (entry.isEmpty()) {
                    withoutDirectoryEntry.add(segment.mediaId());
                }
            }
            List<String> partitions = new ArrayList<>(m.partitions());
            JsonNode own = parameters.get("partitions");
            if (own != null && own.isTextual()) {
                partitions.addAll(MediaServerPostCodec.commaList(own.textValue()));
            }
            partitions.addAll(callPartitions);
            List<String> groups = new ArrayList<>(m.accessgroups());
            entry.ifPresent(a -> groups.addAll(a.hierarchyPaths()));
            files.add(m.toBuilder()
                    .parameters(parameters)
                    .partitions(accessValues(partitions, counts))
                    .accessgroups(accessValues(groups, counts))
                    .build());
        }

        List<CallEvent> eventHistory = new ArrayList<>();
        for (InteractionEvent e : effective) {
            switch (e.type()) {
                case PARTY_JOINED -> eventHistory.add(partyEvent(e, EventType.JOINED, agents, includeUnknownAgent));
                case PARTY_LEFT -> eventHistory.add(partyEvent(e, EventType.LEFT, agents, includeUnknownAgent));
                case ATTACHED_DATA, ACW_CUSTOM_DATA -> {
                    EventData data = filtered(e, filters, counts);
                    if (data == null) {
                        counts.emptied++;
                    } else {
                        eventHistory.add(new CallEvent(e.occurredAt(), e.callUuid(), e.eventId(), EventType.DATA,
                                null, data));
                    }
                }
                default -> { } // CallEnded and AfterCallWorkDone time the recording; they are not history.
            }
        }

        RawSegment first = ordered.get(0);
        Recording recording = Recording.builder(RecordingKind.CALL)
                .id(first.recordingId())
                .callerPhoneNumber(firstOf(ordered, RawSegment::ani))
                .dialedPhoneNumber(firstOf(ordered, RawSegment::dnis))
                .startTime(first.mediaFile().startTime())
                .stopTime(lastStop)
                .callType(timeline.callType())
                .mediaFiles(files)
                .eventHistory(eventHistory)
                .build();
        EnrichmentReport report = new EnrichmentReport(ordered.size(), counts.duplicateSegments,
                counts.conflictingSegments, history.size(), counts.duplicateEvents, counts.conflictingEvents,
                counts.lateAcw, counts.droppedKeys, counts.emptied, counts.rejectedAccess, withoutAgent,
                withoutDirectoryEntry, callEnd, source);
        return new Enrichment(recording, report);
    }

    // ------------------------------------------------------------------ merge

    /**
     * One segment per mediaId. Repeats with other content (the intake keeps the first; enrichment cannot know
     * which that was) are settled by the smallest fingerprint, and counted as the number of contents beyond
     * the first: both independent of arrival order.
     */
    private static List<RawSegment> distinctSegments(Collection<RawSegment> segments, Counts counts) {
        Map<String, List<RawSegment>> byMedia = new HashMap<>();
        RawSegment any = segments.iterator().next();
        for (RawSegment s : segments) {
            if (!s.ccid().equals(any.ccid()) || !s.recordingId().equals(any.recordingId())) {
                throw new IllegalArgumentException("segments of different recordings: " + any.recordingId() + " and "
                        + s.recordingId() + " (contact centers " + any.ccid() + ", " + s.ccid() + ")");
            }
            byMedia.computeIfAbsent(s.mediaId(), k -> new ArrayList<>()).add(s);
        }
        List<RawSegment> ordered = new ArrayList<>();
        for (List<RawSegment> same : byMedia.values()) {
            counts.duplicateSegments += same.size() - 1;
            Map<String, RawSegment> byContent = new TreeMap<>();
            same.forEach(s -> byContent.putIfAbsent(s.fingerprint(), s));
            counts.conflictingSegments += byContent.size() - 1;
            ordered.add(byContent.values().iterator().next());
        }
        ordered.sort(SEGMENT_ORDER);
        return ordered;
    }

    /** One event per eventId, settled and counted as {@link #distinctSegments} does, by canonical JSON. */
    private static List<InteractionEvent> distinctEvents(Collection<InteractionEvent> events, Counts counts) {
        Map<String, List<InteractionEvent>> byId = new HashMap<>();
        for (InteractionEvent e : events) {
            byId.computeIfAbsent(e.eventId(), k -> new ArrayList<>(1)).add(e);
        }
        List<InteractionEvent> ordered = new ArrayList<>(byId.size());
        for (List<InteractionEvent> same : byId.values()) {
            counts.duplicateEvents += same.size() - 1;
            InteractionEvent first = same.get(0);
            if (same.stream().allMatch(first::equals)) {
                ordered.add(first);
                continue;
            }
            Map<String, InteractionEvent> byContent = new TreeMap<>();
            same.forEach(e -> byContent.putIfAbsent(InteractionEventCodec.canonical(e), e));
            counts.conflictingEvents += byContent.size() - 1;
            ordered.add(byContent.values().iterator().next());
        }
        ordered.sort(EVENT_ORDER);
        return ordered;
    }

    // ------------------------------------------------------------------ partitions and access groups

    /** The last value the call set for GRECORD_PARTITIONS (added or updated; deletions at tear-down do not count). */
    private static List<String> callPartitions(List<InteractionEvent> ordered) {
        String last = null;
        for (InteractionEvent e : ordered) {
            if (e.data() == null) {
                continue;
            }
            String v = e.data().updated().get(PARTITIONS_KEY);
            if (v == null) {
                v = e.data().added().get(PARTITIONS_KEY);
            }
            if (v != null) {
                last = v;
            }
        }
        return last == null ? List.of() : MediaServerPostCodec.commaList(last);
    }

    /** Distinct, in order, each 1-256 characters without control characters, at most 100. */
    private static List<String> accessValues(List<String> values, Counts counts) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || v.isBlank() || v.length() > MAX_ACCESS_VALUE_CHARS || hasControl(v)) {
                counts.rejectedAccess++;
            } else if (out.size() >= MAX_ACCESS_VALUES && !out.contains(v)) {
                counts.rejectedAccess++;
            } else {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ parties

    /** Where a named party was on the call (first join to last leave), and by which agent ids and numbers it was known. */
    private static final class Presence {
        Instant from;
        Instant to;
        /** Its last event is a join: present until the end. */
        boolean open;
        final Set<String> agentIds = new HashSet<>();
        final Set<String> phoneNumbers = new HashSet<>();
    }

    private static Map<String, Presence> presence(List<InteractionEvent> ordered) {
        Map<String, Presence> byName = new TreeMap<>();
        for (InteractionEvent e : ordered) {
            String name = e.type().isParty() ? InteractionTimeline.userName(e.contact()) : null;
            if (name == null) {
                continue;
            }
            Presence p = byName.computeIfAbsent(name, n -> new Presence());
            if (e.agentId() != null) {
                p.agentIds.add(e.agentId());
            }
            if (e.contact().phoneNumber() != null) {
                p.phoneNumbers.add(e.contact().phoneNumber());
            }
            // Events come in time order: the party is still there if its last event is a join.
            if (e.type() == InteractionEventType.PARTY_JOINED) {
                if (p.from == null) {
                    p.from = e.occurredAt();
                }
                p.open = true;
            } else {
                p.to = e.occurredAt();
                p.open = false;
            }
        }
        return byName;
    }

    /**
     * The party recorded on a segment: one whose agent id is the segment's {@code agentId}, or else whose
     * phone number is its {@code recordDN}; among several (a DN used by several agents), the one present
     * longest during the segment, then the one present at its start, then the first by name.
     */
    private static String recordedAgent(RawSegment segment, Map<String, Presence> parties) {
        String agentId = segment.agentId();
        String dn = segment.recordDn();
        Instant start = segment.mediaFile().startTime();
        Instant stop = segment.mediaFile().stopTime();
        String best = null;
        long[] bestScore = null;
        for (var entry : parties.entrySet()) {
            Presence p = entry.getValue();
            boolean byId = agentId != null && p.agentIds.contains(agentId);
            boolean byDn = dn != null && p.phoneNumbers.contains(dn);
            if (!byId && !byDn) {
                continue;
            }
            Instant from = p.from == null ? Instant.MIN : p.from;
            Instant to = p.to == null || p.open ? Instant.MAX : p.to;
            Instant overlapFrom = from.isAfter(start) ? from : start;
            Instant overlapTo = to.isBefore(stop) ? to : stop;
            long overlap = overlapTo.isAfter(overlapFrom) ? Duration.between(overlapFrom, overlapTo).toMillis() : 0;
            long present = !from.isAfter(start) && !to.isBefore(start) ? 1 : 0;
            long[] score = {byId ? 1 : 0, overlap, present};
            if (bestScore == null || compare(score, bestScore) > 0) {
                best = entry.getKey();
                bestScore = score;
            }
        }
        return best;
    }

    private static int compare(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = Long.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static CallEvent partyEvent(InteractionEvent e, EventType type, AgentLookup agents,
                                        boolean includeUnknownAgent) {
        Contact c = e.contact();
        String userName = InteractionTimeline.userName(c);
        String firstName = c.firstName();
        String lastName = c.lastName();
        if (userName == null) {
            userName = includeUnknownAgent && InteractionTimeline.isAgent(e) ? UNKNOWN_AGENT : null;
        } else if (firstName == null || lastName == null) {
            Optional<DirectoryAgent> known = agents.find(userName);
            if (known.isPresent()) {
                firstName = firstName != null ? firstName : known.get().firstName();
                lastName = lastName != null ? lastName : known.get().lastName();
            }
        }
        return new CallEvent(e.occurredAt(), e.callUuid(), e.eventId(), type,
                new Contact(c.type(), c.phoneNumber(), userName, firstName, lastName), null);
    }

    // ------------------------------------------------------------------ filters

    /** The event's data without the keys the filters drop; null when nothing is left. */
    private static EventData filtered(InteractionEvent e, EventDataFilters filters, Counts counts) {
        boolean acw = e.type() == InteractionEventType.ACW_CUSTOM_DATA;
        Map<String, String> added = keep(e.data().added(), acw, filters, counts);
        Map<String, String> updated = keep(e.data().updated(), acw, filters, counts);
        Map<String, String> deleted = keep(e.data().deleted(), acw, filters, counts);
        if (added.isEmpty() && updated.isEmpty() && deleted.isEmpty()) {
            return null;
        }
        return new EventData(added, updated, deleted);
    }

    private static Map<String, String> keep(Map<String, String> values, boolean acw, EventDataFilters filters,
                                            Counts counts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var entry : values.entrySet()) {
            String key = entry.getKey();
            boolean drop = !PROTECTED_KEYS.contains(key)
                    && (acw ? filters.dropsAcwCustomData(key) : filters.dropsAttachedData(key));
            if (drop) {
                counts.droppedKeys++;
            } else {
                out.put(key, entry.getValue());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private static String firstOf(List<RawSegment> ordered, java.util.function.Function<RawSegment, String> field) {
        for (RawSegment s : ordered) {
            String v = field.apply(s);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static final class Counts {
        int duplicateSegments;
        int conflictingSegments;
        int duplicateEvents;
        int conflictingEvents;
        int lateAcw;
        int droppedKeys;
        int emptied;
        int rejectedAccess;
    }
}
