package dev.brook.contract;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka broker configuration keys that Brook sets itself and a user may not: identity, addressing,
 * storage location and the ZooKeeper connection. The operator checks user config with
 * {@link #offending(Collection)} before any pod starts; the agent refuses the same keys at start.
 */
public final class OwnedKafkaKeys {
    private OwnedKafkaKeys() {
    }

    /** Owned keys, exact names. */
    public static final Set<String> KEYS = Set.of(
            "broker.id",
            "node.id",
            "zookeeper.connect",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "inter.broker.listener.name",
            "security.inter.broker.protocol",
            "log.dirs",
            "log.dir",
            "broker.rack",
            "process.roles",
            "controller.listener.names",
            // Removed in Kafka 3.0 but still honoured by tools that read the file; owned so they cannot conflict.
            "host.name",
            "port",
            "advertised.host.name",
            "advertised.port",
            "zookeeper.metadata.migration.enable",
            "broker.id.generation.enable");

    /**
     * Owned key prefixes: KRaft controller quorum settings (Brook runs ZooKeeper mode). ZooKeeper-mode
     * tuning such as {@code controller.socket.timeout.ms} stays with the user.
     */
    public static final Set<String> PREFIXES = Set.of("controller.quorum.");

    public static boolean isOwned(String key) {
        return KEYS.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** The owned keys among {@code keys}, sorted; empty when the user config is acceptable. */
    public static List<String> offending(Collection<String> keys) {
        TreeSet<String> found = new TreeSet<>();
        for (String key : keys) {
            if (isOwned(key)) {
                found.add(key);
            }
        }
        return List.copyOf(found);
    }
}
