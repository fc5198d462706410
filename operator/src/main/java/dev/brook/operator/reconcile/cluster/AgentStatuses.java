package dev.brook.operator.reconcile.cluster;

import dev.brook.operator.reconcile.AgentStatusClient;

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
}
