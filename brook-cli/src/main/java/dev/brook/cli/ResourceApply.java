package dev.brook.cli;

import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.kafka.GroupAdmin;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.TopicAdmin;
import dev.brook.kafka.sync.OffsetResetOutcome;
import dev.brook.kafka.sync.OffsetResetRequest;
import dev.brook.kafka.sync.OffsetResetSync;
import dev.brook.kafka.sync.TopicOutcome;
import dev.brook.kafka.sync.TopicRequest;
import dev.brook.kafka.sync.TopicSync;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicState;
import java.time.Duration;
import java.util.Map;

/**
 * Applies Topics and ConsumerGroups to the local cluster through the operator's own sync path
 * ({@link TopicSync}, {@link OffsetResetSync}): the decisions and refusal messages are the same code on
 * Kubernetes and on a laptop; this class only turns their outcomes into the lines {@code brook local}
 * prints. Nothing is deleted.
 */
final class ResourceApply {
    /** What happened to one resource: a line to print, and the refusal if there was one. */
    record Outcome(String kind, String name, String summary, Refusal refusal) {
        @Override
        public String toString() {
            return kind + " " + name + ": " + (refusal == null ? summary : "refused (" + refusal.reason() + "): " + refusal.message());
        }
    }

    /** A ConsumerGroup's line, and the reset applied now (null: none). */
    record GroupResult(Outcome outcome, String appliedResetId) {
    }

    /** How long a topic whose sync failed in Kafka is tried again, and the pause between tries. */
    private static final Duration KAFKA_RETRY = Duration.ofSeconds(10);
    private static final Duration KAFKA_RETRY_PAUSE = Duration.ofMillis(200);

    private ResourceApply() {
    }

    private static boolean isKafkaError(TopicOutcome outcome) {
        return outcome.isRefused() && outcome.refusal().reason() == Reason.KafkaError;
    }

    static Outcome refused(String kind, String name, Refusal refusal) {
        return new Outcome(kind, name, null, refusal);
    }

    /**
     * @param previouslyManaged the Kafka topic name a resource of this name managed before (null: none)
     */
    static Outcome topic(Topic topic, String previouslyManaged, TopicAdmin admin) {
        String resource = topic.getMetadata().getName();
        TopicRequest request = TopicRequest.of(topic, previouslyManaged);
        TopicOutcome outcome = TopicSync.apply(request, admin);
        // Right after `up` a broker may not list the topics it keeps yet (it learns them from the controller a
        // moment later): the operator would try again at its next reconcile; a one-shot command tries again briefly.
        long deadline = System.nanoTime() + KAFKA_RETRY.toNanos();
        while (isKafkaError(outcome) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(KAFKA_RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            outcome = TopicSync.apply(request, admin);
        }
        if (outcome.isRefused()) {
            return refused("Topic", resource, outcome.refusal());
        }
        TopicState state = outcome.state();
        return new Outcome("Topic", resource, outcome.summary() + " (topic " + state.name() + ", " + state.partitions()
                + " partition(s), replication factor " + state.replicationFactor() + ")", null);
    }

    /**
     * @param lastAppliedResetId the reset id applied before (null: none)
     */
    static GroupResult group(ConsumerGroup group, String lastAppliedResetId, GroupAdmin admin) {
        String resource = group.getMetadata().getName();
        OffsetResetRequest request = OffsetResetRequest.of(group, lastAppliedResetId);
        GroupSnapshot snapshot;
        OffsetResetOutcome reset;
        try {
            snapshot = read(admin, request);
            reset = OffsetResetSync.apply(request, snapshot, admin);
        } catch (KafkaOperationException e) {
            return new GroupResult(refused("ConsumerGroup", resource, new Refusal(Reason.KafkaError, e.getMessage())), null);
        }
        if (reset.refusal() != null) { // PENDING_ACTIVE_MEMBERS or REFUSED
            return new GroupResult(refused("ConsumerGroup", resource, reset.refusal()), null);
        }
        boolean applied = reset.kind() == OffsetResetOutcome.Kind.APPLIED;
        String appliedResetId = applied ? reset.resetId() : null;
        if (applied) {
            try {
                snapshot = read(admin, request);
            } catch (KafkaOperationException e) {
                return new GroupResult(refused("ConsumerGroup", resource, new Refusal(Reason.KafkaError, e.getMessage())), appliedResetId);
            }
        }
        Outcome outcome = new Outcome("ConsumerGroup", resource, (applied ? reset.summary() : "watched") + " (group " + request.groupId()
                + " " + snapshot.state() + ", " + snapshot.members() + " member(s), lag " + snapshot.totalLag() + ")", null);
        return new GroupResult(outcome, appliedResetId);
    }

    private static GroupSnapshot read(GroupAdmin admin, OffsetResetRequest request) {
        return admin.snapshot(Map.of(request.groupId(), request.topics())).get(request.groupId());
    }
}
