package io.callvault.mux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.model.MediaFile;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.sfn.TransientStorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Commit task (spec muxer.md §5.2): makes a muxed file a media file of its screen recording, with
 * {@code parameters.muxed_mediaIds} naming its sources, replaces the previous muxed file, and marks the call
 * ({@code screenRecording: true}, label {@code screenRecording}); originals are kept. It commits only the inputs the
 * file was made from: when they changed in the meantime (a late segment) the file is stale and is thrown away, since
 * the change started a run of its own. Answers which objects the Cleanup task is to delete.
 */
public final class MuxCommitService {
    public enum Status { COMMITTED, ALREADY_COMMITTED, STALE }

    public record Outcome(Status status, String mediaId, List<String> deleteKeys) {
        public Outcome {
            deleteKeys = List.copyOf(deleteKeys);
        }
    }

    private static final int MAX_ATTEMPTS = 10;

    private final MuxStore store;
    private final TenantSettings settings;

    public MuxCommitService(MuxStore store, TenantSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public Outcome commit(MuxService.Task task, MuxService.Result muxed) {
        for (int attempt = 1; ; attempt++) {
            CallSide call = store.call(task.ccid(), task.callRecordingId());
            ScreenSide screen = store.screen(task.ccid(), task.screenRecordingId());
            if (!call.exists() || call.deleting() || !screen.exists() || screen.deleting()
                    || !MuxPlanner.inputsHash(screen.originals(), call.audio()).equals(task.inputsHash())) {
                store.release(task.ccid(), task.screenRecordingId(), task.runId());
                return new Outcome(Status.STALE, null, List.of(muxed.objectKey()));
            }
            if (task.inputsHash().equals(screen.muxedInputsHash())) {
                boolean ours = screen.muxed().stream().anyMatch(m -> muxed.objectKey().equals(m.objectKey()));
                return new Outcome(Status.ALREADY_COMMITTED, null, ours ? List.of() : List.of(muxed.objectKey()));
            }
            MediaFile file = muxedFile(task, muxed, screen, call);
            boolean label = settings.muxer(task.ccid()).markScreenRecordingLabel();
            if (store.commit(call, screen, file, muxed.objectKey(), muxed.plaintextSha256(), task.inputsHash(), label)) {
                List<String> superseded = new ArrayList<>();
                screen.muxed().stream().filter(m -> !m.mediaId().equals(file.mediaId())).map(MuxedOutput::objectKey)
                        .forEach(superseded::add);
                return new Outcome(Status.COMMITTED, file.mediaId(), superseded);
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new TransientStorageException("the call or screen recording kept changing during the commit of "
                        + task.screenRecordingId(), null);
            }
            // A label, a post or a new segment landed between read and write: read again and decide again.
        }
    }

    /**
     * The guide's muxed media file (G:33145-33164): its own mediaId, {@code video/mp4}, the timeline's start and stop,
     * the screen media's parameters plus {@code muxed_mediaIds} = [screen mediaIds..., call mediaIds...].
     */
    static MediaFile muxedFile(MuxService.Task task, MuxService.Result muxed, ScreenSide screen, CallSide call) {
        List<InputMedia> video = screen.originals().stream()
                .sorted(java.util.Comparator.comparing((InputMedia m) -> m.file().startTime())).toList();
        MediaFile first = video.get(0).file();
        ObjectNode parameters = first.parameters() == null ? Json.object() : first.parameters().deepCopy();
        var sources = parameters.putArray("muxed_mediaIds");
        video.forEach(m -> sources.add(m.mediaId()));
        call.audio().stream().sorted(java.util.Comparator.comparing((InputMedia m) -> m.file().startTime()))
                .forEach(m -> sources.add(m.mediaId()));
        parameters.put("muxed_video", muxed.videoPath());
        return MediaFile.builder()
                .mediaId(MuxPlanner.muxedMediaId(task.inputsHash(), first.mediaId()))
                .type("video/mp4")
                .startTime(Instant.ofEpochMilli(muxed.startMillis()))
                .stopTime(Instant.ofEpochMilli(muxed.stopMillis()))
                .duration(clock(Duration.ofMillis(muxed.durationMillis())))
                .size(muxed.size())
                .callUuid(first.callUuid())
                .tenant(first.tenant())
                .parameters(parameters)
                .partitions(first.partitions())
                .accessgroups(first.accessgroups())
                .pkcs7(muxed.pkcs7())
                .certAlias(muxed.certAlias())
                .playId(java.util.UUID.randomUUID().toString())
                .build();
    }

    /** Screen media durations are written as the guide writes them: {@code H:MM:SS} (G:33158, "0:01:51"). */
    static String clock(Duration d) {
        long seconds = (d.toMillis() + 500) / 1000;
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
