package dev.brook.model;

import dev.brook.api.v1alpha1.Topic;
import java.util.List;
import java.util.Optional;

/**
 * Which Topic resource owns a Kafka topic when several name the same one on the same cluster ({@link KafkaNameClaims}).
 * The others get TopicNameConflict ({@link #conflict}), and the owner keeps working. The operator passes the
 * Topics with the same {@link #indexKey} from an index of its informer cache; {@code brook local} the Topics it applied
 * before.
 */
public final class TopicClaims {
    private static final KafkaNameClaims<Topic> CLAIMS = new KafkaNameClaims<>(t -> t.getSpec() == null ? null : t.getSpec().getCluster(),
            Topic::kafkaTopicName, t -> t.getStatus() == null ? null : t.getStatus().getTopicName());

    private TopicClaims() {
    }

    public static Optional<Topic> ownerOf(Topic topic, List<Topic> sameNamespace) {
        return CLAIMS.ownerOf(topic, sameNamespace);
    }

    /**
     * TopicNameConflict when another resource owns the Kafka topic {@code topic} names, with the message
     * users see (in the operator's condition and in {@code brook local}'s output); empty when {@code topic} may
     * manage it.
     */
    /** The index key of {@code topic}'s claim: resources with the same key claim the same Kafka name ({@link #conflict}). */
    public static String indexKey(Topic topic) {
        return CLAIMS.key(topic);
    }

    public static Optional<Refusal> conflict(Topic topic, List<Topic> sameNamespace) {
        return CLAIMS.otherOwner(topic, sameNamespace)
                .map(owner -> new Refusal(Reason.TopicNameConflict, "Kafka topic '" + topic.kafkaTopicName() + "' on cluster "
                        + topic.getSpec().getCluster() + " is already managed by Topic " + owner.getMetadata().getName()
                        + "; delete this resource or give it another spec.topicName"));
    }
}
