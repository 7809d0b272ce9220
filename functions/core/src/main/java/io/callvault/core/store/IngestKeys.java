package io.callvault.core.store;

import io.callvault.core.codec.Ids;
import java.util.Optional;

/**
 * Where media waits in the ingest bucket before it is encrypted and stored:
 * {@code {ccid}/calls/{recordingId}/{mediaId}} for call media and
 * {@code {ccid}/screens/{screenRecordingId}/{mediaId}} for screen media. A media server may write there
 * directly; presigned uploads use the same keys. The ingest function reads everything it needs from the key.
 */
public final class IngestKeys {
    public enum Kind { CALL, SCREEN }

    public record IngestKey(String ccid, Kind kind, String recordingId, String mediaId) {
        public String key() {
            return ccid + (kind == Kind.CALL ? "/calls/" : "/screens/") + recordingId + "/" + mediaId;
        }
    }

    private IngestKeys() {}

    public static IngestKey of(String ccid, Kind kind, String recordingId, String mediaId) {
        Ids.contactCenterId("ccid", ccid);
        Ids.recordingId("recordingId", recordingId);
        Ids.mediaId("mediaId", mediaId);
        return new IngestKey(ccid, kind, recordingId, mediaId);
    }

    /** Parses an object key; anything that is not exactly of the convention is not ours to ingest. */
    public static Optional<IngestKey> parse(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        Kind kind = switch (parts[1]) {
            case "calls" -> Kind.CALL;
            case "screens" -> Kind.SCREEN;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(parts[0], kind, parts[2], parts[3]));
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
