package io.callvault.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The calls of the enrich section, shaped like the guide's call (core's {@code IntakeFixtures}, which lives in a
 * test jar the benchmark's classpath does not have): the media server's two bare posts, one per segment ({@code Z}
 * times, no partitions, access groups or user name, the receiver credential still in), and the telephony side's
 * {@value #EVENTS} interaction events: two agents joining and leaving, attached data with {@code GSIP_REC_FN},
 * {@code GRECORD_PARTITIONS} and keys the tenant's default filter drops ({@code ORSI:}, {@code WWE}, {@code PegAG}),
 * then {@code CallEnded} and each agent's {@code AfterCallWorkDone}. Call {@code i} has agents {@code i % AGENTS} (first
 * segment) and {@code (i + 7) % AGENTS} (second), found through the segment's {@code agentId} and the party events;
 * every time is relative to {@code t0}, the call's start, so a call posted at {@code t0 + }{@value #CALL_SECONDS} s
 * has just ended.
 */
final class EnrichCalls {
    /** Interaction events per call (9 become eventHistory; CallEnded and the AfterCallWorkDone only time it). */
    static final int EVENTS = 12;
    static final int SEGMENTS = 2;
    /** Agents in the tenant's directory, {@code agent1000} on, each in one team ({@code /team00}...). */
    static final int AGENTS = 50;
    static final int TEAMS = 10;
    /** From the call's start to its after-call work done: posting at t0 + this posts a call that just ended. */
    static final int CALL_SECONDS = 111;
    /** What the enrichment makes of the call's GRECORD_PARTITIONS. */
    static final String PARTITIONS = "/sales,/support";

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EVENT_ID_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private EnrichCalls() {}

    /** A 32-character call UUID like the guide's: {@code BENCHENR} + prefix + the index. */
    static String callUuid(String prefix, int i) {
        String head = "BENCHENR" + prefix;
        return head + String.format(Locale.ROOT, "%0" + (32 - head.length()) + "d", i);
    }

    static String agent(int n) {
        return "agent" + (1000 + n % AGENTS);
    }

    static String team(int n) {
        return String.format(Locale.ROOT, "/team%02d", n % AGENTS % TEAMS);
    }

    /** The directory entry of agent {@code n} ({@code PUT /api/v2/settings/agents/{userName}}). */
    static String directoryEntry(int n) {
        return "{\"firstName\":\"Firstname" + (1000 + n % AGENTS) + "\",\"lastName\":\"lastname\",\"hierarchy\":[\""
                + team(n) + "\"]}";
    }

    private static int agentOf(int call, int segment) {
        return segment == 0 ? call % AGENTS : (call + 7) % AGENTS;
    }

    private static Instant segmentStart(Instant t0, int segment) {
        return t0.plusSeconds(segment == 0 ? 30 : 63);
    }

    private static long segmentMillis(int segment) {
        return segment == 0 ? 11_300 : 32_662;
    }

    static String mediaId(String callUuid, Instant t0, int segment) {
        return callUuid + "_" + ID_TIME.format(segmentStart(t0, segment)) + "-00710158-100043" + (segment == 0 ? "FD" : "FF")
                + "-00000001.mp3";
    }

    /** The media server's post of segment {@code segment} (0 or 1) of call {@code i}. */
    static String segmentPost(String callUuid, int i, Instant t0, int segment) {
        Instant start = segmentStart(t0, segment).truncatedTo(ChronoUnit.SECONDS);
        Instant stop = start.plusMillis(segmentMillis(segment)).truncatedTo(ChronoUnit.SECONDS);
        int agent = agentOf(i, segment);
        String paramsId = callUuid + "_" + ID_TIME.format(start);
        ObjectNode file = Json.object()
                .put("startTime", start.toString())
                .put("stopTime", stop.toString())
                .put("callUUID", callUuid)
                .put("mediaId", mediaId(callUuid, t0, segment))
                .put("type", "audio/mp3")
                .put("duration", Long.toString(segmentMillis(segment)))
                .put("tenant", "Environment")
                .put("ivrprofile", "DefaultIVRProfile")
                .put("size", Long.toString(segmentMillis(segment) * 4 - 2272));
        file.putObject("parameters")
                .put("dnis", "1002")
                .put("connId", String.format(Locale.ROOT, "%016x", 0x7002684ae93003L + i))
                .put("ani", phone(i))
                .put("dateTime", start.toString())
                .put("recordDN", dn(agent))
                .put("agentId", Integer.toString(1000 + agent))
                .put("rp.speechminer_uri", "http://sm/interactionreceiver")
                .put("rp.speechminer_auth", "user:password")
                .put("sipsAppName", "SIPS_vagrant.genesys.com")
                .put("id", paramsId)
                .put("partitions", segment == 0 ? "sales" : "salesasdfsaf")
                .put("callUuid", callUuid);
        ObjectNode post = Json.object();
        post.putArray("mediaFiles").add(file);
        return Json.write(post);
    }

