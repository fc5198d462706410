package dev.brook.model;

import java.util.List;

/**
 * How many brokers to run now, from the spec's count and the StatefulSet's: adding brokers is always fine;
 * removing them deletes pods {@code desired..current-1} with their data, so it waits until those brokers
 * hold no partition replica ({@link ScaleDownCheck}), and also when the partitions cannot be read.
 *
 * @param replicas the broker StatefulSet's replicas to apply
 * @param blocked  why a scale-down waits (the Ready condition's message), or null
 * @param change   what changes now, for one log line and Event ({@code brokers 3 -> 4}), or null
 * @param scalingUp true when {@code change} adds brokers
 */
public record BrokerScaling(int replicas, String blocked, String change, boolean scalingUp) {

    /**
     * @param desired    spec.brokers.replicas
     * @param current    the live StatefulSet's replicas (0 when it does not exist yet)
     * @param partitions the brokers' partitions, or null when they could not be read
     * @param readError  why they could not be read (with {@code partitions == null})
     */
    public static BrokerScaling decide(int desired, int current, List<RollingRestartPlan.PartitionState> partitions, String readError) {
        return decide(desired, current, partitions, readError, false, null);
    }

    /**
     * @param draining    Brook moves the replicas off the leaving brokers itself (spec.brokers.rebalance.automatic)
     * @param drainRefusal why the remaining brokers cannot hold the replicas, or null
     */
    public static BrokerScaling decide(int desired, int current, List<RollingRestartPlan.PartitionState> partitions, String readError,
            boolean draining, String drainRefusal) {
        if (desired < current) {
            if (partitions == null) {
                return new BrokerScaling(current, "spec.brokers.replicas " + desired + " would remove brokers, but the partitions on them "
                        + "could not be read (" + readError + "); the cluster stays at " + current + " brokers", null, false);
            }
            List<String> blocking = ScaleDownCheck.blockingPartitions(desired, partitions);
            if (!blocking.isEmpty()) {
                String why = !draining ? ScaleDownCheck.message(current, desired, blocking)
                        : drainRefusal != null ? ScaleDownCheck.cannotDrain(current, desired, drainRefusal)
                        : ScaleDownCheck.draining(current, desired, blocking);
                return new BrokerScaling(current, why, null, false);
            }
            return new BrokerScaling(desired, null, "brokers " + current + " -> " + desired, false);
        }
        if (current > 0 && desired > current) {
            return new BrokerScaling(desired, null, "brokers " + current + " -> " + desired, true);
        }
        return new BrokerScaling(desired, null, null, false);
    }
}
