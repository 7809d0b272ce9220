package io.callvault.core.http;

import java.util.Set;

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

    /**
     * What {@link #CONTACT_CENTER_ADMIN} holds without the token naming it: the guide's label and
     * non-deletion permissions ("Contact center administrators have full access by default", L13234).
     */
    public static final Set<String> HELD_BY_CONTACT_CENTER_ADMIN = Set.of(ADD_LABEL_DEFINITION, DELETE_LABEL_DEFINITION,
            ADD_LABEL, DELETE_LABEL, APPLY_NON_DELETE, UNAPPLY_NON_DELETE);

    private Permission() {}

    /** Whether permissions {@code held} (a token's claim) grant {@code needed}: named, or implied by an admin role. */
    public static boolean grants(Set<String> held, String needed) {
        return held.contains(needed)
                || held.contains(CONTACT_CENTER_ADMIN) && HELD_BY_CONTACT_CENTER_ADMIN.contains(needed);
    }
}
