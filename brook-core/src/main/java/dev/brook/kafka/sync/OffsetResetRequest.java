package dev.brook.kafka.sync;

import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.OffsetReset;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One ConsumerGroup's offset reset to sync: the Kafka group id, the declared topics (sorted), the requested
 * reset (null: none) and the id of the reset applied before ({@code lastAppliedResetId}, null: none), which
 * the operator keeps in status and {@code brook local} in its state file.
 */
public record OffsetResetRequest(String groupId, Set<String> topics, OffsetReset reset, String lastAppliedResetId) {
    public OffsetResetRequest {
        topics = Collections.unmodifiableSortedSet(new TreeSet<>(topics));
    }

    public static OffsetResetRequest of(ConsumerGroup group, String lastAppliedResetId) {
        List<String> topics = group.getSpec().getTopics() == null ? List.of() : group.getSpec().getTopics();
        return new OffsetResetRequest(group.kafkaGroupId(), new TreeSet<>(topics), group.getSpec().getOffsetReset(), lastAppliedResetId);
    }
}
