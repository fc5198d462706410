package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.ClusterSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterDefaultsTest {
    private static ClusterSpec withBrokerConfig(Map<String, String> config) {
        ClusterSpec spec = new ClusterSpec();
        spec.getBrokers().setConfig(config);
        return spec;
    }

    @Test
    void rollsGiveLeadershipBackUnlessKafkasOwnLeaderRebalancingIsOff() {
        assertThat(ClusterDefaults.restoresLeadersInRolls(new ClusterSpec())).isTrue();
        assertThat(ClusterDefaults.restoresLeadersInRolls(withBrokerConfig(Map.of("auto.leader.rebalance.enable", "true")))).isTrue();
        assertThat(ClusterDefaults.restoresLeadersInRolls(withBrokerConfig(Map.of("auto.leader.rebalance.enable", " FALSE ")))).isFalse();
    }
}
