package dev.brook.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a ZooKeeper pod needs beyond pod-local facts (its name, bind address, data dir): the
 * ensemble's size and addressing, ports and timing. The operator renders it into a ConfigMap
 * ({@link PodPaths#ZOOKEEPER_INPUTS_FILE}) and puts {@link #hash()} on the pod template; the agent
 * parses it and renders {@code zoo.cfg}.
 *
 * <p>With {@link #tls}, ZooKeeper serves clients only over mutual TLS, on {@link #clientPort} (there is no plaintext
 * port at all), and the quorum (peer and election ports) speaks mutual TLS too. Every peer needs
 * {@link #tlsFiles(PodName)} in {@link PodEnvironment#TLS_DIR}: its own key store (key and chain, issued by the cluster
 * CA, with the pod's DNS name as a SAN) and the cluster CA bundle. ZooKeeper checks that peers and clients present a
 * certificate from a CA in the bundle; it does not check host names (its check resolves the peer's IP back to a name,
 * which pods do not reliably have), so the bundle must hold only Brook's private cluster CA. ZooKeeper reads the files
 * once at start: a renewed certificate or a new bundle takes effect when the pod restarts.
 *
 * @param clusterName  the Brook cluster ({@code <cluster>-zookeeper-<n>} pods)
 * @param namespace    the cluster's namespace
 * @param replicas     ensemble size (servers {@code 1..replicas})
 * @param addressing   how peers reach each other
 * @param clientPort   client port (default {@link PodPorts#ZOOKEEPER_CLIENT}); TLS only when {@link #tls}
 * @param peerPort     quorum port (default {@link PodPorts#ZOOKEEPER_PEER})
 * @param electionPort leader-election port (default {@link PodPorts#ZOOKEEPER_ELECTION})
 * @param tickTimeMs   ZooKeeper tick (default 2000); session timeouts are 2..20 ticks
 * @param initLimit    ticks a follower may take to sync at start (default 10)
 * @param syncLimit    ticks a follower may lag (default 5)
 * @param tls          clients and peers over mutual TLS (default false). Rendered {@code tls=true}; absent when false,
 *                     so the inputs of existing plaintext ensembles keep their text and hash
 */
public record ZookeeperInputs(String clusterName, String namespace, int replicas, PodAddressing addressing,
                              int clientPort, int peerPort, int electionPort,
                              int tickTimeMs, int initLimit, int syncLimit, boolean tls) {

    public static final int DEFAULT_TICK_TIME_MS = 2000;
    public static final int DEFAULT_INIT_LIMIT = 10;
    public static final int DEFAULT_SYNC_LIMIT = 5;
    private static final String SOURCE = PodPaths.ZOOKEEPER_INPUTS_FILE;

    public ZookeeperInputs {
        requireName("clusterName", clusterName);
        requireName("namespace", namespace);
        if (replicas < 1) {
            throw new InvalidInputsException("zookeeper replicas " + replicas + " must be at least 1");
        }
        if (addressing == null) {
            throw new InvalidInputsException("zookeeper pod addressing is missing");
        }
        if (!addressing.usesServiceDomain() && addressing.hosts().size() < replicas) {
            throw new InvalidInputsException("zookeeper: " + replicas + " replicas but " + addressing.hosts().size() + " explicit hosts");
        }
        Ports.check("zookeeper client port", clientPort);
        Ports.check("zookeeper peer port", peerPort);
        Ports.check("zookeeper election port", electionPort);
        if (clientPort == peerPort || clientPort == electionPort || peerPort == electionPort) {
            throw new InvalidInputsException("zookeeper ports must differ: " + clientPort + ", " + peerPort + ", " + electionPort);
        }
        if (tickTimeMs < 1 || initLimit < 1 || syncLimit < 1) {
            throw new InvalidInputsException("zookeeper tickTimeMs, initLimit and syncLimit must be positive");
        }
    }

    /** Plaintext inputs. */
    public ZookeeperInputs(String clusterName, String namespace, int replicas, PodAddressing addressing,
                           int clientPort, int peerPort, int electionPort, int tickTimeMs, int initLimit, int syncLimit) {
        this(clusterName, namespace, replicas, addressing, clientPort, peerPort, electionPort, tickTimeMs, initLimit, syncLimit, false);
    }

    /** Inputs with default ports and timing, plaintext. */
    public static ZookeeperInputs of(String clusterName, String namespace, int replicas, PodAddressing addressing) {
        return new ZookeeperInputs(clusterName, namespace, replicas, addressing,
                PodPorts.ZOOKEEPER_CLIENT, PodPorts.ZOOKEEPER_PEER, PodPorts.ZOOKEEPER_ELECTION,
                DEFAULT_TICK_TIME_MS, DEFAULT_INIT_LIMIT, DEFAULT_SYNC_LIMIT);
    }

    /** These inputs with clients and quorum over mutual TLS, or not. */
    public ZookeeperInputs withTls(boolean enabled) {
        return new ZookeeperInputs(clusterName, namespace, replicas, addressing, clientPort, peerPort, electionPort,
                tickTimeMs, initLimit, syncLimit, enabled);
    }

    public PodName pod(int ordinal) {
        return PodName.of(clusterName, Role.ZOOKEEPER, ordinal);
    }

    /** The ensemble's client addresses, sorted: what a broker's {@code zookeeper.connect} lists. */
    public List<HostPort> clientAddresses() {
        List<HostPort> out = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            out.add(new HostPort(addressing.host(pod(i)), clientPort));
        }
        out.sort(HostPortOrder.INSTANCE);
        return List.copyOf(out);
    }

    /**
     * The files peer {@code pod} needs in {@link PodEnvironment#TLS_DIR}, sorted: with {@link #tls} its key store
     * ({@link TlsFiles#podKeyStore}) and {@link TlsFiles#CLUSTER_CA_BUNDLE}; none without. The agent refuses to start
     * when one is missing.
     */
    public SortedSet<String> tlsFiles(PodName pod) {
        SortedSet<String> files = new TreeSet<>();
        if (tls) {
            files.add(TlsFiles.podKeyStore(pod.toString()));
            files.add(TlsFiles.CLUSTER_CA_BUNDLE);
        }
        return Collections.unmodifiableSortedSet(files);
    }

    public String render() {
        SortedMap<String, String> out = new TreeMap<>();
        out.put("cluster.name", clusterName);
        out.put("cluster.namespace", namespace);
        out.put("replicas", Integer.toString(replicas));
        addressing.renderInto(out);
        out.put("port.client", Integer.toString(clientPort));
        out.put("port.peer", Integer.toString(peerPort));
        out.put("port.election", Integer.toString(electionPort));
        out.put("tick.time.ms", Integer.toString(tickTimeMs));
        out.put("init.limit", Integer.toString(initLimit));
        out.put("sync.limit", Integer.toString(syncLimit));
        if (tls) {
            out.put("tls", "true");
        }
        return InputsText.render("Brook zookeeper inputs", out);
    }

    /** SHA-256 hex of {@link #render()}: changes exactly when the inputs' meaning does. */
    public String hash() {
        return InputsText.sha256Hex(render());
    }

    public static ZookeeperInputs parse(String text) {
        InputFields f = new InputFields(SOURCE, InputsText.parse(text));
        ZookeeperInputs inputs = new ZookeeperInputs(
                f.required("cluster.name"), f.required("cluster.namespace"), f.requiredInt("replicas"),
                PodAddressing.readFrom(f),
                f.optionalInt("port.client", PodPorts.ZOOKEEPER_CLIENT),
                f.optionalInt("port.peer", PodPorts.ZOOKEEPER_PEER),
                f.optionalInt("port.election", PodPorts.ZOOKEEPER_ELECTION),
                f.optionalInt("tick.time.ms", DEFAULT_TICK_TIME_MS),
                f.optionalInt("init.limit", DEFAULT_INIT_LIMIT),
                f.optionalInt("sync.limit", DEFAULT_SYNC_LIMIT),
                f.optionalBoolean("tls", false));
        f.refuseUnknown();
        return inputs;
    }

    static void requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputsException(what + " is missing");
        }
    }
}
