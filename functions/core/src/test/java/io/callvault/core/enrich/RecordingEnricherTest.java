package io.callvault.core.enrich;

import static io.callvault.core.enrich.Calls.CALL;
import static io.callvault.core.enrich.Calls.acw;
import static io.callvault.core.enrich.Calls.acwDone;
import static io.callvault.core.enrich.Calls.added;
import static io.callvault.core.enrich.Calls.data;
import static io.callvault.core.enrich.Calls.deleted;
import static io.callvault.core.enrich.Calls.directory;
import static io.callvault.core.enrich.Calls.ended;
import static io.callvault.core.enrich.Calls.joined;
import static io.callvault.core.enrich.Calls.left;
import static io.callvault.core.enrich.Calls.party;
import static io.callvault.core.enrich.Calls.segment;
import static io.callvault.core.enrich.Calls.t;
import static io.callvault.core.enrich.Calls.updated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.IntakeFixtures;
import io.callvault.core.codec.MediaServerPostCodec;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallEvent;
import io.callvault.core.model.CallType;
import io.callvault.core.model.Contact;
import io.callvault.core.model.EventType;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.InteractionEventType;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.RecordingStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Enrichment rules (docs/intake.md "Enrichment rules"; spec intake.md §2, §3.1, §4.3, §7.4). */
class RecordingEnricherTest {
    static final Duration ACW = Duration.ofMinutes(5);
    static final EventDataFilters DEFAULTS = EventDataFilters.guideDefaults();

    static Enrichment enrich(List<RawSegment> segments, List<InteractionEvent> events) {
        return RecordingEnricher.enrich(segments, events, directory(), DEFAULTS, ACW);
    }

    static MediaFile media(Enrichment e, String mediaId) {
        return e.recording().mediaFiles().stream().filter(m -> m.mediaId().equals(mediaId)).findFirst().orElseThrow();
    }

    static CallEvent event(Enrichment e, String eventId) {
        return e.recording().eventHistory().stream().filter(x -> eventId.equals(x.eventId())).findFirst().orElseThrow();
    }

    static String json(Recording r) {
        return Json.canonical(RecordingCodec.writeStored(r));
    }

    // ------------------------------------------------------------------ the guide's call

    @Test
    void theGuidesRawPostsAndEventsGiveTheGuidesRecording() {
        Recording guide = RecordingCodec.read(GuideFixtures.callRecording(), RecordingKind.CALL);
        Enrichment e = RecordingEnricher.enrich(List.of(IntakeFixtures.segment(1), IntakeFixtures.segment(0)),
                IntakeFixtures.events(), directory(), DEFAULTS, ACW);
        Recording r = e.recording();

        assertThat(r.id()).isEqualTo(guide.id());
        assertThat(r.callerPhoneNumber()).isEqualTo(guide.callerPhoneNumber());
        assertThat(r.dialedPhoneNumber()).isEqualTo(guide.dialedPhoneNumber());
        assertThat(r.startTime()).isEqualTo(guide.startTime());
        assertThat(r.stopTime()).isEqualTo(guide.stopTime());
        assertThat(r.callType()).isEqualTo(CallType.INBOUND);
        // Whole media files: user name found through the parties, partitions from parameters, access groups
        // from the directory, the credential gone. Exactly the guide's (L32878-L32952).
        assertThat(r.mediaFiles()).isEqualTo(guide.mediaFiles());
        // eventHistory: the guide's ten events; our party events carry the feed's event ids.
        Function<CallEvent, CallEvent> withoutPartyIds = x -> x.event() == EventType.DATA ? x
                : new CallEvent(x.occurredAt(), x.calluuid(), null, x.event(), x.contact(), x.data());
        assertThat(r.eventHistory()).extracting(withoutPartyIds).containsExactlyInAnyOrderElementsOf(guide.eventHistory());
        assertThat(e.report().mediaIdsWithoutAgent()).isEmpty();
        assertThat(e.report().mediaIdsWithoutDirectoryEntry()).isEmpty();
        assertThat(e.report().callEndSource()).isEqualTo(Readiness.CallEndSource.CALL_ENDED_EVENT);
    }

