package dev.brook.operator.reconcile.cluster;

import dev.brook.local.AgentStatus;
import dev.brook.operator.reconcile.AgentStatusClient;
import java.util.Optional;

/**
 * The agents of one Cluster's pods, by pod name: asked only where a decision needs it (the leader restarts
 * last; a broker recovering its logs is never restarted).
 *
 * @param zookeeperDomain the ZooKeeper pods' DNS domain ({@code <c>-zookeeper.<ns>.svc.<cluster domain>})
 * @param brokerDomain    the broker pods' DNS domain
 */
public record AgentStatuses(AgentStatusClient client, String zookeeperDomain, String brokerDomain) {
    public boolean leading(String zookeeperPod) {
        return client.leading(zookeeperPod + "." + zookeeperDomain);
    }

    public boolean recovering(String brokerPod) {
        return client.recovering(brokerPod + "." + brokerDomain);
    }

    /** The ZooKeeper server's whole status, empty when its agent does not answer. */
    public Optional<AgentStatus> zookeeper(String zookeeperPod) {
        return client.status(zookeeperPod + "." + zookeeperDomain);
    }

    /** The broker's whole status, empty when its agent does not answer. */
    public Optional<AgentStatus> broker(String brokerPod) {
        return client.status(brokerPod + "." + brokerDomain);
    }
}
