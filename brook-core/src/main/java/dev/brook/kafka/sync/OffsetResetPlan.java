package dev.brook.kafka.sync;

import dev.brook.api.v1alpha1.OffsetReset;
import dev.brook.api.v1alpha1.OffsetResetTarget;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decision of an offset reset, pure: a reset is applied once per id, only while the group has no active
 * members; earliest, latest and timestamp move the declared topics plus every topic the group has committed
 * offsets for. {@link OffsetResetSync} reads the target offsets and commits them.
 */
public final class OffsetResetPlan {
    private OffsetResetPlan() {
    }

    /** @param snapshot the group as last read (members, committed offsets) */
    public static OffsetResetStep decide(OffsetResetRequest request, GroupSnapshot snapshot) {
        OffsetReset reset = request.reset();
        if (reset == null || reset.getId().equals(request.lastAppliedResetId())) {
            return new OffsetResetStep.Finished(outcome(OffsetResetOutcome.Kind.NOTHING_TO_DO, request, snapshot, null));
        }
        if (snapshot.members() > 0) {
            return new OffsetResetStep.Finished(outcome(OffsetResetOutcome.Kind.PENDING_ACTIVE_MEMBERS, request, snapshot,
                    new Refusal(Reason.ActiveMembers, "offset reset '" + reset.getId() + "' is pending: group " + request.groupId()
                            + " has " + snapshot.members() + " active member(s), and offsets move only while a group has none; "
                            + "stop its consumers")));
        }
        if (reset.getTo() == OffsetResetTarget.OFFSET) {
            return new OffsetResetStep.Apply(request, Set.of());
        }
        Set<String> topics = new TreeSet<>(request.topics());
        snapshot.partitions().stream().filter(p -> p.committedOffset() != null).forEach(p -> topics.add(p.topic()));
        if (topics.isEmpty()) {
            return new OffsetResetStep.Finished(outcome(OffsetResetOutcome.Kind.REFUSED, request, snapshot, new Refusal(Reason.InvalidSpec,
                    "spec.topics: the group has no committed offsets and spec.topics is empty; "
                            + "list the topics whose offsets the reset should move")));
        }
        return new OffsetResetStep.Apply(request, topics);
    }

    static OffsetResetOutcome outcome(OffsetResetOutcome.Kind kind, OffsetResetRequest request, GroupSnapshot snapshot, Refusal refusal) {
        return outcome(kind, request, snapshot.members(), Map.of(), refusal);
    }

    static OffsetResetOutcome outcome(OffsetResetOutcome.Kind kind, OffsetResetRequest request, int members,
            Map<org.apache.kafka.common.TopicPartition, Long> offsets, Refusal refusal) {
        OffsetReset reset = request.reset();
        return new OffsetResetOutcome(kind, request.groupId(), reset == null ? null : reset.getId(), reset == null ? null : reset.getTo(),
                members, offsets, refusal);
    }
}
