package dev.brook.model;

import dev.brook.api.v1alpha1.Topic;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Topic resource owns a Kafka topic when several name the same one on the same cluster: the
 * one that already manages it (status.topicName set), else the oldest, then the first by name. The
 * others get TopicNameConflict ({@link #conflict}), and the owner keeps working. The operator passes the
 * Topics of the namespace from its informer cache; {@code brook local} the Topics it applied before.
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

    /**
     * TopicNameConflict when another resource owns the Kafka topic {@code topic} names, with the message
     * users see (in the operator's condition and in {@code brook local}'s output); empty when {@code topic} may
     * manage it.
     */
    public static Optional<Refusal> conflict(Topic topic, List<Topic> sameNamespace) {
        return ownerOf(topic, sameNamespace)
                .filter(owner -> !owner.getMetadata().getName().equals(topic.getMetadata().getName()))
                .map(owner -> new Refusal(Reason.TopicNameConflict, "Kafka topic '" + topic.kafkaTopicName() + "' on cluster "
                        + topic.getSpec().getCluster() + " is already managed by Topic " + owner.getMetadata().getName()
                        + "; delete this resource or give it another spec.topicName"));
    }

    private static boolean manages(Topic t, String name) {
        return t.getStatus() != null && name.equals(t.getStatus().getTopicName());
    }
}
