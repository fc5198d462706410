package dev.brook.model;

import dev.brook.api.v1alpha1.Topic;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Topic resource owns a Kafka topic when several name the same one on the same cluster: the
 * one that already manages it (status.topicName set), else the oldest, then the first by name. The
 * others get TopicNameConflict, and the owner keeps working.
 */
public final class TopicClaims {
    private TopicClaims() {
    }

    public static Optional<Topic> ownerOf(Topic topic, List<Topic> sameNamespace) {
        String name = topic.kafkaTopicName();
        String cluster = topic.getSpec().getCluster();
        return sameNamespace.stream()
                .filter(t -> t.getMetadata().getDeletionTimestamp() == null || t.getMetadata().getName().equals(topic.getMetadata().getName()))
                .filter(t -> t.getSpec() != null && Objects.equals(cluster, t.getSpec().getCluster()))
                .filter(t -> name.equals(t.kafkaTopicName()))
                .min(Comparator.comparing((Topic t) -> !manages(t, name))
                        .thenComparing(t -> Objects.toString(t.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(t -> t.getMetadata().getName()));
    }

    private static boolean manages(Topic t, String name) {
        return t.getStatus() != null && name.equals(t.getStatus().getTopicName());
    }
}
