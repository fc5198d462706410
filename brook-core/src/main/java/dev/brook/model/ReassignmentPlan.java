package dev.brook.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Where partitions' replicas should live after brokers are added or before brokers are removed: a pure
 * planner for Kafka's {@code alterPartitionReassignments}. Given the brokers (with their racks), the current
 * replicas of every partition (the first replica is the preferred leader) and the brokers that will remain,
 * it computes new replica lists that
 * <ul>
 *   <li>move every replica off the brokers that will go;</li>
 *   <li>spread replicas evenly (each remaining broker within one of the mean), moving as few as possible;</li>
 *   <li>keep a partition's replicas on distinct brokers and, with racks, never put two on one rack where the
 *       partition had them apart (a move never makes its rack spread worse);</li>
 *   <li>spread preferred leaders evenly by reordering replicas, which moves no data;</li>
 *   <li>never change a partition's replica count.</li>
 * </ul>
 * Refused (nothing planned) when the remaining brokers cannot hold a partition: its replication factor is
 * larger than the number of brokers that remain. Deterministic: the same input gives the same plan.
 */
public final class ReassignmentPlan {
    /** One partition: replicas in order (the first is the preferred leader). */
    public record Partition(String topic, int partition, List<Integer> replicas) {
        public Partition {
            replicas = List.copyOf(replicas);
        }

        @Override
        public String toString() {
            return topic + "-" + partition;
        }
    }

