package io.callvault.core.enrich;

import static io.callvault.core.enrich.Calls.CALL;
import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.codec.InteractionEventCodec;
import io.callvault.core.codec.RecordingCodec;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style: random calls (seeded, so a failure names its seed and replays) whose segments and events
 * arrive in any order, with repeats and conflicting repeats, from different "instances". Every arrival
 * order gives the same recording, byte for byte, and the recording keeps the invariants of the rules.
 */
class RecordingEnricherPropertyTest {
    static final String[] AGENTS = {"ana", "bo", "agent1000", "zoe"};
    static final String[] KEYS = {"Queue", "ORSI:Session", "WWEBundle", "PegAGRoute", "GSIP_REC_FN", "GRECORD_PROGRAM",
            "GRECORD_PARTITIONS", "DispositionCode", "GSRState", "Notes"};
    static final Duration ACW = Duration.ofMinutes(2);

    record Call(List<RawSegment> segments, List<InteractionEvent> events) {}

    static Stream<Long> seeds() {
        return Stream.iterate(1L, s -> s + 1).limit(250);
    }

    static Call randomCall(long seed) {
        Random r = new Random(seed);
        List<RawSegment> segments = new ArrayList<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            int start = r.nextInt(600);
            int length = r.nextInt(5) == 0 ? 0 : r.nextInt(300); // now and then the media server's stop == start
            int agent = r.nextInt(AGENTS.length + 1);
            String agentId = agent == AGENTS.length ? null : "A" + agent;
            String partitions = r.nextInt(4) == 0 ? "/own" + r.nextInt(3) : null;
            segments.add(Calls.segment("m" + i + ".mp3", start, start + length, agentId, agentId == null ? null : "10" + agent,
                    partitions));
        }
        List<InteractionEvent> events = new ArrayList<>();
        int m = r.nextInt(60);
        for (int i = 0; i < m; i++) {
            double at = r.nextInt(1200) - 100 + r.nextInt(1000) / 1000.0;
            String id = "e" + i;
            switch (r.nextInt(7)) {
                case 0, 1 -> {
                    int a = r.nextInt(AGENTS.length);
                    InteractionEventType t = r.nextBoolean() ? InteractionEventType.PARTY_JOINED : InteractionEventType.PARTY_LEFT;
                    String userName = r.nextInt(8) == 0 ? null : AGENTS[a];
                    events.add(new InteractionEvent(id, t, Calls.t(at), CALL,
                            new Contact("User", "10" + a, userName, null, null), r.nextBoolean() ? "A" + a : null, null, null));
                }
                case 2, 3 -> events.add(dataEvent(r, id, InteractionEventType.ATTACHED_DATA, at));
                case 4 -> events.add(dataEvent(r, id, InteractionEventType.ACW_CUSTOM_DATA, at));
                case 5 -> events.add(Calls.ended(id, at));
                default -> events.add(Calls.acwDone(id, at));
            }
        }
        return new Call(segments, events);
    }

    static InteractionEvent dataEvent(Random r, String id, InteractionEventType type, double at) {
        List<Map<String, String>> maps = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
        int keys = 1 + r.nextInt(5);
        for (int k = 0; k < keys; k++) {
            String key = KEYS[r.nextInt(KEYS.length)];
            String value = key.equals("GRECORD_PARTITIONS") ? "/p" + r.nextInt(4) + ",/q" + r.nextInt(2) : "v" + r.nextInt(9);
            maps.get(r.nextInt(3)).put(key, value);
        }
        return Calls.data(id, type, at, maps.get(0), maps.get(1), maps.get(2));
    }

    /** The same call as another arrival: shuffled, some items repeated, some events repeated with other content. */
    static Call arrival(Call call, Random r, boolean withConflicts) {
        List<RawSegment> segments = new ArrayList<>(call.segments());
        List<InteractionEvent> events = new ArrayList<>(call.events());
        for (int i = r.nextInt(4); i > 0; i--) {
            segments.add(call.segments().get(r.nextInt(call.segments().size())));
        }
        for (int i = call.events().isEmpty() ? 0 : r.nextInt(6); i > 0; i--) {
            events.add(call.events().get(r.nextInt(call.events().size())));
        }
        if (withConflicts && !call.events().isEmpty()) {
            InteractionEvent e = call.events().get(0);
            events.add(new InteractionEvent(e.eventId(), InteractionEventType.ATTACHED_DATA, e.occurredAt().plusSeconds(1),
                    CALL, null, null, new EventData(Map.of("Conflict", "yes"), Map.of(), Map.of()), null));
        }
        Collections.shuffle(segments, r);
        Collections.shuffle(events, r);
        return new Call(segments, events);
    }

    static Enrichment enrich(Call c) {
        return RecordingEnricher.enrich(c.segments(), c.events(), Calls.directory(), EventDataFilters.guideDefaults(), ACW);
    }

    static String json(Recording r) {
        return Json.canonical(RecordingCodec.writeStored(r));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyArrivalOrderWithAnyRepeatsGivesTheSameRecording(long seed) {
        Call call = randomCall(seed);
        String reference = json(enrich(call).recording());
        Random r = new Random(seed * 31 + 7);
        for (int i = 0; i < 12; i++) {
            assertThat(json(enrich(arrival(call, r, false)).recording())).as("seed %d, arrival %d", seed, i).isEqualTo(reference);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void conflictingRepeatsAreDecidedTheSameWayInEveryOrder(long seed) {
        Call call = randomCall(seed);
        Random r = new Random(seed * 17 + 3);
        Call first = arrival(call, r, true);
        String reference = json(enrich(first).recording());
        for (int i = 0; i < 8; i++) {
            List<RawSegment> s = new ArrayList<>(first.segments());
            List<InteractionEvent> e = new ArrayList<>(first.events());
            Collections.shuffle(s, r);
            Collections.shuffle(e, r);
            Enrichment again = enrich(new Call(s, e));
            assertThat(json(again.recording())).as("seed %d, order %d", seed, i).isEqualTo(reference);
            assertThat(again.report()).isEqualTo(enrich(first).report());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theRecordingKeepsTheRules(long seed) {
        Call call = randomCall(seed);
        Recording rec = enrich(call).recording();

        Instant min = call.segments().stream().map(s -> s.mediaFile().startTime()).min(Comparator.naturalOrder()).orElseThrow();
        Instant max = call.segments().stream().map(s -> s.mediaFile().stopTime()).max(Comparator.naturalOrder()).orElseThrow();
        assertThat(rec.startTime()).isEqualTo(min);
        assertThat(rec.stopTime()).isEqualTo(max);
        assertThat(rec.mediaFiles()).extracting(MediaFile::mediaId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(call.segments().stream().map(RawSegment::mediaId).toList());
        assertThat(rec.eventHistory()).extracting(CallEvent::eventId).doesNotHaveDuplicates().doesNotContainNull();
        Set<String> historyKeys = new HashSet<>();
        for (CallEvent e : rec.eventHistory()) {
            if (e.event() == EventType.DATA) {
                historyKeys.addAll(e.data().added().keySet());
                historyKeys.addAll(e.data().updated().keySet());
                historyKeys.addAll(e.data().deleted().keySet());
                assertThat(e.data().added().size() + e.data().updated().size() + e.data().deleted().size()).isPositive();
            } else {
                assertThat(e.contact().userName()).isNotNull(); // every party here is an agent: named or UNKNOWN
            }
        }
        assertThat(historyKeys).noneMatch(k -> k.startsWith("ORSI:") || k.startsWith("WWE") || k.startsWith("PegAG"));
        // Every protected key of an attached-data event (ACW ones may come too late) reaches the history.
        for (InteractionEvent e : call.events()) {
            if (e.type() == InteractionEventType.ATTACHED_DATA) {
                for (String k : RecordingEnricher.PROTECTED_KEYS) {
                    if (e.data().added().containsKey(k) || e.data().updated().containsKey(k) || e.data().deleted().containsKey(k)) {
                        assertThat(historyKeys).contains(k);
                    }
                }
            }
        }
        for (MediaFile f : rec.mediaFiles()) {
            assertThat(f.parameters().has("rp.speechminer_auth")).isFalse();
            assertThat(f.partitions()).doesNotHaveDuplicates();
            assertThat(f.accessgroups()).doesNotHaveDuplicates();
        }
        assertThat(Json.write(RecordingCodec.writeStored(rec))).doesNotContain("user:password");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void eventsThroughTheFeedsJsonGiveTheSameRecording(long seed) {
        Call call = randomCall(seed);
        if (call.events().isEmpty()) {
            return;
        }
        List<InteractionEvent> viaJson = InteractionEventCodec.parse(CALL,
                Json.write(InteractionEventCodec.writeAll(call.events())));
        assertThat(json(enrich(new Call(call.segments(), viaJson)).recording())).isEqualTo(json(enrich(call).recording()));
    }
}
