package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.model.RollingRestartPlan.PartitionState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleDownCheckTest {
    @Test
    void partitionsWithAReplicaOnARemovedBrokerBlock() {
        List<PartitionState> ps = List.of(new PartitionState("a", 0, List.of(0, 1, 2), List.of(0, 1, 2), 2),
                new PartitionState("b", 0, List.of(3, 0, 1), List.of(3, 0, 1), 2),
                new PartitionState("c", 1, List.of(1, 2, 3), List.of(1, 2), 2));
        assertThat(ScaleDownCheck.blockingPartitions(3, ps)).containsExactly("b-0 (replicas [3, 0, 1])", "c-1 (replicas [1, 2, 3])");
        assertThat(ScaleDownCheck.blockingPartitions(4, ps)).isEmpty();
        assertThat(ScaleDownCheck.message(4, 3, ScaleDownCheck.blockingPartitions(3, ps)))
                .contains("broker(s) 3..3").contains("b-0").contains("kafka-reassign-partitions.sh").contains("stays at 4");
    }
}
