package dev.brook.bench;

import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.TopicSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The topics of one arm: {@code count} names with a common prefix (distinct per arm), their layout and their one
 * config entry. The same names serve as Topic resource names and Kafka topic names.
 */
record TopicSet(String prefix, int count, int partitions, int replicationFactor, String configKey, String configValue) {

    String name(int i) {
        return String.format(Locale.ROOT, "%s%05d", prefix, i);
    }

    List<String> names() {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(name(i));
        }
        return names;
    }

    TopicSet withConfigValue(String value) {
        return new TopicSet(prefix, count, partitions, replicationFactor, configKey, value);
    }

    NewTopic newTopic(int i) {
        return new NewTopic(name(i), partitions, (short) replicationFactor).configs(Map.of(configKey, configValue));
    }

    ConfigResource configResource(int i) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name(i));
    }

    Topic resource(int i, String namespace, String cluster) {
        Topic topic = new Topic();
        topic.setMetadata(new ObjectMetaBuilder().withName(name(i)).withNamespace(namespace).build());
        TopicSpec spec = new TopicSpec();
        spec.setCluster(cluster);
        spec.setPartitions(partitions);
        spec.setReplicationFactor(replicationFactor);
        spec.setConfig(new TreeMap<>(Map.of(configKey, configValue)));
        topic.setSpec(spec);
        return topic;
    }
}
