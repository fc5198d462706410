package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterReadinessTest {
    private static ClusterReadiness.Observed healthy() {
        return new ClusterReadiness.Observed(3, 3, 3, Set.of(0, 1, 2), Set.of(0, 1, 2), List.of(), List.of(), null, null, List.of());
    }

    private static ClusterReadiness.Observed with(String scaleDownBlocked, List<String> refusals, List<String> underReplicated,
            Set<Integer> registered, int readyZookeepers, List<String> pending) {
        return new ClusterReadiness.Observed(3, readyZookeepers, 3, Set.of(0, 1, 2), registered, underReplicated, pending,
                registered == null ? "Timed out" : null, scaleDownBlocked, refusals);
    }

    @Test
    void readyOnlyWhenEverythingIsUpAndInSync() {
        ClusterReadiness.Verdict v = ClusterReadiness.evaluate(healthy());
        assertThat(v.ready()).isTrue();
        assertThat(v.reason()).isEqualTo("Ready");
        assertThat(v.condition().getType()).isEqualTo("Ready");
    }

    @Test
    void eachReasonInItsOrder() {
        assertThat(ClusterReadiness.evaluate(with("keep 4", List.of("shrink refused"), List.of(), Set.of(0, 1, 2), 3, List.of())).reason())
                .as("a refused scale-down first").isEqualTo("ScaleDownBlocked");
        ClusterReadiness.Verdict refused = ClusterReadiness.evaluate(with(null, List.of("spec.brokers.storage.size 1Gi is smaller"), List.of(),
                Set.of(0, 1, 2), 3, List.of()));
        assertThat(refused.reason()).isEqualTo("NotSupported");
        assertThat(refused.message()).endsWith("(the running cluster is left as it is)");
        assertThat(ClusterReadiness.evaluate(with(null, List.of(), List.of(), Set.of(0, 1, 2), 1, List.of())).reason()).isEqualTo("ZookeeperNotReady");
        ClusterReadiness.Verdict unreachable = ClusterReadiness.evaluate(with(null, List.of(), null, null, 3, List.of()));
        assertThat(unreachable.reason()).isEqualTo("BrokersStarting");
        assertThat(unreachable.message()).contains("Kafka not reachable: Timed out");
        assertThat(ClusterReadiness.evaluate(with(null, List.of(), List.of(), Set.of(0, 1, 2), 2, List.of())).message())
                .contains("cannot lose another server");
        assertThat(ClusterReadiness.evaluate(with(null, List.of(), List.of("t-0 (2/3 in sync)"), Set.of(0, 1, 2), 3, List.of())).reason())
                .isEqualTo("UnderReplicatedPartitions");
        ClusterReadiness.Verdict pending = ClusterReadiness.evaluate(with(null, List.of(), List.of(), Set.of(0, 1, 2), 3,
                List.of("listener 'lb' (loadbalancer): no load-balancer address yet")));
        assertThat(pending.reason()).isEqualTo("ExternalAddressesPending");
        assertThat(pending.message()).contains("listener 'lb'");
    }
}
