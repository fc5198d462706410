package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.ConsumerGroupStatus;
import dev.brook.api.v1alpha1.DeletionPolicy;
import dev.brook.api.v1alpha1.OffsetReset;
import dev.brook.api.v1alpha1.PartitionLag;
import dev.brook.kafka.GroupAdmin;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.OffsetResetTargets;
import dev.brook.model.ConsumerGroupValidation;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.SpecProblem;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Shows a consumer group's state and lag in status (from the poller's batched reads) and applies
 * declarative offset resets once per id, only while the group has no active members.
 */
@ControllerConfiguration(name = "consumergroup")
public class ConsumerGroupReconciler implements Reconciler<ConsumerGroup>, Cleaner<ConsumerGroup> {
    private static final Logger LOG = Logger.getLogger(ConsumerGroupReconciler.class);
    private static final Duration WAIT_FOR_CLUSTER = Duration.ofSeconds(10);

    private final Conditions conditions;
    private final ReconcileMetrics metrics;
    private final ClusterDirectory clusters;
    private final KafkaConnections kafka;
    private final GroupLagPoller poller;
    private final EventRecorder events;

    public ConsumerGroupReconciler(Clock clock, ReconcileMetrics metrics, ClusterDirectory clusters, KafkaConnections kafka,
            GroupLagPoller poller, EventRecorder events) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
        this.clusters = clusters;
        this.kafka = kafka;
        this.poller = poller;
        this.events = events;
    }

    @Override
    public UpdateControl<ConsumerGroup> reconcile(ConsumerGroup group, Context<ConsumerGroup> context) {
        return metrics.timed("ConsumerGroup", () -> reconcileNow(group));
    }

    private UpdateControl<ConsumerGroup> reconcileNow(ConsumerGroup group) {
        long generation = group.getMetadata().getGeneration() == null ? 0 : group.getMetadata().getGeneration();
        ConsumerGroupStatus status = DeepCopies.copy(group.getStatus(), ConsumerGroupStatus.class);
        status.setObservedGeneration(generation);
        List<SpecProblem> problems = ConsumerGroupValidation.problems(group);
        if (!problems.isEmpty()) {
            return notReady(group, status, new Refusal(Reason.InvalidSpec,
                    problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "))), generation, null);
        }
        String namespace = group.getMetadata().getNamespace();
        String clusterName = group.getSpec().getCluster();
        ClusterDirectory.Lookup cluster = clusters.lookup(namespace, clusterName);
        if (!cluster.reachable()) {
            return notReady(group, status, cluster.problem(), generation, WAIT_FOR_CLUSTER);
        }
        String groupId = group.kafkaGroupId();
        Set<String> topics = new TreeSet<>(group.getSpec().getTopics() == null ? List.of() : group.getSpec().getTopics());
        try {
            GroupLagPoller.Reading reading = poller.register(namespace, clusterName, cluster.bootstrapServers(), groupId, topics);
            OffsetReset reset = group.getSpec().getOffsetReset();
            if (reset != null && !reset.getId().equals(status.getLastAppliedResetId())) {
                if (reading.snapshot().members() > 0) {
                    show(status, reading);
                    return notReady(group, status, new Refusal(Reason.ActiveMembers, "offset reset '" + reset.getId() + "' is pending: group "
                            + groupId + " has " + reading.snapshot().members()
                            + " active member(s); stop its consumers and the reset is applied"), generation, poller.interval());
                }
                GroupAdmin admin = kafka.forBootstrap(cluster.bootstrapServers()).groups();
                Map<TopicPartition, Long> offsets;
                try {
                    offsets = OffsetResetTargets.targetOffsets(admin, reset, OffsetResetTargets.resetTopics(topics, reading.snapshot()));
                } catch (KafkaOperationException e) {
                    return notReady(group, status, new Refusal(Reason.InvalidSpec, "spec.offsetReset: " + e.getMessage()),
                            generation, poller.interval());
                } catch (IllegalArgumentException e) {
                    return notReady(group, status, new Refusal(Reason.InvalidSpec, e.getMessage()), generation, null);
                }
                admin.commitOffsets(groupId, offsets);
                status.setLastAppliedResetId(reset.getId());
                String summary = "offset reset '" + reset.getId() + "' applied: " + offsets.size() + " partition(s) moved to "
                        + reset.getTo().name().toLowerCase();
                LOG.infof("consumergroup %s/%s: %s", namespace, group.getMetadata().getName(), summary);
                events.normal(group, "OffsetsReset", summary);
                reading = poller.refresh(namespace, clusterName, cluster.bootstrapServers(), groupId);
            }
            show(status, reading);
            String message = reading.snapshot().exists()
                    ? "group " + groupId + " is " + reading.snapshot().state() + " with " + reading.snapshot().members()
                            + " member(s), total lag " + reading.snapshot().totalLag()
                    : "group " + groupId + " does not exist in Kafka yet (no consumer has joined or committed)";
            status.setConditions(conditions.set(status.getConditions(), Conditions.ready(Reason.Reconciled.name(), message), generation));
            return StatusUpdates.patchIfChanged(group, status).rescheduleAfter(poller.interval());
        } catch (KafkaOperationException e) {
            return notReady(group, status, new Refusal(Reason.KafkaError, e.getMessage()), generation, WAIT_FOR_CLUSTER);
        }
    }

    private static void show(ConsumerGroupStatus status, GroupLagPoller.Reading reading) {
        GroupSnapshot s = reading.snapshot();
        status.setState(s.state());
        status.setMembers(s.members());
        status.setTotalLag(s.totalLag());
        status.setPartitions(s.partitions().stream()
                .map(p -> new PartitionLag(p.topic(), p.partition(), p.committedOffset(), p.endOffset(), p.lag())).toList());
        status.setLastRefreshTime(reading.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }

    @Override
    public DeleteControl cleanup(ConsumerGroup group, Context<ConsumerGroup> context) {
        String namespace = group.getMetadata().getNamespace();
        String ref = namespace + "/" + group.getMetadata().getName();
        String clusterName = group.getSpec() == null ? null : group.getSpec().getCluster();
        String groupId = group.kafkaGroupId();
        poller.unregister(namespace, clusterName, groupId);
        if (group.getSpec() == null || group.getSpec().getDeletionPolicy() != DeletionPolicy.Delete) {
            LOG.infof("consumergroup %s: resource deleted; offsets of group %s kept (deletionPolicy Retain)", ref, groupId);
            return DeleteControl.defaultDelete();
        }
        ClusterDirectory.Lookup cluster = clusters.lookup(namespace, clusterName);
        if (cluster.cluster() == null) {
            return DeleteControl.defaultDelete();
        }
        if (!cluster.reachable()) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_FOR_CLUSTER);
        }
        try {
            GroupSnapshot now = kafka.forBootstrap(cluster.bootstrapServers()).groups()
                    .snapshot(Map.of(groupId, Set.of())).get(groupId);
            if (now != null && now.members() > 0) {
                LOG.infof("consumergroup %s: waiting for group %s to have no members before deleting its offsets (%d active)", ref,
                        groupId, now.members());
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(poller.interval());
            }
            boolean deleted = kafka.forBootstrap(cluster.bootstrapServers()).groups().deleteGroup(groupId);
            LOG.infof("consumergroup %s: resource deleted; group %s %s (deletionPolicy Delete)", ref, groupId,
                    deleted ? "and its offsets deleted" : "did not exist");
            return DeleteControl.defaultDelete();
        } catch (KafkaOperationException e) {
            LOG.infof("consumergroup %s: deleting group %s failed, will retry: %s", ref, groupId, e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_FOR_CLUSTER);
        }
    }

    private UpdateControl<ConsumerGroup> notReady(ConsumerGroup group, ConsumerGroupStatus status, Refusal refusal, long generation,
            Duration retry) {
        return StatusUpdates.notReady(group, status, conditions, refusal, generation, retry, LOG);
    }
}
