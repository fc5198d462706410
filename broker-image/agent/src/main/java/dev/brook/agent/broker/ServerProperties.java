package dev.brook.agent.broker;

import dev.brook.contract.BrokerDefaults;
import dev.brook.contract.BrokerInputs;
import dev.brook.contract.InputsText;
import dev.brook.contract.Listener;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodName;
import dev.brook.contract.TlsFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders {@code server.properties} for one broker: Brook defaults, then the user's config, then the
 * keys Brook owns (identity, ZooKeeper, listeners, storage, rack, TLS), which always win (the agent has
 * already refused a user config that sets them).
 */
public final class ServerProperties {
    /** Kafka's ZooKeeper client socket that can speak TLS (the default NIO one cannot). */
    static final String NETTY_CLIENT_SOCKET = "org.apache.zookeeper.ClientCnxnSocketNetty";

    public static final String DEDUPE_BUFFER = "log.cleaner.dedupe.buffer.size";
    private static final long KAFKA_DEDUPE_BUFFER = 128L * 1024 * 1024;
    private static final long MIN_DEDUPE_BUFFER = 1024L * 1024;

    private ServerProperties() {
    }

    /**
     * The log cleaner's dedupe buffer for a broker with this heap: Kafka's default (128 MiB), but at most an eighth of the
     * heap. Kafka allocates it in one piece when it starts; in a small heap (256 MiB is common for local and test
     * clusters) that single 128 MiB allocation fails once the heap is fragmented, and the broker dies at start with
     * {@code OutOfMemoryError}. A smaller buffer only means the cleaner compacts in more passes. A user's own value wins.
     */
    public static long dedupeBufferFor(long maxHeapBytes) {
        return Math.max(MIN_DEDUPE_BUFFER, Math.min(KAFKA_DEDUPE_BUFFER, maxHeapBytes / 8));
    }

    /** With the default TLS directory ({@link PodEnvironment#DEFAULT_TLS_DIR}). */
    public static SortedMap<String, String> entries(BrokerInputs inputs, PodName pod, String bindAddress, Path logDir,
                                                    Optional<String> rack) {
        return entries(inputs, pod, bindAddress, logDir, rack, Path.of(PodEnvironment.DEFAULT_TLS_DIR));
    }

    public static SortedMap<String, String> entries(BrokerInputs inputs, PodName pod, String bindAddress, Path logDir,
                                                    Optional<String> rack, Path tlsDir) {
        SortedMap<String, String> props = new TreeMap<>(BrokerDefaults.forReplicas(inputs.replicas()));
        props.put(DEDUPE_BUFFER, Long.toString(dedupeBufferFor(Runtime.getRuntime().maxMemory())));
        props.putAll(inputs.userConfig());
        props.put("broker.id", Integer.toString(pod.brokerId()));
        props.put("zookeeper.connect", inputs.zookeeperConnectString());
        List<String> listeners = new ArrayList<>();
        List<String> advertised = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        for (Listener listener : inputs.listeners()) { // sorted by name
            listeners.add(listener.name() + "://" + bindAddress + ":" + listener.port());
            advertised.add(listener.name() + "://" + listener.advertisedAddress(pod, inputs.addressing()));
            protocols.add(listener.name() + ":" + listener.protocol());
            if (listener.usesTls()) {
                listenerTls(props, inputs, listener, pod, tlsDir);
            }
            if (listener.usesScram()) {
                listenerScram(props, listener);
            }
        }
        props.put("listeners", String.join(",", listeners));
        props.put("advertised.listeners", String.join(",", advertised));
        props.put("listener.security.protocol.map", String.join(",", protocols));
        props.put("inter.broker.listener.name", inputs.interBrokerListener());
        props.put("log.dirs", logDir.toString());
        rack.ifPresent(r -> props.put("broker.rack", r));
        if (inputs.tls()) {
            zookeeperTls(props, pod, tlsDir);
        }
        if (inputs.authorization()) {
            // Kafka's ACL authorizer for ZooKeeper mode: ACLs live in ZooKeeper (reached with the settings above).
            props.put("authorizer.class.name", ACL_AUTHORIZER);
            props.put("super.users", String.join(";", inputs.superUsers()));
        }
        return props;
    }

    /** Kafka's authorizer for ZooKeeper mode. */
    static final String ACL_AUTHORIZER = "kafka.security.authorizer.AclAuthorizer";

    /**
     * The principal of a client certificate is {@code User:<its CN>}, as a SCRAM user's is {@code User:<name>}: one
     * principal per user however it logs in. Only on listeners that authenticate clients by certificate: the
     * inter-broker listener keeps whole DNs (Brook's brokers and operator, super users by DN).
     */
    static final String CN_PRINCIPAL_RULES = "RULE:^CN=([^,]+)(,.*)?$/$1/,DEFAULT";

