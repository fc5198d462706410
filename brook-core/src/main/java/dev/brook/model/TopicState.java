package dev.brook.model;

import java.util.Map;

/**
 * A topic as Kafka has it: id, partition count, replication factor (the largest replica set) and the configs set on
 * the topic itself ({@code dynamicConfig}; broker defaults are not kept: the operator caches a state per topic, and
 * thousands of topics' every effective value would cost memory that nothing reads).
 */
public record TopicState(String name, String topicId, int partitions, int replicationFactor, Map<String, String> dynamicConfig) {
    public TopicState {
        dynamicConfig = Map.copyOf(dynamicConfig);
    }
}
