package dev.brook.kafka;

import java.util.List;
import java.util.Set;

/** What the brokers say about the cluster's health: who is registered, who controls, what is under-replicated. */
public interface ClusterHealth {
    /** A partition whose in-sync replicas are fewer than its replicas. */
    record UnderReplicated(String topic, int partition, int inSync, int replicas) {
        @Override
        public String toString() {
            return topic + "-" + partition + " (" + inSync + "/" + replicas + " in sync)";
        }
    }

    /** Broker ids registered (alive in ZooKeeper, as the controller reports them). */
    Set<Integer> registeredBrokers();

    /** The rack each registered broker reports ({@code broker.rack}); brokers without one are absent. */
    java.util.Map<Integer, String> brokerRacks();

    /** The controller broker id, or -1 when there is none. */
    int controller();

    /** Every under-replicated partition of every topic. */
    List<UnderReplicated> underReplicatedPartitions();

    /** Every partition with its replicas, in-sync replicas and its topic's effective min.insync.replicas. */
    List<dev.brook.model.RollingRestartPlan.PartitionState> partitions();
}
