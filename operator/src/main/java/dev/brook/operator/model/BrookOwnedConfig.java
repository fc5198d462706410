package dev.brook.operator.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Kafka broker keys that Brook sets itself; a user may not override them. */
public final class BrookOwnedConfig {
    static final Set<String> OWNED = Set.of("broker.id", "node.id", "zookeeper.connect", "listeners",
            "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name", "log.dirs",
            "log.dir", "broker.rack", "process.roles", "controller.listener.names", "controller.quorum.voters");

    private BrookOwnedConfig() {
    }

    public static List<String> ownedKeysIn(Map<String, String> config) {
        TreeSet<String> found = new TreeSet<>();
        for (String key : config.keySet()) {
            if (OWNED.contains(key)) {
                found.add(key);
            }
        }
        return List.copyOf(found);
    }
}
