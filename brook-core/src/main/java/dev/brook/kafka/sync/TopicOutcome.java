package dev.brook.kafka.sync;

import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicState;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one sync of a Topic did.
 *
 * @param kind            what happened
 * @param topicName       the Kafka topic
 * @param state           the topic as it is now, from Kafka's answers (a describe, a create's answer, or the
 *                        described topic with the changes Kafka accepted); null when Brook has no topic for the
 *                        resource (refused before creating, or Kafka failed). A REFUSED outcome with a state is a
 *                        topic that exists and is the resource's from now on (its status records it), whose spec asks
 *                        for something Kafka cannot do.
 * @param changes         the changes made (CHANGED, ADOPTED; empty otherwise)
 * @param refusal         why nothing (more) was done (REFUSED only)
 * @param adopted         the resource took over a topic that existed before it (ADOPTED, or REFUSED right after taking over)
 * @param replacedTopicId RECREATED: the id of the topic that was deleted outside Brook
 */
public record TopicOutcome(Kind kind, String topicName, TopicState state, List<TopicChange> changes, Refusal refusal,
                           boolean adopted, String replacedTopicId) {
    public enum Kind {
        /** Brook created the topic. */
        CREATED,
        /** The topic existed before the resource; Brook manages it now (and may have changed it: {@link #changes()}). */
        ADOPTED,
        /** The topic Brook managed was deleted outside Brook; Brook created it again, empty. */
        RECREATED,
        /** The managed topic differed from the spec; {@link #changes()} says what Brook changed. */
        CHANGED,
        /** The managed topic is as the spec asks. */
        UNCHANGED,
        /** Nothing (more) was done: {@link #refusal()} says why, and what to do instead. */
        REFUSED
    }

    public TopicOutcome {
        changes = List.copyOf(changes);
        if ((kind == Kind.REFUSED) != (refusal != null)) {
            throw new IllegalArgumentException("a refusal goes with REFUSED, and only with it: " + kind + ", " + refusal);
        }
    }

    static TopicOutcome created(TopicState state) {
        return new TopicOutcome(Kind.CREATED, state.name(), state, List.of(), null, false, null);
    }

    static TopicOutcome recreated(TopicState state, String replacedTopicId) {
        return new TopicOutcome(Kind.RECREATED, state.name(), state, List.of(), null, false, replacedTopicId);
    }

    static TopicOutcome adopted(TopicState state, List<TopicChange> changes) {
        return new TopicOutcome(Kind.ADOPTED, state.name(), state, changes, null, true, null);
    }

    static TopicOutcome changed(TopicState state, List<TopicChange> changes) {
        return new TopicOutcome(changes.isEmpty() ? Kind.UNCHANGED : Kind.CHANGED, state.name(), state, changes, null, false, null);
    }

    /** Refused before anything was made, or after Kafka failed: the resource has no topic state to record. */
    public static TopicOutcome refused(String topicName, Refusal refusal) {
        return new TopicOutcome(Kind.REFUSED, topicName, null, List.of(), refusal, false, null);
    }

    /** Refused while the topic exists: it is the resource's (recorded in its status), unchanged. */
    public static TopicOutcome refused(TopicState state, Refusal refusal, boolean adopted) {
        return new TopicOutcome(Kind.REFUSED, state.name(), state, List.of(), refusal, adopted, null);
    }

    /** Kafka failed a request; the sync is tried again later. */
    static TopicOutcome kafkaError(String topicName, String message) {
        return refused(topicName, new Refusal(Reason.KafkaError, message));
    }

    public boolean isRefused() {
        return kind == Kind.REFUSED;
    }

    /**
     * What was done, in words ({@code brook local} prints it, the operator logs it): "created", "recreated (...)",
     * "adopted existing topic", the changes ("config: 2 change(s)", "partitions 2 -> 4") joined by "; ", "unchanged",
     * or "refused (Reason): message".
     */
    public String summary() {
        return switch (kind) {
            case CREATED -> "created";
            case RECREATED -> "recreated (topic id " + replacedTopicId + " was deleted outside Brook; the new topic is empty)";
            case ADOPTED -> changes.isEmpty() ? "adopted existing topic" : "adopted existing topic; " + changeList();
            case CHANGED -> changeList();
            case UNCHANGED -> "unchanged";
            case REFUSED -> "refused (" + refusal.reason() + "): " + refusal.message();
        };
    }

    private String changeList() {
        return changes.stream().map(TopicChange::toString).collect(Collectors.joining("; "));
    }
}
