package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.DeletionPolicy;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.TopicStatus;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.TopicAdmin;
import dev.brook.model.TopicState;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.SpecProblem;
import dev.brook.model.TopicClaims;
import dev.brook.model.TopicDiff;
import dev.brook.model.TopicValidation;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps a Kafka topic as its Topic resource declares it: creates or adopts it, grows partitions,
 * makes spec.config authoritative, refuses what would lose data, recreates a topic deleted behind
 * Brook's back, and deletes it with the resource when the deletion policy says so. Each topic is
 * checked again every resync interval; checks due together share one Admin request.
 */
@ControllerConfiguration(name = "topic")
public class TopicReconciler implements Reconciler<Topic>, Cleaner<Topic> {
    private static final Logger LOG = Logger.getLogger(TopicReconciler.class);
    private static final Duration WAIT_FOR_CLUSTER = Duration.ofSeconds(10);

    private final Conditions conditions;
    private final ReconcileMetrics metrics;
    private final ClusterDirectory clusters;
    private final KafkaConnections kafka;
    private final EventRecorder events;
    private final Duration resync;

    public TopicReconciler(Clock clock, ReconcileMetrics metrics, ClusterDirectory clusters, KafkaConnections kafka,
            EventRecorder events, @ConfigProperty(name = "brook.topic.resync-interval", defaultValue = "PT2M") Duration resync) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
        this.clusters = clusters;
        this.kafka = kafka;
        this.events = events;
        this.resync = resync;
    }

    @Override
    public UpdateControl<Topic> reconcile(Topic topic, Context<Topic> context) {
        return metrics.timed("Topic", () -> reconcileNow(topic, context));
    }

    private UpdateControl<Topic> reconcileNow(Topic topic, Context<Topic> context) {
        String ref = ref(topic);
        long generation = topic.getMetadata().getGeneration() == null ? 0 : topic.getMetadata().getGeneration();
        TopicStatus status = DeepCopies.copy(topic.getStatus(), TopicStatus.class);
        status.setObservedGeneration(generation);
        String name = topic.kafkaTopicName();

        List<SpecProblem> problems = TopicValidation.problems(topic);
        if (!problems.isEmpty()) {
            return refuse(topic, status, new Refusal(Reason.InvalidSpec,
                    problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "))), generation, null);
        }
        if (status.getTopicName() != null && !status.getTopicName().equals(name)) {
            return refuse(topic, status, new Refusal(Reason.NotSupported, "spec.topicName cannot change: this resource manages topic '"
                    + status.getTopicName() + "'. Set spec.topicName back to '" + status.getTopicName()
                    + "', or create a new Topic resource for '" + name + "'"), generation, resync);
        }
        List<Topic> claimants = context.getPrimaryCache().list(topic.getMetadata().getNamespace()).toList();
        Optional<Topic> owner = TopicClaims.ownerOf(topic, claimants);
        if (owner.isPresent() && !owner.get().getMetadata().getName().equals(topic.getMetadata().getName())) {
            return refuse(topic, status, new Refusal(Reason.TopicNameConflict, "Kafka topic '" + name + "' on cluster "
                    + topic.getSpec().getCluster() + " is already managed by Topic " + owner.get().getMetadata().getName()
                    + "; delete this resource or give it another spec.topicName"), generation, resync);
        }
        ClusterDirectory.Lookup cluster = clusters.lookup(topic.getMetadata().getNamespace(), topic.getSpec().getCluster());
        if (!cluster.reachable()) {
            return refuse(topic, status, cluster.problem(), generation, WAIT_FOR_CLUSTER);
        }
        try {
            TopicAdmin admin = kafka.forBootstrap(cluster.bootstrapServers()).topics();
            TopicState current = admin.describe(name);
            if (current == null) {
                Refusal refusal = TopicDiff.creationRefusal(topic.getSpec(), admin.brokerCount(), topic.getSpec().getCluster());
                if (refusal != null) {
                    return refuse(topic, status, refusal, generation, resync);
                }
                boolean created = admin.create(name, topic.getSpec().getPartitions(), topic.getSpec().getReplicationFactor(),
                        topic.getSpec().getConfig() == null ? java.util.Map.of() : topic.getSpec().getConfig());
                if (status.getTopicId() != null) {
                    LOG.warnf("topic %s: Kafka topic %s was deleted outside Brook; recreated it", ref, name);
                    events.warning(topic, "TopicRecreated", "Kafka topic " + name + " (id " + status.getTopicId()
                            + ") was deleted outside Brook; Brook created it again, empty");
                } else if (created) {
                    LOG.infof("topic %s: created Kafka topic %s", ref, name);
                    events.normal(topic, "TopicCreated", "created Kafka topic " + name);
                }
                current = admin.describe(name);
                if (current == null) {
                    throw new KafkaOperationException("topic " + name + " not visible yet after creation");
                }
            } else if (status.getTopicName() == null) {
                LOG.infof("topic %s: adopted existing Kafka topic %s", ref, name);
                events.normal(topic, "TopicAdopted", "Kafka topic " + name + " already existed; Brook manages it now");
            }
            TopicDiff diff = TopicDiff.between(topic.getSpec(), current);
            if (diff.refusal() != null) {
                status.setTopicName(name);
                record(status, current);
                return refuse(topic, status, diff.refusal(), generation, resync);
            }
            if (!diff.configOps().isEmpty()) {
                admin.alterConfig(name, diff.configOps());
                LOG.infof("topic %s: altered config of %s (%d change(s))", ref, name, diff.configOps().size());
                if (!diff.revertedKeys().isEmpty()) {
                    LOG.infof("topic %s: reverted config set outside Brook: %s", ref, diff.revertedKeys());
                    events.normal(topic, "ConfigReverted", "removed topic config not in spec.config (spec.config is authoritative): "
                            + String.join(", ", diff.revertedKeys()));
                }
            }
            if (diff.increasePartitionsTo() != null) {
                admin.increasePartitions(name, diff.increasePartitionsTo());
                LOG.infof("topic %s: partitions of %s %d -> %d", ref, name, current.partitions(), diff.increasePartitionsTo());
                events.normal(topic, "PartitionsIncreased", "partitions " + current.partitions() + " -> " + diff.increasePartitionsTo());
            }
            if (!diff.isNoop()) {
                current = admin.describe(name);
            }
            status.setTopicName(name);
            record(status, current);
            status.setConditions(conditions.set(status.getConditions(), Conditions.ready(Reason.Reconciled.name(),
                    "topic " + name + " has " + current.partitions() + " partition(s), replication factor "
                            + current.replicationFactor()), generation));
            return StatusUpdates.patchIfChanged(topic, status).rescheduleAfter(resync);
        } catch (KafkaOperationException e) {
            LOG.infof("topic %s: Kafka request failed, will retry: %s", ref, e.getMessage());
            return refuse(topic, status, new Refusal(Reason.KafkaError, e.getMessage()), generation, WAIT_FOR_CLUSTER);
        }
    }

    @Override
    public DeleteControl cleanup(Topic topic, Context<Topic> context) {
        String ref = ref(topic);
        TopicStatus status = topic.getStatus();
        String managed = status == null ? null : status.getTopicName();
        // A resource whose spec was removed keeps its topic: only an explicit Delete policy deletes data.
        if (managed == null || topic.getSpec() == null || topic.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
            LOG.infof("topic %s: resource deleted; Kafka topic %s left in place (%s)", ref, managed,
                    managed == null ? "this resource never managed a topic" : "deletionPolicy Retain");
            return DeleteControl.defaultDelete();
        }
        ClusterDirectory.Lookup cluster = clusters.lookup(topic.getMetadata().getNamespace(), topic.getSpec().getCluster());
        if (cluster.cluster() == null) {
            LOG.infof("topic %s: resource deleted; its Cluster is gone, so is topic %s", ref, managed);
            return DeleteControl.defaultDelete();
        }
        if (!cluster.reachable()) {
            LOG.infof("topic %s: cannot delete Kafka topic %s yet: %s", ref, managed, cluster.problem().message());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_FOR_CLUSTER);
        }
        try {
            boolean deleted = kafka.forBootstrap(cluster.bootstrapServers()).topics().delete(managed);
            LOG.infof("topic %s: resource deleted; Kafka topic %s %s (deletionPolicy Delete)", ref, managed,
                    deleted ? "deleted" : "was already gone");
            return DeleteControl.defaultDelete();
        } catch (KafkaOperationException e) {
            LOG.infof("topic %s: deleting Kafka topic %s failed, will retry: %s", ref, managed, e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_FOR_CLUSTER);
        }
    }

    private UpdateControl<Topic> refuse(Topic topic, TopicStatus status, Refusal refusal, long generation, Duration retry) {
        return StatusUpdates.notReady(topic, status, conditions, refusal, generation, retry, LOG);
    }

    private static void record(TopicStatus status, TopicState current) {
        status.setTopicId(current.topicId());
        status.setPartitions(current.partitions());
        status.setReplicationFactor(current.replicationFactor());
    }

    private static String ref(Topic topic) {
        return topic.getMetadata().getNamespace() + "/" + topic.getMetadata().getName();
    }
}
