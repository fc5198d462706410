package dev.brook.cli;

import dev.brook.contract.BrokerInputs;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodName;
import dev.brook.contract.PodPaths;
import dev.brook.contract.Role;
import dev.brook.contract.ZookeeperInputs;
import dev.brook.local.LocalKafkaCluster;
import dev.brook.local.PodSpec;
import dev.brook.api.v1alpha1.BrokersSpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.api.v1alpha1.StorageSpec;
import dev.brook.api.v1alpha1.ZookeeperSpec;
import dev.brook.model.BrokerSet;
import dev.brook.model.ClusterDefaults;
import dev.brook.model.ZookeeperEnsemble;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a Cluster spec means on this machine, computed by the operator's own model: the ZooKeeper and
 * broker inputs of {@link ZookeeperEnsemble} and {@link BrokerSet} (the very ConfigMap contents the
 * operator writes), the JVM settings of their pod templates, and pods with the same DNS names. The only
 * local adaptations: each pod gets its own {@code 127.0.<block>.x} address (the names resolve through the
 * runtime's hosts file), and the brokers get one extra listener {@value #HOST_LISTENER}, advertised by IP,
 * so clients on this machine can connect. What cannot apply here is listed in {@link #ignored()}.
 */
public final class LocalClusterPlan {
    /** The extra listener for clients on this machine. */
    public static final String HOST_LISTENER = "LOCAL";
    /** Its port, unless a spec listener uses it (then the next free one). */
    public static final int HOST_PORT = 19092;

    private final Cluster cluster;
    private final int addressBlock;
    private final ZookeeperInputs zookeeperInputs;
    private final BrokerInputs brokerInputs;
    private final int hostPort;
    private final ZookeeperEnsemble ensemble;
    private final BrokerSet brokerSet;

    public LocalClusterPlan(Cluster cluster, int addressBlock) {
        this.cluster = cluster;
        this.addressBlock = addressBlock;
        this.ensemble = ZookeeperEnsemble.from(cluster);
        this.brokerSet = BrokerSet.from(cluster);
        this.zookeeperInputs = ensemble.inputs();
        BrokerInputs model = brokerSet.inputs();
        Set<Integer> taken = new HashSet<>();
        model.listeners().forEach(l -> taken.add(l.port()));
        int port = HOST_PORT;
        while (taken.contains(port)) {
            port++;
        }
        this.hostPort = port;
        SortedMap<Integer, HostPort> advertised = new TreeMap<>();
        for (int n = 0; n < model.replicas(); n++) {
            advertised.put(n, new HostPort(brokerAddress(n), hostPort));
        }
        List<Listener> listeners = new ArrayList<>(model.listeners());
        listeners.add(Listener.external(HOST_LISTENER, hostPort, advertised));
        this.brokerInputs = new BrokerInputs(model.clusterName(), model.namespace(), model.replicas(), model.addressing(),
                model.zookeeperConnect(), model.zookeeperChroot(), listeners, model.interBrokerListener(), model.userConfig());
    }

    public String clusterName() {
        return cluster.getMetadata().getName();
    }

    public String namespace() {
        return cluster.getMetadata().getNamespace();
    }

    public ZookeeperInputs zookeeperInputs() {
        return zookeeperInputs;
    }

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
        return "127.0." + addressBlock + "." + (11 + ordinal);
    }

    public String brokerAddress(int ordinal) {
        return "127.0." + addressBlock + "." + (101 + ordinal);
    }

    /** The host listener of every broker. */
    public String bootstrapServers() {
        List<String> out = new ArrayList<>();
        for (int n = 0; n < brokers(); n++) {
            out.add(brokerAddress(n) + ":" + hostPort);
        }
        return String.join(",", out);
    }

    /** Hash of both inputs: changes exactly when the rendered configuration changes. */
    public String inputsHash() {
        return zookeeperInputs.hash() + "/" + brokerInputs.hash();
    }

    public PodSpec zookeeperPod(int ordinal, Path podsRoot) {
        PodName pod = zookeeperInputs.pod(ordinal);
        return withTemplateJvm(PodSpec.of(pod.toString(), Role.ZOOKEEPER, zookeeperAddress(ordinal))
                .withInputFile(PodPaths.ZOOKEEPER_INPUTS_FILE, zookeeperInputs.render())
                .withHostname(zookeeperInputs.addressing().host(pod))
                .withDataDir(podsRoot.resolve(pod.toString()).resolve("data")), ensemble.statefulSet());
    }

    public PodSpec brokerPod(int ordinal, Path podsRoot) {
        PodName pod = brokerInputs.pod(ordinal);
        return withTemplateJvm(PodSpec.of(pod.toString(), Role.BROKER, brokerAddress(ordinal))
                .withInputFile(PodPaths.BROKER_INPUTS_FILE, brokerInputs.render())
                .withHostname(brokerInputs.addressing().host(pod))
                .withDataDir(podsRoot.resolve(pod.toString()).resolve("data")), brokerSet.statefulSet());
    }

    /**
     * Heap, system properties and shutdown bound exactly as the operator's pod template sets them; plus
     * C1-only JIT ({@link LocalKafkaCluster#FAST_START_JVM_OPTIONS}): several JVMs starting on a laptop
     * at once come up in about half the time. Kafka's configuration is not affected.
     */
    private static PodSpec withTemplateJvm(PodSpec spec, StatefulSet template) {
        PodSpec out = spec.withJvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS);
        for (Container c : template.getSpec().getTemplate().getSpec().getContainers()) {
            for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                if (e.getValue() == null) {
                    continue;
                }
                switch (e.getName()) {
                    case PodEnvironment.HEAP_OPTS, PodEnvironment.SHUTDOWN_TIMEOUT_SECONDS -> out = out.withEnv(e.getName(), e.getValue());
                    // The runtime sets BROOK_JVM_OPTS itself (hosts file): the template's options are appended.
                    case PodEnvironment.JVM_OPTS -> out = out.withJvmOptions(List.of(e.getValue().split(" ")));
                    default -> {
                    }
                }
            }
        }
        return out;
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
                        + " Services here; clients on this machine use the " + HOST_LISTENER + " listener (bootstrap below)");
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
