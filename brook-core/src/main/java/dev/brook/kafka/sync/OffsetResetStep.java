package dev.brook.kafka.sync;

import java.util.Set;

/** What {@link OffsetResetPlan} decided: report an outcome ({@link Finished}), or move the group's offsets ({@link Apply}). */
public sealed interface OffsetResetStep {
    record Finished(OffsetResetOutcome outcome) implements OffsetResetStep {
    }

    /** Move the offsets: for earliest, latest and timestamp, of every partition of {@code topics}; for offset, the listed ones. */
    record Apply(OffsetResetRequest request, Set<String> topics) implements OffsetResetStep {
        public Apply {
            topics = Set.copyOf(topics);
        }
    }
}
