package io.callvault.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * The search benchmark's call recordings: deterministic per index (recording {@code i} is the same in every run),
 * spread over {@value #DAYS} days from {@link #T0}, shaped like the guide's posts and like
 * {@code SearchCorpus.call} in the search module's tests (one media file, a second one when the call was
 * transferred; Data, Joined and Left events with contacts and attached data), read through
 * {@link RecordingCodec#read} as a post is. What varies, and how often:
 * <ul>
 *   <li>call type: Inbound 60 %, Outbound 30 %, Internal 7 %, Consult 3 %; inbound calls come from a customer
 *       number ({@code +1 (555) NNN-NNNN}, one of a million) to one of {@value #SERVICE_NUMBERS} service numbers,
 *       outbound calls go from an agent's extension to a customer number, internal and consult calls are
 *       extension to extension;</li>
 *   <li>agents: one of {@value #AGENTS} (agent id {@code A0042}, user name {@code agent0042}, first and last name
 *       from lists of 40), each in one of {@value #TEAMS} teams, whose access group is the media file's
 *       ({@code /emea/team07}) and whose partition is {@code sales}, {@code support} or {@code billing}; 20 % of
 *       calls are transferred to a second agent (a second media file);</li>
 *   <li>the customer's name on the External contact in half the calls;</li>
 *   <li>attached data: a queue (5 values), a case id ({@code CASE-NNNNNN}, one of 200,000), a language (3) and a
 *       segment (3);</li>
 *   <li>labels: {@code vip} 5 %, {@code escalated} 3 %; a screen recording 10 %.</li>
 * </ul>
 */
final class SearchRecordings {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final int DAYS = 30;
    static final int AGENTS = 500;
    static final int TEAMS = 30;
    static final int SERVICE_NUMBERS = 20;
    static final String REGION = "us";
    private static final long SEED = 20_260_104L;
    private static final DateTimeFormatter GUIDE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final String[] SITES = {"/na", "/emea", "/apac"};
    private static final String[] PARTITIONS = {"sales", "support", "billing"};
    private static final String[] QUEUES = {"Sales", "Support", "Billing", "Retention", "Onboarding"};
    private static final String[] LANGUAGES = {"en", "es", "fr"};
    private static final String[] SEGMENTS = {"Gold", "Silver", "Bronze"};
    static final String[] FIRST_NAMES = {"Maria", "James", "Wei", "Fatima", "Olga", "Pierre", "Aiko", "Carlos",
            "Priya", "John", "Amara", "Lucas", "Sofia", "Ahmed", "Emma", "Noah", "Chen", "Isabel", "Ivan", "Grace",
            "Omar", "Hana", "Luis", "Anna", "David", "Leila", "Mateo", "Zoe", "Ravi", "Elena", "Kofi", "Mia", "Yusuf",
            "Sara", "Tomas", "Nina", "Arjun", "Lea", "Pablo", "Ines"};
    static final String[] LAST_NAMES = {"Garcia", "Smith", "Wang", "Khan", "Ivanova", "Martin", "Tanaka", "Lopez",
            "Patel", "Brown", "Okafor", "Silva", "Rossi", "Hassan", "Muller", "Jones", "Li", "Fernandez", "Petrov",
            "Kim", "Ali", "Sato", "Gomez", "Novak", "Cohen", "Haddad", "Torres", "Dubois", "Singh", "Popescu",
            "Mensah", "Nilsson", "Yilmaz", "Costa", "Horvat", "Berg", "Iyer", "Weber", "Ruiz", "Moreau"};

    private final String idPrefix;

    /** {@code idPrefix}: recording ids are the prefix and the index, e.g. {@code SRCH00000042}. */
    SearchRecordings(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    String id(int i) {
        return String.format("%s%08d", idPrefix, i);
    }

    /** Recording {@code i}, as a post would be read. */
    Recording recording(int i) {
        return RecordingCodec.read(json(i), RecordingKind.CALL);
    }

    /** What recording {@code i} is made of; the queries pick their values from here. */
    record Shape(Instant start, String callType, String caller, String dialed, int agent, Integer secondAgent,
                 String customerFirst, String customerLast, String queue, String caseId, boolean vip,
                 boolean escalated, boolean screen) {}

    static Shape shape(int i) {
        Random r = new Random(SEED * 1_000_003L + i);
        Instant start = T0.plusSeconds(r.nextInt(DAYS * 86_400));
        int kind = r.nextInt(100);
        String callType = kind < 60 ? "Inbound" : kind < 90 ? "Outbound" : kind < 97 ? "Internal" : "Consult";
        String customer = customerNumber(r.nextInt(1_000_000));
        int agent = r.nextInt(AGENTS);
        int other = r.nextInt(AGENTS);
        String caller;
        String dialed;
        switch (callType) {
            case "Inbound" -> {
                caller = customer;
                dialed = serviceNumber(r.nextInt(SERVICE_NUMBERS));
            }
            case "Outbound" -> {
                caller = extension(agent);
                dialed = customer;
            }
            default -> {
                caller = extension(other);
                dialed = extension(agent);
            }
        }
        Integer second = r.nextInt(100) < 20 ? (agent + 1 + r.nextInt(AGENTS - 1)) % AGENTS : null;
        boolean named = r.nextBoolean();
        String first = FIRST_NAMES[r.nextInt(FIRST_NAMES.length)];
        String last = LAST_NAMES[r.nextInt(LAST_NAMES.length)];
        String queue = QUEUES[r.nextInt(QUEUES.length)];
        String caseId = String.format("CASE-%06d", r.nextInt(200_000));
        int labels = r.nextInt(100);
        boolean screen = r.nextInt(100) < 10;
        return new Shape(start, callType, caller, dialed, agent, second, named ? first : null, named ? last : null,
                queue, caseId, labels < 5, labels >= 5 && labels < 8, screen);
    }

    /** {@code +1 (555) 001-2345}: stored as posted, searched as {@code 15550012345}. */
    static String customerNumber(int n) {
        String d = String.format("%07d", n);
        return "+1 (555) " + d.substring(0, 3) + "-" + d.substring(3);
    }

    static String serviceNumber(int n) {
        return String.format("+1 800 555 %04d", 100 + n);
    }

    static String extension(int agent) {
        return String.format("7%04d", agent);
    }

    static String agentId(int agent) {
        return String.format("A%04d", agent);
    }

    static String userName(int agent) {
        return String.format("agent%04d", agent);
    }

    static String firstName(int agent) {
        return FIRST_NAMES[agent % FIRST_NAMES.length];
    }

    static String lastName(int agent) {
        return LAST_NAMES[(agent / FIRST_NAMES.length * 7 + agent) % LAST_NAMES.length];
    }

    static int team(int agent) {
        return agent % TEAMS;
    }

    /** The access group of a team's media files, e.g. {@code /emea/team07}. */
    static String accessGroup(int team) {
        return SITES[team % SITES.length] + String.format("/team%02d", team);
    }

    private ObjectNode json(int i) {
        Shape s = shape(i);
        String id = id(i);
        long seconds = 30 + Math.floorMod(id.hashCode(), 870);
        Instant stop = s.start().plusSeconds(seconds);
        Instant transfer = s.start().plusSeconds(seconds / 2);
        ObjectNode r = Json.object()
                .put("id", id)
                .put("callerPhoneNumber", s.caller())
                .put("dialedPhoneNumber", s.dialed())
                .put("startTime", time(s.start()))
                .put("stopTime", time(stop))
                .put("callType", s.callType())
                .put("screenRecording", s.screen())
                .put("region", REGION);
        if (s.vip() || s.escalated()) {
            r.putArray("labels").add(s.vip() ? "vip" : "escalated");
        }
        ArrayNode files = r.putArray("mediaFiles");
        if (s.secondAgent() == null) {
            mediaFile(files, id, 1, s.start(), stop, s.agent(), s);
        } else {
            mediaFile(files, id, 1, s.start(), transfer, s.agent(), s);
            mediaFile(files, id, 2, transfer, stop, s.secondAgent(), s);
        }
        ArrayNode events = r.putArray("eventHistory");
        int e = 0;
        ObjectNode data = event(events, id, e++, s.start().minusSeconds(12), "Data").putObject("data").putObject("added");
        data.put("Queue", s.queue()).put("CaseId", s.caseId()).put("Language", LANGUAGES[Math.floorMod(i, 3)])
                .put("Segment", SEGMENTS[Math.floorMod(i / 3, 3)]).put("GSIP_RECORD", "ON");
        ObjectNode customer = event(events, id, e++, s.start().minusSeconds(11), "Joined").putObject("contact")
                .put("type", "External").put("phoneNumber", s.callType().equals("Outbound") ? s.dialed() : s.caller());
        if (s.customerFirst() != null) {
            customer.put("firstName", s.customerFirst()).put("lastName", s.customerLast());
        }
        agentEvent(events, id, e++, s.start(), "Joined", s.agent());
        if (s.secondAgent() != null) {
            agentEvent(events, id, e++, transfer, "Left", s.agent());
            agentEvent(events, id, e++, transfer, "Joined", s.secondAgent());
            agentEvent(events, id, e++, stop, "Left", s.secondAgent());
        } else {
            agentEvent(events, id, e++, stop, "Left", s.agent());
        }
        event(events, id, e, stop, "Left").putObject("contact").put("type", "External")
                .put("phoneNumber", s.callType().equals("Outbound") ? s.dialed() : s.caller());
        return r;
    }

    private static void mediaFile(ArrayNode files, String id, int n, Instant start, Instant stop, int agent, Shape s) {
        int team = team(agent);
        ObjectNode f = files.addObject()
                .put("mediaId", id + "_" + n + ".mp3")
                .put("type", "audio/mp3")
                .put("startTime", time(start))
                .put("stopTime", time(stop))
                .put("duration", Long.toString((stop.toEpochMilli() - start.toEpochMilli())))
                .put("size", Long.toString((stop.getEpochSecond() - start.getEpochSecond()) * 4000))
                .put("tenant", "Environment")
                .put("ivrprofile", "DefaultIVRProfile");
        f.putObject("parameters")
                .put("dnis", s.dialed())
                .put("ani", s.caller())
                .put("agentId", agentId(agent))
                .put("username", userName(agent))
                .put("recordDN", extension(agent))
                .put("dateTime", time(start))
                .put("id", id + "_" + n);
        f.putArray("partitions").add(PARTITIONS[team % PARTITIONS.length]);
        f.putArray("accessgroups").add(accessGroup(team));
    }

    private static void agentEvent(ArrayNode events, String id, int e, Instant at, String type, int agent) {
        event(events, id, e, at, type).putObject("contact").put("type", "User").put("phoneNumber", extension(agent))
                .put("userName", userName(agent)).put("firstName", firstName(agent)).put("lastName", lastName(agent));
    }

    private static ObjectNode event(ArrayNode events, String id, int e, Instant at, String type) {
        return events.addObject().put("occurredAt", time(at)).put("calluuid", id).put("eventId", id + "-e" + e)
                .put("event", type);
    }

    private static String time(Instant t) {
        return GUIDE_TIME.format(t);
    }

    /** Recording ids of the given indices, for building references. */
    List<String> ids(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(this::id).toList();
    }
}
