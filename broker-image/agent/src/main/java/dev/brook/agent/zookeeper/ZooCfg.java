package dev.brook.agent.zookeeper;

import dev.brook.contract.InputsText;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodName;
import dev.brook.contract.TlsFiles;
import dev.brook.contract.ZookeeperInputs;

import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders {@code zoo.cfg} for one peer: the whole ensemble from the inputs plus this pod's bind address, data dir and,
 * with TLS, its files in the TLS directory.
 */
public final class ZooCfg {
    /** The x509 authentication provider: names a TLS client by its certificate's subject DN (for znode ACLs). */
    static final String X509_PROVIDER = "org.apache.zookeeper.server.auth.X509AuthenticationProvider";
    /** The server connection factory that can serve TLS (the default NIO one cannot). */
    static final String NETTY_FACTORY = "org.apache.zookeeper.server.NettyServerCnxnFactory";

    private ZooCfg() {
    }

    /** Plaintext ensembles only (nothing then depends on the pod); see {@link #entries(ZookeeperInputs, PodName, String, Path, Path)}. */
    public static SortedMap<String, String> entries(ZookeeperInputs inputs, String bindAddress, Path dataDir) {
        if (inputs.tls()) {
            throw new IllegalArgumentException("TLS inputs render per pod: give the pod and the TLS directory");
        }
        return entries(inputs, inputs.pod(0), bindAddress, dataDir, Path.of(PodEnvironment.DEFAULT_TLS_DIR));
    }

    public static SortedMap<String, String> entries(ZookeeperInputs inputs, PodName pod, String bindAddress, Path dataDir, Path tlsDir) {
        SortedMap<String, String> cfg = new TreeMap<>();
        cfg.put("tickTime", Integer.toString(inputs.tickTimeMs()));
        cfg.put("initLimit", Integer.toString(inputs.initLimit()));
        cfg.put("syncLimit", Integer.toString(inputs.syncLimit()));
        cfg.put("dataDir", dataDir.toString());
        if (inputs.tls()) {
            tls(cfg, inputs, pod, bindAddress, tlsDir);
        } else {
            cfg.put("clientPort", Integer.toString(inputs.clientPort()));
            cfg.put("clientPortAddress", bindAddress);
        }
        // Listening on all IPs is right in a pod (own name may not resolve yet); on a shared host each
        // peer must bind only the address its server.N entry resolves to.
        cfg.put("quorumListenOnAllIPs", Boolean.toString(PodEnvironment.DEFAULT_BIND_ADDRESS.equals(bindAddress)));
        // The AdminServer would bind 0.0.0.0:8080 on every peer; the agent serves health itself.
        cfg.put("admin.enableServer", "false");
        cfg.put("4lw.commands.whitelist", "mntr,ruok,srvr");
        // A one-server "ensemble" still runs as a quorum peer, so scaling 1 -> 3 keeps the same code path.
        cfg.put("standaloneEnabled", "false");
        cfg.put("reconfigEnabled", "false");
        cfg.put("autopurge.purgeInterval", "1");
        cfg.put("autopurge.snapRetainCount", "3");
        cfg.put("metricsProvider.className", ZookeeperPrometheusMetrics.class.getName());
        for (int ordinal = 0; ordinal < inputs.replicas(); ordinal++) {
            PodName peer = inputs.pod(ordinal);
            cfg.put("server." + peer.zookeeperServerId(),
                    inputs.addressing().host(peer) + ":" + inputs.peerPort() + ":" + inputs.electionPort());
        }
        return cfg;
    }

    /**
     * Clients only on the TLS port (no {@code clientPort}, so no plaintext port exists), the quorum over TLS, and a
     * certificate from the cluster CA required from every client and peer. ZooKeeper passes the {@code ssl.*} and
     * {@code authProvider.*} lines on as {@code zookeeper.*} system properties of this JVM, which runs nothing else.
     */
    private static void tls(SortedMap<String, String> cfg, ZookeeperInputs inputs, PodName pod, String bindAddress, Path tlsDir) {
        String keyStore = tlsDir.resolve(TlsFiles.podKeyStore(pod.toString())).toString();
        String trustStore = tlsDir.resolve(TlsFiles.CLUSTER_CA_BUNDLE).toString();
        cfg.put("secureClientPort", Integer.toString(inputs.clientPort()));
        cfg.put("secureClientPortAddress", bindAddress);
        cfg.put("serverCnxnFactory", NETTY_FACTORY);
        cfg.put("portUnification", "false");
        cfg.put("sslQuorum", "true");
        cfg.put("authProvider.x509", X509_PROVIDER);
        // Client port and quorum: the pod's key store (PEM: unencrypted PKCS#8 key + chain, no password) and the
        // cluster CA bundle; a client or peer without a certificate from it is refused.
        for (String prefix : new String[] {"ssl.", "ssl.quorum."}) {
            cfg.put(prefix + "keyStore.location", keyStore);
            cfg.put(prefix + "keyStore.type", "PEM");
            cfg.put(prefix + "trustStore.location", trustStore);
            cfg.put(prefix + "trustStore.type", "PEM");
            cfg.put(prefix + "clientAuth", "need");
            // Host names are not checked. On the quorum one switch covers both ends, and the accepting peer checks the
            // dialling one by resolving its IP back to a name: pods have no reliable reverse DNS, and a local pod's
            // connections come from 127.0.0.1 ("localhost"). On the client port ZooKeeper 3.8 never checks clients'
            // names (the switch only matters to clients). The trust is Brook's private cluster CA, which signs only this
            // cluster's pods and clients. The certificates still carry the pods' DNS names as SANs: brokers and the
            // agent, which connect by name, check them.
            cfg.put(prefix + "hostnameVerification", "false");
        }
    }

    public static String render(ZookeeperInputs inputs, String bindAddress, Path dataDir) {
        return InputsText.render("zoo.cfg rendered by brook-agent", entries(inputs, bindAddress, dataDir));
    }

    public static String render(ZookeeperInputs inputs, PodName pod, String bindAddress, Path dataDir, Path tlsDir) {
        return InputsText.render("zoo.cfg rendered by brook-agent", entries(inputs, pod, bindAddress, dataDir, tlsDir));
    }
}
