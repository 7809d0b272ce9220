package io.callvault.core.http;

/**
 * Permission names carried in the token's {@code permissions} claim: one vocabulary everywhere, the
 * guide's names where it has them (architecture doc, "Permission names").
 */
public final class Permission {
    public static final String OPS = "OPS";
    public static final String CONTACT_CENTER_ADMIN = "CONTACT_CENTER_ADMIN";
    public static final String RECORDING_KEY_ADMIN = "RECORDING_KEY_ADMIN";
    public static final String RECORDING_INGEST = "RECORDING_INGEST";
    public static final String RECORDING_READ = "RECORDING_READ";
    public static final String RECORDING_PLAY = "RECORDING_PLAY";
    public static final String RECORDING_DELETE = "RECORDING_DELETE";
    public static final String ADD_LABEL_DEFINITION = "RECORDING_PERMISSION_ADD_LABEL_DEFINITION";
    public static final String DELETE_LABEL_DEFINITION = "RECORDING_PERMISSION_DELETE_LABEL_DEFINITION";
    public static final String ADD_LABEL = "RECORDING_PERMISSION_ADD_LABEL";
    public static final String DELETE_LABEL = "RECORDING_PERMISSION_DELETE_LABEL";
    public static final String APPLY_NON_DELETE = "RECORDING_PERMISSION_APPLY_NON_DELETE";
    public static final String UNAPPLY_NON_DELETE = "RECORDING_PERMISSION_UNAPPLY_NON_DELETE";

    private Permission() {}
}
