package io.callvault.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.MediaServerPost;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.model.SegmentFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the media server's bare metadata post (spec intake.md §1.2, guide L32812-L32864): one or more
 * media files in {@code {"mediaFiles":[...]}} (or one bare media file), each with {@code parameters} from
 * SIP Server. Keys are matched without regard to case and written in the guide example's casing.
 *
 * <p>Required, else {@link InvalidFieldException} naming the field (spec §7.1 step 2, §7.4.2):
 * {@code mediaId}, {@code startTime}, {@code parameters}, {@code parameters.callUuid},
 * {@code parameters.id}; {@code certAlias} when {@code pkcs7} is present (§7.4.8). Refused as well:
 * {@code stopTime} before {@code startTime} or unparseable (§7.4.7), ids outside the id alphabet, two
 * spellings of one key with different values, oversized parameters.
 *
 * <p>Tolerated and flagged ({@link SegmentFlag}): {@code stopTime == startTime}, a missing {@code stopTime}
 * (taken as {@code startTime}), a missing {@code tenant}, a {@code duration} or {@code size} that is not a
 * whole number >= 0 (left out: media ingest measures the file itself). {@code rp.speechminer_auth} is
 * removed, in any spelling, before anything else looks at the parameters, so it reaches no error message.
 */
public final class MediaServerPostCodec {
    /** Bodies are metadata only; API Gateway's 10 MB would allow far more than a media server ever sends. */
    public static final int MAX_BODY_CHARS = 1 << 20;
    public static final int MAX_MEDIA_FILES = RecordingCodec.MAX_MEDIA_FILES;
    public static final int MAX_PARAMETERS = 500;
    public static final int MAX_PARAMETERS_CHARS = 64 * 1024;

    private static final KeyCase TOP = KeyCase.of("mediaFiles").alias("mediaFile", "mediaFiles");
    private static final KeyCase MEDIA_FILE = KeyCase.of("mediaId", "type", "startTime", "stopTime", "duration",
                    "size", "tenant", "ivrprofile", "callUUID", "parameters", "masks", "pkcs7", "certAlias",
                    "partitions", "accessgroups", "channels", "mediaDescriptor");
    /** The guide's parameter names (table L32789, examples L32833-L32852), in the examples' casing. */
    private static final KeyCase PARAMETERS = KeyCase.of("sipsAppName", "ani", "dnis", "dateTime", "callUuid",
            "connId", "agentId", "id", "recordDN", "record", "username", "partitions", "rp.speechminer_uri");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");

    private MediaServerPostCodec() {}

    /** Parses a body that did not come through the HTTP layer; malformed or truncated JSON names its position only. */
    public static MediaServerPost parse(String ccid, String body) {
        return read(ccid, JsonBodies.parse(body, MAX_BODY_CHARS));
    }

