package dev.brook.kafka;

import java.util.List;

/**
 * A consumer group as Kafka had it at one moment: state ("Unknown" when the group does not exist),
 * active members, and per partition the committed offset (null when none), end offset and lag.
 */
public record GroupSnapshot(String groupId, String state, int members, List<PartitionOffsets> partitions) {
    public static final String UNKNOWN = "Unknown";

    public record PartitionOffsets(String topic, int partition, Long committedOffset, long endOffset, long lag) {
    }

    public long totalLag() {
        return partitions.stream().mapToLong(PartitionOffsets::lag).sum();
    }

    public boolean exists() {
        return !UNKNOWN.equals(state);
    }
}
