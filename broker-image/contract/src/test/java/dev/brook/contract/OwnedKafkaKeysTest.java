package dev.brook.contract;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OwnedKafkaKeysTest {
    @Test
    void offendingListsOwnedKeysSorted() {
        assertThat(OwnedKafkaKeys.offending(List.of("num.partitions", "zookeeper.connect", "broker.id", "log.retention.hours")))
                .containsExactly("broker.id", "zookeeper.connect");
    }

    @Test
    void identityAddressingStorageAndKraftKeysAreOwned() {
        for (String key : List.of("broker.id", "node.id", "zookeeper.connect", "listeners", "advertised.listeners",
                "listener.security.protocol.map", "inter.broker.listener.name", "log.dirs", "log.dir", "broker.rack",
                "process.roles", "controller.listener.names", "controller.quorum.voters", "controller.quorum.bootstrap.servers")) {
            assertThat(OwnedKafkaKeys.isOwned(key)).as(key).isTrue();
        }
    }

    @Test
    void tuningKeysStayWithTheUser() {
        for (String key : List.of("num.partitions", "log.retention.hours", "zookeeper.session.timeout.ms",
                "controller.socket.timeout.ms", "min.insync.replicas", "listener.name.client.ssl.keystore.location")) {
            assertThat(OwnedKafkaKeys.isOwned(key)).as(key).isFalse();
        }
        assertThat(OwnedKafkaKeys.offending(List.of("num.partitions"))).isEmpty();
    }
}
