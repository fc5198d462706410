package dev.brook.model;

import dev.brook.api.v1alpha1.Condition;
import java.util.List;

/**
 * The whole rolling restart of a Cluster, one decision per reconcile: ZooKeeper first ({@link ZookeeperRollPlan}),
 * then nothing while the ensemble is being resized (the brokers' server list changes with every step, so they
 * restart once, after the last one), then the brokers ({@link RollingRestartPlan}). A roll in progress (the
 * {@code RollingRestart} condition is True) ends only when every restarted pod is ready again and, for brokers,
 * every partition is back in sync: a plan that finds nothing outdated is not yet the end of the roll.
 *
 * @param zookeeperHash the ZooKeeper StatefulSet's template hash
 * @param zookeepers    the ZooKeeper pods as observed
 * @param resizeStep    the ZooKeeper resize step under way, or null
 * @param brokers       the brokers' input (hash, pods, controller, partitions, recovering)
 * @param rolling       a roll was in progress at the last reconcile
 */
public record ClusterRoll(String zookeeperHash, List<ZookeeperRollPlan.ZookeeperPod> zookeepers, String resizeStep,
                          RollingRestartPlan.Input brokers, boolean rolling) {

    public RollingRestartPlan.Decision next() {
        RollingRestartPlan.Decision zookeeper = ZookeeperRollPlan.next(zookeeperHash, zookeepers);
        if (zookeeper.kind() != RollingRestartPlan.Kind.DONE) {
            return zookeeper;
        }
        if (rolling) {
            List<String> notBack = zookeepers.stream().filter(p -> !p.ready()).map(ZookeeperRollPlan.ZookeeperPod::name).toList();
            if (!notBack.isEmpty()) {
                return RollingRestartPlan.Decision.waitFor("waiting for ZooKeeper " + String.join(", ", notBack) + " to be ready again");
            }
        }
        if (resizeStep != null) {
            return RollingRestartPlan.Decision.waitFor("ZooKeeper is being resized (" + resizeStep
                    + "); brokers restart once, with the final server list");
        }
        RollingRestartPlan.Decision decision = RollingRestartPlan.next(brokers);
        if (decision.kind() == RollingRestartPlan.Kind.DONE && rolling) {
            List<String> notBack = brokers.pods().stream().filter(p -> !p.ready()).map(RollingRestartPlan.BrokerPod::name).toList();
            if (!notBack.isEmpty()) {
                return RollingRestartPlan.Decision.waitFor("every pod runs the current configuration; waiting for "
                        + String.join(", ", notBack) + " to be ready again");
            }
            List<String> lagging = brokers.partitions() == null ? List.of()
                    : brokers.partitions().stream().filter(RollingRestartPlan.PartitionState::underReplicated).map(Object::toString).toList();
            if (!lagging.isEmpty()) {
                return RollingRestartPlan.Decision.waitFor("every pod runs the current configuration; the last restarted broker is "
                        + "catching up: " + shortList(lagging));
            }
            List<RollingRestartPlan.PartitionState> leaders = RollingRestartPlan.leadersToRestore(brokers);
            if (!leaders.isEmpty()) {
                return RollingRestartPlan.Decision.elect("every pod runs the current configuration; "
                        + RollingRestartPlan.restoring(leaders, "the roll ends"), leaders);
            }
        }
        return decision;
    }

    /** The same roll with leadership left as it is: once Brook has given it back (or Kafka refused), the roll goes on. */
    public ClusterRoll withoutLeaderRestore() {
        return new ClusterRoll(zookeeperHash, zookeepers, resizeStep, brokers.withoutLeaderRestore(), rolling);
    }

    /** Outdated pods of the component the decision is about (for the log line of a restart). */
    public int outdatedBefore(RollingRestartPlan.Decision decision) {
        if (decision.pod() != null && zookeepers.stream().anyMatch(p -> p.name().equals(decision.pod()))) {
            return (int) zookeepers.stream().filter(p -> p.outdated(zookeeperHash)).count();
        }
        return RollingRestartPlan.outdated(brokers.desiredHash(), brokers.pods());
    }

    /**
     * The {@code RollingRestart} condition for a decision, or null when there is none to show (nothing was ever
     * rolled and nothing is outdated).
     */
    public static Condition condition(RollingRestartPlan.Decision roll, boolean present) {
        String type = ClusterConditions.Type.RollingRestart.name();
        if (roll.kind() == RollingRestartPlan.Kind.DONE) {
            return present ? new Condition(type, Condition.FALSE, ClusterConditions.Reason.UpToDate.name(), roll.reason()) : null;
        }
        ClusterConditions.Reason reason = switch (roll.kind()) {
            case RESTART -> ClusterConditions.Reason.Restarting;
            case POSTPONE -> ClusterConditions.Reason.Postponed;
            default -> ClusterConditions.Reason.Waiting;
        };
        String message = roll.kind() == RollingRestartPlan.Kind.RESTART ? "restarting " + String.join(", ", roll.pods()) + ": " + roll.reason()
                : roll.kind() == RollingRestartPlan.Kind.POSTPONE ? roll.reason() + "; blocking: " + shortList(roll.blocking())
                        + "; retried with back-off"
                : roll.blocking().isEmpty() ? roll.reason() : roll.reason() + ": " + shortList(roll.blocking());
        return new Condition(type, Condition.TRUE, reason.name(), message);
    }

    /** The first ten items and how many more: a condition message must stay readable. */
    public static String shortList(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(10, items.size())));
        return items.size() > 10 ? shown + " and " + (items.size() - 10) + " more" : shown;
    }
}
