package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterNetworkPoliciesTest {
    private final ClusterNetworkPolicies policies = new ClusterNetworkPolicies("brook-system", Map.of("app.kubernetes.io/name", "brook"));

    private static List<Integer> ports(NetworkPolicyIngressRule rule) {
        return rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList();
    }

    @Test
    void zookeeperTakesQuorumTrafficFromItselfAndClientsOnlyFromTheBrokers() {
        NetworkPolicy zk = policies.zookeeper(ClusterFixtures.cluster());
        assertThat(zk.getSpec().getPodSelector().getMatchLabels()).isEqualTo(BrookLabels.selector("c1", BrookLabels.Component.ZOOKEEPER));
        assertThat(zk.getSpec().getPolicyTypes()).containsExactly("Ingress");
        var rules = zk.getSpec().getIngress();
        assertThat(ports(rules.get(0))).containsExactly(2888, 3888, 2181);
        assertThat(rules.get(0).getFrom()).singleElement().satisfies(p -> assertThat(p.getPodSelector().getMatchLabels())
                .isEqualTo(BrookLabels.selector("c1", BrookLabels.Component.ZOOKEEPER)));
        assertThat(ports(rules.get(1))).containsExactly(2181);
        assertThat(rules.get(1).getFrom()).singleElement().satisfies(p -> assertThat(p.getPodSelector().getMatchLabels())
                .isEqualTo(BrookLabels.selector("c1", BrookLabels.Component.BROKER)));
        assertThat(ports(rules.get(2))).containsExactly(9191, 9404);
        assertThat(rules.get(2).getFrom()).as("health and metrics from anywhere").isEmpty();
        ClusterFixtures.assertOwnedAndLabelled(zk, BrookLabels.Component.ZOOKEEPER);
    }

    @Test
    void theReplicationListenerOnlyFromBrokersAndTheOperatorClientListenersOpen() {
        NetworkPolicy brokers = policies.brokers(ClusterFixtures.cluster());
        var rules = brokers.getSpec().getIngress();
        assertThat(ports(rules.get(0))).containsExactly(9091);
        assertThat(rules.get(0).getFrom()).hasSize(2);
        assertThat(rules.get(0).getFrom().get(1).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "brook-system");
        assertThat(rules.get(0).getFrom().get(1).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "brook");
        assertThat(ports(rules.get(1))).as("the default client listener").containsExactly(9092);
        assertThat(rules.get(1).getFrom()).isEmpty();
    }
}
