package io.callvault.core.enrich;

import java.util.List;
import java.util.Objects;

/**
 * An agent of the tenant's agent directory (issue 5 part 3): the guide keeps these in Configuration Server,
 * with the hierarchy on the Person annex ({@code [recording] agent_hierarchy}, a path such as
 * {@code /Anthony/John} that does not include the agent, guide L33253-L33273).
 */
public record DirectoryAgent(String userName, String firstName, String lastName, List<String> hierarchyPaths) {
    public DirectoryAgent {
        Objects.requireNonNull(userName, "userName");
        hierarchyPaths = hierarchyPaths == null ? List.of() : List.copyOf(hierarchyPaths);
    }
}
