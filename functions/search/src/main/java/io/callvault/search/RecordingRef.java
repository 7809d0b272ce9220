package io.callvault.search;

import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.Keys;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One recording of one contact center, as the indexer addresses it. */
public record RecordingRef(String ccid, RecordingKind kind, String id) {
    private static final Pattern RECORDING_PARTITION = Pattern.compile("CC#([A-Za-z0-9-]+)#(REC|SCR)#(.+)");

    /** The recording a recordings-table partition key belongs to; empty for guards and other items. */
    public static Optional<RecordingRef> ofPartition(String pk) {
        Matcher m = pk == null ? null : RECORDING_PARTITION.matcher(pk);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RecordingRef(m.group(1), m.group(2).equals("REC") ? RecordingKind.CALL : RecordingKind.SCREEN,
                m.group(3)));
    }

    /**
     * The recordings a changed item concerns: its partition's, and for a call's screen link item
     * ({@code SCREEN#id}) the screen as well, whose document carries the call's access fields.
     */
    public static java.util.List<RecordingRef> ofItem(String pk, String sk) {
        Optional<RecordingRef> owner = ofPartition(pk);
        if (owner.isEmpty()) {
            return java.util.List.of();
        }
        if (sk != null && sk.startsWith(Keys.SCREEN_LINK_PREFIX) && owner.get().kind() == RecordingKind.CALL) {
            return java.util.List.of(owner.get(), new RecordingRef(owner.get().ccid(), RecordingKind.SCREEN,
                    sk.substring(Keys.SCREEN_LINK_PREFIX.length())));
        }
        return java.util.List.of(owner.get());
    }
}
