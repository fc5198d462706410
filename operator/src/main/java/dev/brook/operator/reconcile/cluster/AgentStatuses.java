package dev.brook.operator.reconcile.cluster;

import dev.brook.local.AgentStatus;
import dev.brook.operator.reconcile.AgentStatusClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents of one Cluster's pods, by pod name: asked only where a decision needs it (the leader restarts
 * last; a broker recovering its logs is never restarted). One instance per observation: a pod's whole status is asked
 * once per reconcile however many steps read it (a broker's status costs a TLS handshake per listener).
 */
public final class AgentStatuses {
    private final AgentStatusClient client;
    private final String zookeeperDomain;
    private final String brokerDomain;
    private final Map<String, Optional<AgentStatus>> statuses = new ConcurrentHashMap<>();

    /**
     * @param zookeeperDomain the ZooKeeper pods' DNS domain ({@code <c>-zookeeper.<ns>.svc.<cluster domain>})
     * @param brokerDomain    the broker pods' DNS domain
     */
    public AgentStatuses(AgentStatusClient client, String zookeeperDomain, String brokerDomain) {
        this.client = client;
        this.zookeeperDomain = zookeeperDomain;
        this.brokerDomain = brokerDomain;
    }

    public boolean leading(String zookeeperPod) {
        return client.leading(zookeeperPod + "." + zookeeperDomain);
    }

    public boolean recovering(String brokerPod) {
        return client.recovering(brokerPod + "." + brokerDomain);
    }

    /** The ZooKeeper server's whole status as this observation first read it, empty when its agent does not answer. */
    public Optional<AgentStatus> zookeeper(String zookeeperPod) {
        return statuses.computeIfAbsent(zookeeperPod + "." + zookeeperDomain, client::status);
    }

    /** The broker's whole status as this observation first read it, empty when its agent does not answer. */
    public Optional<AgentStatus> broker(String brokerPod) {
        return statuses.computeIfAbsent(brokerPod + "." + brokerDomain, client::status);
    }
}