    /**
     * SCRAM-SHA-512 on one listener: the credentials live in ZooKeeper (Admin {@code alterUserScramCredentials}), the
     * JAAS entry names only the login module (a server needs no credentials of its own). With a re-authentication
     * interval a client must log in again that often, so a changed or deleted password ends its connections.
     */
    private static void listenerScram(SortedMap<String, String> props, Listener listener) {
        String prefix = "listener.name." + listener.name().toLowerCase(Locale.ROOT) + ".";
        props.put(prefix + "sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.put(prefix + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        if (listener.reauthenticationMs() > 0) {
            // Read per listener and mechanism (Kafka ignores it with the listener prefix alone).
            props.put(prefix + "scram-sha-512.connections.max.reauth.ms", Long.toString(listener.reauthenticationMs()));
        }
    }

    /**
     * A TLS listener serves its key store (the pod's, or the listener's own certificate) as PEM: an unencrypted PKCS#8
     * key followed by the chain, no passwords. The inter-broker listener requires a client certificate from the cluster
     * CA: other brokers (whose inter-broker client uses these same settings, so it presents the pod's certificate and
     * checks the peer's against the bundle and its advertised host name) and the operator. Other listeners do not
     * authenticate clients by certificate.
     *
     * <p>The operator renews a certificate without a restart: it updates the file (the mounted Secret) and then sets
     * {@code listener.name.<listener>.ssl.keystore.location} to the same path for this broker with Admin
     * {@code incrementalAlterConfigs}; Kafka then reloads the file. Kafka refuses such a reload when the new
     * certificate's subject DN or SANs differ from the old one's unless allowed: SAN changes are allowed (the SANs follow
     * the addresses a listener is advertised at, which may change), DN changes are not (the DN is the brokers' identity
     * in ZooKeeper ACLs and must never change).
     */
    private static void listenerTls(SortedMap<String, String> props, BrokerInputs inputs, Listener listener, PodName pod, Path tlsDir) {
        String prefix = "listener.name." + listener.name().toLowerCase(Locale.ROOT) + ".";
        props.put(prefix + "ssl.keystore.type", "PEM");
        props.put(prefix + "ssl.keystore.location", tlsDir.resolve(listener.keyStoreFile(pod)).toString());
        props.put(prefix + "ssl.allow.san.changes", "true");
        if (listener.name().equals(inputs.interBrokerListener())) {
            props.put(prefix + "ssl.truststore.type", "PEM");
            props.put(prefix + "ssl.truststore.location", tlsDir.resolve(TlsFiles.CLUSTER_CA_BUNDLE).toString());
            props.put(prefix + "ssl.client.auth", "required");
        } else if (listener.usesClientCertificates()) {
            props.put(prefix + "ssl.truststore.type", "PEM");
            props.put(prefix + "ssl.truststore.location", tlsDir.resolve(TlsFiles.CLIENTS_CA_BUNDLE).toString());
            props.put(prefix + "ssl.client.auth", "required");
            props.put(prefix + "ssl.principal.mapping.rules", CN_PRINCIPAL_RULES);
        } else {
            props.put(prefix + "ssl.client.auth", "none");
        }
    }

    /**
     * Brokers reach ZooKeeper over mutual TLS with the pod's key store, trusting the cluster CA (and checking that the
     * ZooKeeper certificate names the host in {@code zookeeper.connect}, Kafka's default), and put ACLs on the znodes
     * they create: full access for their own certificate's subject DN (the same on every broker), read for everyone
     * on the non-sensitive ones.
     */
    private static void zookeeperTls(SortedMap<String, String> props, PodName pod, Path tlsDir) {
        props.put("zookeeper.ssl.client.enable", "true");
        props.put("zookeeper.clientCnxnSocket", NETTY_CLIENT_SOCKET);
        props.put("zookeeper.ssl.keystore.location", tlsDir.resolve(TlsFiles.podKeyStore(pod.toString())).toString());
        props.put("zookeeper.ssl.keystore.type", "PEM");
        props.put("zookeeper.ssl.truststore.location", tlsDir.resolve(TlsFiles.CLUSTER_CA_BUNDLE).toString());
        props.put("zookeeper.ssl.truststore.type", "PEM");
        props.put("zookeeper.set.acl", "true");
    }

    public static String render(SortedMap<String, String> entries) {
        return InputsText.render("server.properties rendered by brook-agent", entries);
    }
}
