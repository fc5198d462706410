package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.model.ReassignmentPlan.Input;
import dev.brook.model.ReassignmentPlan.Partition;
import dev.brook.model.ReassignmentPlan.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReassignmentPlanTest {

    /** Partitions placed round-robin on brokers 0..brokers-1, as Kafka places a new topic without racks. */
    private static List<Partition> roundRobin(String topic, int partitions, int rf, int brokers) {
        List<Partition> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int first = p % brokers;
            out.add(new Partition(topic, p, IntStream.range(0, rf).map(r -> (first + r) % brokers).boxed().toList()));
        }
        return out;
    }

    private static Map<Integer, String> noRacks(int brokers) {
        Map<Integer, String> m = new HashMap<>();
        for (int b = 0; b < brokers; b++) {
            m.put(b, null);
        }
        return m;
    }

    private static Set<Integer> ids(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toSet());
    }

    /** The assignment after the plan: every partition, changed or not. */
    private static List<Partition> after(List<Partition> before, Result r) {
        return before.stream().map(p -> r.moves().getOrDefault(p.toString(), p)).toList();
    }

    private static Map<Integer, Integer> replicasPerBroker(List<Partition> ps) {
        Map<Integer, Integer> m = new TreeMap<>();
        ps.forEach(p -> p.replicas().forEach(b -> m.merge(b, 1, Integer::sum)));
        return m;
    }

    private static Map<Integer, Integer> leadersPerBroker(List<Partition> ps) {
        Map<Integer, Integer> m = new TreeMap<>();
        ps.forEach(p -> m.merge(p.replicas().get(0), 1, Integer::sum));
        return m;
    }

    private static void assertWellFormed(List<Partition> before, List<Partition> after, Set<Integer> remaining) {
        for (int i = 0; i < before.size(); i++) {
            Partition b = before.get(i);
            Partition a = after.get(i);
            assertThat(a.replicas()).as(a + " keeps its replica count").hasSize(b.replicas().size());
            assertThat(new HashSet<>(a.replicas())).as(a + " on distinct brokers").hasSize(a.replicas().size());
            assertThat(remaining).as(a + " only on remaining brokers").containsAll(a.replicas());
        }
    }

    private static void assertBalanced(Map<Integer, Integer> perBroker, Set<Integer> brokers) {
        List<Integer> counts = brokers.stream().map(b -> perBroker.getOrDefault(b, 0)).toList();
        assertThat(counts.stream().mapToInt(Integer::intValue).max().orElse(0) - counts.stream().mapToInt(Integer::intValue).min().orElse(0))
                .as("counts per broker " + perBroker).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1} brokers, {2} partitions RF {3}")
    @CsvSource({"3,4,12,3", "3,4,50,3", "3,6,30,2", "1,3,9,1", "4,5,7,3", "3,5,100,3"})
    void scaleUpMovesAFairShareOntoTheNewBrokersAndNoMore(int from, int to, int partitions, int rf) {
        List<Partition> before = roundRobin("orders", partitions, rf, from);
        Result r = ReassignmentPlan.plan(new Input(noRacks(to), ids(0, to), before));
        List<Partition> after = after(before, r);
        assertWellFormed(before, after, ids(0, to));
        assertBalanced(replicasPerBroker(after), ids(0, to));
        assertBalanced(leadersPerBroker(after), ids(0, to));
        // The least that balances: the new brokers end with their share (floor of the mean) and every replica moved went there.
        int total = partitions * rf;
        int newShare = (total / to) * (to - from);
        assertThat(r.replicasMoved()).isBetween(newShare, newShare + (to - from));
        int onNewBrokers = ids(from, to).stream().mapToInt(b -> replicasPerBroker(after).getOrDefault(b, 0)).sum();
        assertThat(onNewBrokers).isEqualTo(r.replicasMoved());
    }

    @ParameterizedTest(name = "{0} -> {1} brokers, {2} partitions RF {3}")
    @CsvSource({"4,3,12,3", "4,3,50,2", "6,3,30,3", "5,4,17,3", "3,1,5,1"})
    void scaleDownEmptiesTheBrokersThatGoAndEndsBalanced(int from, int to, int partitions, int rf) {
        List<Partition> before = roundRobin("orders", partitions, rf, from);
        Result r = ReassignmentPlan.plan(new Input(noRacks(from), ids(0, to), before));
        assertThat(r.refused()).isFalse();
        List<Partition> after = after(before, r);
        assertWellFormed(before, after, ids(0, to));
        assertThat(replicasPerBroker(after)).doesNotContainKeys(ids(to, from).toArray(Integer[]::new));
        assertBalanced(replicasPerBroker(after), ids(0, to));
        assertBalanced(leadersPerBroker(after), ids(0, to));
        // At least every replica of the leaving brokers moves.
        long leaving = before.stream().flatMap(p -> p.replicas().stream()).filter(b -> b >= to).count();
        assertThat(r.replicasMoved()).isGreaterThanOrEqualTo((int) leaving);
    }

    @Test
    void aBalancedClusterNeedsNothing() {
        List<Partition> before = roundRobin("orders", 12, 3, 3);
        Result r = ReassignmentPlan.plan(new Input(noRacks(3), ids(0, 3), before));
        assertThat(r.nothingToDo()).isTrue();
        assertThat(r.replicasMoved()).isZero();
    }

    @Test
    void refusedWhenTheRemainingBrokersCannotHoldAPartitionNamingTheTopic() {
        List<Partition> before = new ArrayList<>(roundRobin("orders", 4, 3, 4));
        before.addAll(roundRobin("audit", 2, 2, 4));
        Result r = ReassignmentPlan.plan(new Input(noRacks(4), ids(0, 2), before));
        assertThat(r.refused()).isTrue();
        assertThat(r.refusal()).contains("orders (replication factor 3)").doesNotContain("audit").contains("2 broker(s) would remain");
        assertThat(r.moves()).isEmpty();
    }

    @Test
    void withRacksAPartitionsReplicasStayOnDistinctRacks() {
        // 6 brokers in 3 racks, topics placed rack-aware on the first 3 brokers (one per rack); scale to 6, then drain 5 and 4.
        Map<Integer, String> racks = Map.of(0, "a", 1, "b", 2, "c", 3, "a", 4, "b", 5, "c");
        List<Partition> before = roundRobin("orders", 30, 3, 3);
        Result up = ReassignmentPlan.plan(new Input(racks, ids(0, 6), before));
        List<Partition> afterUp = after(before, up);
        assertWellFormed(before, afterUp, ids(0, 6));
        assertBalanced(replicasPerBroker(afterUp), ids(0, 6));
        afterUp.forEach(p -> assertThat(p.replicas().stream().map(racks::get).distinct().count()).as(p + " " + p.replicas()).isEqualTo(3));

        Result down = ReassignmentPlan.plan(new Input(racks, ids(0, 4), afterUp));
        List<Partition> afterDown = after(afterUp, down);
        assertWellFormed(afterUp, afterDown, ids(0, 4));
        // Only brokers 0..3 remain: racks a (0, 3), b (1), c (2) still hold one replica each.
        afterDown.forEach(p -> assertThat(p.replicas().stream().map(racks::get).distinct().count()).as(p + " " + p.replicas()).isEqualTo(3));
    }

    @Test
    void leadersAreSpreadByReorderingWithoutMovingData() {
        // Every partition led by broker 0, replicas already balanced.
        List<Partition> before = IntStream.range(0, 6).mapToObj(p -> new Partition("t", p, List.of(0, 1 + p % 2, 2 - p % 2))).toList();
        Result r = ReassignmentPlan.plan(new Input(noRacks(3), ids(0, 3), before));
        List<Partition> after = after(before, r);
        assertThat(r.replicasMoved()).isZero();
        assertThat(leadersPerBroker(after)).containsEntry(0, 2).containsEntry(1, 2).containsEntry(2, 2);
        assertThat(r.leadersChanged()).isEqualTo(4);
        for (int i = 0; i < before.size(); i++) {
            assertThat(new HashSet<>(after.get(i).replicas())).isEqualTo(new HashSet<>(before.get(i).replicas()));
        }
    }

    @Test
    void theSameInputGivesTheSamePlan() {
        List<Partition> before = roundRobin("orders", 40, 3, 3);
        Input in = new Input(noRacks(5), ids(0, 5), before);
        assertThat(ReassignmentPlan.plan(in)).isEqualTo(ReassignmentPlan.plan(in));
    }
}
