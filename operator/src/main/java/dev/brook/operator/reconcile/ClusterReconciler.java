package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.api.v1alpha1.ClusterStatus;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.kafka.KafkaConnections;
import dev.brook.model.BrookLabels;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterConditions;
import dev.brook.model.ClusterReadiness;
import dev.brook.model.ClusterServiceAccount;
import dev.brook.model.ClusterTls;
import dev.brook.model.ClusterValidation;
import dev.brook.model.SpecProblem;
import dev.brook.operator.reconcile.cluster.BrokersStep;
import dev.brook.operator.reconcile.cluster.CertificatesStep;
import dev.brook.operator.reconcile.cluster.ClusterApply;
import dev.brook.operator.reconcile.cluster.ClusterInformers;
import dev.brook.operator.reconcile.cluster.ClusterObservation;
import dev.brook.operator.reconcile.cluster.ClusterObserver;
import dev.brook.operator.reconcile.cluster.ClusterSteps;
import dev.brook.operator.reconcile.cluster.DynamicConfigStep;
import dev.brook.operator.reconcile.cluster.PodRestarts;
import dev.brook.operator.reconcile.cluster.RackBindingStep;
import dev.brook.operator.reconcile.cluster.ReadinessStep;
import dev.brook.operator.reconcile.cluster.RebalanceStep;
import dev.brook.operator.reconcile.cluster.RollingRestartStep;
import dev.brook.operator.reconcile.cluster.VolumeClaims;
import dev.brook.operator.reconcile.cluster.ZookeeperStep;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns a Cluster into a ZooKeeper ensemble and brokers. A reconcile observes once ({@link ClusterObserver}:
 * informers, one view of Kafka), then runs named steps, each deciding from that observation and returning its
 * condition: ZooKeeper (resized one server at a time), brokers (scaled, with their volumes), dynamic broker
 * config, readiness, rolling restart. Ready only when every broker is registered and no partition is
 * under-replicated (asked through the Admin API). A refused spec changes nothing that runs.
 */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements ConfigurableReconciler<Cluster>, Cleaner<Cluster> {
    private static final Logger LOG = Logger.getLogger(ClusterReconciler.class);
    private static final Duration WHILE_STARTING = Duration.ofSeconds(3);
    private static final Duration WHILE_READY = Duration.ofSeconds(30);

    private final Conditions conditions;
    private final Clock clock;
    private final ReconcileMetrics metrics;
    private final ClusterMetrics clusterMetrics;
    private final KafkaConnections kafka;
    private final EventRecorder events;
    private final ClusterObserver observer;
    private final ClusterSteps steps;
    private final WrittenStatuses<ClusterStatus> written = new WrittenStatuses<>();

    public ClusterReconciler(Clock clock, ReconcileMetrics metrics, ClusterMetrics clusterMetrics, KafkaConnections kafka,
            EventRecorder events, ClusterObserver observer, ClusterSteps steps) {
        this.conditions = new Conditions(clock);
        this.clock = clock;
        this.metrics = metrics;
        this.clusterMetrics = clusterMetrics;
        this.kafka = kafka;
        this.events = events;
        this.observer = observer;
        this.steps = steps;
    }

    /**
     * Drops what only this process remembers (the pods it deleted for a restart, the postponement count), as a
     * new operator process starts without it: the integration harness calls this mid-roll to prove a roll is
     * resumed from the cluster's state alone.
     */
    public void forgetProcessMemory() {
        steps.restarts().forget();
        written.forgetAll();
    }

    /** The informer cache keeps {@link TrimmedItemStore trimmed} objects: the operator's memory at 10,000 resources. */
    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<Cluster> overrider) {
        TrimmedItemStore.installOn(overrider);
    }

    @Override
    public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
        return ClusterInformers.eventSources(context);
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        return metrics.timed("Cluster", () -> reconcileNow(cluster, context));
    }

    private UpdateControl<Cluster> reconcileNow(Cluster cluster, Context<Cluster> context) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        ClusterStatus status = DeepCopies.copy(written.freshest(cluster, cluster.getStatus()), ClusterStatus.class);
        status.setObservedGeneration(generation);

        List<SpecProblem> problems = ClusterValidation.problems(cluster);
        if (!problems.isEmpty()) {
            return refuse(cluster, status, ClusterConditions.Reason.InvalidSpec,
                    problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")), "spec refused");
        }
        if (steps.racks().unavailable(cluster)) {
            return refuse(cluster, status, ClusterConditions.Reason.NotSupported, "spec.brokers.rack needs the operator's rack awareness "
                    + "option (Helm: rackAwareness.enabled=true): each broker's init container reads its Node's labels, and only that option "
                    + "lets the brokers read Nodes. Enable it, or remove spec.brokers.rack (nothing was changed)",
                    "rack awareness is not enabled in this installation");
        }

        ClusterObservation observed = observer.observe(cluster, context);
        var tlsSwitch = ClusterTls.switchRefusal(cluster, observed.liveInternalTls());
        if (tlsSwitch.isPresent()) {
            return refuse(cluster, status, ClusterConditions.Reason.NotSupported, tlsSwitch.get(),
                    "internal TLS cannot be switched on a running cluster");
        }
        steps.apply().apply(observed, ClusterServiceAccount.from(cluster));
        steps.racks().run(observed);
        steps.networkPolicies().run(observed);
        CertificatesStep.Outcome certificates = steps.certificates().run(observed);
        set(status, certificates.condition(), generation);
        authorization(cluster, status, generation);
        if (certificates.recovery().needed()) {
            steps.restarts().restartTogether(observed, certificates.recovery().restart(), certificates.recovery().message());
        }
        ZookeeperStep.Outcome zookeeper = steps.zookeeper().run(observed, status.getConditions());
        set(status, zookeeper.scaling(), generation);
        BrokersStep.Outcome brokers = steps.brokers().run(observed, zookeeper.resize(),
                ClusterReadiness.hasQuorum(zookeeper.ensemble().replicas(), zookeeper.ready()));
        List<String> growing = java.util.stream.Stream.of(zookeeper.volumes(), brokers.volumes())
                .filter(v -> v != null).flatMap(v -> v.growing().stream()).toList();
        set(status, VolumeClaims.condition(growing, Conditions.find(status.getConditions(),
                ClusterConditions.Type.VolumeExpansion.name()).isPresent()), generation);
        status.setZookeeperConnect(brokers.brokers().zookeeperConnect());
        status.setListeners(brokers.brokers().listenerStatuses());
        status.setBootstrapServers(brokers.brokers().bootstrapServers().orElse(null));
        set(status, steps.dynamicConfig().run(observed, brokers.brokers(), status.getConditions()), generation);
        steps.certificateReload().run(observed, brokers.brokers());

        ClusterReadiness.Verdict verdict = steps.readiness().run(observed, zookeeper, brokers, status);
        set(status, verdict.condition(), generation);
        RollingRestartStep.Outcome roll = steps.rollingRestart().run(observed, zookeeper, brokers, status.getConditions());
        set(status, roll.condition(), generation);
        RebalanceStep.Outcome rebalance = steps.rebalance().run(observed, brokers, ClusterObservation.replicas(observed.brokerSet()),
                status.getRebalance(), Conditions.isTrue(status.getConditions(), ClusterConditions.Type.RollingRestart.name()));
        status.setRebalance(rebalance.status());
        set(status, rebalance.condition(), generation);
        Duration next = roll.nextCheck() != null ? roll.nextCheck() : verdict.ready() ? WHILE_READY : WHILE_STARTING;
        if (rebalance.nextCheck() != null && rebalance.nextCheck().compareTo(next) < 0) {
            next = rebalance.nextCheck();
        }
        if (certificates.nextCheck() != null) {
            // Certificates renew on a clock, whatever else happens: never sleep past their next renewal.
            Duration untilRenewal = Duration.between(clock.instant(), certificates.nextCheck());
            next = untilRenewal.compareTo(next) < 0 ? (untilRenewal.isNegative() ? Duration.ofSeconds(1) : untilRenewal) : next;
        }
        return patchIfChanged(cluster, status).rescheduleAfter(next);
    }

    /** A status patch unless nothing changed; the patched status is what the next reconcile starts from ({@link WrittenStatuses}). */
    private UpdateControl<Cluster> patchIfChanged(Cluster cluster, ClusterStatus status) {
        if (written.unchanged(cluster, cluster.getStatus(), status)) {
            return UpdateControl.noUpdate();
        }
        written.written(cluster, DeepCopies.copy(status, ClusterStatus.class));
        cluster.setStatus(status);
        return UpdateControl.patchStatus(cluster);
    }

    /** The Authorization condition; a warning Event when it starts naming anonymous listeners (or names others). */
    private void authorization(Cluster cluster, ClusterStatus status, long generation) {
        String type = ClusterConditions.Type.Authorization.name();
        Optional<Condition> wanted = ClusterConditions.authorization(cluster);
        if (wanted.isEmpty()) {
            status.setConditions(status.getConditions() == null ? null
                    : status.getConditions().stream().filter(c -> !type.equals(c.getType())).collect(Collectors.toList()));
            return;
        }
        Optional<Condition> before = Conditions.find(status.getConditions(), type);
        Condition now = wanted.get();
        if (ClusterConditions.Reason.AnonymousListeners.name().equals(now.getReason())
                && !before.map(c -> now.getMessage().equals(c.getMessage())).orElse(false)) {
            LOG.infof("cluster %s/%s: %s", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), now.getMessage());
            events.warning(cluster, now.getReason(), now.getMessage());
        }
        set(status, now, generation);
    }

    private void set(ClusterStatus status, Condition condition, long generation) {
        if (condition != null) {
            status.setConditions(conditions.set(status.getConditions(), condition, generation));
        }
    }

    /** Ready=False with the reason; one log line and Event per new message; nothing that runs is touched. */
    private UpdateControl<Cluster> refuse(Cluster cluster, ClusterStatus status, ClusterConditions.Reason reason, String message,
            String summary) {
        if (!Conditions.find(status.getConditions(), Conditions.READY).map(c -> message.equals(c.getMessage())).orElse(false)) {
            LOG.infof("cluster %s/%s: spec refused, nothing changed (%s): %s", cluster.getMetadata().getNamespace(),
                    cluster.getMetadata().getName(), reason, reason == ClusterConditions.Reason.InvalidSpec ? message : summary);
            events.warning(cluster, reason.name(), message);
        }
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        status.setConditions(conditions.set(status.getConditions(), Conditions.notReady(reason.name(), message), generation));
        return patchIfChanged(cluster, status);
    }

    @Override
    public DeleteControl cleanup(Cluster cluster, Context<Cluster> context) {
        if (cluster.getSpec() == null) {
            // A Cluster whose spec is missing was refused while it lived; its deletion cleans up as for an all-defaults spec.
            cluster.setSpec(new ClusterSpec());
        }
        // Owned objects go with the Cluster (owner references). PersistentVolumeClaims are not owned:
        // they go only where deleteClaim says so (the StatefulSets' retention policy says the same).
        steps.volumeClaims().deleteIfAsked(cluster, BrookLabels.Component.ZOOKEEPER,
                cluster.getSpec().getZookeeper() == null ? null : cluster.getSpec().getZookeeper().getStorage());
        steps.volumeClaims().deleteIfAsked(cluster, BrookLabels.Component.BROKER,
                cluster.getSpec().getBrokers() == null ? null : cluster.getSpec().getBrokers().getStorage());
        kafka.forget(BrookNames.replicationBootstrap(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace()));
        clusterMetrics.forget(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
        steps.certificates().forget(cluster);
        steps.racks().delete(cluster, "the Cluster is deleted");
        written.forget(cluster);
        return DeleteControl.defaultDelete();
    }
}