    /** The telephony side's post of call {@code i}'s {@value #EVENTS} events. */
    static String eventsPost(String callUuid, int i, Instant t0) {
        int a = agentOf(i, 0);
        int b = agentOf(i, 1);
        String rec0 = callUuid + "_" + ID_TIME.format(segmentStart(t0, 0).truncatedTo(ChronoUnit.SECONDS));
        String rec1 = callUuid + "_" + ID_TIME.format(segmentStart(t0, 1).truncatedTo(ChronoUnit.SECONDS));
        ObjectNode body = Json.object();
        ArrayNode events = body.putArray("events");
        ObjectNode d1 = data(events, callUuid, t0, 1_792);
        d1.putObject("added").put("From:tag", tag(i, 7)).put("ORSI:callvault:0001:session", "s-" + i)
                .put("WWE_ContactId", "c-" + i);
        party(events, callUuid, t0, 4_000, "Joined", a);
        data(events, callUuid, t0, 28_009).putObject("added").put("GSIP_RECORD", "ON").put("GSIP_REC_FN", rec0);
        data(events, callUuid, t0, 29_250).putObject("added").put("GRECORD_PARTITIONS", PARTITIONS)
                .put("CaseId", "CASE-" + (100_000 + i)).put("WWEBundleId", "b-" + i).put("PegAGTime", "12");
        party(events, callUuid, t0, 42_000, "Left", a);
        ObjectNode d4 = data(events, callUuid, t0, 42_259);
        d4.putObject("updated").put("From:tag", tag(i, 9));
        d4.putObject("deleted").put("GSIP_RECORD", "ON");
        party(events, callUuid, t0, 44_000, "Joined", b);
        ObjectNode d5 = data(events, callUuid, t0, 62_284);
        d5.putObject("added").put("GSIP_RECORD", "ON");
        d5.putObject("updated").put("GSIP_REC_FN", rec1);
        acwDone(events, t0, 58_000, a);
        party(events, callUuid, t0, 96_000, "Left", b);
        events.addObject().put("eventId", EVENT_ID_TIME.format(t0.plusMillis(96_500)) + "_CallEnded")
                .put("type", "CallEnded").put("occurredAt", EVENT_TIME.format(t0.plusMillis(96_500)))
                .put("callType", "Inbound");
        acwDone(events, t0, 110_000, b);
        return Json.write(body);
    }

    private static void acwDone(ArrayNode events, Instant t0, long atMillis, int agent) {
        Instant at = t0.plusMillis(atMillis);
        events.addObject().put("eventId", EVENT_ID_TIME.format(at) + "_AcwDone_" + agent(agent))
                .put("type", "AfterCallWorkDone").put("occurredAt", EVENT_TIME.format(at))
                .putObject("contact").put("userName", agent(agent));
    }

    private static ObjectNode data(ArrayNode events, String callUuid, Instant t0, long atMillis) {
        Instant at = t0.plusMillis(atMillis);
        ObjectNode e = events.addObject().put("eventId", EVENT_ID_TIME.format(at) + "_" + callUuid)
                .put("type", "AttachedData").put("occurredAt", EVENT_TIME.format(at)).put("callUuid", callUuid);
        return e.putObject("data");
    }

    private static void party(ArrayNode events, String callUuid, Instant t0, long atMillis, String joinedOrLeft, int agent) {
        Instant at = t0.plusMillis(atMillis);
        events.addObject().put("eventId", EVENT_ID_TIME.format(at) + "_" + joinedOrLeft + "_" + agent(agent))
                .put("type", "Party" + joinedOrLeft).put("occurredAt", EVENT_TIME.format(at)).put("callUuid", callUuid)
                .putObject("contact").put("type", "User").put("phoneNumber", dn(agent)).put("userName", agent(agent))
                .put("agentId", Integer.toString(1000 + agent));
    }

    private static String dn(int agent) {
        return Integer.toString(1000 + agent);
    }

    private static String phone(int i) {
        return String.format(Locale.ROOT, "+1555%07d", i % 10_000_000);
    }

    private static String tag(int i, int n) {
        return String.format(Locale.ROOT, "003C43D0-0F8B-158B-B223-%012X-%d", i, n);
    }
}
