package dev.brook.model;

import dev.brook.contract.OwnedKafkaKeys;
import java.util.List;
import java.util.Map;

/**
 * Kafka broker keys that Brook sets itself. The list is the pod contract's, so the operator refuses
 * in status exactly what the agent would refuse at start.
 */
public final class BrookOwnedConfig {
    private BrookOwnedConfig() {
    }

    public static List<String> ownedKeysIn(Map<String, String> config) {
        return OwnedKafkaKeys.offending(config.keySet());
    }
}