    public static MediaServerPost read(String ccid, JsonNode body) {
        Ids.contactCenterId("ccid", ccid);
        Fields.of(body, "");
        ObjectNode top = TOP.fold((ObjectNode) body, "");
        List<JsonNode> files;
        String base;
        if (top.hasNonNull("mediaFiles")) {
            files = Fields.of(top, "").array("mediaFiles", MAX_MEDIA_FILES);
            base = "mediaFiles";
        } else if (MEDIA_FILE.fold(top, "").hasNonNull("mediaId")) {
            files = List.of(body); // one bare media file
            base = null;
        } else {
            throw new InvalidFieldException("mediaFiles", "is required: the post names no media file");
        }
        if (files.isEmpty()) {
            throw new InvalidFieldException("mediaFiles", "must list at least one media file");
        }
        List<RawSegment> segments = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            String path = base == null ? "" : base + "[" + i + "]";
            RawSegment segment = readSegment(ccid, files.get(i), path);
            if (!seen.add(segment.mediaId())) {
                throw new InvalidFieldException(join(path, "mediaId"),
                        "repeats " + Excerpt.of(segment.mediaId()) + " within one post");
            }
            segments.add(segment);
        }
        return new MediaServerPost(ccid, segments);
    }

    private static RawSegment readSegment(String ccid, JsonNode node, String path) {
        Fields.of(node, path);
        EnumSet<SegmentFlag> flags = EnumSet.noneOf(SegmentFlag.class);
        ObjectNode file = MEDIA_FILE.fold((ObjectNode) node, path);

        // Parameters first: the credential goes before any check can quote a value near it.
        JsonNode rawParameters = file.get("parameters");
        if (rawParameters == null || rawParameters.isNull()) {
            throw new InvalidFieldException(join(path, "parameters"), "is required (callUuid and id come from it)");
        }
        if (!rawParameters.isObject()) {
            // Named by type only: a string here could be the credential itself.
            throw new InvalidFieldException(join(path, "parameters"),
                    "must be a JSON object, got " + rawParameters.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        ObjectNode parameters = ((ObjectNode) rawParameters).deepCopy();
        if (stripSecrets(parameters)) {
            flags.add(SegmentFlag.RECEIVER_CREDENTIALS_STRIPPED);
        }
        String pPath = join(path, "parameters");
        if (parameters.size() > MAX_PARAMETERS) {
            throw new InvalidFieldException(pPath, "has " + parameters.size() + " keys; at most " + MAX_PARAMETERS);
        }
        if (Json.write(parameters).length() > MAX_PARAMETERS_CHARS) {
            throw new InvalidFieldException(pPath, "are longer than " + MAX_PARAMETERS_CHARS + " characters of JSON");
        }
        parameters = PARAMETERS.fold(parameters, pPath);
        file.set("parameters", parameters);

        Fields p = Fields.of(parameters, pPath);
        String recordingId = Ids.recordingId(p.path("callUuid"), p.requiredText("callUuid"));
        String sessionId = p.requiredText("id");
        if (sessionId.length() > 256 || Fields.hasControl(sessionId)) {
            throw new InvalidFieldException(p.path("id"), "must be at most 256 characters without control characters");
        }
        if (!file.hasNonNull("callUUID")) {
            file.put("callUUID", recordingId);
        }

        Fields f = Fields.of(file, path);
        if (!file.hasNonNull("stopTime") && f.time("startTime") != null) {
            file.set("stopTime", file.get("startTime"));
            flags.add(SegmentFlag.STOP_TIME_MISSING);
        }
        if (dropUnlessWholeNumber(file, "duration")) {
            flags.add(SegmentFlag.DURATION_DROPPED);
        }
        if (dropUnlessWholeNumber(file, "size")) {
            flags.add(SegmentFlag.SIZE_DROPPED);
        }
        JsonNode partitions = file.get("partitions");
        if (partitions != null && partitions.isTextual()) {
            // The VoiceXML and T-Lib form is a comma list; the stored form an array (spec §1.2).
            ArrayNode list = file.putArray("partitions");
            commaList(partitions.textValue()).forEach(list::add);
        }
        if (file.hasNonNull("pkcs7") && (!file.hasNonNull("certAlias")
                || (file.get("certAlias").isArray() && file.get("certAlias").isEmpty()))) {
            throw new InvalidFieldException(join(path, "certAlias"), "is required when pkcs7 is present (guide L32792)");
        }
        if (!file.hasNonNull("tenant")) {
            flags.add(SegmentFlag.TENANT_MISSING);
        }

        MediaFile media = RecordingCodec.readMediaFile(file, path, false);
        if (media.stopTime().equals(media.startTime()) && !flags.contains(SegmentFlag.STOP_TIME_MISSING)) {
            flags.add(SegmentFlag.STOP_TIME_EQUALS_START_TIME);
        }
        String fingerprint = Json.sha256Hex(recordingId + "\n"
                + Json.canonical(RecordingCodec.writeMediaFile(RecordingKind.CALL, recordingId, media, null, false)));
        return new RawSegment(ccid, recordingId, sessionId, media, flags, fingerprint);
    }

    /** Removes {@code rp.speechminer_auth} in any case and with {@code .} or {@code _} (the guide writes both, L35028). */
    public static boolean stripSecrets(ObjectNode parameters) {
        List<String> secret = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(name -> {
            if (isReceiverCredential(name)) {
                secret.add(name);
            }
        });
        secret.forEach(parameters::remove);
        return !secret.isEmpty();
    }

    /** {@code rp.speechminer_auth} in any case and with {@code .} or {@code _} between its words. */
    public static boolean isReceiverCredential(String parameterName) {
        String normal = parameterName.toLowerCase(Locale.ROOT).replace('.', '_');
        for (String s : RecordingCodec.SECRET_PARAMETERS) {
            if (s.toLowerCase(Locale.ROOT).replace('.', '_').equals(normal)) {
                return true;
            }
        }
        return false;
    }

    /** The comma list of partitions ({@code "/sales,/support"}): trimmed, empty entries and repeats left out. */
    public static List<String> commaList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String t = part.strip();
            if (!t.isEmpty() && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean dropUnlessWholeNumber(ObjectNode file, String name) {
        JsonNode v = file.get(name);
        if (v == null || v.isNull()) {
            file.remove(name);
            return false;
        }
        boolean ok = v.isTextual() ? WHOLE_NUMBER.matcher(v.textValue().strip()).matches()
                : v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0;
        if (!ok) {
            file.remove(name);
        } else if (v.isTextual()) {
            file.put(name, v.textValue().strip());
        }
        return !ok;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
