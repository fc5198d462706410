package dev.brook.kafka.sync;

import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.TopicAdmin;
import dev.brook.model.Refusal;
import dev.brook.model.TopicState;
import java.util.Optional;

/**
 * Runs a Topic sync through a {@link TopicAdmin}: describes the topic, asks {@link TopicPlan} what to do,
 * makes the change and returns the outcome. The calls block (each is merged with its neighbours into one
 * Admin request per kind by the admin's batchers); a Kafka failure is a REFUSED outcome with reason
 * KafkaError, to be tried again later.
 */
public final class TopicSync {
    private TopicSync() {
    }

    public static TopicOutcome apply(TopicRequest request, TopicAdmin admin) {
        Optional<TopicOutcome> early = TopicPlan.beforeKafka(request);
        if (early.isPresent()) {
            return early.get();
        }
        String name = request.topicName();
        try {
            TopicState current = admin.describe(name);
            if (current == null) {
                TopicStep.Create create = TopicPlan.whenMissing(request);
                TopicState created = create(create.action(), admin);
                if (created != null) {
                    return create.created(created);
                }
                // Created by someone else since the describe: take the topic as it is.
                current = admin.describe(name);
                if (current == null) {
                    return TopicOutcome.kafkaError(name, "topic " + name + " not visible yet after creation");
                }
            }
            return run(TopicPlan.whenPresent(request, current), admin);
        } catch (KafkaOperationException e) {
            Refusal refusal = TopicPlan.refusal(name, request.desired(), e);
            return refusal != null ? TopicOutcome.refused(name, refusal) : TopicOutcome.kafkaError(name, e.getMessage());
        }
    }

    /**
     * Runs the changes of an existing topic (a {@link TopicStep.Finished} has none) and returns the outcome.
     *
     * @throws KafkaOperationException when Kafka fails a change
     */
    private static TopicOutcome run(TopicStep step, TopicAdmin admin) {
        if (step instanceof TopicStep.Finished finished) {
            return finished.outcome();
        }
        TopicStep.Change change = (TopicStep.Change) step;
        for (TopicChange c : change.changes()) {
            if (c instanceof TopicChange.ConfigAltered config) {
                admin.alterConfig(config.topic(), config.ops());
            } else if (c instanceof TopicChange.PartitionsIncreased growth) {
                admin.increasePartitions(growth.topic(), growth.to());
            }
        }
        return change.applied();
    }

    private static TopicState create(CreateTopic action, TopicAdmin admin) {
        return admin.create(action.topic(), action.partitions(), action.replicationFactor(), action.config());
    }
}
