package io.callvault.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling, from the claims API Gateway's JWT authorizer verified. HTTP APIs hand claims to the
 * function as strings, arrays flattened to {@code [a b]}; JSON arrays and comma lists are read as well.
 *
 * @param ccid         contact center the token belongs to (claim {@code ccid})
 * @param username     claim {@code username}, else {@code cognito:username}, else {@code sub}
 * @param permissions  claim {@code permissions}
 * @param accessGroups claim {@code accessGroups}: hierarchy paths such as {@code /sales/team1}, or partition names
 * @param agent        claim {@code agent}: the caller is an agent and may read and play their own recordings
 */
public record Caller(String ccid, String username, Set<String> permissions, List<String> accessGroups, boolean agent) {
    public Caller {
        permissions = Set.copyOf(permissions);
        accessGroups = List.copyOf(accessGroups);
    }

    public static Caller fromClaims(Map<String, String> claims) {
        if (claims == null) {
            throw ApiException.unauthorized("no verified token claims reached the function");
        }
        String username = first(claims, "username", "cognito:username", "sub");
        return new Caller(claims.get("ccid"), username, Set.copyOf(list(claims.get("permissions"))),
                list(claims.get("accessGroups")), "true".equalsIgnoreCase(claims.get("agent")));
    }

    /** Whether the caller holds the permission, named in the token or implied ({@link Permission#grants}). */
    public boolean has(String permission) {
        return Permission.grants(permissions, permission);
    }

    /** Who the caller is in the audit trail: the user name, or {@code unknown} for a token without one. */
    public String actor() {
        return username == null ? "unknown" : username;
    }

    /** Throws 403 unless the caller holds the permission. */
    public void require(String permission) {
        if (!has(permission)) {
            throw ApiException.forbidden("this needs the " + permission + " permission");
        }
    }

    /** Throws 403 unless the token belongs to the contact center in the path. */
    public void requireContactCenter(String ccid) {
        if (this.ccid == null || !this.ccid.equals(ccid)) {
            throw ApiException.forbidden("the token belongs to another contact center");
        }
    }

    /** The caller's own contact center, for paths that do not name one. */
    public String ownContactCenter() {
        if (ccid == null || ccid.isBlank()) {
            throw ApiException.forbidden("the token names no contact center (claim ccid)");
        }
        return ccid;
    }

    private static String first(Map<String, String> claims, String... names) {
        for (String n : names) {
            String v = claims.get(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    static List<String> list(String raw) {
        List<String> out = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        String text = raw.trim();
        if (text.startsWith("[\"")) {
            try {
                for (JsonNode n : Json.parse(text)) {
                    out.add(n.asText());
                }
                return out;
            } catch (Exception notJson) {
                // fall through to the flattened form
            }
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        for (String part : text.split("[\\s,]+")) {
            if (!part.isBlank()) {
                out.add(part);
            }
        }
        return out;
    }
}
