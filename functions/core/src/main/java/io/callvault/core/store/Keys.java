package io.callvault.core.store;

import io.callvault.core.model.RecordingKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Key layout of the recordings table; docs/data-model.md describes it. */
public final class Keys {
    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String META = "META";
    public static final String MEDIA_PREFIX = "MEDIA#";
    public static final String EVENT_PREFIX = "EVT#";
    public static final String OWNER = "OWNER";
    /** In a call's partition: one item per screen recording linked to the call, written by the screen's ingest. */
    public static final String SCREEN_LINK_PREFIX = "SCREEN#";
    /**
     * On a MEDIA item: {@value #MEDIA_STORED} once its content is in the media bucket, {@value #MEDIA_MUXED} on a muxed
     * output (which the mux's own reads tell apart from original media). An exact value, so a stream filter could select it.
     */
    public static final String MEDIA_STATE = "mediaState";
    /** In a screen recording's partition: the lease of the mux run working on it (docs/mux.md). */
    public static final String MUX_LEASE = "MUXLEASE";
    public static final String MEDIA_STORED = "STORED";
    public static final String MEDIA_MUXED = "MUXED";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Keys() {}

    public static String recording(String ccid, RecordingKind kind, String id) {
        return "CC#" + ccid + (kind == RecordingKind.CALL ? "#REC#" : "#SCR#") + id;
    }

    /** Guard item that makes a mediaId unique within a contact center, whichever recording posts it. */
    public static String mediaGuard(String ccid, String mediaId) {
        return "CC#" + ccid + "#MID#" + mediaId;
    }

    /** GSI1: recordings of one contact center by UTC start day, for time-window work (lifecycle, re-index). */
    public static String startDay(String ccid, Instant startTime) {
        return "CC#" + ccid + "#DAY#" + DAY.format(startTime);
    }

    public static String startDaySort(Instant startTime, RecordingKind kind, String id) {
        return String.format("%013d#%s#%s", startTime.toEpochMilli(), kind.name(), id);
    }
}
