package dev.brook.kafka.sync;

import dev.brook.kafka.GroupAdmin;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs an offset reset through a {@link GroupAdmin}: asks {@link OffsetResetPlan}, reads where the offsets go
 * and commits them. Target offsets that cannot be read (a named topic or partition does not exist) are an
 * InvalidSpec refusal; a failed commit is KafkaError. The admin is only used when a reset is applied.
 */
public final class OffsetResetSync {
    private OffsetResetSync() {
    }

    /** @param snapshot the group as last read (the operator: the lag poller's reading; brook local: read just before) */
    public static OffsetResetOutcome apply(OffsetResetRequest request, GroupSnapshot snapshot, GroupAdmin admin) {
        OffsetResetStep step = OffsetResetPlan.decide(request, snapshot);
        if (step instanceof OffsetResetStep.Finished finished) {
            return finished.outcome();
        }
        OffsetResetStep.Apply apply = (OffsetResetStep.Apply) step;
        Map<TopicPartition, Long> offsets;
        try {
            offsets = OffsetResetTargets.targetOffsets(admin, request.reset(), apply.topics());
        } catch (KafkaOperationException e) {
            return refused(request, snapshot, new Refusal(Reason.InvalidSpec, "spec.offsetReset: " + e.getMessage()));
        }
        try {
            admin.commitOffsets(request.groupId(), offsets);
        } catch (KafkaOperationException e) {
            return refused(request, snapshot, new Refusal(Reason.KafkaError, e.getMessage()));
        }
        return OffsetResetPlan.outcome(OffsetResetOutcome.Kind.APPLIED, request, snapshot.members(), offsets, null);
    }

    private static OffsetResetOutcome refused(OffsetResetRequest request, GroupSnapshot snapshot, Refusal refusal) {
        return OffsetResetPlan.outcome(OffsetResetOutcome.Kind.REFUSED, request, snapshot, refusal);
    }
}
