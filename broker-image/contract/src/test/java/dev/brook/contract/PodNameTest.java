package dev.brook.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodNameTest {
    @Test
    void ordinalGivesZookeeperServerIdPlusOneAndBrokerIdAsIs() {
        PodName zk = PodName.parse("my-cluster-zookeeper-2");
        assertThat(zk).isEqualTo(PodName.of("my-cluster", Role.ZOOKEEPER, 2));
        assertThat(zk.zookeeperServerId()).isEqualTo(3);
        PodName broker = PodName.parse("my-cluster-broker-0");
        assertThat(broker.brokerId()).isZero();
        assertThat(broker.toString()).isEqualTo("my-cluster-broker-0");
    }

    @Test
    void clusterNamesMayContainTheRoleWords() {
        assertThat(PodName.parse("broker-zookeeper-broker-11")).isEqualTo(PodName.of("broker-zookeeper", Role.BROKER, 11));
    }

    @Test
    void badNamesAreRefusedWithTheName() {
        for (String bad : new String[]{"my-cluster-kafka-0", "my-cluster-broker-", "my-cluster-broker-01",
                "my-cluster-broker--1", "-broker-0", "My-cluster-broker-0", "broker-0", ""}) {
            assertThatThrownBy(() -> PodName.parse(bad)).isInstanceOf(InvalidInputsException.class).hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void ordinalOfChecksClusterAndRole() {
        assertThat(PodName.ordinalOf("c1-broker-4", "c1", Role.BROKER)).isEqualTo(4);
        assertThatThrownBy(() -> PodName.ordinalOf("c2-broker-4", "c1", Role.BROKER)).hasMessageContaining("cluster 'c1'");
        assertThatThrownBy(() -> PodName.ordinalOf("c1-zookeeper-0", "c1", Role.BROKER)).hasMessageContaining("not a broker pod");
    }

    @Test
    void roleIdentitiesAreRoleSpecific() {
        assertThatThrownBy(() -> PodName.parse("c-broker-1").zookeeperServerId()).isInstanceOf(IllegalStateException.class);
    }
}
