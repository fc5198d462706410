package dev.brook.model;

import java.util.List;

/**
 * Whether brokers may be removed: scaling from {@code current} to {@code desired} brokers deletes
 * the pods with ids {@code desired..current-1}; any partition with a replica on them would lose that
 * replica (and its data). Those partitions block the scale-down until they are moved away.
 */
public final class ScaleDownCheck {
    private ScaleDownCheck() {
    }

    public static List<String> blockingPartitions(int desired, List<RollingRestartPlan.PartitionState> partitions) {
        return partitions.stream().filter(p -> p.replicas().stream().anyMatch(id -> id >= desired))
                .map(p -> p + " (replicas " + p.replicas() + ")").toList();
    }

    public static String message(int current, int desired, List<String> blocking) {
        String shown = String.join(", ", blocking.subList(0, Math.min(10, blocking.size())))
                + (blocking.size() > 10 ? " and " + (blocking.size() - 10) + " more" : "");
        return "spec.brokers.replicas " + desired + " would remove broker(s) " + desired + ".." + (current - 1)
                + ", which still hold " + blocking.size() + " partition replica(s): " + shown
                + ". Move them first (kafka-reassign-partitions.sh onto brokers 0.." + (desired - 1)
                + "); the cluster stays at " + current + " brokers until then";
    }

    /** While Brook empties the brokers itself (spec.brokers.rebalance.automatic). */
    public static String draining(int current, int desired, List<String> blocking) {
        return "broker(s) " + desired + ".." + (current - 1) + " are being emptied before they are removed: " + blocking.size()
                + " partition replica(s) still on them (the Rebalancing condition shows the moves); the cluster stays at "
                + current + " brokers until then";
    }

    /** When the remaining brokers cannot hold every partition: nothing moves, nothing is removed. */
    public static String cannotDrain(int current, int desired, String why) {
        return "spec.brokers.replicas " + desired + " would remove broker(s) " + desired + ".." + (current - 1) + ", but " + why
                + "; nothing is moved and the cluster stays at " + current + " brokers: lower those topics' replication factor "
                + "or keep " + current + " brokers";
    }
}
