package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.ConsumerGroupStatus;
import dev.brook.api.v1alpha1.DeletionPolicy;
import dev.brook.api.v1alpha1.PartitionLag;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.sync.OffsetResetOutcome;
import dev.brook.kafka.sync.OffsetResetRequest;
import dev.brook.kafka.sync.OffsetResetSync;
import dev.brook.model.ConsumerGroupValidation;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.SpecProblem;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Shows a consumer group's state and lag in status (from the poller's batched reads, never waiting for
 * Kafka: a new reading triggers the reconcile) and applies declarative offset resets once per id, only
 * while the group has no active members (the sync path's {@link OffsetResetSync}, shared with
 * {@code brook local}; this class turns its {@link OffsetResetOutcome} into status, an Event and a log line).
 */
@ControllerConfiguration(name = "consumergroup")
public class ConsumerGroupReconciler implements ConfigurableReconciler<ConsumerGroup>, Cleaner<ConsumerGroup> {
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

    /** Poll results trigger the reconcile of the groups they cover, so lag reaches status within one refresh interval. */
    /** The informer cache keeps {@link TrimmedItemStore trimmed} objects: the operator's memory at 10,000 resources. */
    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<ConsumerGroup> overrider) {
        TrimmedItemStore.installOn(overrider);
    }

    @Override
    public List<EventSource<?, ConsumerGroup>> prepareEventSources(EventSourceContext<ConsumerGroup> context) {
        SimpleInboundEventSource<ConsumerGroup> readings = new SimpleInboundEventSource<>("group-lag-readings");
        poller.onReading(readings::propagateEvent);
        return List.of(readings);
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
        OffsetResetRequest request = OffsetResetRequest.of(group, status.getLastAppliedResetId());
        // The poller's last reading: a reconcile never waits for Kafka to learn the lag.
        GroupLagPoller.Latest latest = poller.register(ResourceID.fromResource(group), namespace, clusterName, cluster.bootstrapServers(), cluster.tls(),
                request.groupId(), request.topics());
        GroupLagPoller.Reading reading = latest.reading();
        if (reading == null) {
            if (latest.failure() != null) {
                return notReady(group, status, new Refusal(Reason.KafkaError, latest.failure()), generation, WAIT_FOR_CLUSTER);
            }
            // The first read of the group is under way; its result triggers the next reconcile.
            return UpdateControl.<ConsumerGroup>noUpdate().rescheduleAfter(poller.interval());
        }
        OffsetResetOutcome reset;
        try {
            reset = OffsetResetSync.apply(request, reading.snapshot(), cluster.connection(kafka).groups());
        } catch (KafkaOperationException e) {
            return notReady(group, status, new Refusal(Reason.KafkaError, e.getMessage()), generation, WAIT_FOR_CLUSTER);
        }
        switch (reset.kind()) {
            case PENDING_ACTIVE_MEMBERS -> {
                show(status, reading);
                return notReady(group, status, reset.refusal(), generation, poller.interval());
            }
            case REFUSED -> {
                boolean kafkaFailed = reset.refusal().reason() == Reason.KafkaError;
                return notReady(group, status, reset.refusal(), generation, kafkaFailed ? WAIT_FOR_CLUSTER : poller.interval());
            }
            case APPLIED -> {
                status.setLastAppliedResetId(reset.resetId());
                LOG.infof("consumergroup %s/%s: %s", namespace, group.getMetadata().getName(), reset.summary());
                events.normal(group, "OffsetsReset", reset.summary());
                // Status shows the new offsets once the cluster is read again (its result triggers a reconcile).
                poller.refreshSoon(namespace, clusterName);
            }
            case NOTHING_TO_DO -> {
            }
        }
        show(status, reading);
        GroupSnapshot snapshot = reading.snapshot();
        String message = snapshot.exists()
                ? "group " + request.groupId() + " is " + snapshot.state() + " with " + snapshot.members()
                        + " member(s), total lag " + snapshot.totalLag()
                : "group " + request.groupId() + " does not exist in Kafka yet (no consumer has joined or committed)";
        status.setConditions(conditions.set(status.getConditions(), Conditions.ready(Reason.Reconciled.name(), message), generation));
        return StatusUpdates.patchIfChanged(group, status).rescheduleAfter(poller.interval());
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
        poller.unregister(ResourceID.fromResource(group), namespace, clusterName, groupId);
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
            GroupSnapshot now = cluster.connection(kafka).groups()
                    .snapshot(Map.of(groupId, Set.of())).get(groupId);
            if (now != null && now.members() > 0) {
                LOG.infof("consumergroup %s: waiting for group %s to have no members before deleting its offsets (%d active)", ref,
                        groupId, now.members());
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(poller.interval());
            }
            boolean deleted = cluster.connection(kafka).groups().deleteGroup(groupId);
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
