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

    public ClusterReconciler(Clock clock, ReconcileMetrics metrics, ClusterMetrics clusterMetrics, ResourceApplier applier,
            KafkaConnections kafka, EventRecorder events, KubernetesClient client,
            @ConfigProperty(name = "brook.broker-image", defaultValue = dev.brook.operator.model.BrookImage.DEFAULT) String brokerImage) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
        this.clusterMetrics = clusterMetrics;
        this.applier = applier;
        this.kafka = kafka;
        this.events = events;
        this.client = client;
        this.brokerImage = brokerImage;
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

        // 1. ZooKeeper.
        apply(cluster, ClusterServiceAccount.from(cluster));
        ZookeeperEnsemble zookeeper = ZookeeperEnsemble.from(cluster, brokerImage);
        zookeeper.objects().forEach(o -> apply(cluster, o));
        List<Pod> pods = new ArrayList<>(context.getSecondaryResources(Pod.class));
        int readyZookeepers = (int) pods.stream().filter(p -> isComponent(p, BrookLabels.Component.ZOOKEEPER))
                .filter(p -> ordinal(p) < zookeeper.replicas()).filter(Readiness::isPodReady).count();
        status.setReadyZookeepers(readyZookeepers);
        status.setZookeeperConnect(null);

        // 2. Brokers, once the ensemble has a quorum (or when they already exist: never hold back a running cluster).
        boolean quorum = ClusterReadiness.hasQuorum(zookeeper.replicas(), readyZookeepers);
        boolean brokersExist = context.getSecondaryResources(StatefulSet.class).stream()
                .anyMatch(s -> s.getMetadata().getName().equals(dev.brook.operator.model.BrookNames.broker(name)));
        BrokerSet brokers = BrokerSet.from(cluster, learnExternalAddresses(cluster, pods), brokerImage);
        if (quorum || brokersExist) {
            brokers.objects().forEach(o -> apply(cluster, o));
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
        String kafkaProblem = null;
        if (!readyBrokerPods.isEmpty()) {
            try {
                ClusterHealth health = kafka.forBootstrap(brokers.replicationBootstrapServers()).health();
                registered = health.registeredBrokers();
                underReplicated = health.underReplicatedPartitions().stream().map(Object::toString).toList();
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
        return StatusUpdates.patchIfChanged(cluster, status).rescheduleAfter(verdict.ready() ? WHILE_READY : WHILE_STARTING);
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