    /** The input: every broker now (id -> rack, null rack when racks are not used) and the brokers that remain. */
    public record Input(Map<Integer, String> brokerRacks, Set<Integer> remaining, List<Partition> partitions) {
        public Input {
            brokerRacks = Map.copyOf(brokerRacks.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            remaining = Set.copyOf(remaining);
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * The plan: new replica lists of the partitions that change, the number of replicas that move to another
     * broker (data copied), and the number of partitions whose preferred leader changes; or a refusal.
     */
    public record Result(Map<String, Partition> moves, int replicasMoved, int leadersChanged, String refusal) {
        public boolean refused() {
            return refusal != null;
        }

        public boolean nothingToDo() {
            return refusal == null && moves.isEmpty();
        }
    }

    private ReassignmentPlan() {
    }

    public static Result plan(Input in) {
        List<Integer> targets = new ArrayList<>(new TreeSet<>(in.remaining()));
        if (targets.isEmpty()) {
            return refusal("no broker would remain");
        }
        List<String> tooLarge = in.partitions().stream().filter(p -> p.replicas().size() > targets.size())
                .map(p -> p.topic() + " (replication factor " + p.replicas().size() + ")").distinct().toList();
        if (!tooLarge.isEmpty()) {
            return refusal(targets.size() + " broker(s) would remain, fewer than the replicas of " + String.join(", ", tooLarge)
                    + "; lower the topics' replication factor or keep more brokers");
        }
        Map<String, List<Integer>> assignment = new LinkedHashMap<>();
        in.partitions().stream().sorted(Comparator.comparing(Partition::topic).thenComparingInt(Partition::partition))
                .forEach(p -> assignment.put(p.toString(), new ArrayList<>(p.replicas())));
        Placement placement = new Placement(targets, in.brokerRacks(), assignment);
        placement.evacuate();
        placement.balanceReplicas();
        placement.balanceLeaders();

        Map<String, Partition> moves = new TreeMap<>();
        int moved = 0;
        int leaders = 0;
        for (Partition p : in.partitions()) {
            List<Integer> after = assignment.get(p.toString());
            if (!after.equals(p.replicas())) {
                moves.put(p.toString(), new Partition(p.topic(), p.partition(), after));
                moved += (int) after.stream().filter(b -> !p.replicas().contains(b)).count();
                if (!Objects.equals(after.get(0), p.replicas().get(0))) {
                    leaders++;
                }
            }
        }
        return new Result(moves, moved, leaders, null);
    }

    private static Result refusal(String why) {
        return new Result(Map.of(), 0, 0, why);
    }

    /** The working assignment and the per-broker counts, kept in step. */
    private static final class Placement {
        private final List<Integer> targets;
        private final Map<Integer, String> racks;
        private final Map<String, List<Integer>> assignment;
        private final Map<Integer, Integer> replicaCount = new HashMap<>();
        private final Map<Integer, Integer> leaderCount = new HashMap<>();

        Placement(List<Integer> targets, Map<Integer, String> racks, Map<String, List<Integer>> assignment) {
            this.targets = targets;
            this.racks = racks;
            this.assignment = assignment;
            targets.forEach(b -> {
                replicaCount.put(b, 0);
                leaderCount.put(b, 0);
            });
            assignment.values().forEach(replicas -> {
                replicas.forEach(b -> replicaCount.merge(b, 1, Integer::sum));
                leaderCount.merge(replicas.get(0), 1, Integer::sum);
            });
        }

        /** Every replica on a broker that goes moves, in place, to the least loaded broker that keeps the partition's spread. */
        void evacuate() {
            for (List<Integer> replicas : assignment.values()) {
                for (int i = 0; i < replicas.size(); i++) {
                    int from = replicas.get(i);
                    if (targets.contains(from)) {
                        continue;
                    }
                    Integer to = targets.stream().filter(b -> !replicas.contains(b))
                            .min(Comparator.comparingInt((Integer b) -> rackUses(replicas, from, b))
                                    .thenComparingInt(replicaCount::get).thenComparingInt(b -> b))
                            .orElseThrow(); // the replication factor check leaves a free broker
                    move(replicas, i, to);
                }
            }
        }

        /** Moves replicas from the most to the least loaded brokers until every broker is within one of the others. */
        void balanceReplicas() {
            balance(replicaCount, this::moveOneReplica);
        }

        /** Reorders replicas (no data moves) until preferred leaders are within one per broker. */
        void balanceLeaders() {
            balance(leaderCount, this::swapOneLeader);
        }

        /**
         * Takes one unit from the broker with the highest count to the one with the lowest it can go to, until every
         * broker is within one of the others or no step is possible; {@code step} makes one move (from, to) and keeps
         * {@code counts} in step, or says it found none. Each step lowers the spread, so the loop ends.
         */
        private void balance(Map<Integer, Integer> counts, BiPredicate<Integer, Integer> step) {
            while (true) {
                Integer most = targets.stream().max(Comparator.comparingInt((Integer b) -> counts.get(b)).thenComparingInt(b -> -b)).orElseThrow();
                List<Integer> receivers = targets.stream().sorted(Comparator.comparingInt((Integer b) -> counts.get(b)).thenComparingInt(b -> b)).toList();
                boolean moved = false;
                for (Integer least : receivers) {
                    if (counts.get(most) - counts.get(least) <= 1) {
                        break;
                    }
                    if (step.test(most, least)) {
                        moved = true;
                        break;
                    }
                }
                if (!moved) {
                    return;
                }
            }
        }

        /** A replica of {@code from} that can go to {@code to} without worsening its partition's rack spread; followers first. */
        private boolean moveOneReplica(int from, int to) {
            for (int pass = 0; pass < 2; pass++) {
                for (List<Integer> replicas : assignment.values()) {
                    int i = replicas.indexOf(from);
                    // First pass: followers only, so preferred leaders stay where they are when possible.
                    if (i < 0 || replicas.contains(to) || (pass == 0 && i == 0)) {
                        continue;
                    }
                    if (rackUses(replicas, from, to) > rackUses(replicas, from, from)) {
                        continue;
                    }
                    move(replicas, i, to);
                    return true;
                }
            }
            return false;
        }

        /** Makes {@code to} the preferred leader of a partition {@code from} leads and {@code to} follows. */
        private boolean swapOneLeader(int from, int to) {
            for (List<Integer> replicas : assignment.values()) {
                int i = replicas.indexOf(to);
                if (replicas.get(0) == from && i > 0) {
                    replicas.set(i, from);
                    replicas.set(0, to);
                    leaderCount.merge(from, -1, Integer::sum);
                    leaderCount.merge(to, 1, Integer::sum);
                    return true;
                }
            }
            return false;
        }

        private void move(List<Integer> replicas, int index, int to) {
            int from = replicas.get(index);
            replicas.set(index, to);
            replicaCount.merge(from, -1, Integer::sum);
            replicaCount.merge(to, 1, Integer::sum);
            if (index == 0) {
                leaderCount.merge(from, -1, Integer::sum);
                leaderCount.merge(to, 1, Integer::sum);
            }
        }

        /** How many of the partition's other replicas (all but {@code replaced}) share {@code candidate}'s rack. */
        private int rackUses(List<Integer> replicas, int replaced, int candidate) {
            String rack = racks.get(candidate);
            if (rack == null) {
                return 0;
            }
            Set<Integer> others = new HashSet<>(replicas);
            others.remove(replaced);
            others.remove(candidate);
            return (int) others.stream().filter(b -> rack.equals(racks.get(b))).count();
        }
    }
}
