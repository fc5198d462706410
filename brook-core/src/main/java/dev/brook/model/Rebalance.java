package dev.brook.model;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.RebalanceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Whether Brook moves partitions now, after spec.brokers.replicas changed: onto added brokers once they are all
 * registered, off the brokers a scale-down removes before they go ({@link ReassignmentPlan} decides where). One batch of
 * moves at a time; while Kafka reports moves in progress (Brook's or anyone's) nothing new starts; when none are left
 * and the cluster-wide replication throttle is set (Brook's, for its moves), it is removed and preferred leaders are elected. What Kafka cannot tell after an operator restart (a
 * scale-up still owing its moves, the throttle to remove) lives in {@link RebalanceStatus}.
 *
 * @param action    what the step does now
 * @param status    what status.rebalance holds afterwards (null: nothing owed or running)
 * @param moves     the new replica lists ({@link Action#START} only)
 * @param condition the Rebalancing condition, or null to leave it as it is
 * @param event     one line for an Event and the log when something starts or ends, or null
 */
public record Rebalance(Action action, RebalanceStatus status, Map<String, ReassignmentPlan.Partition> moves, Condition condition,
                        String event) {
    public enum Action {
        /** Nothing to hand to Kafka now. */
        NONE,
        /** Set the throttle and hand {@link #moves()} to Kafka. */
        START,
        /** Brook's moves are done: remove the throttle and elect preferred leaders. */
        FINISH
    }

    /**
     * @param automatic     spec.brokers.rebalance.automatic
     * @param throttle      spec.brokers.rebalance.throttleBytesPerSecond
     * @param desired       spec.brokers.replicas
     * @param current       the broker StatefulSet's replicas before this reconcile
     * @param scalingUpNow  this reconcile adds brokers
     * @param view          what Kafka says (null when it could not be read: nothing is decided)
     * @param previous      status.rebalance
     * @param rolling       a rolling restart is in progress (nothing new starts during it)
     */
    public static Rebalance decide(boolean automatic, long throttle, int desired, int current, boolean scalingUpNow, KafkaClusterView view,
            RebalanceStatus previous, boolean rolling, Instant now) {
        if (view == null) {
            return none(previous, null);
        }
        if (!view.reassigning().isEmpty()) {
            return none(previous, moving(previous, view.reassigning().size()));
        }
        boolean started = previous != null && previous.getPartitions() != null;
        if (started || view.throttled()) {
            // The throttle in Kafka decides, not only the status: a status read from a stale cache must not leave it behind.
            String line = started ? previous.getGoal() + ": done, " + previous.getPartitions() + " partition(s) reassigned, "
                    + previous.getReplicasMoved() + " replica(s) moved" + copied(previous.getBytesToCopy(), "copied")
                    + " since " + previous.getStartedAt()
                    + "; throttle removed, preferred leaders elected"
                    : "no partition moves in progress: the replication throttle they left was removed, preferred leaders elected";
            return new Rebalance(Action.FINISH, started ? null : previous, Map.of(),
                    condition(Condition.FALSE, ClusterConditions.Reason.Balanced, line), line);
        }
        if (desired < current) {
            return drain(automatic, throttle, desired, current, view, rolling, now);
        }
        boolean owed = scalingUpNow || previous != null;
        if (!owed) {
            return none(null, null);
        }
        if (!automatic) {
            return none(null, condition(Condition.FALSE, ClusterConditions.Reason.Off, "spec.brokers.rebalance.automatic is false: "
                    + "existing partitions stay where they are; new topics use every broker"));
        }
        List<Integer> targets = remaining(desired);
        RebalanceStatus pending = previous != null ? previous
                : status("spread partitions onto brokers " + range(current, desired), targets, throttle);
        Set<Integer> missing = new TreeSet<>(targets);
        missing.removeAll(view.registered());
        if (!missing.isEmpty() || rolling || !view.underReplicated().isEmpty()) {
            String why = !missing.isEmpty() ? "broker(s) " + missing + " are not registered yet"
                    : rolling ? "a rolling restart is in progress" : "partitions are under-replicated";
            return none(pending, condition(Condition.TRUE, ClusterConditions.Reason.WaitingForBrokers, pending.getGoal() + ": waiting, " + why));
        }
        return start(pending, ReassignmentPlan.plan(input(view, targets)), throttle, now);
    }

    /** Moves every replica off brokers desired..current-1; the StatefulSet shrinks once they hold none. */
    private static Rebalance drain(boolean automatic, long throttle, int desired, int current, KafkaClusterView view, boolean rolling,
            Instant now) {
        if (!automatic || ScaleDownCheck.blockingPartitions(desired, view.partitions()).isEmpty()) {
            return none(null, null);
        }
        List<Integer> targets = remaining(desired);
        RebalanceStatus pending = status("empty brokers " + range(desired, current) + " before removing them", targets, throttle);
        if (rolling) {
            return none(null, condition(Condition.TRUE, ClusterConditions.Reason.WaitingForBrokers,
                    pending.getGoal() + ": waiting, a rolling restart is in progress"));
        }
        return start(pending, ReassignmentPlan.plan(input(view, targets)), throttle, now);
    }

    /** Why a scale-down cannot drain its brokers (the remaining ones cannot hold some partition), or null when it can. */
    public static String drainRefusal(int desired, KafkaClusterView view) {
        if (ScaleDownCheck.blockingPartitions(desired, view.partitions()).isEmpty()) {
            return null;
        }
        return ReassignmentPlan.plan(input(view, remaining(desired))).refusal();
    }

    private static Rebalance start(RebalanceStatus pending, ReassignmentPlan.Result plan, long throttle, Instant now) {
        if (plan.refused()) {
            return none(null, condition(Condition.FALSE, ClusterConditions.Reason.Refused, pending.getGoal() + ": " + plan.refusal()));
        }
        if (plan.nothingToDo()) {
            return none(null, condition(Condition.FALSE, ClusterConditions.Reason.Balanced, pending.getGoal() + ": already balanced, nothing moved"));
        }
        RebalanceStatus running = status(pending.getGoal(), pending.getBrokers(), throttle);
        running.setPartitions(plan.moves().size());
        running.setReplicasMoved(plan.replicasMoved());
        running.setStartedAt(now.toString());
        String line = pending.getGoal() + ": reassigning " + plan.moves().size() + " partition(s), " + plan.replicasMoved()
                + " replica(s) to copy, " + plan.leadersChanged() + " preferred leader(s) changed, throttle " + throttle + " B/s";
        return new Rebalance(Action.START, running, plan.moves(), condition(Condition.TRUE, ClusterConditions.Reason.Moving, line), line);
    }

    private static Condition moving(RebalanceStatus previous, int inProgress) {
        if (previous == null || previous.getPartitions() == null) {
            return condition(Condition.TRUE, ClusterConditions.Reason.Moving, inProgress
                    + " partition reassignment(s) in progress that Brook did not start; Brook starts no moves until they end");
        }
        int done = Math.max(0, previous.getPartitions() - inProgress);
        return condition(Condition.TRUE, ClusterConditions.Reason.Moving, previous.getGoal() + ": " + done + " of " + previous.getPartitions()
                + " partitions moved" + copied(previous.getBytesToCopy(), "to copy in all") + ", throttle "
                + previous.getThrottleBytesPerSecond() + " B/s");
    }

    /** Bytes the moves copy, given the partitions' sizes ({@code topic-partition} -> bytes) before they start. */
    public static long bytesToCopy(Map<String, ReassignmentPlan.Partition> moves, KafkaClusterView view, Map<String, Long> sizes) {
        Map<String, List<Integer>> before = new java.util.HashMap<>();
        view.partitions().forEach(p -> before.put(p.toString(), p.replicas()));
        long bytes = 0;
        for (ReassignmentPlan.Partition p : moves.values()) {
            List<Integer> old = before.getOrDefault(p.toString(), List.of());
            long added = p.replicas().stream().filter(b -> !old.contains(b)).count();
            bytes += added * sizes.getOrDefault(p.toString(), 0L);
        }
        return bytes;
    }

    private static String copied(Long bytes, String what) {
        return bytes == null ? "" : String.format(java.util.Locale.ROOT, ", %.1f MiB %s", bytes / (1024.0 * 1024.0), what);
    }

    private static ReassignmentPlan.Input input(KafkaClusterView view, List<Integer> targets) {
        Map<Integer, String> racks = new java.util.HashMap<>();
        view.registered().forEach(id -> racks.put(id, view.racks().get(id)));
        return new ReassignmentPlan.Input(racks, Set.copyOf(targets), view.partitions().stream()
                .map(p -> new ReassignmentPlan.Partition(p.topic(), p.partition(), p.replicas())).toList());
    }

    /** The brokers that hold the partitions at {@code desired} brokers: ids 0..desired-1 (a StatefulSet's ordinals). */
    private static List<Integer> remaining(int desired) {
        return IntStream.range(0, desired).boxed().toList();
    }

    private static RebalanceStatus status(String goal, List<Integer> brokers, long throttle) {
        RebalanceStatus s = new RebalanceStatus();
        s.setGoal(goal);
        s.setBrokers(List.copyOf(brokers));
        s.setThrottleBytesPerSecond(throttle);
        return s;
    }

    private static Rebalance none(RebalanceStatus status, Condition condition) {
        return new Rebalance(Action.NONE, status, Map.of(), condition, null);
    }

    private static Condition condition(String status, ClusterConditions.Reason reason, String message) {
        return new Condition(ClusterConditions.Type.Rebalancing.name(), status, reason.name(), message);
    }

    private static String range(int from, int toExclusive) {
        return IntStream.range(from, toExclusive).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }
}
