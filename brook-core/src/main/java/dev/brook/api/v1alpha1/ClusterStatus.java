package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a Cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterStatus extends BrookStatus {
    @JsonPropertyDescription("bootstrap.servers of the first internal listener (what in-cluster clients use).")
    private String bootstrapServers;
    @JsonPropertyDescription("bootstrap.servers per listener.")
    private List<ListenerStatus> listeners = new ArrayList<>();
    @JsonPropertyDescription("zookeeper.connect of the ensemble, with the cluster's chroot.")
    private String zookeeperConnect;
    @JsonPropertyDescription("Brokers that are ready and registered.")
    private Integer readyBrokers;
    @JsonPropertyDescription("ZooKeeper pods that are ready.")
    private Integer readyZookeepers;
    @JsonPropertyDescription("Each broker.")
    private List<BrokerStatus> brokers = new ArrayList<>();
    @JsonPropertyDescription("Partition moves Brook owes or runs after spec.brokers.replicas changed (see the Rebalancing condition); absent when none.")
    private RebalanceStatus rebalance;

    public String getBootstrapServers() { return bootstrapServers; }
    public void setBootstrapServers(String bootstrapServers) { this.bootstrapServers = bootstrapServers; }
    public List<ListenerStatus> getListeners() { return listeners; }
    public void setListeners(List<ListenerStatus> listeners) { this.listeners = listeners; }
    public String getZookeeperConnect() { return zookeeperConnect; }
    public void setZookeeperConnect(String zookeeperConnect) { this.zookeeperConnect = zookeeperConnect; }
    public Integer getReadyBrokers() { return readyBrokers; }
    public void setReadyBrokers(Integer readyBrokers) { this.readyBrokers = readyBrokers; }
    public Integer getReadyZookeepers() { return readyZookeepers; }
    public void setReadyZookeepers(Integer readyZookeepers) { this.readyZookeepers = readyZookeepers; }
    public List<BrokerStatus> getBrokers() { return brokers; }
    public void setBrokers(List<BrokerStatus> brokers) { this.brokers = brokers; }
    public RebalanceStatus getRebalance() { return rebalance; }
    public void setRebalance(RebalanceStatus rebalance) { this.rebalance = rebalance; }
}
