package dev.brook.kafka;

import dev.brook.model.ReassignmentPlan;
import dev.brook.model.RollingRestartPlan;
import java.util.Collection;
import java.util.Set;

/** Partition reassignments with a replication throttle (Kafka's own mechanism, as kafka-reassign-partitions.sh uses it), and leadership moved to preferred leaders. */
public interface PartitionMoves {
    /**
     * Sets the replication rate limit (every broker's, as the cluster-wide default), marks the moved topics' catching-up replicas as throttled, and
     * hands the new replica lists to Kafka, which copies and switches them in the background.
     *
     * @throws KafkaOperationException when Kafka refuses or does not answer in time
     */
    void start(Collection<ReassignmentPlan.Partition> moves, long bytesPerSecond);

    /**
     * After the moves: removes the rate limit and the throttled-replica marks from those of {@code topics}
     * that carry them, then elects preferred leaders (the planner spread them).
     *
     * @throws KafkaOperationException when Kafka refuses or does not answer in time
     */
    void finish(Set<String> topics);

    /**
     * Each partition's size on disk ({@code topic-partition} -> bytes), the largest of its replicas on the brokers that
     * answer: what a new replica of it has to copy.
     *
     * @throws KafkaOperationException when the brokers do not answer in time
     */
    java.util.Map<String, Long> partitionBytes(Set<Integer> brokers);

    /**
     * Moves the leadership of {@code partitions} to their preferred leaders (first replicas). Partitions already led
     * by it are not a failure.
     *
     * @return why Kafka did not move it, by {@code topic-partition}; empty when every one moved
     * @throws KafkaOperationException when the controller does not answer in time
     */
    java.util.Map<String, String> electPreferredLeaders(Collection<RollingRestartPlan.PartitionState> partitions);
}
