package dev.brook.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a broker pod needs beyond pod-local facts (its name, bind address, data dir, rack): the
 * broker set's size and addressing, the ZooKeeper connection, listeners and the user's Kafka
 * configuration. The operator renders it into a ConfigMap ({@link PodPaths#BROKER_INPUTS_FILE}) and
 * puts {@link #hash()} on the pod template; the agent parses it and renders {@code server.properties}.
 *
 * <p><b>TLS.</b> With {@link #tls} (internal TLS) the inter-broker listener must be {@code SSL}: brokers replicate
 * over mutual TLS, and every client of that listener (other brokers, the operator's Admin client) must present a
 * certificate from a CA in {@link TlsFiles#CLUSTER_CA_BUNDLE} ({@code ssl.client.auth=required}). Brokers reach
 * ZooKeeper over mutual TLS (the ensemble's inputs must have {@link ZookeeperInputs#tls} too) and protect the znodes
 * they create with ZooKeeper ACLs ({@code zookeeper.set.acl=true}): ZooKeeper's x509 authentication names a client by
 * its certificate's subject DN, and a znode created by one broker may only be changed by a client with the same DN.
 * So <b>every broker's certificate must carry the same subject DN, and that DN must never change</b> (a new DN locks the
 * brokers out of their own znodes); only the SANs differ per pod (its DNS names, and for listeners advertised at other
 * addresses, those too). Brokers verify each other's host names: the certificate of broker {@code n} must name the
 * address its inter-broker listener advertises ({@link PodAddressing#host}). A client listener whose protocol is
 * {@code SSL} serves TLS without authenticating clients, with the pod's key store or its own ({@link Listener}).
 * Files each pod needs: {@link #tlsFiles(PodName)}.
 *
 * @param clusterName         the Brook cluster ({@code <cluster>-broker-<n>} pods)
 * @param namespace           the cluster's namespace
 * @param replicas            number of brokers
 * @param addressing          how brokers are reached on listeners without explicit advertised addresses
 * @param zookeeperConnect    the ensemble's client addresses (rendered sorted)
 * @param zookeeperChroot     the cluster's ZooKeeper chroot, e.g. {@code /brook/<namespace>/<cluster>}
 * @param listeners           the listeners (rendered sorted by name)
 * @param interBrokerListener name of the listener brokers replicate over
 * @param userConfig          the user's Kafka settings; must not contain {@link OwnedKafkaKeys} (checked by the agent)
 * @param tls                 internal TLS (default false): replication and ZooKeeper over mutual TLS, ZooKeeper ACLs.
 *                            Rendered {@code tls=true}; absent when false, so existing inputs keep their text and hash
 * @param superUsers          with authorization (Kafka's ACL authorizer): the principals allowed everything, e.g.
 *                            {@code User:CN=c1-broker,OU=ns,O=brook} (Brook's brokers and operator, then the user's);
 *                            null without authorization. Rendered {@code authorization.super.users}, joined by ';' (a
 *                            certificate's DN has commas), absent when null
 */
public record BrokerInputs(String clusterName, String namespace, int replicas, PodAddressing addressing,
                           List<HostPort> zookeeperConnect, String zookeeperChroot,
                           List<Listener> listeners, String interBrokerListener,
                           SortedMap<String, String> userConfig, boolean tls, List<String> superUsers) {

    private static final String SOURCE = PodPaths.BROKER_INPUTS_FILE;
    private static final String USER_CONFIG_PREFIX = "config.";

    public BrokerInputs {
        ZookeeperInputs.requireName("clusterName", clusterName);
        ZookeeperInputs.requireName("namespace", namespace);
        if (replicas < 1) {
            throw new InvalidInputsException("broker replicas " + replicas + " must be at least 1");
        }
        if (addressing == null) {
            throw new InvalidInputsException("broker pod addressing is missing");
        }
        if (zookeeperConnect == null || zookeeperConnect.isEmpty()) {
            throw new InvalidInputsException("zookeeper connect list is empty");
        }
        List<HostPort> sortedConnect = new ArrayList<>(zookeeperConnect);
        sortedConnect.sort(HostPortOrder.INSTANCE);
        zookeeperConnect = List.copyOf(sortedConnect);
        if (zookeeperChroot == null || !zookeeperChroot.matches("(/[A-Za-z0-9._-]+)+")) {
            throw new InvalidInputsException("zookeeper chroot '" + zookeeperChroot + "' must be an absolute path like /brook/ns/cluster");
        }
        if (listeners == null || listeners.isEmpty()) {
            throw new InvalidInputsException("no listeners");
        }
        List<Listener> sortedListeners = new ArrayList<>(listeners);
        sortedListeners.sort(Comparator.comparing(Listener::name));
        listeners = List.copyOf(sortedListeners);
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (Listener listener : listeners) {
            if (!names.add(listener.name())) {
                throw new InvalidInputsException("listener " + listener.name() + " is defined twice");
            }
            if (!ports.add(listener.port())) {
                throw new InvalidInputsException("listener port " + listener.port() + " is used twice");
            }
        }
        if (!names.contains(interBrokerListener)) {
            throw new InvalidInputsException("inter-broker listener '" + interBrokerListener + "' is not one of " + new TreeSet<>(names));
        }
        Listener interBrokerDefinition = listeners.stream().filter(l -> l.name().equals(interBrokerListener)).findFirst().orElseThrow();
        String interBrokerProtocol = interBrokerDefinition.protocol();
        if (tls && !interBrokerProtocol.equals("SSL")) {
            throw new InvalidInputsException("tls=true needs the inter-broker listener " + interBrokerListener
                    + " to be SSL, not " + interBrokerProtocol);
        }
        if (interBrokerDefinition.authentication() != null) {
            throw new InvalidInputsException("inter-broker listener " + interBrokerListener + " has authentication "
                    + interBrokerDefinition.authentication() + ": Brook's brokers and operator authenticate there by cluster CA certificate");
        }
        if (superUsers != null) {
            superUsers = List.copyOf(superUsers);
            for (String user : superUsers) {
                if (user == null || !user.startsWith("User:") || user.contains(";")) {
                    throw new InvalidInputsException("super user '" + user + "' must look like User:<name> and contain no ';'");
                }
            }
        }
        if (!tls && interBrokerProtocol.equals("SSL")) {
            throw new InvalidInputsException("inter-broker listener " + interBrokerListener
                    + " is SSL but tls is not set (set tls=true: it also turns on mutual TLS to ZooKeeper)");
        }
        userConfig = Collections.unmodifiableSortedMap(userConfig == null ? new TreeMap<>() : new TreeMap<>(userConfig));
        userConfig.forEach((k, v) -> {
            if (k.isBlank() || v == null) {
                throw new InvalidInputsException("user config entry '" + k + "' has an empty key or no value");
            }
        });
    }

    /** Plaintext inputs (no internal TLS). */
    public BrokerInputs(String clusterName, String namespace, int replicas, PodAddressing addressing,
                        List<HostPort> zookeeperConnect, String zookeeperChroot, List<Listener> listeners,
                        String interBrokerListener, SortedMap<String, String> userConfig) {
        this(clusterName, namespace, replicas, addressing, zookeeperConnect, zookeeperChroot, listeners, interBrokerListener,
                userConfig, false);
    }

    /** Inputs without authorization. */
    public BrokerInputs(String clusterName, String namespace, int replicas, PodAddressing addressing,
                        List<HostPort> zookeeperConnect, String zookeeperChroot, List<Listener> listeners,
                        String interBrokerListener, SortedMap<String, String> userConfig, boolean tls) {
        this(clusterName, namespace, replicas, addressing, zookeeperConnect, zookeeperChroot, listeners, interBrokerListener,
                userConfig, tls, null);
    }

    /** These inputs with {@code userConfig} instead of the current user config. */
    public BrokerInputs withUserConfig(SortedMap<String, String> config) {
        return new BrokerInputs(clusterName, namespace, replicas, addressing, zookeeperConnect, zookeeperChroot, listeners,
                interBrokerListener, config, tls, superUsers);
    }

    /** Kafka's ACL authorizer is on ({@link #superUsers} set). */
    public boolean authorization() {
        return superUsers != null;
    }

    /** The conventional chroot of a cluster: {@code /brook/<namespace>/<cluster>}. */
    public static String defaultChroot(String namespace, String clusterName) {
        return "/brook/" + namespace + "/" + clusterName;
    }

    public PodName pod(int ordinal) {
        return PodName.of(clusterName, Role.BROKER, ordinal);
    }

    public Listener interBrokerListenerDefinition() {
        return listeners.stream().filter(l -> l.name().equals(interBrokerListener)).findFirst().orElseThrow();
    }

    /**
     * The files broker {@code pod} needs in {@link PodEnvironment#TLS_DIR}, sorted: with {@link #tls} its key store
     * ({@link TlsFiles#podKeyStore}) and {@link TlsFiles#CLUSTER_CA_BUNDLE}; for every TLS listener the key store it
     * serves ({@link Listener#keyStoreFile}). Empty for a plaintext broker. The agent refuses to start when one is missing.
     */
    public SortedSet<String> tlsFiles(PodName pod) {
        SortedSet<String> files = new TreeSet<>();
        if (tls) {
            files.add(TlsFiles.podKeyStore(pod.toString()));
            files.add(TlsFiles.CLUSTER_CA_BUNDLE);
        }
        listeners.stream().filter(Listener::usesTls).forEach(l -> files.add(l.keyStoreFile(pod)));
        if (listeners.stream().anyMatch(Listener::usesClientCertificates)) {
            files.add(TlsFiles.CLIENTS_CA_BUNDLE);
        }
        return Collections.unmodifiableSortedSet(files);
    }

    /** {@code host:port,host:port/chroot}, sorted: the broker's {@code zookeeper.connect}. */
    public String zookeeperConnectString() {
        StringBuilder out = new StringBuilder();
        for (HostPort address : zookeeperConnect) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(address);
        }
        return out.append(zookeeperChroot).toString();
    }

    /** The user config keys Brook owns, sorted; non-empty means the agent will refuse to start. */
    public List<String> ownedKeysInUserConfig() {
        return OwnedKafkaKeys.offending(userConfig.keySet());
    }

    public String render() {
        return InputsText.render("Brook broker inputs", fields());
    }

    /** SHA-256 hex of {@link #render()}: changes exactly when the inputs' meaning does. */
    public String hash() {
        return InputsText.sha256Hex(render());
    }

    /**
     * SHA-256 hex of what a running broker can only take in by restarting: {@link #render()} without the
     * {@link DynamicBrokerKeys} (applied live as cluster-wide dynamic configs) and with the broker count
     * only as far as it changes a broker's own settings ({@link BrokerDefaults#forReplicas}; the count itself
     * only bounds the ordinals of new pods). The operator puts this on the pod template, so adding a broker
     * or changing a dynamic key restarts no running broker.
     */
    public String restartHash() {
        SortedMap<String, String> out = fields();
        out.remove("replicas");
        BrokerDefaults.forReplicas(replicas).forEach((k, v) -> out.put("replica.defaults." + k, v));
        userConfig.keySet().stream().filter(DynamicBrokerKeys::isDynamic).forEach(k -> out.remove(USER_CONFIG_PREFIX + k));
        return InputsText.sha256Hex(InputsText.render("Brook broker restart inputs", out));
    }

    private SortedMap<String, String> fields() {
        SortedMap<String, String> out = new TreeMap<>();
        out.put("cluster.name", clusterName);
        out.put("cluster.namespace", namespace);
        out.put("replicas", Integer.toString(replicas));
        addressing.renderInto(out);
        out.put("zookeeper.connect", String.join(",", zookeeperConnect.stream().map(HostPort::toString).toList()));
        out.put("zookeeper.chroot", zookeeperChroot);
        listeners.forEach(l -> l.renderInto(out));
        out.put("inter.broker.listener", interBrokerListener);
        userConfig.forEach((k, v) -> out.put(USER_CONFIG_PREFIX + k, v));
        if (tls) {
            out.put("tls", "true");
        }
        if (superUsers != null) {
            out.put("authorization.super.users", String.join(";", superUsers));
        }
        return out;
    }

    public static BrokerInputs parse(String text) {
        InputFields f = new InputFields(SOURCE, InputsText.parse(text));
        String cluster = f.required("cluster.name");
        String namespace = f.required("cluster.namespace");
        int replicas = f.requiredInt("replicas");
        PodAddressing addressing = PodAddressing.readFrom(f);
        List<HostPort> connect = new ArrayList<>();
        for (String address : f.required("zookeeper.connect").split(",")) {
            connect.add(HostPort.parse(address.trim()));
        }
        String chroot = f.required("zookeeper.chroot");
        String interBroker = f.required("inter.broker.listener");
        SortedMap<String, String> userConfig = f.withPrefix(USER_CONFIG_PREFIX);
        List<Listener> listeners = readListeners(f.withPrefix("listener."));
        boolean tls = f.optionalBoolean("tls", false);
        String superUsers = f.optional("authorization.super.users");
        f.refuseUnknown();
        return new BrokerInputs(cluster, namespace, replicas, addressing, connect, chroot, listeners, interBroker, userConfig, tls,
                superUsers == null ? null : List.of(superUsers.split(";")));
    }

    private static List<Listener> readListeners(SortedMap<String, String> fields) {
        // fields: NAME.port, NAME.protocol, NAME.advertised.<ordinal>, NAME.own.certificate, NAME.authentication,
        // NAME.reauthentication.ms
        SortedMap<String, InputFields> byName = new TreeMap<>();
        SortedMap<String, SortedMap<String, String>> raw = new TreeMap<>();
        fields.forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot <= 0) {
                throw new InvalidInputsException(SOURCE + ": unknown field 'listener." + k + "'");
            }
            raw.computeIfAbsent(k.substring(0, dot), n -> new TreeMap<>()).put(k.substring(dot + 1), v);
        });
        raw.forEach((name, entries) -> byName.put(name, new InputFields(SOURCE + " listener " + name, entries)));
        List<Listener> listeners = new ArrayList<>();
        byName.forEach((name, f) -> {
            int port = f.requiredInt("port");
            String protocol = f.required("protocol");
            SortedMap<Integer, HostPort> advertised = new TreeMap<>();
            f.withPrefix("advertised.").forEach((ordinal, address) -> {
                try {
                    advertised.put(Integer.parseInt(ordinal), HostPort.parse(address.trim()));
                } catch (NumberFormatException e) {
                    throw new InvalidInputsException(SOURCE + ": listener " + name + " advertised address without ordinal: '" + ordinal + "'");
                }
            });
            boolean ownCertificate = f.optionalBoolean("own.certificate", false);
            String authentication = f.optional("authentication");
            String reauth = f.optional("reauthentication.ms");
            long reauthMs;
            try {
                reauthMs = reauth == null ? 0 : Long.parseLong(reauth.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputsException(SOURCE + ": listener " + name + " reauthentication.ms '" + reauth + "' is not a number");
            }
            f.refuseUnknown();
            listeners.add(new Listener(name, port, protocol, advertised, ownCertificate, authentication, reauthMs));
        });
        return listeners;
    }
}
