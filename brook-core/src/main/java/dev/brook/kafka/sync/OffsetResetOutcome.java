package dev.brook.kafka.sync;

import dev.brook.api.v1alpha1.OffsetResetTarget;
import dev.brook.model.Refusal;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What one sync of a ConsumerGroup's offset reset did.
 *
 * @param kind          what happened
 * @param groupId       the Kafka group
 * @param resetId       the requested reset's id (null for NOTHING_TO_DO without a reset)
 * @param to            where the reset moves offsets (null without a reset)
 * @param activeMembers the group's active members as last read
 * @param offsets       APPLIED: the committed offsets, per partition (empty otherwise)
 * @param refusal       PENDING_ACTIVE_MEMBERS and REFUSED: why the reset was not applied, and what to do
 */
public record OffsetResetOutcome(Kind kind, String groupId, String resetId, OffsetResetTarget to, int activeMembers,
                                 Map<TopicPartition, Long> offsets, Refusal refusal) {
    public enum Kind {
        /** The offsets were committed; the reset's id is now the last applied one. */
        APPLIED,
        /** The group has active members; the reset waits until they stop ({@link #refusal()} says so, reason ActiveMembers). */
        PENDING_ACTIVE_MEMBERS,
        /** The reset cannot be applied as written (InvalidSpec) or Kafka failed (KafkaError). */
        REFUSED,
        /** No reset requested, or this one was applied before. */
        NOTHING_TO_DO
    }

    public OffsetResetOutcome {
        offsets = Map.copyOf(offsets);
        if ((kind == Kind.PENDING_ACTIVE_MEMBERS || kind == Kind.REFUSED) != (refusal != null)) {
            throw new IllegalArgumentException("a refusal goes with PENDING_ACTIVE_MEMBERS and REFUSED only: " + kind + ", " + refusal);
        }
    }

    /** "offset reset 'ID' applied: N partition(s) moved to earliest" (APPLIED; the operator's Event and log, brook local's line). */
    public String summary() {
        return switch (kind) {
            case APPLIED -> "offset reset '" + resetId + "' applied: " + offsets.size() + " partition(s) moved to "
                    + to.name().toLowerCase(Locale.ROOT);
            case NOTHING_TO_DO -> "no offset reset to apply";
            case PENDING_ACTIVE_MEMBERS, REFUSED -> "refused (" + refusal.reason() + "): " + refusal.message();
        };
    }
}
