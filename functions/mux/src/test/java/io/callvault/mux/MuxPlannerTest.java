package io.callvault.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.json.Json;
import io.callvault.core.model.MediaFile;
import io.callvault.core.settings.TenantSettings.MuxerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan's rules (spec muxer.md §5.2, §5.5 "pure Java"): readiness, settle, back-off and cap, user names, the hash. */
class MuxPlannerTest {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    static final MuxerSettings DEFAULTS = new MuxerSettings(true, true, Duration.ofMinutes(5), Duration.ofMinutes(1440));

    static InputMedia audio(String id, int startSec, int stopSec, String user, boolean arrived) {
        var params = Json.object();
        if (user != null) {
            params.put("username", user);
        }
        MediaFile f = MediaFile.builder().mediaId(id).type("audio/mp3").startTime(T.plusSeconds(startSec))
                .stopTime(T.plusSeconds(stopSec)).size(1000L).parameters(params).build();
        return new InputMedia(f, arrived ? "cc/voice/" + id : null, arrived ? T.plusSeconds(stopSec + 10) : null);
    }

    static InputMedia video(String id, int startSec, int stopSec, String user, boolean arrived) {
        var params = Json.object();
        if (user != null) {
            params.putObject("contact").put("userName", user);
        }
        MediaFile f = MediaFile.builder().mediaId(id).type("video/mp4").startTime(T.plusSeconds(startSec))
                .stopTime(T.plusSeconds(stopSec)).size(5000L).parameters(params).build();
        return new InputMedia(f, arrived ? "cc/screen/" + id : null, arrived ? T.plusSeconds(stopSec + 20) : null);
    }

    static CallSide call(List<InputMedia> media, List<String> screens) {
        return new CallSide("cc", "CALL1", true, false, 3, List.of(), false, media, screens);
    }

    static ScreenSide screen(String id, List<InputMedia> media, String muxedHash) {
        return new ScreenSide("cc", id, true, false, 2, "CALL1", media, List.of(), muxedHash,
                muxedHash == null ? null : MuxStore.STATE_DONE, 0, null, null);
    }

    static final Instant LATER = T.plusSeconds(3600);

