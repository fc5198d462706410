package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.RebalanceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When Brook moves partitions after spec.brokers.replicas changed, and what it says meanwhile. */
class RebalanceTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final long THROTTLE = 10_000_000L;

    /** Six partitions of RF 2 on brokers 0..2, two replicas on each broker per pair: balanced for three brokers. */
    private static List<RollingRestartPlan.PartitionState> onThree() {
        List<RollingRestartPlan.PartitionState> out = new ArrayList<>();
        int[][] replicas = {{0, 1}, {1, 2}, {2, 0}, {0, 2}, {1, 0}, {2, 1}};
        for (int p = 0; p < replicas.length; p++) {
            List<Integer> r = List.of(replicas[p][0], replicas[p][1]);
            out.add(new RollingRestartPlan.PartitionState("t", p, r, r, 1));
        }
        return out;
    }

    private static KafkaClusterView view(Set<Integer> registered, List<RollingRestartPlan.PartitionState> partitions, Set<String> moving) {
        return new KafkaClusterView(registered, Map.of(), 0, partitions, moving, false);
    }

    private static Rebalance decide(boolean automatic, int desired, int current, boolean scalingUpNow, KafkaClusterView view,
            RebalanceStatus previous, boolean rolling) {
        return Rebalance.decide(automatic, THROTTLE, desired, current, scalingUpNow, view, previous, rolling, NOW);
    }

    @Test
    void aScaleUpOwesMovesUntilTheNewBrokersAreRegisteredThenSpreadsReplicasOntoThem() {
        Rebalance waiting = decide(true, 4, 3, true, view(Set.of(0, 1, 2), onThree(), Set.of()), null, false);
        assertThat(waiting.action()).isEqualTo(Rebalance.Action.NONE);
        assertThat(waiting.status().getGoal()).isEqualTo("spread partitions onto brokers 3");
        assertThat(waiting.status().getPartitions()).as("not started").isNull();
        assertThat(waiting.condition().getReason()).isEqualTo("WaitingForBrokers");
        assertThat(waiting.condition().getMessage()).contains("[3] are not registered");

        // The next reconcile (or the next operator) finds the owed moves in status.
        Rebalance start = decide(true, 4, 4, false, view(Set.of(0, 1, 2, 3), onThree(), Set.of()), waiting.status(), false);
        assertThat(start.action()).isEqualTo(Rebalance.Action.START);
        Map<Integer, Integer> perBroker = new HashMap<>();
        Map<String, List<Integer>> after = new HashMap<>();
        onThree().forEach(p -> after.put(p.toString(), p.replicas()));
        start.moves().forEach((k, p) -> after.put(p.toString(), p.replicas()));
        after.values().forEach(r -> r.forEach(b -> perBroker.merge(b, 1, Integer::sum)));
        assertThat(perBroker).as("12 replicas over 4 brokers").containsEntry(3, 3).containsEntry(0, 3).containsEntry(1, 3).containsEntry(2, 3);
        assertThat(start.status().getPartitions()).isEqualTo(start.moves().size());
        assertThat(start.status().getReplicasMoved()).isEqualTo(3);
        assertThat(start.status().getThrottleBytesPerSecond()).isEqualTo(THROTTLE);
        assertThat(start.status().getStartedAt()).isEqualTo(NOW.toString());
        assertThat(start.condition().getReason()).isEqualTo("Moving");
        assertThat(start.event()).contains("3 replica(s) to copy").contains("throttle 10000000 B/s");
    }

    @Test
    void whileKafkaMovesPartitionsProgressIsShownAndNothingNewStarts() {
        RebalanceStatus running = decide(true, 4, 4, false, view(Set.of(0, 1, 2, 3), onThree(), Set.of()),
                decide(true, 4, 3, true, view(Set.of(0, 1, 2), onThree(), Set.of()), null, false).status(), false).status();
        Rebalance moving = decide(true, 4, 4, false, view(Set.of(0, 1, 2, 3), onThree(), Set.of("t-1")), running, false);
        assertThat(moving.action()).isEqualTo(Rebalance.Action.NONE);
        assertThat(moving.status()).isSameAs(running);
        assertThat(moving.condition().getMessage()).contains((running.getPartitions() - 1) + " of " + running.getPartitions() + " partitions moved");

        Rebalance someoneElses = decide(true, 3, 4, false, view(Set.of(0, 1, 2, 3), onThree(), Set.of("t-1", "t-2")), null, false);
        assertThat(someoneElses.action()).isEqualTo(Rebalance.Action.NONE);
        assertThat(someoneElses.condition().getMessage()).contains("2 partition reassignment(s) in progress that Brook did not start");

        Rebalance done = decide(true, 4, 4, false, view(Set.of(0, 1, 2, 3), onThree(), Set.of()), running, false);
        assertThat(done.action()).isEqualTo(Rebalance.Action.FINISH);
        assertThat(done.status()).isNull();
        assertThat(done.condition().getReason()).isEqualTo("Balanced");
        assertThat(done.condition().getMessage()).contains("throttle removed");
    }

    @Test
    void aScaleDownEmptiesTheLeavingBrokersOrSaysWhyItCannot() {
        List<RollingRestartPlan.PartitionState> onFour = new ArrayList<>(onThree());
        onFour.add(new RollingRestartPlan.PartitionState("t", 6, List.of(3, 0), List.of(3, 0), 1));
        onFour.add(new RollingRestartPlan.PartitionState("t", 7, List.of(1, 3), List.of(1, 3), 1));
        KafkaClusterView four = view(Set.of(0, 1, 2, 3), onFour, Set.of());
        Rebalance drain = decide(true, 3, 4, false, four, null, false);
        assertThat(drain.action()).isEqualTo(Rebalance.Action.START);
        assertThat(drain.status().getGoal()).isEqualTo("empty brokers 3 before removing them");
        assertThat(drain.moves().values()).allMatch(p -> !p.replicas().contains(3)).extracting(Object::toString).contains("t-6", "t-7");
        assertThat(Rebalance.drainRefusal(3, four)).isNull();

        List<RollingRestartPlan.PartitionState> wide = new ArrayList<>(onFour);
        wide.add(new RollingRestartPlan.PartitionState("wide", 0, List.of(0, 1, 2, 3), List.of(0, 1, 2, 3), 1));
        KafkaClusterView cannot = view(Set.of(0, 1, 2, 3), wide, Set.of());
        Rebalance refused = decide(true, 3, 4, false, cannot, null, false);
        assertThat(refused.action()).isEqualTo(Rebalance.Action.NONE);
        assertThat(refused.condition().getReason()).isEqualTo("Refused");
        assertThat(Rebalance.drainRefusal(3, cannot)).contains("wide (replication factor 4)");

        assertThat(decide(true, 3, 4, false, four, null, true).action()).as("not during a roll").isEqualTo(Rebalance.Action.NONE);
        assertThat(decide(false, 3, 4, false, four, null, false).action()).as("switched off").isEqualTo(Rebalance.Action.NONE);
        assertThat(decide(true, 3, 4, false, view(Set.of(0, 1, 2, 3), onThree(), Set.of()), null, false).action())
                .as("nothing on the leaving broker: the StatefulSet just shrinks").isEqualTo(Rebalance.Action.NONE);
    }

    @Test
    void switchedOffOrAlreadyBalancedOrKafkaUnreadableMovesNothing() {
        Rebalance off = decide(false, 4, 3, true, view(Set.of(0, 1, 2), onThree(), Set.of()), null, false);
        assertThat(off.action()).isEqualTo(Rebalance.Action.NONE);
        assertThat(off.status()).isNull();
        assertThat(off.condition().getReason()).isEqualTo("Off");

        RebalanceStatus owed = decide(true, 3, 2, true, view(Set.of(0, 1), onThree(), Set.of()), null, false).status();
        Rebalance balanced = decide(true, 3, 3, false, view(Set.of(0, 1, 2), onThree(), Set.of()), owed, false);
        assertThat(balanced.action()).isEqualTo(Rebalance.Action.NONE);
        assertThat(balanced.status()).as("nothing owed any more").isNull();
        assertThat(balanced.condition().getReason()).isEqualTo("Balanced");

        Rebalance unknown = decide(true, 4, 4, false, null, owed, false);
        assertThat(unknown.status()).isSameAs(owed);
        assertThat(unknown.condition()).isNull();

        Rebalance nothing = decide(true, 3, 3, false, view(Set.of(0, 1, 2), onThree(), Set.of()), null, false);
        assertThat(nothing.action()).isEqualTo(Rebalance.Action.NONE);
        assertThat(nothing.status()).isNull();
        assertThat(nothing.condition()).isNull();
    }

    @Test
    void aThrottleLeftInKafkaIsRemovedOnceNothingMovesWhateverTheStatusSays() {
        KafkaClusterView throttled = new KafkaClusterView(Set.of(0, 1, 2), Map.of(), 0, onThree(), Set.of(), true);
        Rebalance cleanUp = decide(true, 3, 3, false, throttled, null, false);
        assertThat(cleanUp.action()).isEqualTo(Rebalance.Action.FINISH);
        assertThat(cleanUp.condition().getMessage()).contains("throttle they left was removed");

        KafkaClusterView stillMoving = new KafkaClusterView(Set.of(0, 1, 2), Map.of(), 0, onThree(), Set.of("t-0"), true);
        assertThat(decide(true, 3, 3, false, stillMoving, null, false).action()).isEqualTo(Rebalance.Action.NONE);
    }

    @Test
    void bytesToCopyCountEachReplicaAPartitionGains() {
        KafkaClusterView before = view(Set.of(0, 1, 2, 3), onThree(), Set.of());
        Map<String, ReassignmentPlan.Partition> moves = Map.of(
                "t-0", new ReassignmentPlan.Partition("t", 0, List.of(3, 1)),      // gains 3
                "t-1", new ReassignmentPlan.Partition("t", 1, List.of(2, 1)),      // leaders swapped: copies nothing
                "t-2", new ReassignmentPlan.Partition("t", 2, List.of(3, 1)));     // gains 3 and 1
        assertThat(Rebalance.bytesToCopy(moves, before, Map.of("t-0", 100L, "t-1", 1_000L, "t-2", 10L))).isEqualTo(100 + 2 * 10);

        RebalanceStatus running = new RebalanceStatus();
        running.setGoal("spread partitions onto brokers 3");
        running.setPartitions(3);
        running.setReplicasMoved(3);
        running.setThrottleBytesPerSecond(THROTTLE);
        running.setStartedAt(NOW.toString());
        running.setBytesToCopy(3L * 1024 * 1024);
        assertThat(decide(true, 4, 4, false, view(Set.of(0, 1, 2, 3), onThree(), Set.of("t-0")), running, false)
                .condition().getMessage()).contains("2 of 3 partitions moved, 3.0 MiB to copy in all");
        assertThat(decide(true, 4, 4, false, before, running, false).condition().getMessage()).contains("3.0 MiB copied");
    }
}
