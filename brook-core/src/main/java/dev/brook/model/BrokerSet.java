package dev.brook.model;

import dev.brook.contract.BrokerInputs;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.PodAddressing;
import dev.brook.contract.PodPaths;
import dev.brook.contract.PodPorts;
import dev.brook.contract.Role;
import dev.brook.api.v1alpha1.BrokersSpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerAuthentication;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerStatus;
import dev.brook.api.v1alpha1.ListenerType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Desired state of a cluster's brokers: pure, from the Cluster plus the external addresses the
 * reconciler learned ({@link ExternalAddresses}).
 *
 * <p>Listeners in the inputs: {@code REPLICATION} (port {@link PodPorts#BROKER_REPLICATION}, inter-broker,
 * advertised as the pod's DNS name {@code <c>-broker-<n>.<c>-broker.<ns>.svc.<cluster domain>}) plus every
 * spec listener ({@link Listeners#kafkaName}): internal ones advertised on the pod's DNS name, external
 * ones at the learned per-broker address. An external listener is in the inputs only once the address of
 * every broker is known ({@link #pendingExternalAddresses()}); its port and Services exist from the start.
 *
 * <p>Rack ({@code spec.brokers.rack.topologyKey}): an init container {@code rack} (the broker image,
 * {@code brook-agent rack}) reads the label of its node ({@code spec.nodeName} via the downward API) and
 * writes the value to the contract's {@code BROOK_RACK_FILE} ({@code /etc/brook/rack/rack}, an emptyDir the
 * agent container mounts read-only). The downward API cannot expose node labels, so the init container (and
 * only it: {@code automountServiceAccountToken} stays false, a projected token volume is mounted into the init
 * container alone) reads the Node with the ServiceAccount {@code <c>-brook}, which needs {@code get} on Nodes
 * (the ClusterRoleBinding of {@link RackNodeReader}). The brokers also spread over the key (soft).
 */
public final class BrokerSet {
    /**
     * The agent's graceful-stop bound for a broker: controlled shutdown moves leadership away first, which
     * takes longer than the contract default with many partitions. The grace period adds a margin.
     */
    public static final int SHUTDOWN_TIMEOUT_SECONDS = 60;

    private final Cluster cluster;
    private final String name;
    private final String namespace;
    private final Platform platform;
    private final List<ListenerSpec> listeners;
    private final SortedMap<String, SortedSet<Integer>> pending = new TreeMap<>();
    private final ExternalAddresses addresses;
    private final BrokerInputs inputs;

    private BrokerSet(Cluster cluster, ExternalAddresses addresses, Platform platform, int zookeeperServers) {
        ClusterObjectMeta.requireValid(cluster);
        this.cluster = cluster;
        this.name = cluster.getMetadata().getName();
        this.namespace = cluster.getMetadata().getNamespace();
        this.platform = platform;
        this.addresses = addresses;
        this.listeners = ClusterDefaults.listeners(cluster.getSpec());
        int replicas = ClusterDefaults.brokerReplicas(cluster.getSpec());
        List<Listener> inputListeners = new ArrayList<>();
        boolean internalTls = ClusterTls.internal(cluster);
        inputListeners.add(Listener.internal(Listeners.REPLICATION_KAFKA_NAME, PodPorts.BROKER_REPLICATION)
                .withProtocol(internalTls ? "SSL" : "PLAINTEXT"));
        for (ListenerSpec l : listeners) {
            String kafkaName = Listeners.kafkaName(l.getName());
            if (l.getType() == ListenerType.INTERNAL) {
                inputListeners.add(security(Listener.internal(kafkaName, l.getPort()), l));
                continue;
            }
            SortedMap<Integer, HostPort> advertised = new TreeMap<>();
            for (int n = 0; n < replicas; n++) {
                int ordinal = n;
                addresses.address(l.getName(), n).ifPresentOrElse(a -> advertised.put(ordinal, a),
                        () -> pending.computeIfAbsent(l.getName(), k -> new TreeSet<>()).add(ordinal));
            }
            if (!pending.containsKey(l.getName())) {
                inputListeners.add(security(Listener.external(kafkaName, l.getPort(), advertised), l));
            }
        }
        this.inputs = new BrokerInputs(name, namespace, replicas,
                PodAddressing.serviceDomain(platform.headlessDomain(BrookNames.broker(name), namespace)),
                ZookeeperEnsemble.resizing(cluster, platform, zookeeperServers).inputs().clientAddresses(),
                BrokerInputs.defaultChroot(namespace, name),
                inputListeners, Listeners.REPLICATION_KAFKA_NAME,
                new TreeMap<>(ClusterDefaults.brokerConfig(cluster.getSpec())), internalTls, ClusterTls.superUsers(cluster));
    }

    /**
     * A client listener as its spec asks: TLS ({@code tls: true}), with the user's own server certificate if given, and
     * the clients' authentication.
     */
    private static Listener security(Listener listener, ListenerSpec spec) {
        Listener secured = listener;
        if (Boolean.TRUE.equals(spec.getTls())) {
            Listener tls = listener.withProtocol("SSL");
            secured = spec.getCertificate() == null ? tls : tls.withOwnCertificate();
        }
        ListenerAuthentication auth = spec.getAuthentication();
        if (auth == null || auth.getType() == null) {
            return secured;
        }
        if (auth.getType() == ListenerAuthentication.Type.TLS) {
            return secured.withAuthentication(Listener.AUTH_TLS, 0);
        }
        int seconds = auth.getReauthenticationSeconds() == null ? ListenerAuthentication.DEFAULT_REAUTHENTICATION_SECONDS
                : auth.getReauthenticationSeconds();
        return secured.withAuthentication(Listener.AUTH_SCRAM, seconds * 1000L);
    }

    /** Brokers with no external address known yet, on the default platform. */
    public static BrokerSet from(Cluster cluster) {
        return from(cluster, ExternalAddresses.none(), Platform.DEFAULT);
    }

    public static BrokerSet from(Cluster cluster, ExternalAddresses addresses) {
        return from(cluster, addresses, Platform.DEFAULT);
    }

    /**
     * @throws IllegalArgumentException when {@link ClusterValidation} finds problems (validate first)
     */
    public static BrokerSet from(Cluster cluster, ExternalAddresses addresses, Platform platform) {
        return new BrokerSet(cluster, addresses, platform, ClusterDefaults.zookeeperReplicas(cluster.getSpec()));
    }

    /** Brokers connecting to a ZooKeeper ensemble of {@code zookeeperServers} (while it is being resized). */
    public static BrokerSet from(Cluster cluster, ExternalAddresses addresses, Platform platform, int zookeeperServers) {
        return new BrokerSet(cluster, addresses, platform, zookeeperServers);
    }

    public BrokerInputs inputs() {
        return inputs;
    }

    public int replicas() {
        return inputs.replicas();
    }

    /**
     * The value of {@link BrookLabels#CONFIG_HASH_ANNOTATION} on the pod template: {@code inputs().restartHash()},
     * so dynamic keys ({@link #dynamicConfig()}) and a larger broker count restart no running broker.
     */
    public String configHash() {
        return inputs.restartHash();
    }

    /** The user's broker config entries Kafka takes without a restart: applied as cluster-wide dynamic defaults. */
    public SortedMap<String, String> dynamicConfig() {
        return dev.brook.contract.DynamicBrokerKeys.dynamicPart(inputs.userConfig());
    }

    /** The brokers' {@code zookeeper.connect} with chroot (for {@code status.zookeeperConnect}). */
    public String zookeeperConnect() {
        return inputs.zookeeperConnectString();
    }

    /**
     * External listeners (spec name) left out of the inputs because these broker ordinals have no known
     * address yet; empty when every listener is advertised. The reconciler requeues while non-empty.
     */
    /**
     * Why each external listener still waits, in words a user can act on: a load balancer address comes only
     * where a load-balancer controller runs, a node address once the broker is scheduled and its Node readable.
     */
    public List<String> pendingExternalExplanations() {
        List<String> out = new ArrayList<>();
        pending.forEach((listener, ids) -> {
            ListenerType type = listeners.stream().filter(l -> l.getName().equals(listener)).map(ListenerSpec::getType)
                    .findFirst().orElse(ListenerType.INTERNAL);
            String services = "Services " + ids.stream().map(id -> BrookNames.externalBrokerService(name, listener, id)).toList();
            out.add(switch (type) {
                case LOADBALANCER -> "listener '" + listener + "' (loadbalancer): " + services + " have no load-balancer address yet. "
                        + "Kubernetes assigns one only where a load-balancer controller runs (a cloud provider, MetalLB, k3d's "
                        + "servicelb; plain kind has none): check 'kubectl get svc', or use type nodeport there";
                case NODEPORT -> "listener '" + listener + "' (nodeport): no node address for broker(s) " + ids + " yet; they are "
                        + "not scheduled yet, or the operator may not read Nodes (the chart grants it unless clusterReads.enabled=false)";
                case INTERNAL -> "listener '" + listener + "': broker(s) " + ids + " have no address yet";
            });
        });
        return out;
    }

    public SortedMap<String, SortedSet<Integer>> pendingExternalAddresses() {
        SortedMap<String, SortedSet<Integer>> copy = new TreeMap<>();
        pending.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
        return copy;
    }

    /**
     * {@code bootstrap.servers} per spec listener, in spec order. Internal: {@code <c>-bootstrap.<ns>.svc:<port>};
     * external: every broker's advertised address, or null while {@link #pendingExternalAddresses() pending}.
     */
    public List<ListenerStatus> listenerStatuses() {
        List<ListenerStatus> out = new ArrayList<>();
        for (ListenerSpec l : listeners) {
            out.add(new ListenerStatus(l.getName(), l.getType().name().toLowerCase(Locale.ROOT), bootstrapServers(l)));
        }
        return out;
    }

    /** {@code status.bootstrapServers}: the first internal listener's, empty when all listeners are external. */
    public Optional<String> bootstrapServers() {
        return listeners.stream().filter(l -> l.getType() == ListenerType.INTERNAL).findFirst().map(this::bootstrapServers);
    }

    /** The replication listener through the bootstrap Service: always present, for the operator's own Admin client. */
    public String replicationBootstrapServers() {
        return BrookNames.replicationBootstrap(name, namespace);
    }

    private String bootstrapServers(ListenerSpec l) {
        if (l.getType() == ListenerType.INTERNAL) {
            return BrookNames.serviceHost(BrookNames.bootstrapService(name), namespace) + ":" + l.getPort();
        }
        if (pending.containsKey(l.getName())) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int n = 0; n < replicas(); n++) {
            out.add(addresses.address(l.getName(), n).orElseThrow().toString());
        }
        return String.join(",", out);
    }

    public ConfigMap configMap() {
        return new ConfigMapBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, BrookNames.brokerInputs(name), BrookLabels.Component.BROKER))
                .withData(Map.of(PodPaths.BROKER_INPUTS_FILE, inputs.render()))
                .build();
    }

    /** Every broker port; publishes not-ready pods so brokers resolve each other while starting. */
    public Service headlessService() {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(ZookeeperEnsemble.servicePort(Listeners.REPLICATION_LISTENER, PodPorts.BROKER_REPLICATION));
        for (ListenerSpec l : listeners) {
            ports.add(ZookeeperEnsemble.servicePort(Listeners.portName(l), l.getPort()));
        }
        return new ServiceBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, BrookNames.broker(name), BrookLabels.Component.BROKER))
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(BrookLabels.selector(name, BrookLabels.Component.BROKER))
                    .withPorts(ports)
                .endSpec()
                .build();
    }

    /** ClusterIP Service of the internal listeners (one port each) plus replication (never empty). */
    public Service bootstrapService() {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(ZookeeperEnsemble.servicePort(Listeners.REPLICATION_LISTENER, PodPorts.BROKER_REPLICATION));
        for (ListenerSpec l : listeners) {
            if (l.getType() == ListenerType.INTERNAL) {
                ports.add(ZookeeperEnsemble.servicePort(Listeners.portName(l), l.getPort()));
            }
        }
        return new ServiceBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, BrookNames.bootstrapService(name), BrookLabels.Component.BROKER))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(BrookLabels.selector(name, BrookLabels.Component.BROKER))
                    .withPorts(ports)
                .endSpec()
                .build();
    }

    /**
     * For each nodeport / loadbalancer listener: one Service per broker ({@code <c>-<listener>-<n>}, selecting
     * the pod by {@code statefulset.kubernetes.io/pod-name}) and a bootstrap Service
     * ({@code <c>-<listener>-bootstrap}); sorted by name. Service port = container port = listener port;
     * a NodePort's node port is left to Kubernetes (read back by {@link ExternalAddresses#learn}).
     */
    public List<Service> externalServices() {
        List<Service> out = new ArrayList<>();
        for (ListenerSpec l : listeners) {
            if (l.getType() == ListenerType.INTERNAL) {
                continue;
            }
            String type = l.getType() == ListenerType.NODEPORT ? "NodePort" : "LoadBalancer";
            for (int n = 0; n < replicas(); n++) {
                Map<String, String> selector = new TreeMap<>(BrookLabels.selector(name, BrookLabels.Component.BROKER));
                selector.put(BrookLabels.POD_NAME, BrookNames.brokerPod(name, n));
                out.add(externalService(BrookNames.externalBrokerService(name, l.getName(), n), type, selector, l));
            }
            out.add(externalService(BrookNames.externalBootstrapService(name, l.getName()), type,
                    BrookLabels.selector(name, BrookLabels.Component.BROKER), l));
        }
        out.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        return out;
    }

    private Service externalService(String serviceName, String type, Map<String, String> selector, ListenerSpec l) {
        return new ServiceBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, serviceName, BrookLabels.Component.BROKER))
                .withNewSpec()
                    .withType(type)
                    .withSelector(selector)
                    .withPorts(ZookeeperEnsemble.servicePort(Listeners.portName(l), l.getPort()))
                .endSpec()
                .build();
    }

    /**
     * Every object of the broker set, in apply order: inputs and Services (the external ones included, so
     * their addresses can be learned) before the pods that need them.
     */
    public List<HasMetadata> objects() {
        List<HasMetadata> out = new ArrayList<>(List.of(configMap(), headlessService(), bootstrapService()));
        out.addAll(externalServices());
        out.add(podDisruptionBudget());
        out.add(statefulSet());
        return out;
    }

    /** The StatefulSet, its pod template stamped with its hash ({@link PodTemplateHash}): what pods are compared with. */
    public StatefulSet statefulSet() {
        return PodTemplateHash.stamp(podTemplate().statefulSet());
    }

    public PodDisruptionBudget podDisruptionBudget() {
        return podTemplate().podDisruptionBudget();
    }

    private AgentPodTemplate podTemplate() {
        BrokersSpec spec = cluster.getSpec().getBrokers() == null ? new BrokersSpec() : cluster.getSpec().getBrokers();
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(AgentPodTemplate.port(Listeners.REPLICATION_LISTENER, PodPorts.BROKER_REPLICATION));
        for (ListenerSpec l : listeners) {
            ports.add(AgentPodTemplate.port(Listeners.portName(l), l.getPort()));
        }
        String rackKey = spec.getRack() == null || spec.getRack().getTopologyKey() == null
                || spec.getRack().getTopologyKey().isBlank() ? null : spec.getRack().getTopologyKey();
        return new AgentPodTemplate(cluster, Role.BROKER, BrookLabels.Component.BROKER, BrookNames.broker(name),
                replicas(), platform.brokerImage(), BrookNames.brokerInputs(name), configHash(), ports,
                spec.getJvmOptions(), spec.getResources(), spec.getStorage(), ClusterDefaults.BROKER_STORAGE_SIZE,
                SHUTDOWN_TIMEOUT_SECONDS, rackKey, ClusterDefaults.metricsEnabled(cluster.getSpec()),
                ClusterTls.needed(cluster) ? BrookNames.brokerTls(name) : null);
    }
}
