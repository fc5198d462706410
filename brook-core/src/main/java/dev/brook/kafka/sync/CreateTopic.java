package dev.brook.kafka.sync;

import java.util.Map;

/** The action that creates a topic; partitions/replicationFactor null means the broker's defaults. */
public record CreateTopic(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config) {
    public CreateTopic {
        config = Map.copyOf(config);
    }
}
