package dev.brook.cli;

import dev.brook.contract.BrokerInputs;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.PodPaths;
import dev.brook.contract.PodPorts;
import dev.brook.contract.ZookeeperInputs;
import dev.brook.local.LocalKafkaCluster;
import dev.brook.local.LoopbackAddresses;
import dev.brook.local.PodSpec;
import dev.brook.local.StatefulSetPods;
import dev.brook.api.v1alpha1.BrokersSpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterStatus;
import dev.brook.api.v1alpha1.ListenerStatus;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.api.v1alpha1.StorageSpec;
import dev.brook.api.v1alpha1.ZookeeperSpec;
import dev.brook.model.BrokerSet;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterCertificates;
import dev.brook.model.ListenerKeyStores;
import dev.brook.model.ClusterDefaults;
import dev.brook.model.ClusterTls;
import dev.brook.model.ExternalAddresses;
import dev.brook.model.Platform;
import dev.brook.model.ZookeeperEnsemble;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a Cluster spec means on this machine: the objects the operator would apply for it, run as local pods.
 * The ConfigMaps and StatefulSets are exactly those of {@link ZookeeperEnsemble} and {@link BrokerSet}; the pods are
 * what {@link StatefulSetPods} (the test kubelet's translation too) makes of them. brook local's only adaptations:
 * <ul>
 *   <li>the brokers' listeners (the replication listener and the spec's internal ones) are advertised at each broker's
 *       loopback address rather than its DNS name, which only the pods resolve: brook local's own client uses the
 *       replication listener with the operator's certificate, as the operator does (a super user under authorization),
 *       and users' clients on this machine use the listeners their client configurations name;</li>
 *   <li>the brokers' inputs get one extra listener {@value #HOST_LISTENER}, advertised by IP, so clients on this
 *       machine can connect (the broker ConfigMap is rewritten with it); it speaks TLS (server authentication only,
 *       the pod's certificate) whenever the cluster has internal TLS, and is plaintext when the spec turns internal TLS
 *       off; it has no authentication (under authorization its clients are {@code User:ANONYMOUS});</li>
 *   <li>the certificates ({@link #certificates}) are the operator's ({@link ClusterTls#certificates}) with each pod's
 *       loopback address as an extra IP SAN, so clients on this machine can check the {@value #HOST_LISTENER}
 *       listener's address;</li>
 *   <li>pods run C1-only JIT ({@link #LOCAL_JVM_OPTIONS}): several JVMs starting on a laptop at once come up in
 *       about half the time; Kafka's configuration is not affected;</li>
 *   <li>each pod has its own loopback address ({@link LoopbackAddresses}; the DNS names resolve through the
 *       runtime's hosts file) and its data under {@code <data dir>/pods/<pod>/data}.</li>
 * </ul>
 * What cannot apply here is listed in {@link #ignored()}.
 */
public final class LocalClusterPlan {
    /** The extra listener for clients on this machine. */
    public static final String HOST_LISTENER = "LOCAL";
    /** Its port, unless a spec listener uses it (then the next free one). */
    public static final int HOST_PORT = 19092;
    /** JVM options of every local pod, before the pod template's. */
    public static final List<String> LOCAL_JVM_OPTIONS = LocalKafkaCluster.FAST_START_JVM_OPTIONS;

    private final Cluster cluster;
    private final LoopbackAddresses addresses;
    private final ZookeeperEnsemble ensemble;
    private final BrokerSet brokerSet;
    private final ConfigMap brokerConfigMap;
    private final ZookeeperInputs zookeeperInputs;
    private final BrokerInputs brokerInputs;
    private final int hostPort;

    public LocalClusterPlan(Cluster cluster, int addressBlock) {
        this.cluster = cluster;
        this.addresses = LoopbackAddresses.block(addressBlock);
        this.ensemble = ZookeeperEnsemble.from(cluster);
        this.brokerSet = BrokerSet.from(cluster);
        this.zookeeperInputs = ZookeeperInputs.parse(ensemble.configMap().getData().get(PodPaths.ZOOKEEPER_INPUTS_FILE));
        ConfigMap operatorBrokers = brokerSet.configMap();
        BrokerInputs model = BrokerInputs.parse(operatorBrokers.getData().get(PodPaths.BROKER_INPUTS_FILE));
        Set<Integer> taken = new HashSet<>();
        model.listeners().forEach(l -> taken.add(l.port()));
        int port = HOST_PORT;
        while (taken.contains(port)) {
            port++;
        }
        this.hostPort = port;
        SortedMap<Integer, HostPort> advertised = new TreeMap<>();
        for (int n = 0; n < model.replicas(); n++) {
            advertised.put(n, new HostPort(addresses.broker(n), hostPort));
        }
        List<Listener> listeners = new ArrayList<>();
        for (Listener l : model.listeners()) {
            listeners.add(l.advertised().isEmpty() ? byAddress(l, model.replicas()) : l);
        }
        Listener host = Listener.external(HOST_LISTENER, hostPort, advertised);
        // With internal TLS the LOCAL listener is TLS too: clients on this machine trust the cluster CA, nothing else.
        listeners.add(ClusterTls.internal(cluster) ? host.withProtocol("SSL") : host);
        this.brokerInputs = new BrokerInputs(model.clusterName(), model.namespace(), model.replicas(), model.addressing(),
                model.zookeeperConnect(), model.zookeeperChroot(), listeners, model.interBrokerListener(), model.userConfig(),
                model.tls(), model.superUsers());
        this.brokerConfigMap = new ConfigMapBuilder(operatorBrokers)
                .withData(Map.of(PodPaths.BROKER_INPUTS_FILE, brokerInputs.render()))
                .build();
    }

    /**
     * {@code listener} advertised at each broker's loopback address instead of its DNS name (which only the pods resolve,
     * through the runtime's hosts file): so brook local's own client (on the replication listener) and the clients of
     * this machine (users' client configurations) reach every listener. The certificates name those addresses.
     */
    private Listener byAddress(Listener listener, int replicas) {
        SortedMap<Integer, HostPort> byOrdinal = new TreeMap<>();
        for (int n = 0; n < replicas; n++) {
            byOrdinal.put(n, new HostPort(addresses.broker(n), listener.port()));
        }
        return new Listener(listener.name(), listener.port(), listener.protocol(), byOrdinal, listener.ownCertificate(),
                listener.authentication(), listener.reauthenticationMs());
    }

    /**
     * The objects brook local runs, in start order: ZooKeeper's ConfigMap and StatefulSet, then the brokers'
     * (their ConfigMap with the {@value #HOST_LISTENER} listener). What {@code up} writes to the data dir.
     */
    public List<HasMetadata> objects() {
        return List.of(ensemble.configMap(), ensemble.statefulSet(), brokerConfigMap, brokerSet.statefulSet());
    }

    /** {@link #objects()} as the supervisor reads them back. */
    public LocalState.Manifests manifests() {
        return new LocalState.Manifests(List.of(ensemble.configMap(), brokerConfigMap), List.of(ensemble.statefulSet(), brokerSet.statefulSet()));
    }

    /**
     * The pods of these objects, by StatefulSet in start order: what the supervisor runs. {@code secrets} finds the
     * Secrets they mount (their TLS files; {@link LocalSecrets#secret}).
     */
    public static List<List<PodSpec>> pods(LocalState.Manifests manifests, int addressBlock, Path podsRoot,
            Function<String, Secret> secrets) {
        StatefulSetPods translation = new StatefulSetPods(LoopbackAddresses.block(addressBlock),
                pod -> podsRoot.resolve(pod).resolve("data"), LOCAL_JVM_OPTIONS);
        List<List<PodSpec>> out = new ArrayList<>();
        for (StatefulSet set : manifests.statefulSets()) {
            out.add(translation.pods(set, manifests::configMap, secrets));
        }
        return out;
    }

    /**
     * Whether the brokers of {@code cluster} in these objects (what an earlier {@code up} wrote) run with internal TLS;
     * null when they hold no broker inputs of that cluster.
     */
    public static Boolean internalTlsIn(LocalState.Manifests manifests, String cluster) {
        for (ConfigMap c : manifests.configMaps()) {
            String text = c.getData() == null ? null : c.getData().get(PodPaths.BROKER_INPUTS_FILE);
            if (text != null) {
                BrokerInputs inputs = BrokerInputs.parse(text);
                if (inputs.clusterName().equals(cluster)) {
                    return inputs.tls();
                }
            }
        }
        return null;
    }

    /** TLS between the pods and on the {@value #HOST_LISTENER} listener ({@link ClusterTls#internal}). */
    public boolean internalTls() {
        return ClusterTls.internal(cluster);
    }

    /**
     * The certificates this cluster's pods need here (none when it needs none): the operator's list, for this many pods,
     * with each pod's loopback address as an IP SAN besides its DNS names (which the pods resolve through the runtime's
     * hosts file).
     */
    public List<ClusterTls.Issued> certificates() {
        if (!ClusterTls.needed(cluster)) {
            return List.of();
        }
        return ClusterTls.certificates(cluster, Platform.DEFAULT, ExternalAddresses.none(), zookeepers(), brokers(),
                pod -> List.of(addresses.of(pod)));
    }

    /**
     * What the TLS Secrets must hold, from what they hold now ({@code current}, e.g. {@link LocalSecrets#read}): the
     * operator's own plan, so only what is missing, expiring or names the wrong addresses is issued, and planning again
     * on the result changes nothing. Empty when the cluster needs no certificates.
     */
    public Optional<ClusterCertificates.Plan> certificatePlan(Map<String, Map<String, byte[]>> current, Instant now) {
        if (!ClusterTls.needed(cluster)) {
            return Optional.empty();
        }
        return Optional.of(ClusterCertificates.plan(cluster, certificates(), current, listenerKeyStores(current).keyStores(), List.of(), now));
    }

    /**
     * The key stores of TLS listeners with their own certificate, from the Secrets in the data dir (as the operator takes
     * them from the user's Secrets); its problem says what to fix when one is missing or unusable.
     */
    public ListenerKeyStores listenerKeyStores(Map<String, Map<String, byte[]>> current) {
        return ListenerKeyStores.of(cluster, current::get);
    }

    /** The Secret with the cluster CA bundle clients of the {@value #HOST_LISTENER} listener trust. */
    public String caCertificateSecret() {
        return BrookNames.clusterCaCert(clusterName());
    }

    public String clusterName() {
        return cluster.getMetadata().getName();
    }

    public String namespace() {
        return cluster.getMetadata().getNamespace();
    }

    /** ZooKeeper's inputs, read back from its ConfigMap. */
    public ZookeeperInputs zookeeperInputs() {
        return zookeeperInputs;
    }

    /** The brokers' inputs with the {@value #HOST_LISTENER} listener (what their ConfigMap here holds). */
    public BrokerInputs brokerInputs() {
        return brokerInputs;
    }

    public int zookeepers() {
        return zookeeperInputs.replicas();
    }

    public int brokers() {
        return brokerInputs.replicas();
    }

    public int hostPort() {
        return hostPort;
    }

    public String zookeeperAddress(int ordinal) {
        return addresses.zookeeper(ordinal);
    }

    public String brokerAddress(int ordinal) {
        return addresses.broker(ordinal);
    }

    /** The host listener of every broker. */
    public String bootstrapServers() {
        return listenerBootstrap(hostPort);
    }

    /**
     * The replication listener of every broker, where brook local's own client connects as the operator does: with the
     * operator's certificate ({@link #adminKeyStoreSecret()}), a super user under {@code spec.security.authorization}
     * ({@link ClusterTls#superUsers}). Only with internal TLS (without it there is no such certificate).
     */
    public String replicationBootstrapServers() {
        return listenerBootstrap(PodPorts.BROKER_REPLICATION);
    }

    /** The Secret with the operator's key store ({@link ClusterTls#OPERATOR_KEY_STORE}) brook local's own client presents. */
    public String adminKeyStoreSecret() {
        return BrookNames.operatorTls(clusterName());
    }

    /**
     * The Cluster as the operator's status would describe it here: every client listener the brokers run (the internal
     * ones; nodeport and loadbalancer listeners do not run locally) with its bootstrap addresses on this machine. What
     * users' client configurations are made from ({@link dev.brook.model.UserListener#of}).
     */
    public Cluster withListenerStatus() {
        Cluster copy = LocalState.fromMap(LocalState.toMap(cluster), Cluster.class);
        ClusterStatus status = new ClusterStatus();
        List<ListenerStatus> listeners = new ArrayList<>();
        for (ListenerSpec l : ClusterDefaults.listeners(cluster.getSpec())) {
            if (l.getType() == ListenerType.INTERNAL) {
                listeners.add(new ListenerStatus(l.getName(), l.getType().name().toLowerCase(Locale.ROOT), listenerBootstrap(l.getPort())));
            }
        }
        status.setListeners(listeners);
        copy.setStatus(status);
        return copy;
    }

    private String listenerBootstrap(int port) {
        List<String> out = new ArrayList<>();
        for (int n = 0; n < brokers(); n++) {
            out.add(brokerAddress(n) + ":" + port);
        }
        return String.join(",", out);
    }

    /** Hash of both inputs: changes exactly when the rendered configuration changes. */
    public String inputsHash() {
        return zookeeperInputs.hash() + "/" + brokerInputs.hash();
    }

    /** ZooKeeper pod {@code ordinal}, with its data under {@code podsRoot} and the Secrets {@code secrets} finds. */
    public PodSpec zookeeperPod(int ordinal, Path podsRoot, Function<String, Secret> secrets) {
        return pods(manifests(), addresses.block(), podsRoot, secrets).get(0).get(ordinal);
    }

    /** Broker pod {@code ordinal}, with its data under {@code podsRoot} and the Secrets {@code secrets} finds. */
    public PodSpec brokerPod(int ordinal, Path podsRoot, Function<String, Secret> secrets) {
        return pods(manifests(), addresses.block(), podsRoot, secrets).get(1).get(ordinal);
    }

    /** Fields of the spec that have no meaning on this machine, each with why; reported once, never silently dropped. */
    public List<String> ignored() {
        List<String> out = new ArrayList<>();
        List<ListenerSpec> listeners = ClusterDefaults.listeners(cluster.getSpec());
        BrokersSpec brokers = cluster.getSpec().getBrokers();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerSpec l = listeners.get(i);
            if (l.getType() != ListenerType.INTERNAL) {
                out.add("spec.brokers.listeners[" + i + "] (" + l.getName() + ", " + l.getType().name().toLowerCase(Locale.ROOT)
                        + "): no " + (l.getType() == ListenerType.NODEPORT ? "NodePort" : "LoadBalancer")
                        + " Services here; clients on this machine use the internal listeners or " + HOST_LISTENER + " (bootstrap below)");
            }
        }
        ZookeeperSpec zk = cluster.getSpec().getZookeeper();
        storage("spec.zookeeper.storage", zk == null ? null : zk.getStorage(), out);
        storage("spec.brokers.storage", brokers == null ? null : brokers.getStorage(), out);
        if (zk != null && zk.getResources() != null) {
            out.add("spec.zookeeper.resources: no CPU/memory limits for local processes (the heap from jvmOptions applies)");
        }
        if (brokers != null && brokers.getResources() != null) {
            out.add("spec.brokers.resources: no CPU/memory limits for local processes (the heap from jvmOptions applies)");
        }
        if (brokers != null && brokers.getRack() != null && brokers.getRack().getTopologyKey() != null) {
            out.add("spec.brokers.rack: no nodes and no '" + brokers.getRack().getTopologyKey() + "' labels here; brokers have no broker.rack");
        }
        return out;
    }

    private static void storage(String field, StorageSpec s, List<String> out) {
        if (s == null) {
            return;
        }
        if (s.getStorageClassName() != null) {
            out.add(field + ".storageClassName: no storage classes here; data lives in the data dir");
        }
        if (s.getSize() != null) {
            out.add(field + ".size: not enforced; data lives in the data dir and grows as needed");
        }
    }
}
