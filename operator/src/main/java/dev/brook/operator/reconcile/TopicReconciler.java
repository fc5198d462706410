package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.TopicStatus;
import dev.brook.kafka.ClusterTopics;
import dev.brook.kafka.KafkaConnection;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.sync.TopicChange;
import dev.brook.kafka.sync.TopicOutcome;
import dev.brook.kafka.sync.TopicPlan;
import dev.brook.kafka.sync.TopicRequest;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.SpecProblem;
import dev.brook.model.TopicClaims;
import dev.brook.model.TopicState;
import dev.brook.model.TopicValidation;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
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
 * Brook's back, and deletes it with the resource when the deletion policy says so.
 *
 * <p>A reconcile never waits on Kafka: it compares the spec with what Brook knows of the cluster's
 * topics ({@link ClusterTopics}, read whole every resync interval) and, when Kafka must change, hands
 * the work to the cluster's batched requests and returns. Kafka's answer comes back through
 * {@link TopicResultEvents} and the next reconcile shows it. The decisions are {@link TopicPlan}'s
 * (shared with {@code brook local}); this class turns a {@link TopicOutcome} into status, the Ready
 * condition, Events and one log line.
 */
@ControllerConfiguration(name = "topic")
public class TopicReconciler implements ConfigurableReconciler<Topic>, Cleaner<Topic> {
    private static final Logger LOG = Logger.getLogger(TopicReconciler.class);
    private static final Duration WAIT_FOR_CLUSTER = Duration.ofSeconds(10);

    private final Conditions conditions;
    private final ReconcileMetrics metrics;
    private final ClusterDirectory clusters;
    private final KafkaConnections kafka;
    private final EventRecorder events;
    private final Duration resync;

    private final TopicResultEvents results = new TopicResultEvents();

