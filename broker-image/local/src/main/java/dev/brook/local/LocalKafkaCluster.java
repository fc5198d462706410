package dev.brook.local;

import dev.brook.contract.BrokerInputs;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.PodAddressing;
import dev.brook.contract.PodName;
import dev.brook.contract.PodPaths;
import dev.brook.contract.PodPorts;
import dev.brook.contract.Role;
import dev.brook.contract.TlsFiles;
import dev.brook.contract.ZookeeperInputs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * A real ZooKeeper ensemble plus Kafka brokers as local processes, for tests and local use: the same
 * inputs the operator would put in ConfigMaps, run by {@link LocalProcessRuntime}.
 *
 * <p>Addresses: {@link LoopbackAddresses} of a block per test class (so classes never collide), all with the
 * default ports ({@link PodPorts}). Pods reach each other by their Kubernetes DNS names
 * ({@code <pod>.<cluster>-zookeeper.<ns>.svc.cluster.local}, {@code <pod>.<cluster>-broker.<ns>.svc.cluster.local})
 * through the runtime's hosts file. Brokers have two listeners: {@code REPLICATION} (port 9091,
 * inter-broker, advertised by DNS name) and {@code CLIENT} (port 9092, advertised by IP, so a client
 * in any JVM can use {@link #bootstrapServers()} without name resolution).
 *
 * <p>With {@link Builder#tls}, the cluster runs as the operator runs a TLS cluster: ZooKeeper serves only mutual TLS
 * (clients and quorum), both listeners are {@code SSL} ({@code REPLICATION} with mutual TLS), brokers reach ZooKeeper
 * over mutual TLS and set ACLs. Each pod's TLS dir ({@link #tlsDir(String)}) gets {@code cluster-ca.pem} and its key
 * store from the given {@link TlsMaterial}, whose certificates name the pod's DNS name and loopback address.
 *
 * <pre>{@code
 * try (LocalKafkaCluster cluster = LocalKafkaCluster.builder("it").addressBlock(7).start()) {
 *     Properties props = new Properties();
 *     props.put("bootstrap.servers", cluster.bootstrapServers());
 *     ...
 *     cluster.runtime().kill(cluster.brokerPod(1));
 *     cluster.restartBroker(1);
 * }
 * }</pre>
 */
public final class LocalKafkaCluster implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalKafkaCluster.class.getName());
    public static final String REPLICATION_LISTENER = "REPLICATION";
    public static final String CLIENT_LISTENER = "CLIENT";
    /**
     * JVM options that roughly halve the start time of a 3+3 cluster on 2 cores (C1 only: less JIT
     * work while six JVMs start at once), at some cost in peak throughput. For tests, not benchmarks.
     */
    public static final List<String> FAST_START_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private final Builder config;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final LocalProcessRuntime runtime;
    private final ZookeeperInputs zookeeperInputs;
    private final BrokerInputs brokerInputs;
    /** Pod name to its key store PEM, issued once (restarts keep the certificate); empty without TLS. */
    private final Map<String, String> keyStores = new TreeMap<>();

    private LocalKafkaCluster(Builder config, Path workDir, boolean ownsWorkDir) {
        this.config = config;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        boolean tls = config.tls != null;
        this.zookeeperInputs = ZookeeperInputs.of(config.clusterName, config.namespace, config.zookeepers,
                PodAddressing.serviceDomain(config.clusterName + "-zookeeper." + config.namespace + ".svc.cluster.local"))
                .withTls(tls);
        SortedMap<Integer, HostPort> clientAddresses = new TreeMap<>();
        for (int i = 0; i < config.brokers; i++) {
            clientAddresses.put(i, new HostPort(brokerAddress(i), PodPorts.BROKER_CLIENT));
        }
        String protocol = tls ? "SSL" : "PLAINTEXT";
        List<Listener> listeners = new ArrayList<>(List.of(Listener.internal(REPLICATION_LISTENER, PodPorts.BROKER_REPLICATION).withProtocol(protocol),
                Listener.external(CLIENT_LISTENER, PodPorts.BROKER_CLIENT, clientAddresses).withProtocol(protocol)));
        config.authenticatedListeners.forEach((name, auth) -> {
            SortedMap<Integer, HostPort> addresses = new TreeMap<>();
            for (int i = 0; i < config.brokers; i++) {
                addresses.put(i, new HostPort(brokerAddress(i), auth.port()));
            }
            listeners.add(Listener.external(name, auth.port(), addresses).withProtocol(protocol)
                    .withAuthentication(auth.mechanism(), auth.reauthMs()));
        });
        this.brokerInputs = new BrokerInputs(config.clusterName, config.namespace, config.brokers,
                PodAddressing.serviceDomain(config.clusterName + "-broker." + config.namespace + ".svc.cluster.local"),
                zookeeperInputs.clientAddresses(), BrokerInputs.defaultChroot(config.namespace, config.clusterName),
                listeners, REPLICATION_LISTENER, config.brokerConfig, tls, config.superUsers);
        if (tls) {
            for (int i = 0; i < config.zookeepers; i++) {
                PodName pod = zookeeperInputs.pod(i);
                keyStores.put(pod.toString(), config.tls.keyStore(new TlsMaterial.TlsPod(pod.toString(), Role.ZOOKEEPER,
                        List.of(zookeeperInputs.addressing().host(pod)), List.of(zookeeperAddress(i)))));
            }
            for (int i = 0; i < config.brokers; i++) {
                PodName pod = brokerInputs.pod(i);
                keyStores.put(pod.toString(), config.tls.keyStore(new TlsMaterial.TlsPod(pod.toString(), Role.BROKER,
                        List.of(brokerInputs.addressing().host(pod)), List.of(brokerAddress(i)))));
            }
        }
        this.runtime = new LocalProcessRuntime(workDir);
    }

    public static Builder builder(String clusterName) {
        return new Builder(clusterName);
    }

    /** {@code host:port,...} of every broker's CLIENT listener. */
    public String bootstrapServers() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < config.brokers; i++) {
            out.add(brokerAddress(i) + ":" + PodPorts.BROKER_CLIENT);
        }
        return String.join(",", out);
    }

    /** ZooKeeper client addresses by IP (for tools in a JVM without the hosts file), with the cluster's chroot. */
    public String zookeeperConnect() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < config.zookeepers; i++) {
            out.add(zookeeperAddress(i) + ":" + PodPorts.ZOOKEEPER_CLIENT);
        }
        return String.join(",", out) + brokerInputs.zookeeperChroot();
    }

    public LocalProcessRuntime runtime() {
        return runtime;
    }

    /** True for a cluster started with {@link Builder#tls}. */
    public boolean tls() {
        return config.tls != null;
    }

    /** The TLS dir of a pod ({@code BROOK_TLS_DIR}): where its {@code cluster-ca.pem} and {@code <pod>.pem} are. */
    public Path tlsDir(String pod) {
        return runtime.tlsDir(pod);
    }

    public ZookeeperInputs zookeeperInputs() {
        return zookeeperInputs;
    }

    public BrokerInputs brokerInputs() {
        return brokerInputs;
    }

    public int zookeeperCount() {
        return config.zookeepers;
    }

    public int brokerCount() {
        return config.brokers;
    }

    public String zookeeperPod(int ordinal) {
        return PodName.of(config.clusterName, Role.ZOOKEEPER, ordinal).toString();
    }

    public String brokerPod(int ordinal) {
        return PodName.of(config.clusterName, Role.BROKER, ordinal).toString();
    }

    /** The cluster's loopback addresses. */
    public LoopbackAddresses addresses() {
        return LoopbackAddresses.block(config.addressBlock);
    }

    public String zookeeperAddress(int ordinal) {
        return addresses().zookeeper(ordinal);
    }

    public String brokerAddress(int ordinal) {
        return addresses().broker(ordinal);
    }

    /** The pod spec of ZooKeeper {@code ordinal} (what {@link #start} runs). */
    public PodSpec zookeeperSpec(int ordinal) {
        PodName pod = zookeeperInputs.pod(ordinal);
        return withTlsFiles(PodSpec.of(pod.toString(), Role.ZOOKEEPER, zookeeperAddress(ordinal))
                .withInputFile(PodPaths.ZOOKEEPER_INPUTS_FILE, zookeeperInputs.render())
                .withHostname(zookeeperInputs.addressing().host(pod))
                .withDataDir(workDir.resolve("data").resolve(pod.toString()))
                .withJvmOptions(config.jvmOptions));
    }

    private PodSpec withTlsFiles(PodSpec spec) {
        if (!tls()) {
            return spec;
        }
        PodSpec withCluster = spec.withTlsFile(TlsFiles.CLUSTER_CA_BUNDLE, config.tls.clusterCaBundle())
                .withTlsFile(TlsFiles.podKeyStore(spec.name()), keyStores.get(spec.name()));
        return config.tls.clientsCaBundle() == null ? withCluster : withCluster.withTlsFile(TlsFiles.CLIENTS_CA_BUNDLE, config.tls.clientsCaBundle());
    }

    /** {@code host:port,...} of every broker's listener {@code name} (one added with {@link Builder#authenticatedListener}). */
    public String bootstrapServers(String name) {
        Listener listener = brokerInputs.listeners().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < config.brokers; i++) {
            out.add(brokerAddress(i) + ":" + listener.port());
        }
        return String.join(",", out);
    }

    /** The pod spec of broker {@code ordinal}. */
    public PodSpec brokerSpec(int ordinal) {
        return brokerSpec(ordinal, brokerInputs);
    }

    /** The pod spec of broker {@code ordinal} with some of the cluster's Kafka settings replaced (for one pod only). */
    public PodSpec brokerSpec(int ordinal, Map<String, String> configOverrides) {
        SortedMap<String, String> config = new TreeMap<>(brokerInputs.userConfig());
        config.putAll(configOverrides);
        return brokerSpec(ordinal, brokerInputs.withUserConfig(config));
    }

    private PodSpec brokerSpec(int ordinal, BrokerInputs inputs) {
        PodName pod = inputs.pod(ordinal);
        return withTlsFiles(PodSpec.of(pod.toString(), Role.BROKER, brokerAddress(ordinal))
                .withInputFile(PodPaths.BROKER_INPUTS_FILE, inputs.render())
                .withHostname(inputs.addressing().host(pod))
                .withDataDir(workDir.resolve("data").resolve(pod.toString()))
                .withJvmOptions(config.jvmOptions));
    }

    /** Starts the ensemble, waits for a quorum, then starts the brokers and waits until all are ready. */
    private LocalKafkaCluster start() {
        Instant begin = Instant.now();
        try {
            for (int i = 0; i < config.zookeepers; i++) {
                runtime.start(zookeeperSpec(i));
            }
            for (int i = 0; i < config.zookeepers; i++) {
                runtime.awaitReady(zookeeperPod(i), config.startTimeout);
            }
            for (int i = 0; i < config.brokers; i++) {
                runtime.start(brokerSpec(i));
            }
            for (int i = 0; i < config.brokers; i++) {
                runtime.awaitReady(brokerPod(i), config.startTimeout);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info(() -> "cluster " + config.clusterName + " (" + config.zookeepers + " ZooKeeper + " + config.brokers
                + " brokers) ready in " + Duration.between(begin, Instant.now()).toMillis() + " ms; bootstrap " + bootstrapServers());
        return this;
    }

    /** Starts a stopped or killed broker again on its data dir and waits until it is ready. */
    public void restartBroker(int ordinal) {
        restart(brokerPod(ordinal));
    }

    /** Starts a stopped or killed ZooKeeper again on its data dir and waits until it is ready. */
    public void restartZookeeper(int ordinal) {
        restart(zookeeperPod(ordinal));
    }

    private void restart(String pod) {
        runtime.restart(pod, Duration.ofSeconds(30));
        runtime.awaitReady(pod, config.startTimeout);
    }

    /** Kills every process (SIGKILL; a graceful stop of the last broker would wait for retries) and deletes a temporary work dir. */
    @Override
    public void close() {
        runtime.close();
        if (ownsWorkDir) {
            Directories.deleteTree(workDir);
        }
    }

    /** Cluster settings; {@link #start()} brings it up. */
    public static final class Builder {
        private final String clusterName;
        private String namespace = "brook-local";
        private int zookeepers = 3;
        private int brokers = 3;
        private int addressBlock = 0;
        private Path workDir;
        private final SortedMap<String, String> brokerConfig = new TreeMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(60);
        private boolean keepData;
        private TlsMaterial tls;
        private final SortedMap<String, AuthenticatedListener> authenticatedListeners = new TreeMap<>();
        private List<String> superUsers;

        private record AuthenticatedListener(int port, String mechanism, long reauthMs) {
        }

        private Builder(String clusterName) {
            this.clusterName = clusterName;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder zookeepers(int count) {
            if (count < 1 || count > 40) {
                throw new IllegalArgumentException("zookeepers must be 1..40");
            }
            this.zookeepers = count;
            return this;
        }

        public Builder brokers(int count) {
            if (count < 1 || count > 150) {
                throw new IllegalArgumentException("brokers must be 1..150");
            }
            this.brokers = count;
            return this;
        }

        /** Pods get addresses 127.0.{block}.x; use a different block per concurrently running cluster. */
        public Builder addressBlock(int block) {
            if (block < 0 || block > 255) {
                throw new IllegalArgumentException("address block must be 0..255");
            }
            this.addressBlock = block;
            return this;
        }

        /**
         * Where data, inputs, logs and the hosts file go; wiped at start unless {@link #keepData}, kept
         * after {@link #close()} (logs for failed tests). Default: a temporary dir deleted by {@link #close()}.
         */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Keep data from an earlier run in an explicit {@link #workDir}; by default it is wiped at start. */
        public Builder keepData(boolean keep) {
            this.keepData = keep;
            return this;
        }

        /** A user Kafka setting for every broker (must not be a Brook-owned key: the agent refuses it). */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        public Builder brokerConfig(Map<String, String> config) {
            brokerConfig.putAll(config);
            return this;
        }

        /** Extra JVM options for every pod. */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /**
         * A TLS cluster whose certificates come from {@code material}: ZooKeeper clients and quorum, replication and the
         * CLIENT listener over TLS, ZooKeeper ACLs (see the class comment).
         */
        public Builder tls(TlsMaterial material) {
            this.tls = java.util.Objects.requireNonNull(material, "material");
            return this;
        }

        /**
         * One more client listener (TLS with {@link #tls}), advertised at each broker's own address, authenticating its
         * clients with {@code mechanism} ({@link Listener#AUTH_TLS}: certificates from the material's clients CA, or
         * {@link Listener#AUTH_SCRAM}).
         */
        public Builder authenticatedListener(String name, int port, String mechanism, long reauthMs) {
            authenticatedListeners.put(name, new AuthenticatedListener(port, mechanism, reauthMs));
            return this;
        }

        /** Kafka's ACL authorizer with these super users (e.g. {@code User:CN=...} of the brokers' certificate). */
        public Builder authorization(List<String> users) {
            this.superUsers = List.copyOf(users);
            return this;
        }

        /** Bound for each pod's readiness wait. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Starts the cluster and waits until every pod is ready; kills everything if that fails. */
        public LocalKafkaCluster start() {
            try {
                boolean temporary = workDir == null;
                Path dir = temporary ? Files.createTempDirectory("brook-local-" + clusterName + "-") : workDir.toAbsolutePath();
                if (!temporary && !keepData) {
                    Directories.deleteTree(dir);
                }
                return new LocalKafkaCluster(this, dir, temporary).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
