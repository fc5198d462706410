package dev.brook.model;

import java.util.Map;

/**
 * A topic as Kafka has it: id, partition count, replication factor (the largest replica set), the
 * configs set on the topic itself ({@code dynamicConfig}) and every effective value ({@code config}).
 */
public record TopicState(String name, String topicId, int partitions, int replicationFactor,
                         Map<String, String> dynamicConfig, Map<String, String> config) {
}
