package dev.brook.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the brokers say about the cluster, read once per reconcile: who is registered (alive in ZooKeeper),
 * each broker's rack, the controller, and every partition with its replicas, in-sync replicas and its topic's
 * effective {@code min.insync.replicas}, and the partitions whose reassignment is in progress.
 *
 * @param controller  the controller's broker id, or -1 when there is none
 * @param partitions  every partition; while one is reassigned its replicas are those Kafka counts (the replicas being
 *                    added are left out until the move completes, as Kafka's under-replicated count does)
 * @param reassigning partitions being reassigned now ({@code topic-partition}), by anyone
 * @param throttled   a cluster-wide replication rate limit is set (what Brook sets for its moves)
 */
public record KafkaClusterView(Set<Integer> registered, Map<Integer, String> racks, int controller,
                               List<RollingRestartPlan.PartitionState> partitions, Set<String> reassigning, boolean throttled) {
    public KafkaClusterView {
        registered = Set.copyOf(registered);
        racks = Map.copyOf(racks);
        partitions = List.copyOf(partitions);
        reassigning = Set.copyOf(reassigning);
    }

    /** Under-replicated partitions, as {@code topic-partition (isr/replicas in sync)}. */
    public List<String> underReplicated() {
        return partitions.stream().filter(RollingRestartPlan.PartitionState::underReplicated)
                .map(p -> p + " (" + p.isr().size() + "/" + p.replicas().size() + " in sync)").toList();
    }
}
