package dev.brook.kafka.sync;

import dev.brook.model.DesiredTopic;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicDiff;
import dev.brook.model.TopicState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decisions of a Topic sync, pure: from what the resource asks and what Kafka has, the action to take
 * or the final outcome. Creating (or recreating), adopting, changing and refusing a topic are decided here
 * and only here; {@link TopicSync} runs the actions. Three moments, each with what is known then:
 * <ol>
 *   <li>{@link #beforeKafka}: the resource alone (a managed topic's name cannot change);</li>
 *   <li>{@link #whenMissing}: Kafka has no such topic, and has this many brokers;</li>
 *   <li>{@link #whenPresent}: Kafka has the topic as described.</li>
 * </ol>
 */
public final class TopicPlan {
    private TopicPlan() {
    }

    /** A refusal that needs no answer from Kafka, or empty. */
    public static Optional<TopicOutcome> beforeKafka(TopicRequest request) {
        String managed = request.managedName();
        String name = request.topicName();
        if (managed != null && !managed.equals(name)) {
            return Optional.of(TopicOutcome.refused(name, new Refusal(Reason.NotSupported, "spec.topicName cannot change: this resource "
                    + "manages topic '" + managed + "'. Set spec.topicName back to '" + managed + "', or create a new Topic resource for '"
                    + name + "'")));
        }
        return Optional.empty();
    }

    /** The topic does not exist: create it (again, when Brook saw it before), or refuse. */
    public static TopicStep whenMissing(TopicRequest request, int brokers) {
        DesiredTopic desired = request.desired();
        Refusal refusal = TopicDiff.creationRefusal(desired, brokers);
        if (refusal != null) {
            return new TopicStep.Finished(TopicOutcome.refused(desired.name(), refusal));
        }
        return new TopicStep.Create(new CreateTopic(desired.name(), desired.partitions(), desired.replicationFactor(), desired.config()),
                request.knownTopicId());
    }

    /**
     * The topic exists as {@code current}: make spec.config authoritative and grow partitions (in that order), or
     * refuse what Kafka cannot do. A resource that did not manage the topic takes it over (adopts it).
     */
    public static TopicStep whenPresent(TopicRequest request, TopicState current) {
        boolean adopting = request.managedName() == null;
        TopicDiff diff = TopicDiff.between(request.desired(), current);
        if (diff.refusal() != null) {
            return new TopicStep.Finished(TopicOutcome.refused(current, diff.refusal(), adopting));
        }
        List<TopicChange> changes = new ArrayList<>();
        if (!diff.configOps().isEmpty()) {
            changes.add(new TopicChange.ConfigAltered(current.name(), diff.configOps(), diff.revertedKeys()));
        }
        if (diff.increasePartitionsTo() != null) {
            changes.add(new TopicChange.PartitionsIncreased(current.name(), current.partitions(), diff.increasePartitionsTo()));
        }
        if (changes.isEmpty()) {
            return new TopicStep.Finished(adopting ? TopicOutcome.adopted(current, List.of()) : TopicOutcome.changed(current, List.of()));
        }
        return new TopicStep.Change(current, changes, adopting);
    }
}
