package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.model.RollingRestartPlan.BrokerPod;
import dev.brook.model.RollingRestartPlan.Decision;
import dev.brook.model.RollingRestartPlan.Input;
import dev.brook.model.RollingRestartPlan.Kind;
import dev.brook.model.RollingRestartPlan.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollingRestartPlanTest {
    private static final String NEW = "new";
    private static final String OLD = "old";

    private static BrokerPod pod(int id, boolean ready, String hash) {
        return new BrokerPod(id, "c-broker-" + id, true, ready, hash);
    }

    private static List<PartitionState> healthy() {
        List<PartitionState> ps = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ps.add(new PartitionState("orders", p, List.of(0, 1, 2), List.of(0, 1, 2), 2));
        }
        return ps;
    }

    private static Decision next(List<BrokerPod> pods, int controller, List<PartitionState> partitions, Set<Integer> recovering) {
        return RollingRestartPlan.next(new Input(NEW, pods, controller, partitions, recovering));
    }

    @Test
    void nothingToDoWhenEveryPodIsCurrent() {
        assertThat(next(List.of(pod(0, true, NEW), pod(1, true, NEW)), 0, healthy(), Set.of()).kind()).isEqualTo(Kind.DONE);
    }

    @Test
    void controllerGoesLastAndOthersInIdOrder() {
        List<BrokerPod> pods = List.of(pod(0, true, OLD), pod(1, true, OLD), pod(2, true, OLD));
        assertThat(next(pods, 0, healthy(), Set.of()).pod()).isEqualTo("c-broker-1");
        assertThat(next(List.of(pod(0, true, OLD), pod(1, true, NEW), pod(2, true, OLD)), 0, healthy(), Set.of()).pod()).isEqualTo("c-broker-2");
        Decision last = next(List.of(pod(0, true, OLD), pod(1, true, NEW), pod(2, true, NEW)), 0, healthy(), Set.of());
        assertThat(last.pod()).isEqualTo("c-broker-0");
        assertThat(last.reason()).contains("controller");
    }

    @Test
    void unreadyOutdatedPodsGoFirstUnlessRecovering() {
        List<BrokerPod> pods = List.of(pod(0, true, OLD), pod(1, true, OLD), pod(2, false, OLD));
        assertThat(next(pods, 1, healthy(), Set.of()).pod()).isEqualTo("c-broker-2");
        Decision recovering = next(pods, 1, healthy(), Set.of(2));
        assertThat(recovering.kind()).isEqualTo(Kind.WAIT);
        assertThat(recovering.reason()).contains("recovering");
    }

    @Test
    void anUnreadyBrokerThatKafkaStillCountsInSyncIsNotRestartedIfThatBreaksMinIsr() {
        // Broker 2 is down (out of every ISR); broker 0 missed its probe but still serves.
        List<PartitionState> twoInSync = List.of(new PartitionState("orders", 0, List.of(0, 1, 2), List.of(0, 1), 2));
        Decision d = next(List.of(pod(0, false, OLD), pod(1, true, OLD), pod(2, false, OLD)), 1, twoInSync, Set.of());
        assertThat(d.kind()).isEqualTo(Kind.RESTART);
        assertThat(d.pod()).as("the broker Kafka does not count in sync goes").isEqualTo("c-broker-2");
        Decision zeroOnly = next(List.of(pod(0, false, OLD), pod(1, true, OLD), pod(2, false, NEW)), 1, twoInSync, Set.of());
        assertThat(zeroOnly.kind()).isEqualTo(Kind.POSTPONE);
        assertThat(zeroOnly.blocking()).containsExactly("orders-0");
    }

    @Test
    void waitsUntilARestartedBrokerHasRejoined() {
        List<BrokerPod> pods = List.of(pod(0, true, OLD), pod(1, false, NEW), pod(2, true, OLD));
        assertThat(next(pods, 0, healthy(), Set.of()).kind()).isEqualTo(Kind.WAIT);
        List<PartitionState> lagging = List.of(new PartitionState("orders", 0, List.of(0, 1, 2), List.of(0, 2), 2));
        // Broker 1 restarted in this roll and is starting: waited for, with the partitions it leaves under-replicated.
        Decision starting = next(pods, 0, lagging, Set.of());
        assertThat(starting.kind()).isEqualTo(Kind.WAIT);
        assertThat(starting.blocking()).containsExactly("orders-0");
        List<BrokerPod> down = List.of(pod(0, true, OLD), pod(1, false, OLD), pod(2, true, NEW));
        Decision restartFirst = next(down, 0, List.of(new PartitionState("orders", 0, List.of(0, 1, 2), List.of(0, 2), 2)), Set.of());
        assertThat(restartFirst.kind()).as("an outdated unready broker out of every ISR is restarted first").isEqualTo(Kind.RESTART);
        Decision held = next(List.of(pod(0, true, OLD), pod(1, false, NEW), pod(2, true, OLD)), 0,
                List.of(new PartitionState("orders", 0, List.of(0, 1, 2), List.of(0, 1), 2)), Set.of());
        assertThat(held.kind()).as("out of sync is broker 2, which the roll did not restart").isEqualTo(Kind.POSTPONE);
        List<BrokerPod> missing = List.of(pod(0, true, OLD), new BrokerPod(1, "c-broker-1", false, false, null), pod(2, true, OLD));
        assertThat(next(missing, 0, healthy(), Set.of()).reason()).contains("recreated");
    }

    @Test
    void aRestartedBrokerCatchingUpIsWaitedForNotPostponed() {
        List<BrokerPod> pods = List.of(pod(0, true, OLD), pod(1, true, NEW), pod(2, true, OLD));
        Decision catchingUp = next(pods, 0, List.of(new PartitionState("orders", 0, List.of(0, 1, 2), List.of(0, 2), 2)), Set.of());
        assertThat(catchingUp.kind()).isEqualTo(Kind.WAIT);
        assertThat(catchingUp.reason()).contains("catching up");
        assertThat(catchingUp.blocking()).containsExactly("orders-0");
        // Out of sync is broker 2, which was not restarted: something else is wrong, postpone.
        Decision other = next(pods, 0, List.of(new PartitionState("orders", 0, List.of(0, 1, 2), List.of(0, 1), 2)), Set.of());
        assertThat(other.kind()).isEqualTo(Kind.POSTPONE);
    }

    @Test
    void postponesWhilePartitionsAreUnderReplicatedAndNamesThem() {
        List<PartitionState> ps = new ArrayList<>(healthy());
        ps.set(1, new PartitionState("orders", 1, List.of(0, 1, 2), List.of(0, 2), 2));
        Decision d = next(List.of(pod(0, true, OLD), pod(1, true, OLD), pod(2, true, OLD)), 0, ps, Set.of());
        assertThat(d.kind()).isEqualTo(Kind.POSTPONE);
        assertThat(d.blocking()).containsExactly("orders-1");
    }

    @Test
    void aRestartedBrokerThatFailsToStartStopsTheRollAndIsNamedWithItsReason() {
        String reason = "brook-agent: invalid Kafka configuration: log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.";
        BrokerPod failing = new BrokerPod(0, "c-broker-0", true, false, NEW, reason);
        List<PartitionState> ps = new ArrayList<>(healthy());
        ps.set(0, new PartitionState("orders", 0, List.of(0, 1, 2), List.of(1, 2), 2));
        Decision underReplicated = next(List.of(failing, pod(1, true, OLD), pod(2, true, OLD)), 1, ps, Set.of());
        assertThat(underReplicated.kind()).isEqualTo(Kind.WAIT);
        assertThat(underReplicated.reason()).isEqualTo("broker 0 (c-broker-0) fails to start: " + reason
                + "; no further broker restarts until it starts");
        Decision quiet = next(List.of(failing, pod(1, true, OLD), pod(2, true, OLD)), 1, healthy(), Set.of());
        assertThat(quiet.kind()).isEqualTo(Kind.WAIT);
        assertThat(quiet.reason()).contains("fails to start: " + reason);
        // Once it is ready again, an old message is not shown.
        Decision back = next(List.of(new BrokerPod(0, "c-broker-0", true, true, NEW, reason), pod(1, true, OLD), pod(2, true, OLD)), 1,
                healthy(), Set.of());
        assertThat(back.kind()).isEqualTo(Kind.RESTART);
    }

    @Test
    void aBrokerIsBlockedByEveryPartitionItsRestartWouldTakeBelowMinIsr() {
        List<PartitionState> ps = List.of(new PartitionState("strict", 0, List.of(1, 2, 3, 4), List.of(1, 2, 3), 3),
                new PartitionState("orders", 0, List.of(0, 1, 2), List.of(0, 1, 2), 2),
                new PartitionState("orders", 1, List.of(1, 2, 0), List.of(1, 2), 2));
        assertThat(RollingRestartPlan.blocking(1, ps)).containsExactly("strict-0", "orders-1");
        assertThat(RollingRestartPlan.blocking(0, ps)).isEmpty();
        assertThat(RollingRestartPlan.blocking(4, ps)).isEmpty();
    }

    @Test
    void aPartitionThatCanNeverSurviveARestartDoesNotBlockForever() {
        List<PartitionState> ps = List.of(new PartitionState("single", 0, List.of(1), List.of(1), 1));
        assertThat(next(List.of(pod(0, true, NEW), pod(1, true, OLD)), 0, ps, Set.of()).pod()).isEqualTo("c-broker-1");
    }

    @Test
    void unreadablePartitionStateMeansWait() {
        assertThat(next(List.of(pod(0, true, OLD)), 0, null, Set.of()).kind()).isEqualTo(Kind.WAIT);
    }

    @Test
    void zookeeperFollowersFirstLeaderLastOneAtATime() {
        var zk = List.of(new ZookeeperRollPlan.ZookeeperPod(0, "c-zookeeper-0", true, true, true, OLD),
                new ZookeeperRollPlan.ZookeeperPod(1, "c-zookeeper-1", true, true, false, OLD),
                new ZookeeperRollPlan.ZookeeperPod(2, "c-zookeeper-2", true, true, false, OLD));
        assertThat(ZookeeperRollPlan.next(NEW, zk).pod()).isEqualTo("c-zookeeper-1");
        var leaderLeft = List.of(zk.get(0), new ZookeeperRollPlan.ZookeeperPod(1, "c-zookeeper-1", true, true, false, NEW),
                new ZookeeperRollPlan.ZookeeperPod(2, "c-zookeeper-2", true, true, false, NEW));
        assertThat(ZookeeperRollPlan.next(NEW, leaderLeft).pod()).isEqualTo("c-zookeeper-0");
        var oneDown = List.of(zk.get(0), new ZookeeperRollPlan.ZookeeperPod(1, "c-zookeeper-1", true, false, false, NEW), zk.get(2));
        assertThat(ZookeeperRollPlan.next(NEW, oneDown).kind()).isEqualTo(Kind.WAIT);
        var outdatedDown = List.of(zk.get(0), new ZookeeperRollPlan.ZookeeperPod(1, "c-zookeeper-1", true, false, false, OLD), zk.get(2));
        assertThat(ZookeeperRollPlan.next(NEW, outdatedDown).pod()).isEqualTo("c-zookeeper-1");
        var allCurrent = zk.stream().map(p -> new ZookeeperRollPlan.ZookeeperPod(p.ordinal(), p.name(), true, true, p.leader(), NEW)).toList();
        assertThat(ZookeeperRollPlan.next(NEW, allCurrent).kind()).isEqualTo(Kind.DONE);
    }

    @Test
    void aZookeeperServerThatServesAnOlderCertificateRestartsLikeAnOutdatedOneLeaderLast() {
        // Same configuration everywhere; servers 0 (the leader) and 2 serve a certificate older than their Secret's.
        var zk = List.of(new ZookeeperRollPlan.ZookeeperPod(0, "c-zookeeper-0", true, true, true, NEW, true),
                new ZookeeperRollPlan.ZookeeperPod(1, "c-zookeeper-1", true, true, false, NEW, false),
                new ZookeeperRollPlan.ZookeeperPod(2, "c-zookeeper-2", true, true, false, NEW, true));
        RollingRestartPlan.Decision first = ZookeeperRollPlan.next(NEW, zk);
        assertThat(first.pod()).isEqualTo("c-zookeeper-2");
        assertThat(first.reason()).isEqualTo("serves an older certificate than its Secret holds (ZooKeeper reads it only at start) (a follower)");
        var restartedTwo = List.of(zk.get(0), zk.get(1), new ZookeeperRollPlan.ZookeeperPod(2, "c-zookeeper-2", true, false, false, NEW, false));
        assertThat(ZookeeperRollPlan.next(NEW, restartedTwo).kind()).as("one at a time").isEqualTo(Kind.WAIT);
        var twoBack = List.of(zk.get(0), zk.get(1), new ZookeeperRollPlan.ZookeeperPod(2, "c-zookeeper-2", true, true, false, NEW, false));
        assertThat(ZookeeperRollPlan.next(NEW, twoBack).pod()).isEqualTo("c-zookeeper-0");
        assertThat(ZookeeperRollPlan.next(NEW, twoBack).reason()).endsWith("(the leader, restarted last)");
        assertThat(new ClusterRoll(NEW, zk, null, null, false).outdatedBefore(first)).isEqualTo(2);
    }

    /** Six brokers in three racks (0,1 in a; 2,3 in b; 4,5 in c), each partition with one replica per rack, RF 3, min ISR 2. */
    private static List<PartitionState> rackAware() {
        List<PartitionState> ps = new ArrayList<>();
        int[][] replicas = {{0, 2, 4}, {1, 3, 5}, {2, 4, 0}, {3, 5, 1}, {4, 0, 2}, {5, 1, 3}};
        for (int p = 0; p < replicas.length; p++) {
            List<Integer> r = List.of(replicas[p][0], replicas[p][1], replicas[p][2]);
            ps.add(new PartitionState("orders", p, r, r, 2));
        }
        return ps;
    }

    private static final java.util.Map<Integer, String> RACKS = java.util.Map.of(0, "a", 1, "a", 2, "b", 3, "b", 4, "c", 5, "c");

    private static List<BrokerPod> six(String... hashes) {
        List<BrokerPod> pods = new ArrayList<>();
        for (int id = 0; id < 6; id++) {
            pods.add(pod(id, true, hashes[id]));
        }
        return pods;
    }

    @Test
    void withRacksAWholeRackRestartsAtOnceUpToTheMaximumAndTheControllerStillAloneAndLast() {
        Decision first = RollingRestartPlan.next(new Input(NEW, six(OLD, OLD, OLD, OLD, OLD, OLD), 5, rackAware(), Set.of(), 3, RACKS, true));
        assertThat(first.kind()).isEqualTo(Kind.RESTART);
        assertThat(first.pods()).containsExactly("c-broker-0", "c-broker-1");
        assertThat(first.reason()).contains("rack a").contains("min.insync.replicas");

        Decision second = RollingRestartPlan.next(new Input(NEW, six(NEW, NEW, OLD, OLD, OLD, OLD), 5, rackAware(), Set.of(), 3, RACKS, true));
        assertThat(second.pods()).containsExactly("c-broker-2", "c-broker-3");

        Decision rackC = RollingRestartPlan.next(new Input(NEW, six(NEW, NEW, NEW, NEW, OLD, OLD), 5, rackAware(), Set.of(), 3, RACKS, true));
        assertThat(rackC.pods()).as("the controller (5) is not part of its rack's group").containsExactly("c-broker-4");
        Decision controller = RollingRestartPlan.next(new Input(NEW, six(NEW, NEW, NEW, NEW, NEW, OLD), 5, rackAware(), Set.of(), 3, RACKS, true));
        assertThat(controller.pods()).containsExactly("c-broker-5");

        Decision capped = RollingRestartPlan.next(new Input(NEW, six(OLD, OLD, OLD, OLD, OLD, OLD), 5, rackAware(), Set.of(), 1, RACKS, true));
        assertThat(capped.pods()).as("maxParallel 1: one at a time, as before").containsExactly("c-broker-0");
    }

    @Test
    void aGroupNeverTakesAPartitionBelowMinIsrTogetherEvenWhenEachBrokerAloneWould() {
        // Partition 6 has two replicas in rack a (a placement made without racks): restarting rack a would leave it one in sync.
        List<PartitionState> ps = new ArrayList<>(rackAware());
        ps.add(new PartitionState("legacy", 0, List.of(0, 1, 2), List.of(0, 1, 2), 2));
        Decision d = RollingRestartPlan.next(new Input(NEW, six(OLD, OLD, OLD, OLD, OLD, OLD), 5, ps, Set.of(), 3, RACKS, true));
        assertThat(d.pods()).containsExactly("c-broker-0");
        assertThat(RollingRestartPlan.blockingTogether(Set.of(0, 1), ps)).containsExactly("legacy-0");
    }

    @Test
    void withoutRacksOnlyBrokersThatShareNoPartitionRestartTogether() {
        List<PartitionState> ps = List.of(
                new PartitionState("a", 0, List.of(0, 1), List.of(0, 1), 1),
                new PartitionState("b", 0, List.of(2, 3), List.of(2, 3), 1),
                new PartitionState("c", 0, List.of(1, 3), List.of(1, 3), 1));
        List<BrokerPod> pods = List.of(pod(0, true, OLD), pod(1, true, OLD), pod(2, true, OLD), pod(3, true, OLD), pod(4, true, NEW));
        Decision d = RollingRestartPlan.next(new Input(NEW, pods, 4, ps, Set.of(), 4, java.util.Map.of(), true));
        assertThat(d.pods()).as("0 shares a-0 with 1; 0 and 2 share nothing, 3 shares b-0 with 2").containsExactly("c-broker-0", "c-broker-2");
        assertThat(d.reason()).contains("share no partition");
    }

    /** orders-0 prefers broker 0, orders-1 broker 1, orders-2 broker 2; all in sync; each led by {@code leaders[i]}. */
    private static List<PartitionState> ledBy(int... leaders) {
        List<PartitionState> ps = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ps.add(new PartitionState("orders", p, List.of(p, (p + 1) % 3, (p + 2) % 3), List.of(0, 1, 2), 2, leaders[p]));
        }
        return ps;
    }

    @Test
    void aRestartedBrokerGetsItsLeadershipBackBeforeTheNextBrokerRestarts() {
        // Broker 0 restarted (its controlled shutdown moved orders-0 to broker 1) and is back in every ISR.
        List<BrokerPod> pods = List.of(pod(0, true, NEW), pod(1, true, OLD), pod(2, true, OLD));
        Decision elect = next(pods, 2, ledBy(1, 1, 2), Set.of());
        assertThat(elect.kind()).isEqualTo(Kind.ELECT);
        assertThat(elect.blocking()).containsExactly("orders-0");
        assertThat(elect.reason()).contains("broker(s) [0]");
        // Once it leads again, the roll goes on.
        Decision after = next(pods, 2, ledBy(0, 1, 2), Set.of());
        assertThat(after.kind()).isEqualTo(Kind.RESTART);
        assertThat(after.pod()).isEqualTo("c-broker-1");
    }

    @Test
    void leadershipIsOnlyGivenBackToRestartedBrokersInSyncAndOnlyWhenAsked() {
        // Broker 1 prefers orders-1 but was not restarted in this roll: how its leadership stands is not the roll's doing.
        List<BrokerPod> pods = List.of(pod(0, true, NEW), pod(1, true, OLD), pod(2, true, OLD));
        assertThat(next(pods, 2, ledBy(0, 2, 2), Set.of()).kind()).isEqualTo(Kind.RESTART);
        // Leader not known (the partition state without leaders): nothing to give back.
        assertThat(next(pods, 2, healthy(), Set.of()).kind()).isEqualTo(Kind.RESTART);
        // Switched off (the user turned Kafka's own leader rebalancing off): the roll goes on.
        Decision off = RollingRestartPlan.next(new Input(NEW, pods, 2, ledBy(1, 1, 2), Set.of()).withoutLeaderRestore());
        assertThat(off.kind()).isEqualTo(Kind.RESTART);
        assertThat(off.pod()).isEqualTo("c-broker-1");
    }
}
