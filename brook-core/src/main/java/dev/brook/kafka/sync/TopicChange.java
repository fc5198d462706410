package dev.brook.kafka.sync;

import java.util.List;
import org.apache.kafka.clients.admin.AlterConfigOp;

/** A change Brook makes to an existing topic: an action for the executor, and afterwards a fact in the outcome. */
public sealed interface TopicChange {
    String topic();

    /** spec.config made authoritative: keys set, and keys set on the topic that spec.config lacks removed ({@code revertedKeys}). */
    record ConfigAltered(String topic, List<AlterConfigOp> ops, List<String> revertedKeys) implements TopicChange {
        public ConfigAltered {
            ops = List.copyOf(ops);
            revertedKeys = List.copyOf(revertedKeys);
        }

        @Override
        public String toString() {
            return "config: " + ops.size() + " change(s)"
                    + (revertedKeys.isEmpty() ? "" : ", removed keys not in spec.config: " + String.join(", ", revertedKeys));
        }
    }

    /** Partitions grown from {@code from} to {@code to}. */
    record PartitionsIncreased(String topic, int from, int to) implements TopicChange {
        @Override
        public String toString() {
            return "partitions " + from + " -> " + to;
        }
    }
}
