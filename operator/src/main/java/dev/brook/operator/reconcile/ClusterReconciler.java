package dev.brook.operator.reconcile;

import dev.brook.contract.PodName;
import dev.brook.operator.api.v1alpha1.BrokerStatus;
import dev.brook.operator.api.v1alpha1.Cluster;
import dev.brook.operator.api.v1alpha1.ClusterStatus;
import dev.brook.operator.kafka.ClusterHealth;
import dev.brook.operator.kafka.KafkaConnections;
import dev.brook.operator.kafka.KafkaOperationException;
import dev.brook.operator.model.BrokerSet;
import dev.brook.operator.model.BrookLabels;
import dev.brook.operator.model.ClusterDefaults;
import dev.brook.operator.model.ClusterReadiness;
import dev.brook.operator.model.ClusterServiceAccount;
import dev.brook.operator.model.ClusterValidation;
import dev.brook.operator.model.ExternalAddresses;
import dev.brook.operator.model.PodTemplateHash;
import dev.brook.operator.model.RollingRestartPlan;
import dev.brook.operator.model.ZookeeperRollPlan;
import dev.brook.operator.model.SpecProblem;
import dev.brook.operator.model.ZookeeperEnsemble;
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
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    private final String brokerImage;
    private final AgentStatusClient agentStatus;
    static final String ROLLING_RESTART = "RollingRestart";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /**
     * Uids of pods this operator deleted for a restart. The informer cache can still show such a pod
     * for a moment after the delete; it must count as "being recreated", never as a pod to restart
     * again. Only a guard against that lag: the roll itself is decided from the cluster's state.
     */
    private final Set<String> restartedPodUids = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ClusterReconciler(Clock clock, ReconcileMetrics metrics, ClusterMetrics clusterMetrics, ResourceApplier applier,
            KafkaConnections kafka, EventRecorder events, KubernetesClient client, AgentStatusClient agentStatus,
            @ConfigProperty(name = "brook.broker-image", defaultValue = dev.brook.operator.model.BrookImage.DEFAULT) String brokerImage) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
        this.clusterMetrics = clusterMetrics;
        this.applier = applier;
        this.kafka = kafka;
        this.events = events;
        this.client = client;
        this.brokerImage = brokerImage;
        this.agentStatus = agentStatus;
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
        return List.of(new InformerEventSource<>(pods, context), new InformerEventSource<>(statefulSets, context));
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
        ClusterStatus status = StatusCopies.copy(cluster.getStatus(), ClusterStatus.class);
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

        // 1. ZooKeeper (its size is kept: changing it needs a reconfiguration Brook does not do yet).
        List<String> refusals = new ArrayList<>();
        Map<String, StatefulSet> liveSets = new HashMap<>();
        context.getSecondaryResources(StatefulSet.class).forEach(s -> liveSets.put(s.getMetadata().getName(), s));
        Cluster sized = cluster;
        StatefulSet liveZookeeper = liveSets.get(dev.brook.operator.model.BrookNames.zookeeper(name));
        int desiredZookeepers = ClusterDefaults.zookeeperReplicas(cluster.getSpec());
        if (liveZookeeper != null && liveZookeeper.getSpec().getReplicas() != null && liveZookeeper.getSpec().getReplicas() != desiredZookeepers) {
            int live = liveZookeeper.getSpec().getReplicas();
            refusals.add("spec.zookeeper.replicas " + desiredZookeepers + " differs from the running ensemble's " + live
                    + "; changing the ensemble size is not supported yet. Set it back to " + live);
            sized = JSON.convertValue(cluster, Cluster.class);
            sized.getSpec().getZookeeper().setReplicas(live);
        }
        apply(cluster, ClusterServiceAccount.from(cluster));
        ZookeeperEnsemble zookeeper = ZookeeperEnsemble.from(sized, brokerImage);
        for (HasMetadata o : zookeeper.objects()) {
            apply(cluster, o instanceof StatefulSet set ? keepClaims(PodTemplateHash.stamp(set), liveSets, "spec.zookeeper.storage", refusals) : o);
        }
        List<Pod> pods = new ArrayList<>(context.getSecondaryResources(Pod.class));
        pods.removeIf(p -> restartedPodUids.contains(p.getMetadata().getUid()));
        int readyZookeepers = (int) pods.stream().filter(p -> isComponent(p, BrookLabels.Component.ZOOKEEPER))
                .filter(p -> ordinal(p) < zookeeper.replicas()).filter(Readiness::isPodReady).count();
        status.setReadyZookeepers(readyZookeepers);
        status.setZookeeperConnect(null);

        // 2. Brokers, once the ensemble has a quorum (or when they already exist: never hold back a running cluster).
        boolean quorum = ClusterReadiness.hasQuorum(zookeeper.replicas(), readyZookeepers);
        boolean brokersExist = context.getSecondaryResources(StatefulSet.class).stream()
                .anyMatch(s -> s.getMetadata().getName().equals(dev.brook.operator.model.BrookNames.broker(name)));
        String scaleDownBlocked = null;
        Cluster effective = sized;
        int currentBrokers = context.getSecondaryResources(StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals(dev.brook.operator.model.BrookNames.broker(name)))
                .map(s -> s.getSpec().getReplicas() == null ? 0 : s.getSpec().getReplicas()).findFirst().orElse(0);
        int desiredBrokers = ClusterDefaults.brokerReplicas(cluster.getSpec());
        if (desiredBrokers < currentBrokers) {
            scaleDownBlocked = scaleDownBlocker(cluster, currentBrokers, desiredBrokers);
            if (scaleDownBlocked != null) {
                effective = withBrokerReplicas(sized, currentBrokers);
            } else {
                LOG.infof("cluster %s: scaling brokers down %d -> %d: the removed brokers hold no partitions", ref, currentBrokers, desiredBrokers);
                events.normal(cluster, "ScalingDown", "brokers " + currentBrokers + " -> " + desiredBrokers);
            }
        } else if (currentBrokers > 0 && desiredBrokers > currentBrokers) {
            LOG.infof("cluster %s: scaling brokers up %d -> %d", ref, currentBrokers, desiredBrokers);
            events.normal(cluster, "ScalingUp", "brokers " + currentBrokers + " -> " + desiredBrokers
                    + "; new topics can use the new brokers; move existing partitions onto them with kafka-reassign-partitions.sh");
        }
        BrokerSet brokers = BrokerSet.from(effective, learnExternalAddresses(cluster, pods), brokerImage);
        if (quorum || brokersExist) {
            for (HasMetadata o : brokers.objects()) {
                apply(cluster, o instanceof StatefulSet set ? keepClaims(PodTemplateHash.stamp(set), liveSets, "spec.brokers.storage", refusals) : o);
            }
        } else {
            LOG.debugf("cluster %s: waiting for a ZooKeeper quorum (%d of %d ready) before starting brokers", ref, readyZookeepers,
                    zookeeper.replicas());
        }
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
        String kafkaProblem = null;
        if (!readyBrokerPods.isEmpty()) {
            try {
                ClusterHealth health = kafka.forBootstrap(brokers.replicationBootstrapServers()).health();
                registered = health.registeredBrokers();
                partitions = health.partitions();
                controller = health.controller();
                underReplicated = partitions.stream().filter(RollingRestartPlan.PartitionState::underReplicated)
                        .map(p -> p + " (" + p.isr().size() + "/" + p.replicas().size() + " in sync)").toList();
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
            String rack = cluster.getSpec().getBrokers() != null && cluster.getSpec().getBrokers().getRack() != null
                    ? rackOf(pods, id) : null;
            brokerStatuses.add(new BrokerStatus(id, dev.brook.operator.model.BrookNames.brokerPod(name, id), ready, rack));
        }
        status.setBrokers(brokerStatuses);
        status.setReadyBrokers(readyBrokers);

        ClusterReadiness.Verdict verdict = ClusterReadiness.evaluate(new ClusterReadiness.Observed(zookeeper.replicas(),
                readyZookeepers, brokers.replicas(), readyBrokerPods, registered, underReplicated,
                brokers.pendingExternalAddresses(), kafkaProblem));
        if (scaleDownBlocked != null) {
            verdict = new ClusterReadiness.Verdict(dev.brook.operator.api.v1alpha1.Condition.FALSE, "ScaleDownBlocked", scaleDownBlocked);
        } else if (!refusals.isEmpty()) {
            verdict = new ClusterReadiness.Verdict(dev.brook.operator.api.v1alpha1.Condition.FALSE, "NotSupported",
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
        status.setConditions(conditions.set(status.getConditions(), new dev.brook.operator.api.v1alpha1.Condition(Conditions.READY,
                verdict.status(), verdict.reason(), verdict.message()), generation));
        clusterMetrics.record(ns, name, readyBrokers, readyZookeepers, underReplicated == null ? -1 : underReplicated.size());

        // 4. Rolling restart of pods whose template is outdated: ZooKeeper first, then brokers.
        Duration next = verdict.ready() ? WHILE_READY : WHILE_STARTING;
        RollingRestartPlan.Decision roll = rollingRestart(cluster, zookeeper, brokers, pods, partitions, controller);
        status.setConditions(rollCondition(status, roll, generation));
        if (roll.kind() != RollingRestartPlan.Kind.DONE) {
            next = roll.kind() == RollingRestartPlan.Kind.POSTPONE ? postponeBackoff(status) : Duration.ofSeconds(2);
        }
        return StatusUpdates.patchIfChanged(cluster, status).rescheduleAfter(next);
    }

    private RollingRestartPlan.Decision rollingRestart(Cluster cluster, ZookeeperEnsemble zookeeper, BrokerSet brokers, List<Pod> pods,
            List<RollingRestartPlan.PartitionState> partitions, int controller) {
        String ns = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        String zkHash = PodTemplateHash.of(PodTemplateHash.stamp(zookeeper.statefulSet()));
        String zkDomain = dev.brook.operator.model.BrookNames.headlessDomain(dev.brook.operator.model.BrookNames.zookeeper(name), ns);
        List<ZookeeperRollPlan.ZookeeperPod> zkPods = new ArrayList<>();
        for (int i = 0; i < zookeeper.replicas(); i++) {
            String podName = dev.brook.operator.model.BrookNames.zookeeperPod(name, i);
            Optional<Pod> pod = pods.stream().filter(p -> p.getMetadata().getName().equals(podName)).findFirst();
            boolean outdated = pod.isPresent() && !zkHash.equals(templateHash(pod.get()));
            zkPods.add(new ZookeeperRollPlan.ZookeeperPod(i, podName, pod.isPresent(), pod.map(Readiness::isPodReady).orElse(false),
                    outdated && agentStatus.leading(podName + "." + zkDomain), pod.map(ClusterReconciler::templateHash).orElse(null)));
        }
        RollingRestartPlan.Decision zk = ZookeeperRollPlan.next(zkHash, zkPods);
        if (zk.kind() != RollingRestartPlan.Kind.DONE) {
            restartIfDecided(cluster, zk, (int) zkPods.stream()
                    .filter(p -> p.exists() && !zkHash.equals(p.hash())).count());
            return zk;
        }
        String brokerHash = PodTemplateHash.of(PodTemplateHash.stamp(brokers.statefulSet()));
        String brokerDomain = dev.brook.operator.model.BrookNames.headlessDomain(dev.brook.operator.model.BrookNames.broker(name), ns);
        List<RollingRestartPlan.BrokerPod> brokerPods = new ArrayList<>();
        Set<Integer> recovering = new TreeSet<>();
        for (int id = 0; id < brokers.replicas(); id++) {
            String podName = dev.brook.operator.model.BrookNames.brokerPod(name, id);
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
        restartIfDecided(cluster, decision, RollingRestartPlan.outdated(brokerHash, brokerPods));
        return decision;
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

    private List<dev.brook.operator.api.v1alpha1.Condition> rollCondition(ClusterStatus status, RollingRestartPlan.Decision roll,
            long generation) {
        boolean present = Conditions.find(status.getConditions(), ROLLING_RESTART).isPresent();
        if (roll.kind() == RollingRestartPlan.Kind.DONE) {
            return present ? conditions.set(status.getConditions(), new dev.brook.operator.api.v1alpha1.Condition(ROLLING_RESTART,
                    dev.brook.operator.api.v1alpha1.Condition.FALSE, "UpToDate", roll.reason()), generation) : status.getConditions();
        }
        String reason = switch (roll.kind()) {
            case RESTART -> "Restarting";
            case POSTPONE -> "Postponed";
            default -> "Waiting";
        };
        String message = roll.kind() == RollingRestartPlan.Kind.RESTART ? "restarting " + roll.pod() + ": " + roll.reason()
                : roll.kind() == RollingRestartPlan.Kind.POSTPONE ? roll.reason() + "; blocking: " + shortList(roll.blocking())
                        + "; retried with back-off"
                : roll.reason();
        return conditions.set(status.getConditions(), new dev.brook.operator.api.v1alpha1.Condition(ROLLING_RESTART,
                dev.brook.operator.api.v1alpha1.Condition.TRUE, reason, message), generation);
    }

    /** 5 s, doubling with the time the roll has been postponed, at most 60 s. */
    private Duration postponeBackoff(ClusterStatus status) {
        return Conditions.find(status.getConditions(), ROLLING_RESTART)
                .filter(c -> "Postponed".equals(c.getReason()) && c.getLastTransitionTime() != null)
                .map(c -> Duration.between(java.time.Instant.parse(c.getLastTransitionTime()), java.time.Instant.now()))
                .map(d -> Duration.ofSeconds(Math.min(60, Math.max(5, d.getSeconds() / 2))))
                .orElse(Duration.ofSeconds(5));
    }

    /** The first ten items and how many more: a condition message must stay readable. */
    private static String shortList(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(10, items.size())));
        return items.size() > 10 ? shown + " and " + (items.size() - 10) + " more" : shown;
    }

    private static String templateHash(Pod pod) {
        return pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(PodTemplateHash.ANNOTATION);
    }

    /** Why brokers may not be removed now (the partitions on them), or null when they hold none. */
    private String scaleDownBlocker(Cluster cluster, int current, int desired) {
        try {
            String bootstrap = BrokerSet.from(withBrokerReplicas(cluster, current), ExternalAddresses.none(), brokerImage)
                    .replicationBootstrapServers();
            List<String> blocking = dev.brook.operator.model.ScaleDownCheck.blockingPartitions(desired,
                    kafka.forBootstrap(bootstrap).health().partitions());
            return blocking.isEmpty() ? null : dev.brook.operator.model.ScaleDownCheck.message(current, desired, blocking);
        } catch (KafkaOperationException e) {
            return "spec.brokers.replicas " + desired + " would remove brokers, but the partitions on them could not be read ("
                    + e.getMessage() + "); the cluster stays at " + current + " brokers";
        }
    }

    /**
     * volumeClaimTemplates cannot change on a live StatefulSet: keep the live ones, and report a
     * changed size or storage class (shrinking or moving would lose data; growing is not done yet).
     */
    private static StatefulSet keepClaims(StatefulSet desired, Map<String, StatefulSet> live, String field, List<String> refusals) {
        StatefulSet current = live.get(desired.getMetadata().getName());
        if (current == null || current.getSpec().getVolumeClaimTemplates() == null) {
            return desired;
        }
        var want = desired.getSpec().getVolumeClaimTemplates();
        var have = current.getSpec().getVolumeClaimTemplates();
        if (!want.isEmpty() && !have.isEmpty()) {
            var w = want.get(0).getSpec();
            var h = have.get(0).getSpec();
            String wantSize = w.getResources().getRequests().get("storage").toString();
            String haveSize = h.getResources().getRequests().get("storage").toString();
            if (!wantSize.equals(haveSize) || !java.util.Objects.equals(w.getStorageClassName(), h.getStorageClassName())) {
                refusals.add(field + " (size " + wantSize + ", class " + w.getStorageClassName() + ") differs from the volumes' (size "
                        + haveSize + ", class " + h.getStorageClassName() + "); volumes of a running cluster are not changed "
                        + "(shrinking or another class would lose data, growing is not supported yet). Set it back");
            }
        }
        desired.getSpec().setVolumeClaimTemplates(have);
        return desired;
    }

    private static Cluster withBrokerReplicas(Cluster cluster, int replicas) {
        Cluster copy = JSON.convertValue(cluster, Cluster.class);
        copy.getSpec().getBrokers().setReplicas(replicas);
        return copy;
    }

    private void apply(Cluster cluster, HasMetadata desired) {
        ResourceApplier.Outcome outcome = applier.apply(desired);
        if (outcome != ResourceApplier.Outcome.UNCHANGED) {
            String what = desired.getKind() + " " + desired.getMetadata().getName();
            String verb = outcome == ResourceApplier.Outcome.CREATED ? "created" : "updated";
            LOG.infof("cluster %s/%s: %s %s", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), verb, what);
            events.normal(cluster, outcome == ResourceApplier.Outcome.CREATED ? "Created" : "Updated", verb + " " + what);
        }
    }

    /** Addresses of external listeners from the Services Brook created (and, for NodePorts, the brokers' nodes). */
    private ExternalAddresses learnExternalAddresses(Cluster cluster, List<Pod> pods) {
        boolean external = ClusterDefaults.listeners(cluster.getSpec()).stream()
                .anyMatch(l -> l.getType() != dev.brook.operator.api.v1alpha1.ListenerType.INTERNAL);
        if (!external) {
            return ExternalAddresses.none();
        }
        List<Service> services = client.services().inNamespace(cluster.getMetadata().getNamespace())
                .withLabel(BrookLabels.CLUSTER, cluster.getMetadata().getName()).list().getItems();
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

    private static String rackOf(List<Pod> pods, int id) {
        return pods.stream().filter(p -> isComponent(p, BrookLabels.Component.BROKER) && ordinal(p) == id)
                .map(p -> p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get("brook.dev/rack"))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
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
        String ns = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        // Owned objects go with the Cluster (owner references). PersistentVolumeClaims are not owned:
        // they go only where deleteClaim says so (the StatefulSets' retention policy says the same).
        deleteClaims(cluster, BrookLabels.Component.ZOOKEEPER, cluster.getSpec().getZookeeper() == null ? null
                : cluster.getSpec().getZookeeper().getStorage());
        deleteClaims(cluster, BrookLabels.Component.BROKER, cluster.getSpec().getBrokers() == null ? null
                : cluster.getSpec().getBrokers().getStorage());
        BrokerSet brokers = ClusterValidation.problems(cluster).isEmpty() ? BrokerSet.from(cluster, ExternalAddresses.none(), brokerImage) : null;
        if (brokers != null) {
            kafka.forget(brokers.replicationBootstrapServers());
        }
        clusterMetrics.forget(ns, name);
        return DeleteControl.defaultDelete();
    }

    private void deleteClaims(Cluster cluster, BrookLabels.Component component, dev.brook.operator.api.v1alpha1.StorageSpec storage) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        boolean delete = storage != null && Boolean.TRUE.equals(storage.getDeleteClaim());
        var claims = client.persistentVolumeClaims().inNamespace(cluster.getMetadata().getNamespace())
                .withLabel(BrookLabels.CLUSTER, cluster.getMetadata().getName())
                .withLabel(BrookLabels.COMPONENT, component.value()).list().getItems();
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
