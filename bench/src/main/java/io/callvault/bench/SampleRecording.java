package io.callvault.bench;

/**
 * The ingest body every benchmark posts: one call recording with one media file and {@value #EVENTS}
 * events, shaped like the RWS posts in the guide. Plain string building (no Jackson) because the
 * cold-start driver uses it too, and it must not load anything either handler would load.
 */
public final class SampleRecording {
    /** Events per recording; with META, MEDIA and the mediaId guard, the store writes EVENTS + 3 items. */
    public static final int EVENTS = 5;

    private static final String TEMPLATE = """
            {"id":"@ID@","callerPhoneNumber":"1000","dialedPhoneNumber":"1002",
             "startTime":"2015-06-24T20:18:31.000+0000","stopTime":"2015-06-24T20:19:36.000+0000",
             "mediaFiles":[{"mediaId":"@ID@_1.mp3","type":"audio/mp3",
               "startTime":"2015-06-24T20:18:31.000+0000","stopTime":"2015-06-24T20:18:42.000+0000",
               "duration":"11300","size":"44928","tenant":"Environment","ivrprofile":"DefaultIVRProfile",
               "parameters":{"agentId":"1000","username":"agent1000"},
               "partitions":["sales"],"accessgroups":["/team1"]}],
             "eventHistory":[
               {"occurredAt":"2015-06-24T20:18:19.000+0000","calluuid":"@ID@","eventId":"@ID@-e1","event":"Data",
                "data":{"added":{"GSIP_RECORD":"ON"}}},
               {"occurredAt":"2015-06-24T20:18:20.000+0000","calluuid":"@ID@","eventId":"@ID@-e2","event":"Joined",
                "contact":{"type":"External","phoneNumber":"1000"}},
               {"occurredAt":"2015-06-24T20:18:31.000+0000","calluuid":"@ID@","eventId":"@ID@-e3","event":"Joined",
                "contact":{"type":"User","userName":"agent1000"}},
               {"occurredAt":"2015-06-24T20:19:35.000+0000","calluuid":"@ID@","eventId":"@ID@-e4","event":"Left",
                "contact":{"type":"User","userName":"agent1000"}},
               {"occurredAt":"2015-06-24T20:19:36.000+0000","calluuid":"@ID@","eventId":"@ID@-e5","event":"Left",
                "contact":{"type":"External","phoneNumber":"1000"}}]}
            """.replaceAll("\\n\\s*", "");

    private SampleRecording() {}

    /** A recording id unique per benchmark phase ({@code prefix}) and index, e.g. {@code BENCHM0000000042}. */
    public static String id(String prefix, int index) {
        return String.format("%s%010d", prefix, index);
    }

    /** The body for one recording; its mediaId and eventIds derive from the id, so every post is new. */
    public static String json(String recordingId) {
        return TEMPLATE.replace("@ID@", recordingId);
    }
}
