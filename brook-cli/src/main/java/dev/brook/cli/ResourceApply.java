package dev.brook.cli;

import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.OffsetReset;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.kafka.GroupAdmin;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.OffsetResetTargets;
import dev.brook.kafka.TopicAdmin;
import dev.brook.model.TopicState;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Applies Topics and ConsumerGroups to the local cluster the way the operator's reconcilers do, with the
 * same model ({@link TopicDiff}, {@link OffsetResetTargets}) and the same admin interfaces: topics are
 * created or adopted, config made authoritative, partitions grown; shrinking partitions or changing the
 * replication factor or topicName is refused; offset resets are applied once per id while the group has
 * no members. Nothing is deleted.
 */
final class ResourceApply {
    /** What happened to one resource: a line to print, and the refusal if there was one. */
    record Outcome(String kind, String name, String summary, Refusal refusal) {
        @Override
        public String toString() {
            return kind + " " + name + ": " + (refusal == null ? summary : "refused (" + refusal.reason() + "): " + refusal.message());
        }
    }

    private ResourceApply() {
    }

    /**
     * @param previouslyManaged the Kafka topic name a resource of this name managed before (null: none)
     */
    static Outcome topic(Topic topic, String previouslyManaged, TopicAdmin admin) {
        String resource = topic.getMetadata().getName();
        String name = topic.kafkaTopicName();
        if (previouslyManaged != null && !previouslyManaged.equals(name)) {
            return refused("Topic", resource, new Refusal(Reason.NotSupported, "spec.topicName cannot change: this resource manages topic '"
                    + previouslyManaged + "'. Set spec.topicName back to '" + previouslyManaged + "', or create a new Topic resource for '"
                    + name + "'"));
        }
        try {
            TopicState current = admin.describe(name);
            List<String> did = new ArrayList<>();
            if (current == null) {
                Refusal refusal = TopicDiff.creationRefusal(topic.getSpec(), admin.brokerCount(), topic.getSpec().getCluster());
                if (refusal != null) {
                    return refused("Topic", resource, refusal);
                }
                boolean created = admin.create(name, topic.getSpec().getPartitions(), topic.getSpec().getReplicationFactor(),
                        topic.getSpec().getConfig() == null ? Map.of() : topic.getSpec().getConfig());
                did.add(created ? "created" : "adopted");
                current = awaitVisible(admin, name);
            } else if (previouslyManaged == null) {
                did.add("adopted existing topic");
            }
            TopicDiff diff = TopicDiff.between(topic.getSpec(), current);
            if (diff.refusal() != null) {
                return refused("Topic", resource, diff.refusal());
            }
            if (!diff.configOps().isEmpty()) {
                admin.alterConfig(name, diff.configOps());
                did.add("config: " + diff.configOps().size() + " change(s)"
                        + (diff.revertedKeys().isEmpty() ? "" : ", removed keys not in spec.config: " + String.join(", ", diff.revertedKeys())));
            }
            if (diff.increasePartitionsTo() != null) {
                admin.increasePartitions(name, diff.increasePartitionsTo());
                did.add("partitions " + current.partitions() + " -> " + diff.increasePartitionsTo());
            }
            if (!diff.isNoop()) {
                current = awaitVisible(admin, name);
            }
            String state = "topic " + name + ", " + current.partitions() + " partition(s), replication factor " + current.replicationFactor();
            return new Outcome("Topic", resource, (did.isEmpty() ? "unchanged" : String.join("; ", did)) + " (" + state + ")", null);
        } catch (KafkaOperationException e) {
            return refused("Topic", resource, new Refusal(Reason.KafkaError, e.getMessage()));
        }
    }

    private static TopicState awaitVisible(TopicAdmin admin, String name) {
        for (int i = 0; i < 50; i++) {
            TopicState s = admin.describe(name);
            if (s != null) {
                return s;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new KafkaOperationException("topic " + name + " not visible yet after creation");
    }

    /**
     * @param lastAppliedResetId the reset id applied before (null: none); the returned outcome's summary starts
     *                           with {@code reset:<id>} when a reset was applied now
     */
    static Outcome group(ConsumerGroup group, String lastAppliedResetId, GroupAdmin admin, List<String> appliedResets) {
        String resource = group.getMetadata().getName();
        String groupId = group.kafkaGroupId();
        Set<String> topics = new TreeSet<>(group.getSpec().getTopics() == null ? List.of() : group.getSpec().getTopics());
        try {
            GroupSnapshot snapshot = admin.snapshot(Map.of(groupId, topics)).get(groupId);
            OffsetReset reset = group.getSpec().getOffsetReset();
            String did = "watched";
            if (reset != null && !reset.getId().equals(lastAppliedResetId)) {
                if (snapshot.members() > 0) {
                    return refused("ConsumerGroup", resource, new Refusal(Reason.ActiveMembers, "offset reset '" + reset.getId()
                            + "' is pending: group " + groupId + " has " + snapshot.members()
                            + " active member(s); stop its consumers and apply again"));
                }
                Map<TopicPartition, Long> offsets;
                try {
                    offsets = OffsetResetTargets.targetOffsets(admin, reset, OffsetResetTargets.resetTopics(topics, snapshot));
                } catch (KafkaOperationException e) {
                    return refused("ConsumerGroup", resource, new Refusal(Reason.InvalidSpec, "spec.offsetReset: " + e.getMessage()));
                } catch (IllegalArgumentException e) {
                    return refused("ConsumerGroup", resource, new Refusal(Reason.InvalidSpec, e.getMessage()));
                }
                admin.commitOffsets(groupId, offsets);
                appliedResets.add(reset.getId());
                did = "offset reset '" + reset.getId() + "' applied: " + offsets.size() + " partition(s) moved to "
                        + reset.getTo().name().toLowerCase();
                snapshot = admin.snapshot(Map.of(groupId, topics)).get(groupId);
            }
            return new Outcome("ConsumerGroup", resource, did + " (group " + groupId + " " + snapshot.state() + ", "
                    + snapshot.members() + " member(s), lag " + snapshot.totalLag() + ")", null);
        } catch (KafkaOperationException e) {
            return refused("ConsumerGroup", resource, new Refusal(Reason.KafkaError, e.getMessage()));
        }
    }

    private static Outcome refused(String kind, String name, Refusal refusal) {
        return new Outcome(kind, name, null, refusal);
    }
}
