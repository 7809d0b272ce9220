package io.callvault.core.store;

import java.time.Instant;
import java.util.List;

/**
 * An agent of the tenant's directory (issue 5 part 3): who they are in recordings' events and where they sit
 * in the contact center's hierarchy, which becomes each of their segments' {@code accessgroups}.
 *
 * @param username  as the tenant wrote it (looked up ignoring case)
 * @param firstName null when not given
 * @param lastName  null when not given
 * @param hierarchy hierarchy paths such as {@code /sales/team1}; may be empty
 */
public record Agent(String username, String firstName, String lastName, List<String> hierarchy, Instant updatedAt,
                    String updatedBy) {
    public Agent {
        hierarchy = List.copyOf(hierarchy);
    }
}
