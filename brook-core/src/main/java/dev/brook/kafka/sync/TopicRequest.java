package dev.brook.kafka.sync;

import dev.brook.api.v1alpha1.Topic;
import dev.brook.model.DesiredTopic;

/**
 * One Topic resource to sync: what it asks ({@link DesiredTopic}) and what Brook knew of its topic before,
 * from the resource's status: the Kafka topic it manages ({@code managedName}, null: none yet) and that
 * topic's id as Brook last saw it ({@code knownTopicId}, null: never seen), which tells a topic deleted
 * behind Brook's back (RECREATED) from a first creation (CREATED). An immutable value.
 */
public record TopicRequest(DesiredTopic desired, String managedName, String knownTopicId) {
    /** From the resource's spec and status (the operator). */
    public static TopicRequest of(Topic topic) {
        var status = topic.getStatus();
        return new TopicRequest(DesiredTopic.from(topic), status == null ? null : status.getTopicName(),
                status == null ? null : status.getTopicId());
    }

    /** From the resource's spec and what was applied before (brook local keeps no topic ids). */
    public static TopicRequest of(Topic topic, String managedName) {
        return new TopicRequest(DesiredTopic.from(topic), managedName, null);
    }

    public String topicName() {
        return desired.name();
    }
}