    @Test
    void theResultIsWhatTheStoreReadsBack() {
        Enrichment e = enrich(List.of(IntakeFixtures.segment(0), IntakeFixtures.segment(1)), IntakeFixtures.events());
        ObjectNode stored = RecordingCodec.writeStored(e.recording());
        assertThat(RecordingCodec.readStored(stored, RecordingKind.CALL)).isEqualTo(e.recording());
        assertThat(Json.write(stored)).doesNotContain("user:password").doesNotContain("speechminer_auth");
    }

    // ------------------------------------------------------------------ merge

    @Test
    void segmentsMergeStartMinStopMaxInStartOrderWhateverTheArrival() {
        RawSegment a = segment("a.mp3", 10, 40, "1", "1001");
        RawSegment b = segment("b.mp3", 45, 90, "2", "1002");
        RawSegment c = segment("c.mp3", 0, 5, null, null); // IVR before the agents
        Enrichment e = enrich(List.of(b, c, a), List.of());
        assertThat(e.recording().mediaFiles()).extracting(MediaFile::mediaId).containsExactly("c.mp3", "a.mp3", "b.mp3");
        assertThat(e.recording().startTime()).isEqualTo(t(0));
        assertThat(e.recording().stopTime()).isEqualTo(t(90));
        assertThat(json(enrich(List.of(a, b, c), List.of()).recording())).isEqualTo(json(e.recording()));
    }

    @Test
    void aRepeatedSegmentCountsOnceAndAConflictingRepeatIsDecidedByContentNotArrival() {
        RawSegment a = segment("a.mp3", 10, 40, "1", "1001");
        RawSegment a2 = segment("a.mp3", 10, 41, "1", "1001");
        Enrichment once = enrich(List.of(a, a, segment("b.mp3", 45, 90, "2", "1002")), List.of());
        assertThat(once.recording().mediaFiles()).hasSize(2);
        assertThat(once.report().duplicateSegments()).isEqualTo(1);
        assertThat(once.report().conflictingSegments()).isZero();

        Enrichment ab = enrich(List.of(a, a2), List.of());
        Enrichment ba = enrich(List.of(a2, a), List.of());
        assertThat(json(ab.recording())).isEqualTo(json(ba.recording()));
        assertThat(ab.report().conflictingSegments()).isEqualTo(1);
    }

    @Test
    void stopEqualToStartIsMergedLikeAnyOtherSegment() {
        RawSegment failed = segment("f.mp3", 50, 50, "1", "1001");
        Enrichment e = enrich(List.of(segment("a.mp3", 10, 40, "1", "1001"), failed), List.of());
        assertThat(e.recording().stopTime()).isEqualTo(t(50));
        assertThat(media(e, "f.mp3").stopTime()).isEqualTo(media(e, "f.mp3").startTime());
    }

    @Test
    void eventsBeforeAndAfterTheMediaAreKeptAndDoNotStretchTheRecording() {
        List<InteractionEvent> events = List.of(
                joined("j", -30, "ana", "1001", "1"),
                added("early", -20, Map.of("Queue", "Sales")),
                added("late", 300, Map.of("Survey", "5")),
                left("l", 200, "ana", "1001", "1"));
        Enrichment e = enrich(List.of(segment("a.mp3", 10, 40, "1", "1001")), events);
        assertThat(e.recording().eventHistory()).extracting(CallEvent::eventId).containsExactly("j", "early", "l", "late");
        assertThat(e.recording().startTime()).isEqualTo(t(10));
        assertThat(e.recording().stopTime()).isEqualTo(t(40));
    }

    @Test
    void repeatedEventsAppearOnceAndNoEventIdRepeats() {
        InteractionEvent x = added("x", 5, Map.of("K", "v"));
        InteractionEvent y = joined("y", 1, "ana", "1001", "1");
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")), List.of(x, y, x, y, x));
        assertThat(e.recording().eventHistory()).extracting(CallEvent::eventId).containsExactly("y", "x");
        assertThat(e.report().duplicateEvents()).isEqualTo(3);
        assertThat(e.report().conflictingEvents()).isZero();
    }

