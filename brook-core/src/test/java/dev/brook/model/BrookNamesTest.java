package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.contract.PodName;
import dev.brook.contract.Role;
import org.junit.jupiter.api.Test;

class BrookNamesTest {

    @Test
    void namesAreFunctionsOfTheClusterName() {
        assertThat(BrookNames.zookeeper("c1")).isEqualTo("c1-zookeeper");
        assertThat(BrookNames.zookeeperClientService("c1")).isEqualTo("c1-zookeeper-client");
        assertThat(BrookNames.zookeeperInputs("c1")).isEqualTo("c1-zookeeper-inputs");
        assertThat(BrookNames.broker("c1")).isEqualTo("c1-broker");
        assertThat(BrookNames.brokerInputs("c1")).isEqualTo("c1-broker-inputs");
        assertThat(BrookNames.bootstrapService("c1")).isEqualTo("c1-bootstrap");
        assertThat(BrookNames.externalBrokerService("c1", "ext", 2)).isEqualTo("c1-ext-2");
        assertThat(BrookNames.externalBootstrapService("c1", "ext")).isEqualTo("c1-ext-bootstrap");
        assertThat(BrookNames.zookeeperDisruptionBudget("c1")).isEqualTo("c1-zookeeper");
        assertThat(BrookNames.brokerDisruptionBudget("c1")).isEqualTo("c1-broker");
        assertThat(BrookNames.serviceAccount("c1")).isEqualTo("c1-brook");
        assertThat(Platform.DEFAULT.headlessDomain("c1-broker", "ns1")).isEqualTo("c1-broker.ns1.svc.cluster.local");
        assertThat(new Platform(BrookImage.DEFAULT, "k8s.example").headlessDomain("c1-broker", "ns1")).isEqualTo("c1-broker.ns1.svc.k8s.example");
        assertThat(BrookNames.serviceHost("c1-bootstrap", "ns1")).isEqualTo("c1-bootstrap.ns1.svc");
    }

    @Test
    void podNamesFollowTheContractsOrdinalRule() {
        assertThat(BrookNames.zookeeperPod("c1", 0)).isEqualTo("c1-zookeeper-0");
        assertThat(BrookNames.brokerPod("c1", 2)).isEqualTo("c1-broker-2");
        assertThat(PodName.ordinalOf(BrookNames.brokerPod("c1", 2), "c1", Role.BROKER)).isEqualTo(2);
        assertThat(PodName.ordinalOf(BrookNames.zookeeperPod("c1", 1), "c1", Role.ZOOKEEPER)).isEqualTo(1);
        // The StatefulSet names pods <statefulset>-<n>, which must be the contract's pod names.
        assertThat(BrookNames.broker("c1") + "-3").isEqualTo(BrookNames.brokerPod("c1", 3));
        assertThat(BrookNames.zookeeper("c1") + "-3").isEqualTo(BrookNames.zookeeperPod("c1", 3));
    }

    @Test
    void selectorIsAStableSubsetOfTheLabels() {
        for (BrookLabels.Component component : BrookLabels.Component.values()) {
            assertThat(BrookLabels.labels("c1", component)).containsAllEntriesOf(BrookLabels.selector("c1", component));
            assertThat(BrookLabels.selector("c1", component)).containsOnlyKeys(
                    "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component");
        }
        assertThat(BrookLabels.selector("c1", BrookLabels.Component.BROKER))
                .isNotEqualTo(BrookLabels.selector("c1", BrookLabels.Component.ZOOKEEPER));
        assertThat(BrookLabels.labels("c1", BrookLabels.Component.BROKER)).containsEntry("brook.dev/cluster", "c1");
        // Never the chart's operator labels (name=brook): a Cluster named like the Helm release must not match them.
        assertThat(BrookLabels.selector("brook", BrookLabels.Component.BROKER)).doesNotContainEntry("app.kubernetes.io/name", "brook");
    }

    @Test
    void kafkaListenerAndPortNames() {
        assertThat(Listeners.kafkaName("external-lb")).isEqualTo("EXTERNAL_LB");
        assertThat(Listeners.portName(new dev.brook.api.v1alpha1.ListenerSpec("plain", 9092,
                dev.brook.api.v1alpha1.ListenerType.INTERNAL))).isEqualTo("plain");
        assertThat(Listeners.portName(new dev.brook.api.v1alpha1.ListenerSpec("a-very-long-listener", 9093,
                dev.brook.api.v1alpha1.ListenerType.INTERNAL))).isEqualTo("tcp-9093");
        assertThat(Listeners.portName(new dev.brook.api.v1alpha1.ListenerSpec("metrics", 9094,
                dev.brook.api.v1alpha1.ListenerType.INTERNAL))).isEqualTo("tcp-9094");
    }

    @Test
    void clusterNamesThatCannotNameServicesOrPodsAreReported() {
        var listeners = java.util.List.of(new dev.brook.api.v1alpha1.ListenerSpec("external-clients-zone-a", 9094,
                dev.brook.api.v1alpha1.ListenerType.LOADBALANCER));
        assertThat(BrookNames.problems("c1", listeners)).isEmpty();
        assertThat(BrookNames.MAX_CLUSTER_NAME_LENGTH).isEqualTo(42);
        assertThat(BrookNames.problems("x".repeat(42), java.util.List.of())).isEmpty();
        assertThat(BrookNames.problems("x".repeat(43), java.util.List.of())).extracting(SpecProblem::field).containsExactly("metadata.name");
        assertThat(BrookNames.problems("1abc", java.util.List.of())).extracting(SpecProblem::message).first().asString().contains("starting with a letter");
        assertThat(BrookNames.problems("a-rather-long-cluster-name-xyz", listeners)).extracting(SpecProblem::field)
                .containsExactly("spec.brokers.listeners[0].name");
    }
}
