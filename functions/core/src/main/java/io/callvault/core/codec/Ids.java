package io.callvault.core.codec;

import java.util.regex.Pattern;

/**
 * What an id may look like. Ids become DynamoDB keys, S3 keys and URL path segments, so they are held
 * to the characters the guide's ids use (base-32 CallUUIDs, {@code _}, {@code -}, {@code .} file names,
 * base64url prefixes) and never contain a slash, a percent sign, white space or a control character.
 */
public final class Ids {
    private static final Pattern RECORDING_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern MEDIA_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,255}");
    private static final Pattern CONTACT_CENTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    private Ids() {}

    public static String recordingId(String field, String value) {
        return check(RECORDING_ID, field, value, "a recording id (1-128 of A-Z a-z 0-9 . _ : -)");
    }

    public static String mediaId(String field, String value) {
        return check(MEDIA_ID, field, value, "a media id (1-256 of A-Z a-z 0-9 . _ : @ + = -)");
    }

    public static String contactCenterId(String field, String value) {
        return check(CONTACT_CENTER_ID, field, value, "a contact center id (1-64 of A-Z a-z 0-9 -)");
    }

    private static String check(Pattern pattern, String field, String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "is required");
        }
        if (!pattern.matcher(value).matches() || value.contains("..")) {
            throw new InvalidFieldException(field, "must be " + what + ", got " + Excerpt.of(value));
        }
        return value;
    }
}
