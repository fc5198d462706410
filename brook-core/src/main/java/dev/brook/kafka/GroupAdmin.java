package dev.brook.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/** Consumer groups of one cluster. */
public interface GroupAdmin {
    /**
     * Reads many groups at once with a fixed number of Admin requests (describe groups, their
     * committed offsets, the topics' partitions, end and start offsets), whatever the number of groups.
     * {@code topicsByGroup}: for each group id, the topics whose every partition must be reported.
     */
    Map<String, GroupSnapshot> snapshot(Map<String, Set<String>> topicsByGroup);

    /**
     * {@link #snapshot} without waiting: the requests are sent now and the future completes on the Admin
     * client's thread (bounded by its API timeout), so a poller can read many clusters from a thread or
     * two however slow one of them is. Fails with a {@link KafkaOperationException}.
     */
    CompletableFuture<Map<String, GroupSnapshot>> snapshotAsync(Map<String, Set<String>> topicsByGroup);

    /** Earliest (log start) offsets of every partition of the topics. Throws when a topic does not exist. */
    Map<TopicPartition, Long> earliestOffsets(Collection<String> topics);

    /** End offsets of every partition of the topics. Throws when a topic does not exist. */
    Map<TopicPartition, Long> latestOffsets(Collection<String> topics);

    /** For each partition of the topics, the first offset whose record time is at or after the timestamp (the end offset when none). */
    Map<TopicPartition, Long> offsetsForTimestamp(Collection<String> topics, long timestampMillis);

    /** Partition count of each topic; throws with the topic's name when one does not exist. */
    Map<String, Integer> partitionCounts(Collection<String> topics);

    /** Commits the offsets for the group (which must have no active members). */
    void commitOffsets(String groupId, Map<TopicPartition, Long> offsets);

    /** Deletes the group and its committed offsets; returns false when it did not exist. Fails when it has members. */
    boolean deleteGroup(String groupId);
}