    @Test
    void aConflictingRepeatOfAnEventIsDecidedByContentNotArrival() {
        InteractionEvent v1 = added("x", 5, Map.of("K", "v1"));
        InteractionEvent v2 = added("x", 5, Map.of("K", "v2"));
        List<RawSegment> s = List.of(segment("a.mp3", 0, 40, "1", "1001"));
        Enrichment first = enrich(s, List.of(v1, v2));
        Enrichment second = enrich(s, List.of(v2, v1));
        assertThat(json(first.recording())).isEqualTo(json(second.recording()));
        assertThat(first.recording().eventHistory()).hasSize(1);
        assertThat(first.report().conflictingEvents()).isEqualTo(1);
    }

    @Test
    void endAndAcwEventsTimeTheCallButAreNotHistory() {
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")),
                List.of(ended("end", 41), acwDone("done", 60), added("d", 2, Map.of("K", "v"))));
        assertThat(e.recording().eventHistory()).extracting(CallEvent::eventId).containsExactly("d");
        assertThat(e.recording().callType()).isEqualTo(CallType.INBOUND);
        assertThat(e.report().callEnd()).isEqualTo(t(41));
    }

    // ------------------------------------------------------------------ partitions

    @Test
    void grecordPartitionsIsSplitAtCommasAndGivenToEverySegment() {
        // Spec §7.4.14; "Partitions are assigned to all segments equally" (L34386).
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001"), segment("b.mp3", 50, 90, "2", "1002")),
                List.of(added("p", 3, Map.of("GRECORD_PARTITIONS", "/sales,/support"))));
        assertThat(media(e, "a.mp3").partitions()).containsExactly("/sales", "/support");
        assertThat(media(e, "b.mp3").partitions()).containsExactly("/sales", "/support");
    }

    @Test
    void theLastValueTheCallSetCountsAndATearDownDeleteDoesNotUndoIt() {
        // "The attached data key can be set at anytime during the call, and the last effective value in the
        // call is taken" (L34369).
        List<InteractionEvent> events = List.of(
                added("p1", 3, Map.of("GRECORD_PARTITIONS", "/sales")),
                updated("p2", 20, Map.of("GRECORD_PARTITIONS", "/support, /vip ,")),
                deleted("p3", 95, Map.of("GRECORD_PARTITIONS", "/support, /vip ,")));
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")), events);
        assertThat(media(e, "a.mp3").partitions()).containsExactly("/support", "/vip");
    }

    @Test
    void aSegmentsOwnPartitionsComeFirstWithoutRepeats() {
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001", "sales,/vip")),
                List.of(added("p", 3, Map.of("GRECORD_PARTITIONS", "/vip,/support"))));
        assertThat(media(e, "a.mp3").partitions()).containsExactly("sales", "/vip", "/support");
        assertThat(media(e, "a.mp3").parameters().get("partitions").asText()).as("kept as posted").isEqualTo("sales,/vip");
    }

    @Test
    void partitionsSetInAcwDataCountUnlessTheyCameTooLate() {
        List<RawSegment> s = List.of(segment("a.mp3", 0, 40, "1", "1001"));
        Enrichment inTime = enrich(s, List.of(ended("e", 40), acw("w", 100, Map.of("GRECORD_PARTITIONS", "/late"))));
        assertThat(media(inTime, "a.mp3").partitions()).containsExactly("/late");
        Enrichment tooLate = enrich(s, List.of(ended("e", 40), acw("w", 40 + 301, Map.of("GRECORD_PARTITIONS", "/late"))));
        assertThat(media(tooLate, "a.mp3").partitions()).isEmpty();
    }

    @Test
    void badOrTooManyPartitionsAreLeftOutAndCounted() {
        StringBuilder many = new StringBuilder("/bad\u0001one,").append("x".repeat(300));
        for (int i = 0; i < 120; i++) {
            many.append(",/p").append(i);
        }
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")),
                List.of(added("p", 3, Map.of("GRECORD_PARTITIONS", many.toString()))));
        assertThat(media(e, "a.mp3").partitions()).hasSize(RecordingEnricher.MAX_ACCESS_VALUES).startsWith("/p0");
        assertThat(e.report().rejectedAccessValues()).isEqualTo(2 + 20);
        assertThat(RecordingCodec.readStored(RecordingCodec.writeStored(e.recording()), RecordingKind.CALL))
                .isEqualTo(e.recording());
    }

    // ------------------------------------------------------------------ access groups and the agent

    @Test
    void eachSegmentGetsTheHierarchyOfItsOwnAgent() {
        // "For each recording segment, agent hierarchy is assigned separately based on the agent for that
        // segment" (L34386).
        List<InteractionEvent> events = List.of(
                joined("j1", 0, "ana", "1001", "A1"), left("l1", 42, "ana", "1001", "A1"),
                joined("j2", 41, "bo", "1002", "B2"), left("l2", 95, "bo", "1002", "B2"));
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "A1", "1001"), segment("b.mp3", 45, 90, "B2", "1002")),
                events);
        assertThat(media(e, "a.mp3").accessgroups()).containsExactly("/emea/lisbon", "/emea/quality");
        assertThat(media(e, "a.mp3").parameters().get("username").asText()).isEqualTo("ana");
        assertThat(media(e, "b.mp3").accessgroups()).containsExactly("/emea/stockholm");
        assertThat(media(e, "b.mp3").parameters().get("username").asText()).isEqualTo("bo");
    }

    @Test
    void aUsernameTheMediaServerSentWins() {
        RawSegment s = segment("a.mp3", 0, 40, "A1", "1001");
        ObjectNode p = s.mediaFile().parameters().deepCopy().put("username", "bo");
        RawSegment named = new RawSegment(s.ccid(), s.recordingId(), s.sessionId(),
                s.mediaFile().toBuilder().parameters(p).build(), s.flags(), s.fingerprint());
        Enrichment e = enrich(List.of(named), List.of(joined("j1", 0, "ana", "1001", "A1")));
        assertThat(media(e, "a.mp3").accessgroups()).containsExactly("/emea/stockholm");
    }

    @Test
    void theAgentIdIsAStrongerMatchThanTheNumber() {
        List<InteractionEvent> events = List.of(joined("j1", 0, "ana", "1001", "A1"), joined("j2", 0, "bo", "2002", "B2"));
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "B2", "1001")), events);
        assertThat(media(e, "a.mp3").parameters().get("username").asText()).isEqualTo("bo");
    }

    @Test
    void aNumberUsedByTwoAgentsInTurnGoesToTheOneOnTheCallDuringTheSegment() {
        List<InteractionEvent> events = List.of(
                joined("j1", 0, "ana", "1001", null), left("l1", 30, "ana", "1001", null),
                joined("j2", 35, "bo", "1001", null), left("l2", 100, "bo", "1001", null));
        Enrichment e = enrich(List.of(segment("a.mp3", 1, 29, null, "1001"), segment("b.mp3", 36, 99, null, "1001")), events);
        assertThat(media(e, "a.mp3").parameters().get("username").asText()).isEqualTo("ana");
        assertThat(media(e, "b.mp3").parameters().get("username").asText()).isEqualTo("bo");
    }

    @Test
    void anAgentMissingFromTheDirectoryIsNamedButGetsNoHierarchy() {
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "Z9", "1009")), List.of(joined("j", 0, "zoe", "1009", "Z9")));
        assertThat(media(e, "a.mp3").parameters().get("username").asText()).isEqualTo("zoe");
        assertThat(media(e, "a.mp3").accessgroups()).isEmpty();
        assertThat(e.report().mediaIdsWithoutDirectoryEntry()).containsExactly("a.mp3");
    }

    @Test
    void aSegmentNobodyCanBeMatchedToStaysRootOnlyAndIsReported() {
        // IVR segments have no agent hierarchy (L31778); the unknown user name goes to eventHistory only, never
        // to parameters.username, where it would make an agent called UNKNOWN the recording's agent.
        Enrichment e = enrich(List.of(segment("ivr.mp3", 0, 40, null, null)), List.of());
        assertThat(media(e, "ivr.mp3").accessgroups()).isEmpty();
        assertThat(media(e, "ivr.mp3").parameters().has("username")).isFalse();
        assertThat(e.report().mediaIdsWithoutAgent()).containsExactly("ivr.mp3");
    }

    @Test
    void anUnknownAgentPartyIsCalledUnknownAndACustomerStaysUnnamed() {
        // Spec §7.4.16; RPS include_unknown_agent default true (L14900).
        List<InteractionEvent> events = List.of(
                party("agent", InteractionEventType.PARTY_JOINED, 1, new Contact("User", "1001", null, null, null)),
                party("customer", InteractionEventType.PARTY_JOINED, 0, new Contact("External", "5551000", null, null, null)));
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, null, null)), events);
        assertThat(event(e, "agent").contact().userName()).isEqualTo(RecordingEnricher.UNKNOWN_AGENT);
        assertThat(event(e, "customer").contact().userName()).isNull();
    }

    @Test
    void aTenantThatTurnsIncludeUnknownAgentOffGetsTheAgentPartyUnnamed() {
        List<InteractionEvent> events = List.of(
                party("agent", InteractionEventType.PARTY_JOINED, 1, new Contact("User", "1001", null, null, null)));
        Enrichment e = RecordingEnricher.enrich(List.of(segment("a.mp3", 0, 40, null, null)), events, AgentLookup.none(),
                DEFAULTS, Duration.ZERO, false);
        assertThat(event(e, "agent").contact().userName()).isNull();
    }

    @Test
    void theDirectoryFillsMissingNamesAndLeavesGivenOnes() {
        List<InteractionEvent> events = List.of(
                party("a", InteractionEventType.PARTY_JOINED, 0, new Contact("User", "1001", "ana", null, null)),
                party("b", InteractionEventType.PARTY_JOINED, 0, new Contact("User", "1002", "bo", "Bob", null)));
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, null, "1001")), events);
        assertThat(event(e, "a").contact()).isEqualTo(new Contact("User", "1001", "ana", "Ana", "Alves"));
        assertThat(event(e, "b").contact()).isEqualTo(new Contact("User", "1002", "bo", "Bob", "Berg"));
    }

    @Test
    void multibyteNamesComeThroughUnchanged() {
        // Spec §7.4.15 (RPS config_server_encoding).
        AgentLookup dir = AgentLookup.of(List.of(new DirectoryAgent("山田", "太郎", "山田", List.of("/東京/営業"))));
        List<InteractionEvent> events = List.of(party("j", InteractionEventType.PARTY_JOINED, 0,
                new Contact("User", "1001", "山田", null, null)));
        Enrichment e = RecordingEnricher.enrich(List.of(segment("a.mp3", 0, 40, null, "1001")), events, dir, DEFAULTS, ACW);
        Recording back = RecordingCodec.readStored(
                Json.MAPPER.valueToTree(Json.MAPPER.convertValue(RecordingCodec.writeStored(e.recording()), Object.class)),
                RecordingKind.CALL);
        assertThat(back.eventHistory().get(0).contact()).isEqualTo(new Contact("User", "1001", "山田", "太郎", "山田"));
        assertThat(back.mediaFiles().get(0).accessgroups()).containsExactly("/東京/営業");
        String text = Json.write(RecordingCodec.writeStored(e.recording()));
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("/東京/営業");
    }

    // ------------------------------------------------------------------ filters

    @Test
    void theDefaultFiltersDropOrsiWweAndPegagKeysFromEveryMap() {
        // Spec §7.4.13; VP defaults L9715-L9718.
        InteractionEvent d = data("d", InteractionEventType.ATTACHED_DATA, 5,
                Map.of("ORSI:Session", "1", "Queue", "Sales", "WWEBundle", "x"),
                Map.of("PegAGRoute", "y", "GSIP_RECORD", "ON"),
                Map.of("ORSI:Old", "z"));
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")), List.of(d));
        CallEvent out = event(e, "d");
        assertThat(out.data().added()).containsOnlyKeys("Queue");
        assertThat(out.data().updated()).containsOnlyKeys("GSIP_RECORD");
        assertThat(out.data().deleted()).isEmpty();
        assertThat(e.report().droppedKeys()).isEqualTo(4);
    }

    @Test
    void theProtectedKeysSurviveAFilterThatMatchesEverything() {
        // "Verify that the following items are not removed from the filter ... RECORD_PARTITIONS, RECORD_PROGRAM,
        // GSIP_REC_FN" (L7828-L7831), read as the GRECORD_ keys; spec §7.4.13.
        EventDataFilters all = RegexEventDataFilters.of(".", null, ".", null);
        Map<String, String> keys = Map.of("GRECORD_PARTITIONS", "/sales", "GRECORD_PROGRAM", "P1",
                "GSIP_REC_FN", CALL + "_2024-03-01_10-00-00", "Queue", "Sales");
        Enrichment e = RecordingEnricher.enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")),
                List.of(added("u", 2, keys), acw("w", 41, keys)), directory(), all, ACW);
        assertThat(event(e, "u").data().added()).containsOnlyKeys("GRECORD_PARTITIONS", "GRECORD_PROGRAM", "GSIP_REC_FN");
        assertThat(event(e, "w").data().added()).containsOnlyKeys("GRECORD_PARTITIONS", "GRECORD_PROGRAM", "GSIP_REC_FN");
        assertThat(media(e, "a.mp3").partitions()).containsExactly("/sales");
    }

    @Test
    void attachedDataAndAcwDataHaveTheirOwnFilters() {
        EventDataFilters split = RegexEventDataFilters.of("^Secret", null, "^Disposition", null);
        Enrichment e = RecordingEnricher.enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")),
                List.of(added("u", 2, Map.of("SecretA", "1", "DispositionCode", "2")),
                        acw("w", 41, Map.of("SecretA", "1", "DispositionCode", "2"))),
                directory(), split, ACW);
        assertThat(event(e, "u").data().added()).containsOnlyKeys("DispositionCode");
        assertThat(event(e, "w").data().added()).containsOnlyKeys("SecretA");
    }

    @Test
    void aDataEventWithNothingLeftIsLeftOut() {
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")),
                List.of(added("gone", 2, Map.of("ORSI:a", "1", "WWE", "2")), added("kept", 3, Map.of("K", "v"))));
        assertThat(e.recording().eventHistory()).extracting(CallEvent::eventId).containsExactly("kept");
        assertThat(e.report().emptiedDataEvents()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ ACW cut-off

    @Test
    void acwDataCountsUpToCallEndPlusTheThresholdInclusive() {
        // "Custom data entered by agents after this interval is not added" (L9722-L9731).
        List<RawSegment> s = List.of(segment("a.mp3", 0, 40, "1", "1001"));
        double cutOff = 50 + ACW.toSeconds();
        Enrichment e = enrich(s, List.of(ended("end", 50),
                acw("at", cutOff, Map.of("DispositionCode", "at")),
                acw("before", cutOff - 0.001, Map.of("DispositionCode", "before")),
                acw("after", cutOff + 0.001, Map.of("DispositionCode", "after"))));
        assertThat(e.recording().eventHistory()).extracting(CallEvent::eventId).containsExactly("before", "at");
        assertThat(e.report().lateAcwEvents()).isEqualTo(1);
    }

    @Test
    void withAZeroThresholdAcwDataAfterTheCallIsNotAdded() {
        Enrichment e = RecordingEnricher.enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")),
                List.of(ended("end", 40), acw("w", 41, Map.of("DispositionCode", "x")), acw("in", 39, Map.of("Note", "y"))),
                directory(), DEFAULTS, Duration.ZERO);
        assertThat(e.recording().eventHistory()).extracting(CallEvent::eventId).containsExactly("in");
    }

    @Test
    void withoutACallEndedEventTheCutOffCountsFromTheLastSegment() {
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001"), segment("b.mp3", 50, 60, "1", "1001")),
                List.of(acw("ok", 60 + 300, Map.of("D", "1")), acw("late", 60 + 301, Map.of("D", "2"))));
        assertThat(e.recording().eventHistory()).extracting(CallEvent::eventId).containsExactly("ok");
        assertThat(e.report().callEndSource()).isEqualTo(Readiness.CallEndSource.LAST_SEGMENT);
        assertThat(e.report().callEnd()).isEqualTo(t(60));
    }

    @Test
    void ordinaryAttachedDataAfterTheCallIsKept() {
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")),
                List.of(ended("end", 40), added("late", 4000, Map.of("K", "v"))));
        assertThat(e.recording().eventHistory()).extracting(CallEvent::eventId).containsExactly("late");
    }

    // ------------------------------------------------------------------ the credential

    @Test
    void theReceiverCredentialIsStrippedInAnySpellingEvenFromHandMadeSegments() {
        RawSegment s = segment("a.mp3", 0, 40, "1", "1001");
        ObjectNode p = s.mediaFile().parameters().deepCopy();
        p.put("rp.speechminer_auth", "user:hunter2").put("RP.SPEECHMINER.AUTH", "user:hunter2");
        RawSegment leaky = new RawSegment(s.ccid(), s.recordingId(), s.sessionId(),
                s.mediaFile().toBuilder().parameters(p).build(), s.flags(), s.fingerprint());
        Enrichment e = enrich(List.of(leaky), List.of());
        assertThat(Json.write(RecordingCodec.writeStored(e.recording()))).doesNotContain("hunter2");
        assertThat(e.toString()).doesNotContain("hunter2");
        assertThat(s.mediaFile().parameters().has("rp.speechminer_auth")).as("the parser had removed it already").isFalse();
    }

    // ------------------------------------------------------------------ hostile input

    @Test
    void tenThousandEventsAreEnrichedQuickly() {
        List<InteractionEvent> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Map<String, String> keys = new HashMap<>();
            for (int k = 0; k < 20; k++) {
                keys.put((k % 3 == 0 ? "ORSI:k" : "K") + k, "value " + i + "/" + k);
            }
            events.add(i % 10 == 0 ? joined("p" + i, i, "ana", "1001", "1") : added("d" + i, i, keys));
        }
        List<RawSegment> segments = List.of(segment("a.mp3", 0, 5000, "1", "1001"), segment("b.mp3", 5000, 10000, "1", "1001"));
        Enrichment e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> enrich(segments, events));
        assertThat(e.recording().eventHistory()).hasSize(10_000);
        assertThat(e.report().droppedKeys()).isEqualTo(9_000 * 7);
    }

    @Test
    void theLargestEventTheFeedAcceptsStillFitsOneStoreItem() {
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            big.put("Big" + i, "é".repeat(40_000)); // 80 KB of UTF-8 each, near the feed's 256 KiB per event
        }
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, "1", "1001")), List.of(added("big", 1, big)));
        for (CallEvent ev : e.recording().eventHistory()) {
            int bytes = Json.write(RecordingCodec.writeEvent(ev)).getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).isLessThan(RecordingStore.MAX_EVENT_BYTES);
        }
    }

    // ------------------------------------------------------------------ contract

    @Test
    void nonsenseIsRefused() {
        RawSegment a = segment("a.mp3", 0, 40, "1", "1001");
        assertThatThrownBy(() -> enrich(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        RawSegment other = MediaServerPostCodec.read(Calls.CCID, IntakeFixtures.rawPost(0)).segments().get(0);
        assertThatThrownBy(() -> enrich(List.of(a, other), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different recordings");
        assertThatThrownBy(() -> RecordingEnricher.enrich(List.of(a), List.of(), directory(), DEFAULTS, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(enrich(List.of(a), null).recording().eventHistory()).isEmpty();
    }

    @Test
    void aLateSegmentIsStoredAloneSoTheStoredOnesAreNeverRewritten() {
        RawSegment a = segment("a.mp3", 0, 40, "1", "1001");
        RawSegment b = segment("b.mp3", 50, 90, "1", "1001");
        Enrichment e = enrich(List.of(a, b), List.of(added("x", 1, Map.of("K", "v"))));
        Recording late = e.withoutMedia(List.of("a.mp3"));
        assertThat(late.mediaFiles()).extracting(MediaFile::mediaId).containsExactly("b.mp3");
        assertThat(late.eventHistory()).isEqualTo(e.recording().eventHistory());
        assertThat(late.startTime()).isEqualTo(t(0));
    }

    @Test
    void theReportHoldsNoValues() {
        Enrichment e = enrich(List.of(segment("a.mp3", 0, 40, null, null)),
                List.of(added("x", 1, Map.of("ORSI:Card", "4111111111111111"))));
        assertThat(e.report().toString()).doesNotContain("4111111111111111").doesNotContain("ORSI:Card");
        assertThat(e.report().droppedKeys()).isEqualTo(1);
        assertThat(e.report().segments()).isEqualTo(1);
        assertThat(e.report().events()).isEqualTo(1);
        assertThat(e.report().callEnd()).isEqualTo(t(40));
        assertThat(e.report().mediaIdsWithoutAgent()).containsExactly("a.mp3");
        assertThat(Instant.EPOCH).isBefore(e.report().callEnd());
    }
}
