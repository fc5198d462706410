package dev.brook.agent.zookeeper;

import dev.brook.contract.InputsText;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodName;
import dev.brook.contract.ZookeeperInputs;

import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/** Renders {@code zoo.cfg} for one peer: the whole ensemble from the inputs plus this pod's bind address and data dir. */
public final class ZooCfg {
    private ZooCfg() {
    }

    public static SortedMap<String, String> entries(ZookeeperInputs inputs, String bindAddress, Path dataDir) {
        SortedMap<String, String> cfg = new TreeMap<>();
        cfg.put("tickTime", Integer.toString(inputs.tickTimeMs()));
        cfg.put("initLimit", Integer.toString(inputs.initLimit()));
        cfg.put("syncLimit", Integer.toString(inputs.syncLimit()));
        cfg.put("dataDir", dataDir.toString());
        cfg.put("clientPort", Integer.toString(inputs.clientPort()));
        cfg.put("clientPortAddress", bindAddress);
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

    public static String render(ZookeeperInputs inputs, String bindAddress, Path dataDir) {
        return InputsText.render("zoo.cfg rendered by brook-agent", entries(inputs, bindAddress, dataDir));
    }
}
