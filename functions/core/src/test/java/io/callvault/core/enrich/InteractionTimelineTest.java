package io.callvault.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.IntakeFixtures;
import io.callvault.core.model.CallType;
import io.callvault.core.model.Contact;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.InteractionEventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionTimelineTest {
    static final Instant T0 = Instant.parse("2015-06-24T20:18:00Z");

    static InteractionEvent joined(String id, String user, int second) {
        return new InteractionEvent(id, InteractionEventType.PARTY_JOINED, T0.plusSeconds(second), "C",
                new Contact("User", null, user, null, null), null, null, null);
    }

    static InteractionEvent done(String id, String user, int second) {
        return new InteractionEvent(id, InteractionEventType.AFTER_CALL_WORK_DONE, T0.plusSeconds(second), "C",
                user == null ? null : new Contact(null, null, user, null, null), null, null, null);
    }

    static InteractionEvent ended(String id, int second, CallType type) {
        return new InteractionEvent(id, InteractionEventType.CALL_ENDED, T0.plusSeconds(second), "C", null, null, null, type);
    }

    @Test
    void theGuidesCall() {
        InteractionTimeline t = InteractionTimeline.of(IntakeFixtures.events());
        assertThat(t.callEndedAt()).isEqualTo(Instant.parse("2015-06-24T20:19:36.500Z"));
        assertThat(t.callType()).isEqualTo(CallType.INBOUND);
        assertThat(t.acwDoneAt()).as("agent1000 reported, agent1001 and agent1002 did not").isNull();
    }

    @Test
    void theLatestCallEndedCountsAndItsCallType() {
        InteractionTimeline t = InteractionTimeline.of(List.of(ended("b", 50, CallType.CONSULT), ended("a", 90, null),
                ended("c", 70, CallType.INBOUND)));
        assertThat(t.callEndedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(t.callType()).isEqualTo(CallType.INBOUND);
    }

    @Test
    void afterCallWorkIsDoneWhenEveryAgentWhoJoinedIsDone() {
        List<InteractionEvent> two = List.of(joined("j1", "a1", 0), joined("j2", "a2", 5), done("d1", "a1", 100));
        assertThat(InteractionTimeline.of(two).acwDoneAt()).isNull();
        List<InteractionEvent> both = List.of(joined("j1", "a1", 0), joined("j2", "a2", 5), done("d1", "a1", 100),
                done("d2", "a2", 130), done("d3", "a2", 120));
        assertThat(InteractionTimeline.of(both).acwDoneAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aCallLevelDoneEndsItForEverybody() {
        List<InteractionEvent> events = List.of(joined("j1", "a1", 0), joined("j2", "a2", 5), done("d", null, 80),
                done("d2", null, 60));
        assertThat(InteractionTimeline.of(events).acwDoneAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void partyEventsNeedAContactAndDataEventsData() {
        assertThatThrownBy(() -> new InteractionEvent("x", InteractionEventType.PARTY_LEFT,
                T0, "C", null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InteractionEvent("x", InteractionEventType.ACW_CUSTOM_DATA,
                T0, "C", null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutPartiesAnyPerAgentDoneCounts() {
        assertThat(InteractionTimeline.of(List.of(done("d1", "a1", 40), done("d2", "a2", 30))).acwDoneAt())
                .isEqualTo(T0.plusSeconds(40));
        assertThat(InteractionTimeline.of(List.of()).acwDoneAt()).isNull();
        assertThat(InteractionTimeline.of(List.of()).callEndedAt()).isNull();
    }
}
