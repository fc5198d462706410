package dev.brook.operator.reconcile;

import dev.brook.contract.PodName;
import dev.brook.api.v1alpha1.BrokerStatus;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterStatus;
import dev.brook.kafka.BrokerConfigAdmin;
import dev.brook.kafka.ClusterHealth;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.model.BrokerSet;
import dev.brook.model.BrookLabels;
import dev.brook.model.ClusterDefaults;
import dev.brook.model.ClusterReadiness;
import dev.brook.model.ClusterServiceAccount;
import dev.brook.model.ClusterValidation;
import dev.brook.model.DynamicConfigDiff;
import dev.brook.model.ExternalAddresses;
import dev.brook.model.PodTemplateHash;
import dev.brook.model.RollingRestartPlan;
import dev.brook.model.ZookeeperRollPlan;
import dev.brook.model.SpecProblem;
import dev.brook.model.ZookeeperEnsemble;
import dev.brook.model.ZookeeperResize;
import dev.brook.model.VolumeResize;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns a Cluster into a ZooKeeper ensemble and brokers: ZooKeeper first, brokers once the ensemble
 * has a quorum, then status from what the pods and the brokers themselves report. Ready only when
 * every broker is registered and no partition is under-replicated (asked through the Admin API).
 */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster>, Cleaner<Cluster> {
    private static final Logger LOG = Logger.getLogger(ClusterReconciler.class);
    private static final Duration WHILE_STARTING = Duration.ofSeconds(3);
    private static final Duration WHILE_READY = Duration.ofSeconds(30);

    private final Conditions conditions;
    private final ReconcileMetrics metrics;
    private final ClusterMetrics clusterMetrics;
    private final ResourceApplier applier;
    private final KafkaConnections kafka;
    private final EventRecorder events;
    private final KubernetesClient client;
    private final dev.brook.model.Platform platform;
    private final AgentStatusClient agentStatus;
    static final String ROLLING_RESTART = "RollingRestart";
    static final String DYNAMIC_BROKER_CONFIG = "DynamicBrokerConfig";
    static final String ZOOKEEPER_SCALING = "ZookeeperScaling";
    static final String VOLUME_EXPANSION = "VolumeExpansion";
    /**
     * Uids of pods this operator deleted for a restart. The informer cache can still show such a pod
     * for a moment after the delete; it must count as "being recreated", never as a pod to restart
     * again. Only a guard against that lag: the roll itself is decided from the cluster's state.
     */
    private final Set<String> restartedPodUids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Postponements in a row per cluster ({@code ns/name}), for the retry back-off. */
    private final Map<String, Integer> postponements = new java.util.concurrent.ConcurrentHashMap<>();

    public ClusterReconciler(Clock clock, ReconcileMetrics metrics, ClusterMetrics clusterMetrics, ResourceApplier applier,
            KafkaConnections kafka, EventRecorder events, KubernetesClient client, AgentStatusClient agentStatus,
            dev.brook.model.Platform platform) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
        this.clusterMetrics = clusterMetrics;
        this.applier = applier;
        this.kafka = kafka;
        this.events = events;
        this.client = client;
        this.platform = platform;
        this.agentStatus = agentStatus;
    }

    /**
     * Drops what only this process remembers (the pods it deleted for a restart, the postponement count),
     * as a new operator process starts without it: the integration harness calls this mid-roll to prove a
     * roll is resumed from the cluster's state alone.
     */
    public void forgetProcessMemory() {
        restartedPodUids.clear();
        postponements.clear();
    }

    @Override
    public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
        // Pods are not owned by the Cluster: map them back through the brook.dev/cluster label.
        var pods = InformerEventSourceConfiguration.from(Pod.class, Cluster.class)
                .withName("pods")
                .withLabelSelector(BrookLabels.MANAGED_BY + "=" + BrookLabels.MANAGED_BY_VALUE)
                .withSecondaryToPrimaryMapper(pod -> {
                    String cluster = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(BrookLabels.CLUSTER);
                    return cluster == null ? Set.of() : Set.of(new ResourceID(cluster, pod.getMetadata().getNamespace()));
                })
                .build();
        var statefulSets = InformerEventSourceConfiguration.from(StatefulSet.class, Cluster.class)
                .withName("statefulsets")
                .withLabelSelector(BrookLabels.MANAGED_BY + "=" + BrookLabels.MANAGED_BY_VALUE)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Cluster.class))
                .build();
        List<EventSource<?, Cluster>> sources = new ArrayList<>(List.of(new InformerEventSource<>(pods, context),
                new InformerEventSource<>(statefulSets, context)));
        sources.addAll(OwnedInformers.eventSources(context));
        return sources;
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        return metrics.timed("Cluster", () -> reconcileNow(cluster, context));
    }

    private UpdateControl<Cluster> reconcileNow(Cluster cluster, Context<Cluster> context) {
        String ns = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        String ref = ns + "/" + name;
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        ClusterStatus status = DeepCopies.copy(cluster.getStatus(), ClusterStatus.class);
        status.setObservedGeneration(generation);

        List<SpecProblem> problems = ClusterValidation.problems(cluster);
        if (!problems.isEmpty()) {
            String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
            if (!Conditions.find(status.getConditions(), Conditions.READY).map(c -> message.equals(c.getMessage())).orElse(false)) {
                LOG.infof("cluster %s: spec refused, nothing changed (InvalidSpec): %s", ref, message);
                events.warning(cluster, "InvalidSpec", message);
            }
            status.setConditions(conditions.set(status.getConditions(), Conditions.notReady("InvalidSpec", message), generation));
            return StatusUpdates.patchIfChanged(cluster, status);
        }
        if (dev.brook.model.RackNodeReader.wanted(cluster) && platform.rackClusterRole() == null) {
            String message = "spec.brokers.rack needs the operator's rack awareness option (Helm: rackAwareness.enabled=true): each "
                    + "broker's init container reads its Node's labels, and only that option lets the brokers read Nodes. Enable it, or "
                    + "remove spec.brokers.rack (nothing was changed)";
            if (!Conditions.find(status.getConditions(), Conditions.READY).map(c -> message.equals(c.getMessage())).orElse(false)) {
                LOG.infof("cluster %s: spec refused, nothing changed (NotSupported): rack awareness is not enabled in this installation", ref);
                events.warning(cluster, "NotSupported", message);
            }
            status.setConditions(conditions.set(status.getConditions(), Conditions.notReady("NotSupported", message), generation));
            return StatusUpdates.patchIfChanged(cluster, status);
        }

        // 1. ZooKeeper, resized one server at a time (ZookeeperResize).
        List<String> refusals = new ArrayList<>();
        List<String> expanding = new ArrayList<>();
        Map<String, StatefulSet> liveSets = new HashMap<>();
        context.getSecondaryResources(StatefulSet.class).forEach(s -> liveSets.put(s.getMetadata().getName(), s));
        List<Pod> pods = new ArrayList<>(context.getSecondaryResources(Pod.class));
        // A pod being deleted is being recreated, whoever deleted it (a new operator process lists terminating pods).
        pods.removeIf(p -> restartedPodUids.contains(p.getMetadata().getUid()) || p.getMetadata().getDeletionTimestamp() != null);
        int desiredZookeepers = ClusterDefaults.zookeeperReplicas(cluster.getSpec());
        ZookeeperResize resize = zookeeperResize(context, cluster, liveSets.get(dev.brook.model.BrookNames.zookeeper(name)),
                desiredZookeepers, pods, Conditions.isTrue(status.getConditions(), ZOOKEEPER_SCALING));
        apply(context, cluster, ClusterServiceAccount.from(cluster));
        rackNodeReader(cluster, liveSets.get(dev.brook.model.BrookNames.broker(name)));
        ZookeeperEnsemble zookeeper = ZookeeperEnsemble.resizing(cluster, platform, resize.servers());
        for (HasMetadata o : zookeeper.objects()) {
            if (o instanceof StatefulSet set) {
                StatefulSet stamped = volumes(cluster, PodTemplateHash.stamp(set), liveSets, "spec.zookeeper.storage",
                        BrookLabels.Component.ZOOKEEPER, refusals, expanding);
                stamped.getSpec().setReplicas(resize.replicas());
                apply(context, cluster, stamped);
            } else {
                apply(context, cluster, o);
            }
        }
        status.setConditions(resizeCondition(cluster, status, resize, desiredZookeepers, generation));
        if (resize.moveLeaderFrom() >= 0) {
            restartIfDecided(cluster, RollingRestartPlan.Decision.restartFor(dev.brook.model.BrookNames.zookeeperPod(name,
                    resize.moveLeaderFrom()), "it leads and is about to be removed from the ensemble"), 0);
        }
        int readyZookeepers = (int) pods.stream().filter(p -> isComponent(p, BrookLabels.Component.ZOOKEEPER))
                .filter(p -> ordinal(p) < zookeeper.replicas()).filter(Readiness::isPodReady).count();
        status.setReadyZookeepers(readyZookeepers);
        status.setZookeeperConnect(null);

        // 2. Brokers, once the ensemble has a quorum (or when they already exist: never hold back a running cluster).
        boolean quorum = ClusterReadiness.hasQuorum(zookeeper.replicas(), readyZookeepers);
        boolean brokersExist = context.getSecondaryResources(StatefulSet.class).stream()
                .anyMatch(s -> s.getMetadata().getName().equals(dev.brook.model.BrookNames.broker(name)));
        String scaleDownBlocked = null;
        Cluster effective = cluster;
        int currentBrokers = context.getSecondaryResources(StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals(dev.brook.model.BrookNames.broker(name)))
                .map(s -> s.getSpec().getReplicas() == null ? 0 : s.getSpec().getReplicas()).findFirst().orElse(0);
        int desiredBrokers = ClusterDefaults.brokerReplicas(cluster.getSpec());
        if (desiredBrokers < currentBrokers) {
            scaleDownBlocked = scaleDownBlocker(cluster, currentBrokers, desiredBrokers);
            if (scaleDownBlocked != null) {
                effective = withBrokerReplicas(cluster, currentBrokers);
            } else {
                LOG.infof("cluster %s: scaling brokers down %d -> %d: the removed brokers hold no partitions", ref, currentBrokers, desiredBrokers);
                events.normal(cluster, "ScalingDown", "brokers " + currentBrokers + " -> " + desiredBrokers);
            }
        } else if (currentBrokers > 0 && desiredBrokers > currentBrokers) {
            LOG.infof("cluster %s: scaling brokers up %d -> %d", ref, currentBrokers, desiredBrokers);
            events.normal(cluster, "ScalingUp", "brokers " + currentBrokers + " -> " + desiredBrokers
                    + "; new topics can use the new brokers; move existing partitions onto them with kafka-reassign-partitions.sh");
        }
        BrokerSet brokers = BrokerSet.from(effective, learnExternalAddresses(context, cluster, pods), platform, resize.servers());
        if (quorum || brokersExist) {
            for (HasMetadata o : brokers.objects()) {
                apply(context, cluster, o instanceof StatefulSet set ? volumes(cluster, PodTemplateHash.stamp(set), liveSets, "spec.brokers.storage",
                        BrookLabels.Component.BROKER, refusals, expanding) : o);
            }
        } else {
            LOG.debugf("cluster %s: waiting for a ZooKeeper quorum (%d of %d ready) before starting brokers", ref, readyZookeepers,
                    zookeeper.replicas());
        }
        status.setConditions(volumeCondition(status, expanding, generation));
        status.setZookeeperConnect(brokers.zookeeperConnect());
        status.setListeners(brokers.listenerStatuses());
        status.setBootstrapServers(brokers.bootstrapServers().orElse(null));

        // 3. What the brokers say.
        Set<Integer> readyBrokerPods = new TreeSet<>();
        pods.stream().filter(p -> isComponent(p, BrookLabels.Component.BROKER)).filter(Readiness::isPodReady)
                .forEach(p -> readyBrokerPods.add(ordinal(p)));
        Set<Integer> registered = null;
        List<String> underReplicated = null;
        List<RollingRestartPlan.PartitionState> partitions = null;
        int controller = -1;
        Map<Integer, String> racks = Map.of();
        String kafkaProblem = null;
        if (!readyBrokerPods.isEmpty()) {
            try {
                ClusterHealth health = kafka.forBootstrap(brokers.replicationBootstrapServers()).health();
                registered = health.registeredBrokers();
                partitions = health.partitions();
                controller = health.controller();
                if (cluster.getSpec().getBrokers() != null && cluster.getSpec().getBrokers().getRack() != null) {
                    racks = health.brokerRacks();
                }
                underReplicated = partitions.stream().filter(RollingRestartPlan.PartitionState::underReplicated)
                        .map(p -> p + " (" + p.isr().size() + "/" + p.replicas().size() + " in sync)").toList();
                status.setConditions(applyDynamicConfig(cluster, brokers, status, generation));
            } catch (KafkaOperationException e) {
                kafkaProblem = e.getMessage();
                LOG.debugf("cluster %s: brokers not answering yet: %s", ref, kafkaProblem);
            }
        }
        List<BrokerStatus> brokerStatuses = new ArrayList<>();
        int readyBrokers = 0;
        for (int id = 0; id < brokers.replicas(); id++) {
            boolean ready = readyBrokerPods.contains(id) && registered != null && registered.contains(id);
            readyBrokers += ready ? 1 : 0;
            String rack = racks.get(id);
            brokerStatuses.add(new BrokerStatus(id, dev.brook.model.BrookNames.brokerPod(name, id), ready, rack));
        }
        status.setBrokers(brokerStatuses);
        status.setReadyBrokers(readyBrokers);

        ClusterReadiness.Verdict verdict = ClusterReadiness.evaluate(new ClusterReadiness.Observed(zookeeper.replicas(),
                readyZookeepers, brokers.replicas(), readyBrokerPods, registered, underReplicated,
                brokers.pendingExternalExplanations(), kafkaProblem));
        if (scaleDownBlocked != null) {
            verdict = new ClusterReadiness.Verdict(dev.brook.api.v1alpha1.Condition.FALSE, "ScaleDownBlocked", scaleDownBlocked);
        } else if (!refusals.isEmpty()) {
            verdict = new ClusterReadiness.Verdict(dev.brook.api.v1alpha1.Condition.FALSE, "NotSupported",
                    String.join("; ", refusals) + " (the running cluster is left as it is)");
        }
        boolean wasReady = Conditions.isTrue(status.getConditions(), Conditions.READY);
        String previousReason = Conditions.find(status.getConditions(), Conditions.READY).map(c -> c.getReason()).orElse(null);
        if (!verdict.reason().equals(previousReason)) {
            LOG.infof("cluster %s: %s (%s): %s", ref, verdict.ready() ? "ready" : "not ready", verdict.reason(), verdict.message());
            if (verdict.ready() != wasReady || previousReason == null) {
                if (verdict.ready()) {
                    events.normal(cluster, "ClusterReady", verdict.message());
                } else {
                    events.normal(cluster, verdict.reason(), verdict.message());
                }
            }
        }
        status.setConditions(conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(Conditions.READY,
                verdict.status(), verdict.reason(), verdict.message()), generation));
        clusterMetrics.record(ns, name, readyBrokers, readyZookeepers, underReplicated == null ? -1 : underReplicated.size());

        // 4. Rolling restart of pods whose template is outdated: ZooKeeper first, then brokers.
        Duration next = verdict.ready() ? WHILE_READY : WHILE_STARTING;
        RollingRestartPlan.Decision roll = rollingRestart(cluster, zookeeper, brokers, pods, partitions, controller, resize,
                Conditions.isTrue(status.getConditions(), ROLLING_RESTART));
        status.setConditions(rollCondition(status, roll, generation));
        if (roll.kind() != RollingRestartPlan.Kind.DONE) {
            next = postponeBackoff(ref, roll);
        } else {
            postponements.remove(ref);
        }
        return StatusUpdates.patchIfChanged(cluster, status).rescheduleAfter(next);
    }

    private RollingRestartPlan.Decision rollingRestart(Cluster cluster, ZookeeperEnsemble zookeeper, BrokerSet brokers, List<Pod> pods,
            List<RollingRestartPlan.PartitionState> partitions, int controller, ZookeeperResize resize, boolean rolling) {
        String ns = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        String zkHash = PodTemplateHash.of(PodTemplateHash.stamp(zookeeper.statefulSet()));
        String zkDomain = platform.headlessDomain(dev.brook.model.BrookNames.zookeeper(name), ns);
        List<ZookeeperRollPlan.ZookeeperPod> zkPods = new ArrayList<>();
        for (int i = 0; i < zookeeper.replicas(); i++) {
            String podName = dev.brook.model.BrookNames.zookeeperPod(name, i);
            Optional<Pod> pod = pods.stream().filter(p -> p.getMetadata().getName().equals(podName)).findFirst();
            boolean outdated = pod.isPresent() && !zkHash.equals(templateHash(pod.get()));
            zkPods.add(new ZookeeperRollPlan.ZookeeperPod(i, podName, pod.isPresent(), pod.map(Readiness::isPodReady).orElse(false),
                    outdated && agentStatus.leading(podName + "." + zkDomain), pod.map(ClusterReconciler::templateHash).orElse(null)));
        }
        RollingRestartPlan.Decision zk = ZookeeperRollPlan.next(zkHash, zkPods);
        if (zk.kind() == RollingRestartPlan.Kind.DONE && rolling) {
            // The last restarted server may still be coming back (or electing a leader): brokers wait for it.
            List<String> notBack = zkPods.stream().filter(p -> !p.ready()).map(ZookeeperRollPlan.ZookeeperPod::name).toList();
            if (!notBack.isEmpty()) {
                return RollingRestartPlan.Decision.waitFor("waiting for ZooKeeper " + String.join(", ", notBack) + " to be ready again");
            }
        }
        if (zk.kind() != RollingRestartPlan.Kind.DONE) {
            restartIfDecided(cluster, zk, (int) zkPods.stream()
                    .filter(p -> p.exists() && !zkHash.equals(p.hash())).count());
            return zk;
        }
        if (resize.step() != null) {
            // The brokers' zookeeper.connect changes with every step: restart them once, after the last one.
            return RollingRestartPlan.Decision.waitFor("ZooKeeper is being resized (" + resize.step()
                    + "); brokers restart once, with the final server list");
        }
        String brokerHash = PodTemplateHash.of(PodTemplateHash.stamp(brokers.statefulSet()));
        String brokerDomain = platform.headlessDomain(dev.brook.model.BrookNames.broker(name), ns);
        List<RollingRestartPlan.BrokerPod> brokerPods = new ArrayList<>();
        Set<Integer> recovering = new TreeSet<>();
        for (int id = 0; id < brokers.replicas(); id++) {
            String podName = dev.brook.model.BrookNames.brokerPod(name, id);
            Optional<Pod> pod = pods.stream().filter(p -> p.getMetadata().getName().equals(podName)).findFirst();
            boolean ready = pod.map(Readiness::isPodReady).orElse(false);
            String hash = pod.map(ClusterReconciler::templateHash).orElse(null);
            brokerPods.add(new RollingRestartPlan.BrokerPod(id, podName, pod.isPresent(), ready, hash));
            if (pod.isPresent() && !ready && !brokerHash.equals(hash) && agentStatus.recovering(podName + "." + brokerDomain)) {
                recovering.add(id);
            }
        }
        RollingRestartPlan.Decision decision = RollingRestartPlan.next(new RollingRestartPlan.Input(brokerHash, brokerPods, controller,
                partitions, recovering));
        if (decision.kind() == RollingRestartPlan.Kind.DONE && rolling) {
            // The last restarted pod may still be coming back: the roll ends when every pod is ready again.
            List<String> notBack = brokerPods.stream().filter(p -> !p.ready()).map(RollingRestartPlan.BrokerPod::name).toList();
            if (!notBack.isEmpty()) {
                return RollingRestartPlan.Decision.waitFor("every pod runs the current configuration; waiting for "
                        + String.join(", ", notBack) + " to be ready again");
            }
            List<String> lagging = partitions == null ? List.of()
                    : partitions.stream().filter(RollingRestartPlan.PartitionState::underReplicated).map(Object::toString).toList();
            if (!lagging.isEmpty()) {
                return RollingRestartPlan.Decision.waitFor("every pod runs the current configuration; the last restarted broker is "
                        + "catching up: " + shortList(lagging));
            }
        }
        restartIfDecided(cluster, decision, RollingRestartPlan.outdated(brokerHash, brokerPods));
        return decision;
    }

    /**
     * Makes the cluster-wide dynamic broker config match the spec's dynamic keys: running brokers take
     * them without a restart (their pod template hash leaves these keys out). Kafka validates the values;
     * a refusal becomes the {@code DynamicBrokerConfig} condition, and nothing else changes.
     */
    private List<dev.brook.api.v1alpha1.Condition> applyDynamicConfig(Cluster cluster, BrokerSet brokers, ClusterStatus status,
            long generation) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        SortedMap<String, String> desired = brokers.dynamicConfig();
        boolean present = Conditions.find(status.getConditions(), DYNAMIC_BROKER_CONFIG).isPresent();
        DynamicConfigDiff diff;
        try {
            BrokerConfigAdmin admin = kafka.forBootstrap(brokers.replicationBootstrapServers()).brokerConfig();
            diff = DynamicConfigDiff.of(desired, admin.clusterDefaults());
            if (!diff.isEmpty()) {
                admin.alterClusterDefaults(diff.set(), diff.remove());
                LOG.infof("cluster %s: broker config changed on the running brokers, no restart: %s", ref, diff.describe());
                events.normal(cluster, "BrokerConfigUpdated", "applied to the running brokers without a restart: " + diff.describe());
            }
        } catch (KafkaOperationException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.InvalidConfigurationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.InvalidRequestException
                    || e.getCause() instanceof org.apache.kafka.common.errors.PolicyViolationException)) {
                LOG.debugf("cluster %s: dynamic broker config not checked now: %s", ref, e.getMessage());
                return status.getConditions();
            }
            String message = "Kafka refused spec.brokers.config: " + e.getCause().getMessage()
                    + "; correct the value (the running brokers keep their current settings)";
            if (!Conditions.find(status.getConditions(), DYNAMIC_BROKER_CONFIG).map(c -> message.equals(c.getMessage())).orElse(false)) {
                LOG.infof("cluster %s: dynamic broker config refused by Kafka: %s", ref, e.getCause().getMessage());
                events.warning(cluster, "BrokerConfigRefused", message);
            }
            return conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(DYNAMIC_BROKER_CONFIG,
                    dev.brook.api.v1alpha1.Condition.FALSE, "Refused", message), generation);
        }
        if (desired.isEmpty() && !present) {
            return status.getConditions();
        }
        String message = desired.isEmpty() ? "no dynamic broker keys in spec.brokers.config"
                : "applied to the running brokers without a restart: " + String.join(", ", desired.keySet());
        return conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(DYNAMIC_BROKER_CONFIG,
                dev.brook.api.v1alpha1.Condition.TRUE, "Applied", message), generation);
    }

    private void restartIfDecided(Cluster cluster, RollingRestartPlan.Decision decision, int outdated) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        switch (decision.kind()) {
            case RESTART -> {
                LOG.infof("cluster %s: restarting pod %s: %s (%d outdated pod(s) before this one)", ref, decision.pod(), decision.reason(), outdated);
                events.normal(cluster, "RestartingPod", "restarting " + decision.pod() + ": " + decision.reason());
                Pod pod = client.pods().inNamespace(cluster.getMetadata().getNamespace()).withName(decision.pod()).get();
                if (pod != null) {
                    restartedPodUids.add(pod.getMetadata().getUid());
                    client.resource(pod).delete();
                }
            }
            case POSTPONE -> LOG.infof("cluster %s: rolling restart postponed: %s: %s", ref, decision.reason(), shortList(decision.blocking()));
            case WAIT -> LOG.debugf("cluster %s: rolling restart waits: %s", ref, decision.reason());
            default -> {
            }
        }
    }

    private List<dev.brook.api.v1alpha1.Condition> rollCondition(ClusterStatus status, RollingRestartPlan.Decision roll,
            long generation) {
        boolean present = Conditions.find(status.getConditions(), ROLLING_RESTART).isPresent();
        if (roll.kind() == RollingRestartPlan.Kind.DONE) {
            return present ? conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(ROLLING_RESTART,
                    dev.brook.api.v1alpha1.Condition.FALSE, "UpToDate", roll.reason()), generation) : status.getConditions();
        }
        String reason = switch (roll.kind()) {
            case RESTART -> "Restarting";
            case POSTPONE -> "Postponed";
            default -> "Waiting";
        };
        String message = roll.kind() == RollingRestartPlan.Kind.RESTART ? "restarting " + roll.pod() + ": " + roll.reason()
                : roll.kind() == RollingRestartPlan.Kind.POSTPONE ? roll.reason() + "; blocking: " + shortList(roll.blocking())
                        + "; retried with back-off"
                : roll.blocking().isEmpty() ? roll.reason() : roll.reason() + ": " + shortList(roll.blocking());
        return conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(ROLLING_RESTART,
                dev.brook.api.v1alpha1.Condition.TRUE, reason, message), generation);
    }

    /**
     * 2 s after the first postponement in a row, doubling with each one, at most 60 s. Counted in memory:
     * it only paces retries (an operator restart starts again at 2 s). Pod changes reconcile at once anyway.
     */
    private Duration postponeBackoff(String ref, RollingRestartPlan.Decision roll) {
        if (roll.kind() != RollingRestartPlan.Kind.POSTPONE) {
            postponements.remove(ref);
            return Duration.ofSeconds(2);
        }
        int n = postponements.merge(ref, 1, Integer::sum);
        return Duration.ofSeconds(Math.min(60, 1L << Math.min(6, n)));
    }

    /** The first ten items and how many more: a condition message must stay readable. */
    private static String shortList(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(10, items.size())));
        return items.size() > 10 ? shown + " and " + (items.size() - 10) + " more" : shown;
    }

    private static String templateHash(Pod pod) {
        return pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(PodTemplateHash.ANNOTATION);
    }

    /** The next ZooKeeper resize step from what runs: the StatefulSet, its inputs ConfigMap and the pods. */
    private ZookeeperResize zookeeperResize(Context<Cluster> context, Cluster cluster, StatefulSet live, int desired, List<Pod> pods, boolean resizing) {
        if (live == null || live.getSpec().getReplicas() == null) {
            return ZookeeperResize.steady(desired);
        }
        int liveReplicas = live.getSpec().getReplicas();
        if (liveReplicas == desired && !resizing) {
            return ZookeeperResize.steady(desired);
        }
        int liveServers = liveZookeeperServers(context, cluster).orElse(liveReplicas);
        String liveHash = live.getSpec().getTemplate().getMetadata().getAnnotations() == null ? null
                : live.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplateHash.ANNOTATION);
        boolean settled = liveHash != null;
        for (int i = 0; i < liveServers && settled; i++) {
            String podName = dev.brook.model.BrookNames.zookeeperPod(cluster.getMetadata().getName(), i);
            Optional<Pod> pod = pods.stream().filter(p -> p.getMetadata().getName().equals(podName)).findFirst();
            settled = pod.isPresent() && Readiness.isPodReady(pod.get()) && liveHash.equals(templateHash(pod.get()));
        }
        int leader = -1;
        if (desired < liveReplicas) {
            // Shrinking: the server to remove must not lead (ask only it).
            String last = dev.brook.model.BrookNames.zookeeperPod(cluster.getMetadata().getName(), liveReplicas - 1);
            String domain = platform.headlessDomain(
                    dev.brook.model.BrookNames.zookeeper(cluster.getMetadata().getName()), cluster.getMetadata().getNamespace());
            boolean lastReady = pods.stream().anyMatch(p -> p.getMetadata().getName().equals(last) && Readiness.isPodReady(p));
            if (lastReady && agentStatus.leading(last + "." + domain)) {
                leader = liveReplicas - 1;
            }
        }
        return ZookeeperResize.next(desired, liveReplicas, liveServers, settled, resizing, leader);
    }

    /** The server list size the ZooKeeper pods are given now: the live inputs ConfigMap (the pod contract). */
    private Optional<Integer> liveZookeeperServers(Context<Cluster> context, Cluster cluster) {
        String inputs = dev.brook.model.BrookNames.zookeeperInputs(cluster.getMetadata().getName());
        var configMap = context.getSecondaryResources(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(inputs)).findFirst().orElse(null);
        if (configMap == null || configMap.getData() == null || configMap.getData().get(dev.brook.contract.PodPaths.ZOOKEEPER_INPUTS_FILE) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(dev.brook.contract.ZookeeperInputs.parse(
                    configMap.getData().get(dev.brook.contract.PodPaths.ZOOKEEPER_INPUTS_FILE)).replicas());
        } catch (RuntimeException e) {
            LOG.warnf("cluster %s/%s: the ZooKeeper inputs ConfigMap does not parse (%s); assuming the StatefulSet's size",
                    cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }

    private List<dev.brook.api.v1alpha1.Condition> resizeCondition(Cluster cluster, ClusterStatus status, ZookeeperResize resize,
            int desired, long generation) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        Optional<dev.brook.api.v1alpha1.Condition> current = Conditions.find(status.getConditions(), ZOOKEEPER_SCALING);
        if (resize.step() == null) {
            if (current.isEmpty() || dev.brook.api.v1alpha1.Condition.FALSE.equals(current.get().getStatus())) {
                return status.getConditions();
            }
            LOG.infof("cluster %s: ZooKeeper ensemble resized to %d servers", ref, desired);
            events.normal(cluster, "ZookeeperResized", "the ensemble has " + desired + " servers");
            return conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(ZOOKEEPER_SCALING,
                    dev.brook.api.v1alpha1.Condition.FALSE, "Done", "the ensemble has " + desired + " servers"), generation);
        }
        if (!current.map(c -> resize.step().equals(c.getMessage())).orElse(false)) {
            LOG.infof("cluster %s: ZooKeeper %s (StatefulSet replicas %d, server list %d)", ref, resize.step(), resize.replicas(), resize.servers());
            events.normal(cluster, "ZookeeperResizing", resize.step());
        }
        return conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(ZOOKEEPER_SCALING,
                dev.brook.api.v1alpha1.Condition.TRUE, "Resizing", resize.step()), generation);
    }

    /** Why brokers may not be removed now (the partitions on them), or null when they hold none. */
    private String scaleDownBlocker(Cluster cluster, int current, int desired) {
        try {
            String bootstrap = BrokerSet.from(withBrokerReplicas(cluster, current), ExternalAddresses.none(), platform)
                    .replicationBootstrapServers();
            List<String> blocking = dev.brook.model.ScaleDownCheck.blockingPartitions(desired,
                    kafka.forBootstrap(bootstrap).health().partitions());
            return blocking.isEmpty() ? null : dev.brook.model.ScaleDownCheck.message(current, desired, blocking);
        } catch (KafkaOperationException e) {
            return "spec.brokers.replicas " + desired + " would remove brokers, but the partitions on them could not be read ("
                    + e.getMessage() + "); the cluster stays at " + current + " brokers";
        }
    }

    /**
     * Volume claim templates cannot change on a live StatefulSet: keep the live ones, and turn a storage
     * change into claim patches ({@link VolumeResize}): a larger size is applied to every claim of the
     * component when its storage class allows expansion, anything else is refused and reported.
     * Claims still growing (capacity below the request) are listed in {@code expanding}.
     */
    private StatefulSet volumes(Cluster cluster, StatefulSet desired, Map<String, StatefulSet> live, String field,
            BrookLabels.Component component, List<String> refusals, List<String> expanding) {
        StatefulSet current = live.get(desired.getMetadata().getName());
        var want = desired.getSpec().getVolumeClaimTemplates();
        if (want == null || want.isEmpty()) {
            return desired;
        }
        Quantity wantSize = want.get(0).getSpec().getResources().getRequests().get("storage");
        if (current == null || current.getSpec().getVolumeClaimTemplates() == null || current.getSpec().getVolumeClaimTemplates().isEmpty()) {
            annotate(desired, VolumeResize.SIZE_ANNOTATION, wantSize.toString());
            return desired;
        }
        var have = current.getSpec().getVolumeClaimTemplates();
        Quantity templateSize = have.get(0).getSpec().getResources().getRequests().get("storage");
        String recorded = current.getMetadata().getAnnotations() == null ? null : current.getMetadata().getAnnotations().get(VolumeResize.SIZE_ANNOTATION);
        Quantity liveSize = recorded == null ? templateSize : new Quantity(recorded);
        VolumeResize.Decision decision = VolumeResize.decide(field, wantSize, want.get(0).getSpec().getStorageClassName(), liveSize,
                have.get(0).getSpec().getStorageClassName());
        desired.getSpec().setVolumeClaimTemplates(have);
        Quantity applied = liveSize;
        if (decision.kind() == VolumeResize.Kind.REFUSE) {
            refusals.add(decision.message());
        } else if (decision.kind() == VolumeResize.Kind.GROW || VolumeResize.below(templateSize, liveSize)) {
            // Growing now, or grown before: claims made since from the old template need the patch too.
            Quantity target = decision.kind() == VolumeResize.Kind.GROW ? wantSize : liveSize;
            // One list serves both: the patch changes requests, the progress check reads status capacity.
            List<PersistentVolumeClaim> claims = claims(cluster, component);
            Optional<String> refused = growClaims(cluster, claims, field, target, liveSize);
            if (refused.isPresent()) {
                refusals.add(refused.get());
            } else {
                applied = target;
                expanding.addAll(claimsStillGrowing(claims, target));
            }
        }
        annotate(desired, VolumeResize.SIZE_ANNOTATION, applied.toString());
        return desired;
    }

    private List<PersistentVolumeClaim> claims(Cluster cluster, BrookLabels.Component component) {
        return client.persistentVolumeClaims().inNamespace(cluster.getMetadata().getNamespace())
                .withLabel(BrookLabels.CLUSTER, cluster.getMetadata().getName())
                .withLabel(BrookLabels.COMPONENT, component.value()).list().getItems();
    }

    /** Patches every claim below {@code size}; all or none: refused when any claim's class does not allow expansion. */
    private Optional<String> growClaims(Cluster cluster, List<PersistentVolumeClaim> claims, String field, Quantity size, Quantity liveSize) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        List<PersistentVolumeClaim> below = claims.stream()
                .filter(c -> VolumeResize.below(c.getSpec().getResources().getRequests().get("storage"), size)).toList();
        for (String storageClass : below.stream().map(c -> c.getSpec().getStorageClassName()).distinct().toList()) {
            Optional<Boolean> expandable = allowsExpansion(storageClass);
            if (expandable.isPresent() && !expandable.get()) {
                return Optional.of(field + ".size " + size + " needs the volumes to grow, but StorageClass '" + storageClass
                        + "' does not allow volume expansion (allowVolumeExpansion is not true); the volumes stay at " + liveSize
                        + ". Set the size back to " + liveSize + ", or have the class allow expansion");
            }
        }
        for (PersistentVolumeClaim claim : below) {
            try {
                client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .edit(c -> {
                            c.getSpec().getResources().getRequests().put("storage", size);
                            return c;
                        });
                LOG.infof("cluster %s: volume claim %s grown %s -> %s", ref, claim.getMetadata().getName(),
                        claim.getSpec().getResources().getRequests().get("storage"), size);
                events.normal(cluster, "VolumeExpanding", "volume claim " + claim.getMetadata().getName() + " -> " + size);
            } catch (KubernetesClientException e) {
                // The API server's own resize admission has the last word (e.g. the class could not be read).
                return Optional.of(field + ".size " + size + ": Kubernetes refused to grow volume claim " + claim.getMetadata().getName()
                        + " (" + e.getStatus().getMessage() + "); the volumes stay at " + liveSize);
            }
        }
        return Optional.empty();
    }

    /** The class's allowVolumeExpansion; empty when it cannot be read (no RBAC, no class): the patch decides then. */
    private Optional<Boolean> allowsExpansion(String storageClass) {
        if (storageClass == null) {
            return Optional.empty();
        }
        try {
            StorageClass sc = client.storage().v1().storageClasses().withName(storageClass).get();
            return sc == null ? Optional.empty() : Optional.of(Boolean.TRUE.equals(sc.getAllowVolumeExpansion()));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** Claims whose capacity is still below the size (the storage driver, or a pending filesystem resize, is working). */
    private static List<String> claimsStillGrowing(List<PersistentVolumeClaim> claims, Quantity size) {
        List<String> out = new ArrayList<>();
        for (PersistentVolumeClaim c : claims) {
            Quantity capacity = c.getStatus() == null || c.getStatus().getCapacity() == null ? null : c.getStatus().getCapacity().get("storage");
            if (VolumeResize.below(capacity, size)) {
                boolean fsPending = c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
                        .anyMatch(k -> "FileSystemResizePending".equals(k.getType()) && "True".equals(k.getStatus()));
                out.add(c.getMetadata().getName() + " (" + (capacity == null ? "no capacity yet" : capacity) + " of " + size
                        + (fsPending ? ", filesystem resize pending: some drivers finish it when the pod restarts" : "") + ")");
            }
        }
        return out;
    }

    private static void annotate(HasMetadata o, String key, String value) {
        Map<String, String> annotations = new HashMap<>(o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations());
        annotations.put(key, value);
        o.getMetadata().setAnnotations(annotations);
    }

    private List<dev.brook.api.v1alpha1.Condition> volumeCondition(ClusterStatus status, List<String> expanding, long generation) {
        boolean present = Conditions.find(status.getConditions(), VOLUME_EXPANSION).isPresent();
        if (expanding.isEmpty()) {
            return present ? conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(VOLUME_EXPANSION,
                    dev.brook.api.v1alpha1.Condition.FALSE, "Done", "every volume has its requested size"), generation)
                    : status.getConditions();
        }
        return conditions.set(status.getConditions(), new dev.brook.api.v1alpha1.Condition(VOLUME_EXPANSION,
                dev.brook.api.v1alpha1.Condition.TRUE, "Expanding", "growing: " + shortList(expanding)), generation);
    }

    private static Cluster withBrokerReplicas(Cluster cluster, int replicas) {
        Cluster copy = DeepCopies.copy(cluster, Cluster.class);
        copy.getSpec().getBrokers().setReplicas(replicas);
        return copy;
    }

    /**
     * The ClusterRoleBinding that lets the brokers' rack init container read its Node ({@link dev.brook.model.RackNodeReader}).
     * Cluster-scoped, so read directly (no informer) and only while racks are in use or being given up.
     */
    private void rackNodeReader(Cluster cluster, StatefulSet liveBrokers) {
        if (dev.brook.model.RackNodeReader.wanted(cluster)) {
            var desired = dev.brook.model.RackNodeReader.binding(cluster, platform.rackClusterRole());
            ResourceApplier.Applied applied = applier.apply(desired, client.resource(desired).get());
            if (applied.outcome() != ResourceApplier.Outcome.UNCHANGED) {
                LOG.infof("cluster %s/%s: %s ClusterRoleBinding %s (brokers read their Node's rack label)", cluster.getMetadata().getNamespace(),
                        cluster.getMetadata().getName(), applied.outcome().name().toLowerCase(java.util.Locale.ROOT), desired.getMetadata().getName());
            }
        } else if (liveBrokers != null && liveBrokers.getSpec().getTemplate().getSpec().getInitContainers() != null
                && !liveBrokers.getSpec().getTemplate().getSpec().getInitContainers().isEmpty() && platform.rackClusterRole() != null) {
            deleteRackBinding(cluster, "spec.brokers.rack was removed");
        }
    }

    private void deleteRackBinding(Cluster cluster, String why) {
        String binding = dev.brook.model.RackNodeReader.bindingName(cluster);
        if (!client.rbac().clusterRoleBindings().withName(binding).delete().isEmpty()) {
            LOG.infof("cluster %s/%s: deleted ClusterRoleBinding %s (%s)", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(),
                    binding, why);
        }
    }

    /** Writes {@code desired} unless the informer's copy of it already holds every field Brook sets (drift is put back). */
    private void apply(Context<Cluster> context, Cluster cluster, HasMetadata desired) {
        HasMetadata live = OwnedInformers.live(context, desired);
        ResourceApplier.Applied applied = applier.apply(desired, live);
        if (applied.outcome() != ResourceApplier.Outcome.UNCHANGED) {
            String what = desired.getKind() + " " + desired.getMetadata().getName();
            String verb = applied.outcome() == ResourceApplier.Outcome.CREATED ? "created" : "updated";
            String why = applied.difference() == null ? "" : " (" + applied.difference() + ")";
            LOG.infof("cluster %s/%s: %s %s%s", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), verb, what, why);
            events.normal(cluster, applied.outcome() == ResourceApplier.Outcome.CREATED ? "Created" : "Updated", verb + " " + what + why);
        }
    }

    /** Addresses of external listeners from the Services Brook created (and, for NodePorts, the brokers' nodes). */
    private ExternalAddresses learnExternalAddresses(Context<Cluster> context, Cluster cluster, List<Pod> pods) {
        boolean external = ClusterDefaults.listeners(cluster.getSpec()).stream()
                .anyMatch(l -> l.getType() != dev.brook.api.v1alpha1.ListenerType.INTERNAL);
        if (!external) {
            return ExternalAddresses.none();
        }
        List<Service> services = List.copyOf(context.getSecondaryResources(Service.class));
        Map<Integer, String> nodeAddresses = new HashMap<>();
        for (Pod p : pods) {
            if (isComponent(p, BrookLabels.Component.BROKER) && p.getSpec() != null && p.getSpec().getNodeName() != null) {
                nodeAddress(p.getSpec().getNodeName()).ifPresent(a -> nodeAddresses.put(ordinal(p), a));
            }
        }
        return ExternalAddresses.learn(cluster, services, nodeAddresses);
    }

    private Optional<String> nodeAddress(String nodeName) {
        try {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null || node.getStatus() == null || node.getStatus().getAddresses() == null) {
                return Optional.empty();
            }
            List<NodeAddress> addresses = node.getStatus().getAddresses();
            return addresses.stream().filter(a -> "ExternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst()
                    .or(() -> addresses.stream().filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst());
        } catch (KubernetesClientException e) {
            // Reading nodes needs the chart's cluster-scoped option; without it NodePort listeners stay pending.
            return Optional.empty();
        }
    }

    /** A Cluster whose spec is missing is refused while it lives; its deletion still cleans up as for an all-defaults spec. */
    private static void withSpec(Cluster cluster) {
        if (cluster.getSpec() == null) {
            cluster.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
        }
    }

    private static boolean isComponent(Pod pod, BrookLabels.Component component) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && component.value().equals(labels.get(BrookLabels.COMPONENT));
    }

    private static int ordinal(Pod pod) {
        try {
            return PodName.parse(pod.getMetadata().getName()).ordinal();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public DeleteControl cleanup(Cluster cluster, Context<Cluster> context) {
        withSpec(cluster);
        String ns = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        // Owned objects go with the Cluster (owner references). PersistentVolumeClaims are not owned:
        // they go only where deleteClaim says so (the StatefulSets' retention policy says the same).
        deleteClaims(cluster, BrookLabels.Component.ZOOKEEPER, cluster.getSpec().getZookeeper() == null ? null
                : cluster.getSpec().getZookeeper().getStorage());
        deleteClaims(cluster, BrookLabels.Component.BROKER, cluster.getSpec().getBrokers() == null ? null
                : cluster.getSpec().getBrokers().getStorage());
        BrokerSet brokers = ClusterValidation.problems(cluster).isEmpty() ? BrokerSet.from(cluster, ExternalAddresses.none(), platform) : null;
        if (brokers != null) {
            kafka.forget(brokers.replicationBootstrapServers());
        }
        clusterMetrics.forget(ns, name);
        if (platform.rackClusterRole() != null) {
            deleteRackBinding(cluster, "the Cluster is deleted");
        }
        return DeleteControl.defaultDelete();
    }

    private void deleteClaims(Cluster cluster, BrookLabels.Component component, dev.brook.api.v1alpha1.StorageSpec storage) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        boolean delete = storage != null && Boolean.TRUE.equals(storage.getDeleteClaim());
        List<PersistentVolumeClaim> claims = claims(cluster, component);
        if (claims.isEmpty()) {
            return;
        }
        if (delete) {
            claims.forEach(c -> client.resource(c).delete());
            LOG.infof("cluster %s: deleted %d %s volume claim(s) (deleteClaim: true)", ref, claims.size(), component.value());
        } else {
            LOG.infof("cluster %s: kept %d %s volume claim(s) (deleteClaim: false); delete them by hand to free the data", ref,
                    claims.size(), component.value());
        }
    }
}
