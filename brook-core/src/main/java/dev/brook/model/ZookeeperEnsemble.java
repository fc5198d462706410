package dev.brook.model;

import dev.brook.contract.PodAddressing;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodPaths;
import dev.brook.contract.Role;
import dev.brook.contract.ZookeeperInputs;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ZookeeperSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;
import java.util.Map;

/**
 * Desired state of a cluster's ZooKeeper ensemble: pure, from the Cluster alone.
 * Peers address each other as {@code <c>-zookeeper-<n>.<c>-zookeeper.<ns>.svc.<cluster domain>} (the headless
 * Service, which publishes not-ready pods: peers must find each other before any of them is ready).
 */
public final class ZookeeperEnsemble {
    /** The agent's graceful-stop bound for ZooKeeper (the contract default); grace period adds a margin. */
    public static final int SHUTDOWN_TIMEOUT_SECONDS = PodEnvironment.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS;

    private final Cluster cluster;
    private final String name;
    private final String namespace;
    private final Platform platform;
    /** The StatefulSet's replicas: the server list's size, except in the middle of a resize step. */
    private final int podReplicas;
    private final ZookeeperInputs inputs;

    private ZookeeperEnsemble(Cluster cluster, Platform platform, int servers, int podReplicas) {
        ClusterObjectMeta.requireValid(cluster);
        if (servers < 1 || servers > ClusterValidation.MAX_ZOOKEEPERS) {
            throw new IllegalArgumentException("a ZooKeeper server list of " + servers + " (1.." + ClusterValidation.MAX_ZOOKEEPERS + ")");
        }
        this.cluster = cluster;
        this.name = cluster.getMetadata().getName();
        this.namespace = cluster.getMetadata().getNamespace();
        this.platform = platform;
        this.podReplicas = podReplicas;
        this.inputs = ZookeeperInputs.of(name, namespace, servers,
                PodAddressing.serviceDomain(platform.headlessDomain(BrookNames.zookeeper(name), namespace)))
                .withTls(ClusterTls.internal(cluster));
    }

    /** The ensemble on the default platform ({@link Platform#DEFAULT}). */
    public static ZookeeperEnsemble from(Cluster cluster) {
        return from(cluster, Platform.DEFAULT);
    }

    /**
     * @throws IllegalArgumentException when {@link ClusterValidation} finds problems (validate first)
     */
    public static ZookeeperEnsemble from(Cluster cluster, Platform platform) {
        int size = ClusterDefaults.zookeeperReplicas(cluster.getSpec());
        return new ZookeeperEnsemble(cluster, platform, size, size);
    }

    /**
     * The ensemble at one step of a resize ({@link ZookeeperResize}): {@code servers} may be even there,
     * only for the time one server is added or removed.
     */
    public static ZookeeperEnsemble resizing(Cluster cluster, Platform platform, int servers) {
        return new ZookeeperEnsemble(cluster, platform, servers, servers);
    }

    /** The ensemble at a resize step: {@code step.servers()} in the server list, {@code step.replicas()} pods. */
    public static ZookeeperEnsemble resizing(Cluster cluster, Platform platform, ZookeeperResize step) {
        return new ZookeeperEnsemble(cluster, platform, step.servers(), step.replicas());
    }

    public ZookeeperInputs inputs() {
        return inputs;
    }

    public int replicas() {
        return inputs.replicas();
    }

    /** The value of {@link BrookLabels#CONFIG_HASH_ANNOTATION} on the pod template: {@code inputs().hash()}. */
    public String configHash() {
        return inputs.hash();
    }

    /** {@code host:port,...} of every peer's client port (sorted), without chroot. */
    public String connectString() {
        return String.join(",", inputs.clientAddresses().stream().map(Object::toString).toList());
    }

    public ConfigMap configMap() {
        return new ConfigMapBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, BrookNames.zookeeperInputs(name), BrookLabels.Component.ZOOKEEPER))
                .withData(Map.of(PodPaths.ZOOKEEPER_INPUTS_FILE, inputs.render()))
                .build();
    }

    public Service headlessService() {
        return new ServiceBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, BrookNames.zookeeper(name), BrookLabels.Component.ZOOKEEPER))
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(BrookLabels.selector(name, BrookLabels.Component.ZOOKEEPER))
                    .withPorts(servicePort("client", inputs.clientPort()), servicePort("peer", inputs.peerPort()),
                            servicePort("election", inputs.electionPort()))
                .endSpec()
                .build();
    }

    /** ClusterIP Service on the client port for tools; brokers connect to the peers by name. */
    public Service clientService() {
        return new ServiceBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, BrookNames.zookeeperClientService(name), BrookLabels.Component.ZOOKEEPER))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(BrookLabels.selector(name, BrookLabels.Component.ZOOKEEPER))
                    .withPorts(servicePort("client", inputs.clientPort()))
                .endSpec()
                .build();
    }

    /** Every object of the ensemble, in apply order: inputs and Services before the pods that need them. */
    public List<HasMetadata> objects() {
        return List.of(configMap(), headlessService(), clientService(), podDisruptionBudget(), statefulSet());
    }

    /** The StatefulSet, its pod template stamped with its hash ({@link PodTemplateHash}): what pods are compared with. */
    public StatefulSet statefulSet() {
        return PodTemplateHash.stamp(podTemplate().statefulSet());
    }

    public PodDisruptionBudget podDisruptionBudget() {
        return podTemplate().podDisruptionBudget();
    }

    private AgentPodTemplate podTemplate() {
        ZookeeperSpec spec = cluster.getSpec().getZookeeper() == null ? new ZookeeperSpec() : cluster.getSpec().getZookeeper();
        return new AgentPodTemplate(cluster, Role.ZOOKEEPER, BrookLabels.Component.ZOOKEEPER, BrookNames.zookeeper(name),
                podReplicas, platform.brokerImage(), BrookNames.zookeeperInputs(name), configHash(),
                List.of(AgentPodTemplate.port("client", inputs.clientPort()),
                        AgentPodTemplate.port("peer", inputs.peerPort()),
                        AgentPodTemplate.port("election", inputs.electionPort())),
                spec.getJvmOptions(), spec.getResources(), spec.getStorage(), ClusterDefaults.ZOOKEEPER_STORAGE_SIZE,
                SHUTDOWN_TIMEOUT_SECONDS, null, ClusterDefaults.metricsEnabled(cluster.getSpec()),
                ClusterTls.internal(cluster) ? BrookNames.zookeeperTls(name) : null);
    }

    static ServicePort servicePort(String name, int port) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(port)).build();
    }
}
