package io.callvault.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.IntakeFixtures;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallType;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.InteractionEventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The interaction event feed's JSON (docs/intake.md "Interaction events"). */
class InteractionEventCodecTest {
    static final String CALL_ID = IntakeFixtures.CALL_ID;

    static InvalidFieldException invalid(Runnable r) {
        return Invalid.thrownBy(r);
    }

    static ObjectNode event(String json) {
        try {
            return (ObjectNode) Json.parse(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode data(String eventId) {
        return event("{\"eventId\":\"" + eventId + "\",\"type\":\"AttachedData\",\"occurredAt\":\"2015-06-24T20:18:19Z\","
                + "\"data\":{\"added\":{\"K\":\"v\"}}}");
    }

    static ObjectNode body(JsonNode... events) {
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("events");
        for (JsonNode e : events) {
            list.add(e);
        }
        return o;
    }

    @Test
    void readsTheGuidesEventsInTheFeedsShape() {
        List<InteractionEvent> events = IntakeFixtures.events();

        assertThat(events).hasSize(12);
        assertThat(events).extracting(InteractionEvent::type).containsOnly(InteractionEventType.ATTACHED_DATA,
                InteractionEventType.PARTY_JOINED, InteractionEventType.PARTY_LEFT, InteractionEventType.CALL_ENDED,
                InteractionEventType.AFTER_CALL_WORK_DONE);
        InteractionEvent data = events.get(2);
        assertThat(data.eventId()).isEqualTo("2015-06-24 20:18:42.259_" + CALL_ID);
        assertThat(data.data().updated()).containsEntry("From:tag", "003C43D0-0F8B-158B-B223-0CFAA8C0AA77-9");
        assertThat(data.data().deleted()).containsEntry("GSIP_RECORD", "ON");
        InteractionEvent joined = events.get(4);
        assertThat(joined.type()).isEqualTo(InteractionEventType.PARTY_JOINED);
        assertThat(joined.contact().userName()).isEqualTo("agent1000");
        assertThat(joined.agentId()).isEqualTo("1000");
        InteractionEvent ended = events.get(10);
        assertThat(ended.type()).isEqualTo(InteractionEventType.CALL_ENDED);
        assertThat(ended.callUuid()).as("defaults to the path's call UUID").isEqualTo(CALL_ID);
        assertThat(ended.callType()).isEqualTo(CallType.INBOUND);
        assertThat(ended.occurredAt()).isEqualTo(Instant.parse("2015-06-24T20:19:36.500Z"));
    }

    @Test
    void writesWhatItReads() {
        List<InteractionEvent> events = IntakeFixtures.events();
        assertThat(InteractionEventCodec.read(CALL_ID, InteractionEventCodec.writeAll(events))).isEqualTo(events);
        String text = Json.write(InteractionEventCodec.writeAll(events));
        assertThat(InteractionEventCodec.parse(CALL_ID, text)).isEqualTo(events);
    }

    @Test
    void oneEventOrABareArrayAreBodiesToo() {
        ObjectNode one = data("e1");
        assertThat(InteractionEventCodec.read(CALL_ID, one)).hasSize(1);
        ArrayNode array = Json.array().add(data("e1")).add(data("e2"));
        assertThat(InteractionEventCodec.read(CALL_ID, array)).extracting(InteractionEvent::eventId).containsExactly("e1", "e2");
    }

    @Test
    void keysAndTypeNamesMatchWithoutRegardToCase() {
        ObjectNode e = event("{\"EVENTID\":\"e1\",\"Type\":\"partyjoined\",\"OccurredAt\":\"2015-06-24T20:18:04Z\","
                + "\"CallUUID\":\"" + CALL_ID + "\",\"Contact\":{\"USERNAME\":\"agent1000\",\"AgentID\":\"1000\",\"phonenumber\":\"1000\"}}");
        InteractionEvent read = InteractionEventCodec.read(CALL_ID, body(e)).get(0);
        assertThat(read.type()).isEqualTo(InteractionEventType.PARTY_JOINED);
        assertThat(read.contact().userName()).isEqualTo("agent1000");
        assertThat(read.contact().phoneNumber()).isEqualTo("1000");
        assertThat(read.agentId()).isEqualTo("1000");
        assertThat(read.callUuid()).isEqualTo(CALL_ID);
    }

    @Test
    void aRepeatedEventCountsOnceAndAConflictingOneIsRefused() {
        assertThat(InteractionEventCodec.read(CALL_ID, body(data("e1"), data("e1"), data("e2")))).hasSize(2);
        ObjectNode other = data("e1");
        ((ObjectNode) other.get("data").get("added")).put("K", "w");
        InvalidFieldException e = invalid(() -> InteractionEventCodec.read(CALL_ID, body(data("e1"), other)));
        assertThat(e.field()).isEqualTo("events[1].eventId");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no eventId            | {\"type\":\"CallEnded\",\"occurredAt\":\"2015-06-24T20:19:36Z\"}                                   | events[0].eventId",
            "blank eventId         | {\"eventId\":\" \",\"type\":\"CallEnded\",\"occurredAt\":\"2015-06-24T20:19:36Z\"}                   | events[0].eventId",
            "eventId control char  | {\"eventId\":\"a\\u0007\",\"type\":\"CallEnded\",\"occurredAt\":\"2015-06-24T20:19:36Z\"}           | events[0].eventId",
            "no type               | {\"eventId\":\"e\",\"occurredAt\":\"2015-06-24T20:19:36Z\"}                                         | events[0].type",
            "unknown type          | {\"eventId\":\"e\",\"type\":\"Transferred\",\"occurredAt\":\"2015-06-24T20:19:36Z\"}                | events[0].type",
            "no occurredAt         | {\"eventId\":\"e\",\"type\":\"CallEnded\"}                                                           | events[0].occurredAt",
            "bad occurredAt        | {\"eventId\":\"e\",\"type\":\"CallEnded\",\"occurredAt\":\"2015-06-24 20:19:36.123\"}              | events[0].occurredAt",
            "bad callUuid          | {\"eventId\":\"e\",\"type\":\"CallEnded\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"callUuid\":\"a/b\"} | events[0].callUuid",
            "party without contact | {\"eventId\":\"e\",\"type\":\"PartyLeft\",\"occurredAt\":\"2015-06-24T20:19:36Z\"}                  | events[0].contact",
            "contact not an object | {\"eventId\":\"e\",\"type\":\"PartyLeft\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"contact\":\"x\"} | events[0].contact",
            "userName control char | {\"eventId\":\"e\",\"type\":\"PartyLeft\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"contact\":{\"userName\":\"a\\nb\"}} | events[0].contact.userName",
            "data without data     | {\"eventId\":\"e\",\"type\":\"AttachedData\",\"occurredAt\":\"2015-06-24T20:19:36Z\"}               | events[0].data",
            "data with no key      | {\"eventId\":\"e\",\"type\":\"AcwCustomData\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"data\":{\"added\":{}}} | events[0].data",
            "nested value          | {\"eventId\":\"e\",\"type\":\"AttachedData\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"data\":{\"added\":{\"K\":{\"a\":1}}}} | events[0].data.added.K",
            "added not an object   | {\"eventId\":\"e\",\"type\":\"AttachedData\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"data\":{\"added\":[\"K\"]}} | events[0].data.added",
            "value with NUL        | {\"eventId\":\"e\",\"type\":\"AttachedData\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"data\":{\"added\":{\"K\":\"a\\u0000b\"}}} | events[0].data.added.K",
            "key with control char | {\"eventId\":\"e\",\"type\":\"AttachedData\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"data\":{\"added\":{\"K\\u001b\":\"v\"}}} | events[0].data.added",
            "data on a party event | {\"eventId\":\"e\",\"type\":\"PartyJoined\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"contact\":{},\"data\":{\"added\":{\"K\":\"v\"}}} | events[0].data",
            "contact on CallEnded  | {\"eventId\":\"e\",\"type\":\"CallEnded\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"contact\":{}}  | events[0].contact",
            "callType on data      | {\"eventId\":\"e\",\"type\":\"AttachedData\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"data\":{\"added\":{\"K\":\"v\"}},\"callType\":\"Inbound\"} | events[0].callType",
            "unknown callType      | {\"eventId\":\"e\",\"type\":\"CallEnded\",\"occurredAt\":\"2015-06-24T20:19:36Z\",\"callType\":\"Sideways\"} | events[0].callType",
            "event not an object   | 42 | events[0]",
    })
    void badEventsAreRefusedNamingTheField(String name, String json, String field) throws Exception {
        ObjectNode b = body(Json.parse(json));
        assertThat(invalid(() -> InteractionEventCodec.read(CALL_ID, b)).field()).isEqualTo(field);
    }

    @Test
    void tabsAndLineBreaksInValuesAreFine() {
        ObjectNode e = data("e1");
        ((ObjectNode) e.get("data").get("added")).put("Notes", "line one\r\n\tline two");
        assertThat(InteractionEventCodec.read(CALL_ID, e).get(0).data().added()).containsEntry("Notes", "line one\r\n\tline two");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty            | ''",
            "truncated        | '{\"events\":[{\"eventId\":\"e1\",\"type\":\"CallEnded\"'",
            "truncated string | '{\"events\":[{\"eventId\":\"e1'",
            "not JSON         | 'events: none'",
            "trailing garbage | '{\"events\":[]}]'",
    })
    void malformedAndTruncatedBodiesAreRefusedAsTheBody(String name, String text) {
        InvalidFieldException e = invalid(() -> InteractionEventCodec.parse(CALL_ID, text));
        assertThat(e.field()).isEqualTo("body");
        if (name.startsWith("truncated")) {
            assertThat(e.getMessage()).contains("truncated");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no events       | '{\"items\":[]}'       | events",
            "empty events    | '{\"events\":[]}'      | events",
            "events a string | '{\"events\":\"all\"}' | events",
            "a number        | '7'                    | body",
    })
    void wrongShapesNameWhatIsWrong(String name, String text, String field) {
        assertThat(invalid(() -> InteractionEventCodec.parse(CALL_ID, text)).field()).isEqualTo(field);
    }

    @Test
    void tenThousandEventsInOnePostAreRefusedByCount() {
        ObjectNode b = Json.object();
        ArrayNode list = b.putArray("events");
        for (int i = 0; i < 10_000; i++) {
            list.add(data("e" + i));
        }
        InvalidFieldException e = invalid(() -> InteractionEventCodec.read(CALL_ID, b));
        assertThat(e.field()).isEqualTo("events");
        assertThat(e.getMessage()).contains("10000").contains(String.valueOf(InteractionEventCodec.MAX_EVENTS_PER_POST));
        // A full post at the limit is fine.
        ObjectNode atLimit = Json.object();
        ArrayNode some = atLimit.putArray("events");
        for (int i = 0; i < InteractionEventCodec.MAX_EVENTS_PER_POST; i++) {
            some.add(data("e" + i));
        }
        assertThat(InteractionEventCodec.read(CALL_ID, atLimit)).hasSize(InteractionEventCodec.MAX_EVENTS_PER_POST);
    }

    @Test
    void aOneMegabyteValueIsRefusedNamingTheKey() {
        ObjectNode e = data("e1");
        ((ObjectNode) e.get("data").get("added")).put("Huge", "x".repeat(1 << 20));
        InvalidFieldException ex = invalid(() -> InteractionEventCodec.read(CALL_ID, body(e)));
        assertThat(ex.field()).isEqualTo("events[0].data.added.Huge");
        assertThat(ex.getMessage()).hasSizeLessThan(200);
        // Through the text path the body limit trips first; either way it is refused, bounded, before any work.
        String text = Json.write(body(e));
        assertThat(invalid(() -> InteractionEventCodec.parse(CALL_ID, text)).field()).isEqualTo("body");
    }

    @Test
    void tenThousandKeysInOneEventAreRefused() {
        ObjectNode e = data("e1");
        ObjectNode added = (ObjectNode) e.get("data").get("added");
        for (int i = 0; i < 10_000; i++) {
            added.put("K" + i, "v");
        }
        InvalidFieldException ex = invalid(() -> InteractionEventCodec.read(CALL_ID, body(e)));
        assertThat(ex.field()).isEqualTo("events[0].data");
        assertThat(ex.getMessage()).contains(String.valueOf(InteractionEventCodec.MAX_DATA_KEYS));
    }

    @Test
    void manyLargeValuesTogetherAreRefusedBeforeTheyOutgrowAStoreItem() {
        ObjectNode e = data("e1");
        ObjectNode added = (ObjectNode) e.get("data").get("added");
        for (int i = 0; i < 5; i++) {
            added.put("K" + i, "é".repeat(InteractionEventCodec.MAX_VALUE_CHARS - 10));
        }
        InvalidFieldException ex = invalid(() -> InteractionEventCodec.read(CALL_ID, body(e)));
        assertThat(ex.field()).isEqualTo("events[0].data");
        assertThat(ex.getMessage()).contains("KiB");
    }

    @Test
    void longKeysAndEventIdsAreRefused() {
        ObjectNode e = data("e1");
        ((ObjectNode) e.get("data").get("added")).put("K".repeat(InteractionEventCodec.MAX_KEY_CHARS + 1), "v");
        assertThat(invalid(() -> InteractionEventCodec.read(CALL_ID, e)).field()).isEqualTo("data.added");
        ObjectNode id = data("i".repeat(InteractionEventCodec.MAX_EVENT_ID_CHARS + 1));
        assertThat(invalid(() -> InteractionEventCodec.read(CALL_ID, id)).field()).isEqualTo("eventId");
    }

    @Test
    void multibyteNamesRoundTripUnchanged() {
        ObjectNode e = event("{\"eventId\":\"e1\",\"type\":\"PartyJoined\",\"occurredAt\":\"2015-06-24T20:18:04Z\","
                + "\"contact\":{\"type\":\"User\",\"userName\":\"山田太郎\",\"firstName\":\"Zoë\",\"lastName\":\"Łukasiewicz\"}}");
        InteractionEvent read = InteractionEventCodec.read(CALL_ID, e).get(0);
        assertThat(read.contact().userName()).isEqualTo("山田太郎");
        String text = Json.write(InteractionEventCodec.write(read));
        assertThat(InteractionEventCodec.parse(CALL_ID, text).get(0)).isEqualTo(read);
        assertThat(text).contains("Łukasiewicz");
    }

    @Test
    void theCallUuidOfThePathMustBeAnId() {
        assertThat(invalid(() -> InteractionEventCodec.read("a b", data("e1"))).field()).isEqualTo("callUuid");
    }
}
