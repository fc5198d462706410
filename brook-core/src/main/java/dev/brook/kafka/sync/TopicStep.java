package dev.brook.kafka.sync;

import dev.brook.model.TopicState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link TopicPlan} decided for one topic: nothing to do but report ({@link Finished}), or an action whose
 * success gives the outcome ({@link Create}, {@link Change}). Plain data, so an executor may run the actions of
 * many topics in one Admin request and hand each its outcome when Kafka answers.
 */
public sealed interface TopicStep {
    /** No Kafka change to make: the outcome is known. */
    record Finished(TopicOutcome outcome) implements TopicStep {
    }

    /** Create the topic; {@code replacedTopicId} set when it replaces a managed topic deleted outside Brook. */
    record Create(CreateTopic action, String replacedTopicId) implements TopicStep {
        /** The outcome once Kafka created the topic ({@code created}: the create's answer). */
        public TopicOutcome created(TopicState created) {
            return replacedTopicId == null ? TopicOutcome.created(created) : TopicOutcome.recreated(created, replacedTopicId);
        }
    }

    /** Make the changes (in order) to the existing topic {@code current}; {@code adopting}: the resource takes it over. */
    record Change(TopicState current, List<TopicChange> changes, boolean adopting) implements TopicStep {
        public Change {
            changes = List.copyOf(changes);
        }

        /**
         * The outcome once Kafka accepted every change. The topic is not described again (in ZooKeeper mode other
         * brokers learn a change late): its state is the described one with the changes applied.
         */
        public TopicOutcome applied() {
            TopicState after = current;
            for (TopicChange c : changes) {
                after = applied(after, c);
            }
            return adopting ? TopicOutcome.adopted(after, changes) : TopicOutcome.changed(after, changes);
        }

        private static TopicState applied(TopicState s, TopicChange change) {
            if (change instanceof TopicChange.PartitionsIncreased p) {
                return new TopicState(s.name(), s.topicId(), p.to(), s.replicationFactor(), s.dynamicConfig());
            }
            TopicChange.ConfigAltered c = (TopicChange.ConfigAltered) change;
            Map<String, String> dynamic = new TreeMap<>(s.dynamicConfig());
            c.ops().forEach(op -> {
                String key = op.configEntry().name();
                if (op.opType() == org.apache.kafka.clients.admin.AlterConfigOp.OpType.DELETE) {
                    dynamic.remove(key);
                } else {
                    dynamic.put(key, op.configEntry().value());
                }
            });
            return new TopicState(s.name(), s.topicId(), s.partitions(), s.replicationFactor(), dynamic);
        }
    }
}
