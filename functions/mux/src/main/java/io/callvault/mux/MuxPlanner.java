package io.callvault.mux;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.settings.TenantSettings.MuxerSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides what a mux execution does next (spec muxer.md §5.2, LoadPlan): which screen recordings of a call to mux
 * now, or how long to wait for what is missing, or that there is nothing to do. Plain Java over what
 * {@link MuxStore} read, so every rule is tested without AWS.
 *
 * <p>A screen recording is muxed with its call's audio when all of its media and all of the call's media have
 * arrived, the newest of them is older than the tenant's settle time (more segments may follow), the user names
 * match ({@code checkMatchingUsername}, G:15766), and the inputs' hash differs from the hash of what was muxed last:
 * the same inputs twice change nothing, a late segment changes the hash and re-muxes.
 */
public final class MuxPlanner {
    public static final String SCREEN_RECORDING_LABEL = "screenRecording";
    /** Part of every inputs hash: a change of the pipeline (timeline rule, codecs) re-muxes what it made before. */
    static final String PIPELINE_VERSION = "callvault-mux-1";
    static final Duration FIRST_WAIT = Duration.ofSeconds(60);
    static final Duration LONGEST_WAIT = Duration.ofHours(1);

    public enum Status { READY, WAIT, NOTHING_TO_DO, SKIP_NO_MATCH, GIVE_UP }

    /** One screen recording to mux: what the Map state iterates over (ids only; payloads stay small). */
    public record Job(String screenRecordingId, String inputsHash, List<String> videoMediaIds, List<String> audioMediaIds) {}

    /**
     * @param waitingScreens the screen recordings a WAIT or GIVE_UP is about (a GIVE_UP records EXPIRED on them)
     * @param nextWait       for WAIT: how long to wait before planning again
     */
    public record Plan(Status status, String reason, List<Job> jobs, List<String> waitingScreens, Duration nextWait,
                       List<String> skipped) {
        public Plan {
            jobs = List.copyOf(jobs);
            waitingScreens = List.copyOf(waitingScreens);
            skipped = List.copyOf(skipped);
        }
    }

    private MuxPlanner() {}

    /**
     * @param waited how long this execution has already waited; past {@code settings.maxWait()} a wait for missing
     *               inputs becomes GIVE_UP
     */
    public static Plan plan(CallSide call, List<ScreenSide> screens, MuxerSettings settings, Instant now, Duration waited) {
        List<ScreenSide> live = screens.stream().filter(s -> s.exists() && !s.deleting()).toList();
        if (!call.exists() || call.deleting()) {
            List<String> waiting = live.stream().map(ScreenSide::id).toList();
            if (live.isEmpty() && call.exists()) {
                return new Plan(Status.SKIP_NO_MATCH, "the call recording is being deleted", List.of(), List.of(), null, List.of());
            }
            return waitOrGiveUp("the call recording " + call.id() + " is not stored yet", waiting, settings, waited);
        }
        if (live.isEmpty()) {
            return new Plan(Status.SKIP_NO_MATCH, "no screen recording is linked to the call", List.of(), List.of(), null,
                    List.of());
        }
        List<InputMedia> audio = call.audio();
        List<Job> jobs = new ArrayList<>();
        List<String> pendingScreens = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Instant newest = Instant.EPOCH;
        for (ScreenSide screen : live) {
            if (screen.originals().isEmpty() || screen.originals().stream().anyMatch(m -> !m.arrived())) {
                pendingScreens.add(screen.id());
                continue;
            }
            if (settings.checkMatchingUsername() && !userNamesMatch(screen.originals(), audio)) {
                skipped.add(screen.id());
                continue;
            }
            String hash = inputsHash(screen.originals(), audio);
            if (hash.equals(screen.muxedInputsHash())) {
                continue;
            }
            jobs.add(new Job(screen.id(), hash, ids(screen.originals()), ids(audio)));
            newest = Stream.concat(screen.originals().stream(), audio.stream()).map(InputMedia::storedAt)
                    .filter(t -> t != null).reduce(newest, (a, b) -> a.isAfter(b) ? a : b);
        }
        boolean audioPending = call.media().isEmpty() || call.media().stream().anyMatch(m -> !m.arrived());
        if (audioPending && (!jobs.isEmpty() || !pendingScreens.isEmpty())) {
            List<String> waiting = new ArrayList<>(pendingScreens);
            jobs.forEach(j -> waiting.add(j.screenRecordingId()));
            return waitOrGiveUp("media of the call recording has not arrived yet", waiting, settings, waited);
        }
        if (jobs.isEmpty() && !pendingScreens.isEmpty()) {
            return waitOrGiveUp("media of screen recording " + pendingScreens.get(0) + " has not arrived yet",
                    pendingScreens, settings, waited);
        }
        if (jobs.isEmpty()) {
            return new Plan(Status.NOTHING_TO_DO, skipped.isEmpty() ? "every screen recording is muxed from its current inputs"
                    : "the user names of " + skipped + " do not match the call's (checkMatchingUsername)",
                    List.of(), List.of(), null, skipped);
        }
        Duration settleLeft = settings.settle().minus(Duration.between(newest, now));
        if (!settleLeft.isNegative() && !settleLeft.isZero()) {
            // Young inputs may be followed by more segments: wait until the newest is settled, rounded up to a second.
            Duration wait = Duration.ofSeconds((settleLeft.toMillis() + 999) / 1000);
            return new Plan(Status.WAIT, "the newest input is younger than the settle time", List.of(),
                    jobs.stream().map(Job::screenRecordingId).toList(), wait, skipped);
        }
        return new Plan(Status.READY, jobs.size() + " screen recording(s) to mux", jobs, List.of(), null, skipped);
    }

