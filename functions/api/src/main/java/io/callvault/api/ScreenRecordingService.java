package io.callvault.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.http.Caller;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.ContactCenter;
import io.callvault.core.store.IngestKeys;
import io.callvault.core.store.IngestResult;

/**
 * The Screen Recording Service's upload (guide #32, a multipart POST of up to 512 MiB there): here the
 * screen recording's metadata is posted and stored, and each media file gets a presigned PUT of its
 * declared size into the ingest bucket. The S3 event then encrypts and stores the video like call media.
 * Everything is checked before anything is written: a refused post leaves no metadata behind.
 */
public final class ScreenRecordingService {
    private final RecordingService recordings;
    private final MediaUploadService uploads;

    public ScreenRecordingService(RecordingService recordings, MediaUploadService uploads) {
        this.recordings = recordings;
        this.uploads = uploads;
    }

    public ObjectNode ingest(Caller caller, String ccid, JsonNode body) {
        ContactCenter cc = recordings.checkIngest(caller, ccid);
        Recording posted = RecordingCodec.read(body, RecordingKind.SCREEN);
        for (int i = 0; i < posted.mediaFiles().size(); i++) {
            MediaFile file = posted.mediaFiles().get(i);
            if (file.size() == null) {
                throw new InvalidFieldException("mediaFiles[" + i + "].size",
                        "is required: the upload is signed for exactly this many bytes");
            }
            MediaUploadService.checkUpload("mediaFiles[" + i + "].type", file.type(), file.size());
        }
        IngestResult result = recordings.store(cc, posted);
        ObjectNode answer = RecordingService.ingestAnswer(RecordingKind.SCREEN, result);
        ArrayNode list = answer.putArray("uploads");
        for (MediaFile file : posted.mediaFiles()) {
            list.add(uploads.presign(IngestKeys.of(ccid, RecordingKind.SCREEN, file.mediaId()), file.type(), file.size()));
        }
        return answer;
    }
}
