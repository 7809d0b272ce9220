package io.callvault.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.model.MediaFile;
import java.util.Collection;
import java.util.List;

/**
 * Who may see a media file (architecture doc, "Access control"; guide L33234-L33290): an access group of
 * {@code /}; an access group that is the segment's hierarchy path or a whole-segment ancestor of it
 * ({@code /a} sees {@code /a/b}, not {@code /ab}); an access group named like one of its partitions; or
 * the agent who was recorded.
 */
public final class AccessPolicy {
    private AccessPolicy() {}

    public static boolean maySee(Caller caller, MediaFile file) {
        String agent = agentOf(file);
        return maySee(caller, file.accessgroups(), file.partitions(), agent == null ? List.of() : List.of(agent));
    }

    /** The same rule over access fields gathered elsewhere (a search document's summary of a call's media files). */
    public static boolean maySee(Caller caller, Collection<String> paths, Collection<String> partitions,
                                 Collection<String> agents) {
        for (String group : caller.accessGroups()) {
            if (group.equals("/")) {
                return true;
            }
            String prefix = group.endsWith("/") ? group.substring(0, group.length() - 1) : group;
            for (String path : paths) {
                if (prefix.startsWith("/") && (path.equals(prefix) || path.startsWith(prefix + "/"))) {
                    return true;
                }
            }
            if (partitions.contains(group)) {
                return true;
            }
        }
        return caller.agent() && caller.username() != null && agents.contains(caller.username());
    }

    /** The recorded agent's user name: {@code parameters.username} on calls, {@code parameters.contact.userName} on screens. */
    public static String agentOf(MediaFile file) {
        JsonNode p = file.parameters();
        if (p == null) {
            return null;
        }
        if (p.hasNonNull("username")) {
            return p.get("username").asText();
        }
        JsonNode contact = p.get("contact");
        return contact != null && contact.hasNonNull("userName") ? contact.get("userName").asText() : null;
    }
}