    /** Back-off 60 s, 60 s, 120 s, 240 s ... up to an hour between looks; given up once the cap is spent. */
    static Plan waitOrGiveUp(String reason, List<String> waiting, MuxerSettings settings, Duration waited) {
        Duration cap = settings.maxWait();
        if (waited.compareTo(cap) >= 0) {
            return new Plan(Status.GIVE_UP, reason + "; waited " + waited.toMinutes() + " minutes (maxWaitMinutes "
                    + cap.toMinutes() + ")", List.of(), waiting, null, List.of());
        }
        Duration next = waited.compareTo(FIRST_WAIT) < 0 ? FIRST_WAIT : waited;
        if (next.compareTo(LONGEST_WAIT) > 0) {
            next = LONGEST_WAIT;
        }
        if (waited.plus(next).compareTo(cap) > 0) {
            next = cap.minus(waited);
        }
        return new Plan(Status.WAIT, reason, List.of(), waiting, next, List.of());
    }

    /**
     * The guide's rule (G:15766-15774): mux only when the screen recording's user name is among the call's, except
     * that a call whose user name is "UNKNOWN", undefined or empty is always muxed. A screen without a user name
     * cannot contradict anything and is muxed too.
     */
    static boolean userNamesMatch(List<InputMedia> screen, List<InputMedia> audio) {
        Set<String> callNames = audio.stream().map(m -> text(m.file().parameters(), "username"))
                .filter(n -> n != null && !n.isBlank() && !n.equalsIgnoreCase("UNKNOWN"))
                .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (callNames.isEmpty()) {
            return true;
        }
        List<String> screenNames = screen.stream().map(m -> m.file().parameters() == null ? null
                        : text(m.file().parameters().get("contact"), "userName"))
                .filter(n -> n != null && !n.isBlank()).toList();
        return screenNames.isEmpty() || screenNames.stream().anyMatch(n -> callNames.contains(n.toLowerCase(Locale.ROOT)));
    }

    /** SHA-256 over the pipeline version and every input's identity, in an order that does not depend on reading. */
    static String inputsHash(List<InputMedia> video, List<InputMedia> audio) {
        StringBuilder text = new StringBuilder(PIPELINE_VERSION).append('\n');
        Stream.concat(video.stream().map(m -> line("V", m)), audio.stream().map(m -> line("A", m))).sorted()
                .forEach(l -> text.append(l).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The muxed file's mediaId: the guide's shape (G:33155, a 22-character prefix, {@code _}, the screen media's id),
     * with the prefix taken from the inputs hash so that the same inputs always name the same file. The prefix is the
     * hash's first 128 bits in base 62 (22 digits), so the id starts with a letter or digit as every mediaId must; it is
     * cut at the mediaId limit of 256 characters (the prefix alone already names the inputs).
     */
    public static String muxedMediaId(String inputsHash, String screenMediaId) {
        java.math.BigInteger n = new java.math.BigInteger(inputsHash.substring(0, 32), 16);
        java.math.BigInteger base = java.math.BigInteger.valueOf(BASE62.length());
        char[] digits = new char[22];
        for (int i = digits.length - 1; i >= 0; i--) {
            java.math.BigInteger[] qr = n.divideAndRemainder(base);
            digits[i] = BASE62.charAt(qr[1].intValue());
            n = qr[0];
        }
        String id = new String(digits) + "_" + screenMediaId;
        return id.length() > 256 ? id.substring(0, 256) : id;
    }

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static String line(String kind, InputMedia m) {
        return kind + "|" + m.mediaId() + "|" + m.file().size() + "|" + m.file().startTime().toEpochMilli() + "|"
                + m.file().stopTime().toEpochMilli() + "|" + m.objectKey();
    }

    private static List<String> ids(List<InputMedia> media) {
        return media.stream().sorted(Comparator.comparing((InputMedia m) -> m.file().startTime()).thenComparing(InputMedia::mediaId))
                .map(InputMedia::mediaId).toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