    public TopicReconciler(Clock clock, ReconcileMetrics metrics, ClusterDirectory clusters, KafkaConnections kafka,
            EventRecorder events, @ConfigProperty(name = "brook.topic.resync-interval", defaultValue = "PT2M") Duration resync,
            MeterRegistry registry) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
        this.clusters = clusters;
        this.kafka = kafka;
        this.events = events;
        this.resync = resync;
        FunctionCounter.builder("brook_kafka_topic_requests", kafka, KafkaConnections::topicRequests)
                .description("Admin requests made for topics (each batch counts once), all clusters").register(registry);
    }

    /** Topics by the Kafka topic they claim: the ownership check reads its entry, not the whole namespace. */
    static final String CLAIMS_INDEX = "kafka-topic";

    /** The informer cache keeps {@link TrimmedItemStore trimmed} objects: the operator's memory at 10,000 resources. */
    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<Topic> overrider) {
        TrimmedItemStore.installOn(overrider);
    }

    @Override
    public List<EventSource<?, Topic>> prepareEventSources(EventSourceContext<Topic> context) {
        context.getPrimaryCache().addIndexer(CLAIMS_INDEX, t -> t.getSpec() == null ? List.of() : List.of(TopicClaims.indexKey(t)));
        kafka.topicEvents(results);
        return List.of(results);
    }

    @Override
    public UpdateControl<Topic> reconcile(Topic topic, Context<Topic> context) {
        return metrics.timed("Topic", () -> reconcileNow(topic, context));
    }

    private UpdateControl<Topic> reconcileNow(Topic topic, Context<Topic> context) {
        long generation = topic.getMetadata().getGeneration() == null ? 0 : topic.getMetadata().getGeneration();
        TopicStatus status = DeepCopies.copy(topic.getStatus(), TopicStatus.class);
        status.setObservedGeneration(generation);

        List<SpecProblem> problems = TopicValidation.problems(topic);
        if (!problems.isEmpty()) {
            return refuse(topic, status, new Refusal(Reason.InvalidSpec,
                    problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "))), generation, null);
        }
        TopicRequest request = TopicRequest.of(topic);
        Optional<TopicOutcome> renamed = TopicPlan.beforeKafka(request);
        if (renamed.isPresent()) {
            return refuse(topic, status, renamed.get().refusal(), generation, resync);
        }
        List<Topic> claimants = context.getPrimaryCache().byIndex(CLAIMS_INDEX, TopicClaims.indexKey(topic));
        Optional<Refusal> conflict = TopicClaims.conflict(topic, claimants);
        if (conflict.isPresent()) {
            return refuse(topic, status, conflict.get(), generation, resync);
        }
        ClusterDirectory.Lookup cluster = clusters.lookup(topic.getMetadata().getNamespace(), topic.getSpec().getCluster());
        if (!cluster.reachable()) {
            return refuse(topic, status, cluster.problem(), generation, WAIT_FOR_CLUSTER);
        }
        TopicOutcome outcome;
        try {
            KafkaConnection connection = cluster.connection(kafka);
            // Tracked before the work starts, so its answer cannot arrive before anyone listens for it.
            results.track(connection.bootstrapServers(), request.topicName(), ResourceID.fromResource(topic));
            ClusterTopics.Progress progress = connection.topicWork().reconcile(request);
            if (progress instanceof ClusterTopics.Progress.InFlight inFlight) {
                LOG.debugf("topic %s: %s", ref(topic), inFlight.what());
                return UpdateControl.<Topic>noUpdate().rescheduleAfter(resync);
            }
            if (progress instanceof ClusterTopics.Progress.RetryLater retry) {
                LOG.infof("topic %s: Kafka request failed, retrying in %s: %s", ref(topic), retry.after(), retry.reason());
                return UpdateControl.<Topic>noUpdate().rescheduleAfter(retry.after());
            }
            outcome = ((ClusterTopics.Progress.Done) progress).outcome();
        } catch (KafkaOperationException e) {
            outcome = TopicOutcome.refused(request.topicName(), new Refusal(Reason.KafkaError, e.getMessage()));
        }
        return show(topic, status, outcome, generation);
    }

    /** The sync's outcome as a log line, Events, status and condition. */
    private UpdateControl<Topic> show(Topic topic, TopicStatus status, TopicOutcome outcome, long generation) {
        String ref = ref(topic);
        String name = outcome.topicName();
        if (outcome.state() != null) {
            status.setTopicName(name);
            record(status, outcome.state());
        }
        events(topic, outcome);
        if (outcome.isRefused()) {
            if (outcome.refusal().reason() == Reason.KafkaError) {
                LOG.infof("topic %s: Kafka request failed, will retry: %s", ref, outcome.refusal().message());
                return refuse(topic, status, outcome.refusal(), generation, WAIT_FOR_CLUSTER);
            }
            return refuse(topic, status, outcome.refusal(), generation, resync);
        }
        if (outcome.kind() == TopicOutcome.Kind.RECREATED) {
            LOG.warnf("topic %s: Kafka topic %s %s", ref, name, outcome.summary());
        } else if (outcome.kind() != TopicOutcome.Kind.UNCHANGED) {
            LOG.infof("topic %s: Kafka topic %s %s", ref, name, outcome.summary());
        }
        TopicState current = outcome.state();
        status.setConditions(conditions.set(status.getConditions(), Conditions.ready(Reason.Reconciled.name(),
                "topic " + name + " has " + current.partitions() + " partition(s), replication factor "
                        + current.replicationFactor()), generation));
        return StatusUpdates.patchIfChanged(topic, status).rescheduleAfter(resync);
    }

    private void events(Topic topic, TopicOutcome outcome) {
        String name = outcome.topicName();
        switch (outcome.kind()) {
            case CREATED -> events.normal(topic, "TopicCreated", "created Kafka topic " + name);
            case RECREATED -> events.warning(topic, "TopicRecreated", "Kafka topic " + name + " (id " + outcome.replacedTopicId()
                    + ") was deleted outside Brook; Brook created it again, empty");
            default -> {
            }
        }
        if (outcome.adopted()) {
            events.normal(topic, "TopicAdopted", "Kafka topic " + name + " already existed; Brook manages it now");
        }
        for (TopicChange change : outcome.changes()) {
            if (change instanceof TopicChange.ConfigAltered config && !config.revertedKeys().isEmpty()) {
                events.normal(topic, "ConfigReverted", "removed topic config not in spec.config (spec.config is authoritative): "
                        + String.join(", ", config.revertedKeys()));
            } else if (change instanceof TopicChange.PartitionsIncreased growth) {
                events.normal(topic, "PartitionsIncreased", "partitions " + growth.from() + " -> " + growth.to());
            }
        }
    }

    @Override
    public DeleteControl cleanup(Topic topic, Context<Topic> context) {
        TopicStatus status = topic.getStatus();
        String managed = status == null ? null : status.getTopicName();
        // A resource whose spec was removed keeps its topic: only an explicit Delete policy deletes data.
        DeleteControl done = KafkaSideCleanup.run(LOG, topic, managed == null ? null : "Kafka topic " + managed,
                topic.getSpec() == null ? null : topic.getSpec().getDeletionPolicy(), topic.getSpec() == null ? null : topic.getSpec().getCluster(),
                clusters, kafka, connection -> {
                    // Tracked so that Kafka's answer to the deletion triggers this cleanup again.
                    results.track(connection.bootstrapServers(), managed, ResourceID.fromResource(topic));
                    return switch (connection.topicWork().delete(managed)) {
                        case IN_FLIGHT -> null;
                        case DELETED -> "deleted";
                        case ALREADY_GONE -> "was already gone";
                    };
                });
        if (done.isRemoveFinalizer()) {
            results.untrack(ResourceID.fromResource(topic));
        }
        return done;
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
