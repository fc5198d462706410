package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerScalingTest {
    private static final RollingRestartPlan.PartitionState ON_0_1 = new RollingRestartPlan.PartitionState("a", 0, List.of(0, 1), List.of(0, 1), 1);
    private static final RollingRestartPlan.PartitionState ON_3 = new RollingRestartPlan.PartitionState("b", 0, List.of(3), List.of(3), 1);

    @Test
    void growingIsAlwaysFineAndAFirstStartIsNoChange() {
        assertThat(BrokerScaling.decide(4, 3, null, "down")).isEqualTo(new BrokerScaling(4, null, "brokers 3 -> 4", true));
        assertThat(BrokerScaling.decide(3, 0, null, null)).isEqualTo(new BrokerScaling(3, null, null, false));
        assertThat(BrokerScaling.decide(3, 3, List.of(ON_3), null)).isEqualTo(new BrokerScaling(3, null, null, false));
    }

    @Test
    void shrinkingWaitsWhileTheLeavingBrokersHoldReplicasOrThePartitionsAreUnknown() {
        BrokerScaling blocked = BrokerScaling.decide(3, 4, List.of(ON_0_1, ON_3), null);
        assertThat(blocked.replicas()).isEqualTo(4);
        assertThat(blocked.blocked()).contains("b-0").contains("stays at 4 brokers");
        assertThat(blocked.change()).isNull();

        BrokerScaling unknown = BrokerScaling.decide(3, 4, null, "Timed out");
        assertThat(unknown.replicas()).isEqualTo(4);
        assertThat(unknown.blocked()).contains("could not be read (Timed out)");

        assertThat(BrokerScaling.decide(3, 4, List.of(ON_0_1), null)).isEqualTo(new BrokerScaling(3, null, "brokers 4 -> 3", false));
    }

    @Test
    void whenBrookDrainsTheBrokersItsMessageSaysSoOrWhyItCannot() {
        BrokerScaling draining = BrokerScaling.decide(3, 4, List.of(ON_0_1, ON_3), null, true, null);
        assertThat(draining.replicas()).isEqualTo(4);
        assertThat(draining.blocked()).contains("being emptied").contains("1 partition replica").contains("Rebalancing")
                .doesNotContain("kafka-reassign-partitions.sh");

        BrokerScaling refused = BrokerScaling.decide(3, 4, List.of(ON_0_1, ON_3), null, true, "3 broker(s) would remain, fewer than the replicas of w (replication factor 4)");
        assertThat(refused.replicas()).isEqualTo(4);
        assertThat(refused.blocked()).contains("w (replication factor 4)").contains("nothing is moved").contains("stays at 4 brokers");
    }
}
