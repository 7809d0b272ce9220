package io.callvault.core.enrich;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's agent directory as enrichment sees it: user name to agent. The settings code implements it
 * over its store (with whatever caching it likes); tests use {@link #of}. Must be safe to call many times
 * per recording and should answer from memory: enrichment calls it once per segment and party.
 */
@FunctionalInterface
public interface AgentLookup {
    Optional<DirectoryAgent> find(String userName);

    /** A directory that knows nobody: every segment gets only the access groups it was posted with. */
    static AgentLookup none() {
        return userName -> Optional.empty();
    }

    static AgentLookup of(Collection<DirectoryAgent> agents) {
        Map<String, DirectoryAgent> byName = new HashMap<>();
        for (DirectoryAgent a : agents) {
            byName.put(a.userName(), a);
        }
        return userName -> Optional.ofNullable(userName == null ? null : byName.get(userName));
    }
}
