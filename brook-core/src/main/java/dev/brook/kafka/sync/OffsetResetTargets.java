package dev.brook.kafka.sync;

import dev.brook.api.v1alpha1.OffsetReset;
import dev.brook.api.v1alpha1.PartitionOffset;
import dev.brook.kafka.GroupAdmin;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.model.ConsumerGroupValidation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a declarative offset reset moves a group's committed offsets, read through {@link GroupAdmin}:
 * {@code earliest}, {@code latest} and {@code timestamp} move every partition of the given topics
 * ({@link OffsetResetPlan} chose them: the declared ones plus those the group has offsets for);
 * {@code offset} moves exactly the listed partitions, which must exist.
 */
final class OffsetResetTargets {
    private OffsetResetTargets() {
    }

    /**
     * @param topics for earliest, latest and timestamp: the topics to move (not empty)
     * @throws KafkaOperationException when a named topic or partition does not exist, or Kafka fails
     */
    static Map<TopicPartition, Long> targetOffsets(GroupAdmin admin, OffsetReset reset, Set<String> topics) {
        return switch (reset.getTo()) {
            case EARLIEST -> admin.earliestOffsets(topics);
            case LATEST -> admin.latestOffsets(topics);
            case TIMESTAMP -> admin.offsetsForTimestamp(topics,
                    ConsumerGroupValidation.parseTimestamp(reset.getTimestamp()));
            case OFFSET -> explicitOffsets(admin, reset.getOffsets());
        };
    }

    private static Map<TopicPartition, Long> explicitOffsets(GroupAdmin admin, List<PartitionOffset> requested) {
        Set<String> topics = requested.stream().map(PartitionOffset::getTopic).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Integer> counts = new HashMap<>();
        for (String t : topics) {
            try {
                counts.putAll(admin.partitionCounts(List.of(t)));
            } catch (KafkaOperationException e) {
                throw new KafkaOperationException("offsets name topic '" + t + "', which does not exist on the cluster; "
                        + "correct spec.offsetReset.offsets", e);
            }
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (PartitionOffset o : requested) {
            if (o.getPartition() >= counts.get(o.getTopic())) {
                throw new KafkaOperationException("offsets name partition " + o.getPartition() + " of topic '" + o.getTopic()
                        + "', which has only " + counts.get(o.getTopic()) + " partition(s); correct spec.offsetReset.offsets");
            }
            offsets.put(new TopicPartition(o.getTopic(), o.getPartition()), o.getOffset());
        }
        return offsets;
    }
}
