package dev.brook.model;

import dev.brook.api.v1alpha1.Topic;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Topic resource asks of Kafka, as an immutable value: the Kafka topic name (spec.topicName or
 * metadata.name), the cluster, and spec.partitions / spec.replicationFactor (null: the broker's default)
 * and spec.config (sorted, never null). Safe to hand to another thread or keep in a queue.
 */
public record DesiredTopic(String name, String cluster, Integer partitions, Integer replicationFactor, Map<String, String> config) {
    public DesiredTopic {
        config = config == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(config));
    }

    public static DesiredTopic from(Topic topic) {
        var spec = topic.getSpec();
        return new DesiredTopic(topic.kafkaTopicName(), spec.getCluster(), spec.getPartitions(), spec.getReplicationFactor(),
                spec.getConfig());
    }
}
