package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Condition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The whole roll: ZooKeeper first, nothing for brokers during a resize, and the end of a roll waits for every pod and ISR. */
class ClusterRollTest {
    private static final String ZK = "zk-new";
    private static final String BR = "br-new";

    private static ZookeeperRollPlan.ZookeeperPod zk(int i, boolean ready, String hash) {
        return new ZookeeperRollPlan.ZookeeperPod(i, "c-zookeeper-" + i, true, ready, false, hash);
    }

    private static RollingRestartPlan.BrokerPod broker(int id, boolean ready, String hash) {
        return new RollingRestartPlan.BrokerPod(id, "c-broker-" + id, true, ready, hash);
    }

    private static RollingRestartPlan.PartitionState partition(List<Integer> isr) {
        return new RollingRestartPlan.PartitionState("t", 0, List.of(0, 1, 2), isr, 2);
    }

    private static RollingRestartPlan.Input brokers(List<RollingRestartPlan.BrokerPod> pods, List<Integer> isr) {
        return new RollingRestartPlan.Input(BR, pods, 2, List.of(partition(isr)), Set.of());
    }

    private static final List<RollingRestartPlan.BrokerPod> BROKERS_CURRENT = List.of(broker(0, true, BR), broker(1, true, BR), broker(2, true, BR));
    private static final List<ZookeeperRollPlan.ZookeeperPod> ZK_CURRENT = List.of(zk(0, true, ZK), zk(1, true, ZK), zk(2, true, ZK));

    @Test
    void zookeeperRollsBeforeAnyBroker() {
        var d = new ClusterRoll(ZK, List.of(zk(0, true, "old"), zk(1, true, ZK), zk(2, true, ZK)), null,
                brokers(List.of(broker(0, true, "old"), broker(1, true, BR), broker(2, true, BR)), List.of(0, 1, 2)), false).next();
        assertThat(d.kind()).isEqualTo(RollingRestartPlan.Kind.RESTART);
        assertThat(d.pod()).isEqualTo("c-zookeeper-0");
    }

    @Test
    void aRestartedZookeeperMustBeBackBeforeBrokersRollAndNothingRollsDuringAResize() {
        var notBack = new ClusterRoll(ZK, List.of(zk(0, false, ZK), zk(1, true, ZK), zk(2, true, ZK)), null,
                brokers(List.of(broker(0, true, "old"), broker(1, true, BR), broker(2, true, BR)), List.of(0, 1, 2)), true).next();
        assertThat(notBack.kind()).isEqualTo(RollingRestartPlan.Kind.WAIT);
        assertThat(notBack.reason()).contains("c-zookeeper-0");

        var resizing = new ClusterRoll(ZK, ZK_CURRENT, "resizing to 5 servers: adding server 4",
                brokers(List.of(broker(0, true, "old"), broker(1, true, BR), broker(2, true, BR)), List.of(0, 1, 2)), true).next();
        assertThat(resizing.kind()).isEqualTo(RollingRestartPlan.Kind.WAIT);
        assertThat(resizing.reason()).contains("brokers restart once");
    }

    @Test
    void aRollEndsOnlyWhenEveryPodIsReadyAndEveryPartitionInSync() {
        var podNotBack = new ClusterRoll(ZK, ZK_CURRENT, null,
                brokers(List.of(broker(0, true, BR), broker(1, true, BR), broker(2, false, BR)), List.of(0, 1)), true).next();
        assertThat(podNotBack.kind()).isEqualTo(RollingRestartPlan.Kind.WAIT);

        var catchingUp = new ClusterRoll(ZK, ZK_CURRENT, null, brokers(BROKERS_CURRENT, List.of(0, 1)), true).next();
        assertThat(catchingUp.kind()).isEqualTo(RollingRestartPlan.Kind.WAIT);
        assertThat(catchingUp.reason()).contains("catching up").contains("t-0");

        var done = new ClusterRoll(ZK, ZK_CURRENT, null, brokers(BROKERS_CURRENT, List.of(0, 1, 2)), true).next();
        assertThat(done.kind()).isEqualTo(RollingRestartPlan.Kind.DONE);
        // Without a roll in progress, an out-of-sync partition is not the roll's business.
        assertThat(new ClusterRoll(ZK, ZK_CURRENT, null, brokers(BROKERS_CURRENT, List.of(0, 1)), false).next().kind())
                .isEqualTo(RollingRestartPlan.Kind.DONE);
    }

    @Test
    void theConditionSaysWhatHappensAndAppearsOnlyOnceThereWasARoll() {
        assertThat(ClusterRoll.condition(RollingRestartPlan.Decision.done(), false)).isNull();
        Condition upToDate = ClusterRoll.condition(RollingRestartPlan.Decision.done(), true);
        assertThat(upToDate.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(upToDate.getReason()).isEqualTo("UpToDate");
        Condition restarting = ClusterRoll.condition(RollingRestartPlan.Decision.restart("c-broker-1", "outdated configuration"), false);
        assertThat(restarting.getReason()).isEqualTo("Restarting");
        assertThat(restarting.getMessage()).isEqualTo("restarting c-broker-1: outdated configuration");
        Condition postponed = ClusterRoll.condition(RollingRestartPlan.Decision.postpone("partitions are under-replicated", List.of("t-0")), true);
        assertThat(postponed.getReason()).isEqualTo("Postponed");
        assertThat(postponed.getMessage()).contains("blocking: t-0").contains("back-off");
    }

    @Test
    void theLastRestartedBrokerGetsItsLeadershipBackBeforeTheRollEnds() {
        var moved = new RollingRestartPlan.PartitionState("t", 0, List.of(2, 0, 1), List.of(0, 1, 2), 2, 0);
        var roll = new ClusterRoll(ZK, ZK_CURRENT, null, new RollingRestartPlan.Input(BR, BROKERS_CURRENT, 0, List.of(moved), Set.of()), true);
        var elect = roll.next();
        assertThat(elect.kind()).isEqualTo(RollingRestartPlan.Kind.ELECT);
        assertThat(elect.blocking()).containsExactly("t-0");
        assertThat(ClusterRoll.condition(elect, true).getReason()).isEqualTo("Waiting");
        assertThat(ClusterRoll.condition(elect, true).getMessage()).contains("moving leadership back to broker(s) [2]").contains("t-0");
        // When Kafka does not move it, the roll ends anyway.
        assertThat(roll.withoutLeaderRestore().next().kind()).isEqualTo(RollingRestartPlan.Kind.DONE);
        // Not in a roll: leadership is Kafka's business.
        assertThat(new ClusterRoll(ZK, ZK_CURRENT, null, new RollingRestartPlan.Input(BR, BROKERS_CURRENT, 0, List.of(moved), Set.of()), false)
                .next().kind()).isEqualTo(RollingRestartPlan.Kind.DONE);
    }
}
