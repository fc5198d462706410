package dev.brook.local;

import dev.brook.contract.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackAddressesTest {
    @Test
    void zookeeperFromElevenBrokersFromOneHundredOne() {
        LoopbackAddresses block = LoopbackAddresses.block(77);
        assertThat(block.zookeeper(0)).isEqualTo("127.0.77.11");
        assertThat(block.broker(2)).isEqualTo("127.0.77.103");
        assertThat(block.of(Role.ZOOKEEPER, 4)).isEqualTo("127.0.77.15");
        assertThat(block.of("demo-broker-1")).isEqualTo("127.0.77.102");
        assertThat(block.of("my-zookeeper-cluster-zookeeper-2")).isEqualTo("127.0.77.13");
    }

    @Test
    void outOfRangeIsRefused() {
        assertThatThrownBy(() -> LoopbackAddresses.block(256)).hasMessageContaining("0..255");
        assertThatThrownBy(() -> LoopbackAddresses.block(1).zookeeper(90)).hasMessageContaining("0..89");
        assertThatThrownBy(() -> LoopbackAddresses.block(1).broker(154)).hasMessageContaining("0..153");
        assertThatThrownBy(() -> LoopbackAddresses.block(1).of("demo-operator-0")).hasMessageContaining("demo-operator-0");
    }
}