    @Test
    void readyWhenEverythingArrivedAndSettled() {
        var plan = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, "agent1", true)), List.of("S1")),
                List.of(screen("S1", List.of(video("v1", 5, 70, "agent1", true)), null)), DEFAULTS, LATER, Duration.ZERO);
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.READY);
        assertThat(plan.jobs()).singleElement().satisfies(j -> {
            assertThat(j.screenRecordingId()).isEqualTo("S1");
            assertThat(j.videoMediaIds()).containsExactly("v1");
            assertThat(j.audioMediaIds()).containsExactly("a1");
            assertThat(j.inputsHash()).hasSize(64);
        });
    }

    @Test
    void sameInputsAlreadyMuxedIsNothingToDo() {
        var a = audio("a1", 0, 60, "agent1", true);
        var v = video("v1", 5, 70, "agent1", true);
        String hash = MuxPlanner.inputsHash(List.of(v), List.of(a));
        var plan = MuxPlanner.plan(call(List.of(a), List.of("S1")), List.of(screen("S1", List.of(v), hash)), DEFAULTS,
                LATER, Duration.ZERO);
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.NOTHING_TO_DO);
    }

    @Test
    void aLateSegmentChangesTheHashAndMuxesAgain() {
        var a = audio("a1", 0, 60, "agent1", true);
        var v = video("v1", 5, 70, "agent1", true);
        String old = MuxPlanner.inputsHash(List.of(v), List.of(a));
        var late = audio("a2", 80, 120, "agent1", true);
        var plan = MuxPlanner.plan(call(List.of(a, late), List.of("S1")), List.of(screen("S1", List.of(v), old)), DEFAULTS,
                LATER, Duration.ZERO);
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.READY);
        assertThat(plan.jobs().get(0).inputsHash()).isNotEqualTo(old);
        assertThat(plan.jobs().get(0).audioMediaIds()).containsExactly("a1", "a2");
    }

    @Test
    void hashDoesNotDependOnOrder() {
        var a1 = audio("a1", 0, 60, null, true);
        var a2 = audio("a2", 80, 120, null, true);
        var v1 = video("v1", 0, 50, null, true);
        var v2 = video("v2", 60, 120, null, true);
        assertThat(MuxPlanner.inputsHash(List.of(v1, v2), List.of(a1, a2)))
                .isEqualTo(MuxPlanner.inputsHash(List.of(v2, v1), List.of(a2, a1)))
                .isNotEqualTo(MuxPlanner.inputsHash(List.of(v1, v2), List.of(a1)));
    }

    @Test
    void youngInputsWaitUntilSettled() {
        Instant now = T.plusSeconds(70 + 20 + 100); // the newest input was stored 100 s ago, settle is 300 s
        var plan = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, null, true)), List.of("S1")),
                List.of(screen("S1", List.of(video("v1", 5, 70, null, true)), null)), DEFAULTS, now, Duration.ZERO);
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.WAIT);
        assertThat(plan.nextWait()).isEqualTo(Duration.ofSeconds(200));
        assertThat(plan.waitingScreens()).containsExactly("S1");
    }

    @Test
    void missingCallWaitsWithBackOffThenGivesUp() {
        var absent = new CallSide("cc", "CALL1", false, false, 0, List.of(), false, List.of(), List.of("S1"));
        var screens = List.of(screen("S1", List.of(video("v1", 5, 70, null, true)), null));
        Duration waited = Duration.ZERO;
        List<Long> waits = new java.util.ArrayList<>();
        MuxPlanner.Plan plan;
        while ((plan = MuxPlanner.plan(absent, screens, DEFAULTS, LATER, waited)).status() == MuxPlanner.Status.WAIT) {
            waits.add(plan.nextWait().toSeconds());
            waited = waited.plus(plan.nextWait());
        }
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.GIVE_UP);
        assertThat(plan.waitingScreens()).containsExactly("S1");
        assertThat(plan.reason()).contains("not stored yet").contains("1440");
        assertThat(waits.subList(0, 7)).containsExactly(60L, 60L, 120L, 240L, 480L, 960L, 1920L);
        assertThat(waits).allMatch(w -> w <= 3600);
        assertThat(waited).isEqualTo(Duration.ofMinutes(1440)); // the last wait is cut to the cap
    }

    @Test
    void screenMediaNotArrivedWaits() {
        var plan = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, null, true)), List.of("S1")),
                List.of(screen("S1", List.of(video("v1", 5, 70, null, false)), null)), DEFAULTS, LATER, Duration.ZERO);
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.WAIT);
        assertThat(plan.reason()).contains("screen recording S1");
    }

    @Test
    void callAudioNotArrivedWaits() {
        var plan = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, null, false)), List.of("S1")),
                List.of(screen("S1", List.of(video("v1", 5, 70, null, true)), null)), DEFAULTS, LATER, Duration.ZERO);
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.WAIT);
        assertThat(plan.reason()).contains("call recording");
    }

    @Test
    void noScreenIsSkipNoMatch() {
        var plan = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, null, true)), List.of()), List.of(), DEFAULTS, LATER,
                Duration.ZERO);
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.SKIP_NO_MATCH);
    }

    /** G:15766-15774: mux only with the same user name, unless the call's is UNKNOWN, undefined or empty. */
    @Test
    void userNameRule() {
        var other = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, "agent1", true)), List.of("S1")),
                List.of(screen("S1", List.of(video("v1", 5, 70, "agent2", true)), null)), DEFAULTS, LATER, Duration.ZERO);
        assertThat(other.status()).isEqualTo(MuxPlanner.Status.NOTHING_TO_DO);
        assertThat(other.skipped()).containsExactly("S1");
        for (String callUser : new String[] {"UNKNOWN", "", null}) {
            var plan = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, callUser, true)), List.of("S1")),
                    List.of(screen("S1", List.of(video("v1", 5, 70, "agent2", true)), null)), DEFAULTS, LATER, Duration.ZERO);
            assertThat(plan.status()).as("call user %s", callUser).isEqualTo(MuxPlanner.Status.READY);
        }
        var caseInsensitive = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, "Agent1", true)), List.of("S1")),
                List.of(screen("S1", List.of(video("v1", 5, 70, "agent1", true)), null)), DEFAULTS, LATER, Duration.ZERO);
        assertThat(caseInsensitive.status()).isEqualTo(MuxPlanner.Status.READY);
        var unchecked = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, "agent1", true)), List.of("S1")),
                List.of(screen("S1", List.of(video("v1", 5, 70, "agent2", true)), null)),
                new MuxerSettings(false, true, Duration.ofMinutes(5), Duration.ofMinutes(1440)), LATER, Duration.ZERO);
        assertThat(unchecked.status()).isEqualTo(MuxPlanner.Status.READY);
    }

    @Test
    void muxedMediaIdHasTheGuidesShapeAndIsDeterministic() {
        String hash = MuxPlanner.inputsHash(List.of(video("v1", 0, 10, null, true)), List.of());
        String id = MuxPlanner.muxedMediaId(hash, "SCREENMEDIA_1");
        assertThat(id).matches("[A-Za-z0-9]{22}_SCREENMEDIA_1").isEqualTo(MuxPlanner.muxedMediaId(hash, "SCREENMEDIA_1"));
    }

    @Test
    void twoScreensOnlyThePendingOneWaitsForItsOwnTrigger() {
        var plan = MuxPlanner.plan(call(List.of(audio("a1", 0, 60, null, true)), List.of("S1", "S2")),
                List.of(screen("S1", List.of(video("v1", 5, 70, null, true)), null),
                        screen("S2", List.of(video("v2", 80, 90, null, false)), null)), DEFAULTS, LATER, Duration.ZERO);
        assertThat(plan.status()).isEqualTo(MuxPlanner.Status.READY);
        assertThat(plan.jobs()).extracting(MuxPlanner.Job::screenRecordingId).containsExactly("S1");
    }
}
