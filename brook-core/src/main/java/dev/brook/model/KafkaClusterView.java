package dev.brook.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the brokers say about the cluster, read once per reconcile: who is registered (alive in ZooKeeper),
 * each broker's rack, the controller, and every partition with its replicas, in-sync replicas and its topic's
 * effective {@code min.insync.replicas}.
 *
 * @param controller the controller's broker id, or -1 when there is none
 */
public record KafkaClusterView(Set<Integer> registered, Map<Integer, String> racks, int controller,
                               List<RollingRestartPlan.PartitionState> partitions) {
    public KafkaClusterView {
        registered = Set.copyOf(registered);
        racks = Map.copyOf(racks);
        partitions = List.copyOf(partitions);
    }

    /** Under-replicated partitions, as {@code topic-partition (isr/replicas in sync)}. */
    public List<String> underReplicated() {
        return partitions.stream().filter(RollingRestartPlan.PartitionState::underReplicated)
                .map(p -> p + " (" + p.isr().size() + "/" + p.replicas().size() + " in sync)").toList();
    }
}
