package dev.brook.kafka.sync;

import dev.brook.model.DesiredTopic;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicDiff;
import dev.brook.model.TopicState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.PolicyViolationException;

/**
 * The decisions of a Topic sync, pure: from what the resource asks and what Kafka has, the action to take
 * or the final outcome. Creating (or recreating), adopting, changing and refusing a topic are decided here
 * and only here; {@link TopicSync} runs the actions. Three moments, each with what is known then:
 * <ol>
 *   <li>{@link #beforeKafka}: the resource alone (a managed topic's name cannot change);</li>
 *   <li>{@link #whenMissing}: Kafka has no such topic;</li>
 *   <li>{@link #whenPresent}: Kafka has the topic as described.</li>
 * </ol>
 * What Kafka refuses when the action runs (too few brokers for the replication factor, a config value) becomes a
 * refusal through {@link #refusal}: Kafka's own check, rather than a broker count read before every create.
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

    /** The topic does not exist: create it (again, when Brook saw it before). */
    public static TopicStep.Create whenMissing(TopicRequest request) {
        DesiredTopic desired = request.desired();
        return new TopicStep.Create(new CreateTopic(desired.name(), desired.partitions(), desired.replicationFactor(), desired.config()),
                request.knownTopicId());
    }

    /**
     * The topic exists as {@code current}: make spec.config authoritative and grow partitions (in that order), or
     * refuse what Kafka cannot do. A resource that did not manage the topic takes it over (adopts it).
     */
    public static TopicStep whenPresent(TopicRequest request, TopicState current) {
        return whenPresent(request, current, false);
    }

    /**
     * @param createdByBrook Brook created this topic (or asked Kafka to, and may not have seen the answer) for this
     *                       resource, whose status does not say so yet: taking it is not an adoption
     */
    public static TopicStep whenPresent(TopicRequest request, TopicState current, boolean createdByBrook) {
        boolean adopting = request.managedName() == null && !createdByBrook;
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

    /**
     * Kafka's refusal of a create or change, as what the user must change; null when the failure is not a verdict on
     * the spec (a timeout, a lost connection, a broker not ready: try again).
     */
    public static Refusal refusal(String topic, DesiredTopic desired, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof dev.brook.kafka.KafkaOperationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String said = String.valueOf(cause.getMessage()).replaceAll("\\.+$", "");
        if (cause instanceof InvalidReplicationFactorException) {
            return new Refusal(Reason.NotEnoughBrokers, "Kafka refused topic " + topic + ": " + said + ". Set "
                    + "spec.replicationFactor to at most the number of brokers of cluster " + desired.cluster()
                    + ", or add brokers to the cluster");
        }
        if (cause instanceof InvalidConfigurationException || cause instanceof PolicyViolationException
                || cause instanceof InvalidPartitionsException || cause instanceof InvalidRequestException) {
            return new Refusal(Reason.InvalidSpec, "Kafka refused topic " + topic + ": " + said
                    + ". Change spec.config, spec.partitions or spec.replicationFactor");
        }
        return null;
    }
}
