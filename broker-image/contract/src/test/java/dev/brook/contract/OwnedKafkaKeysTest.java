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
        // listener.name.client.ssl.keystore.location was the user's until Brook took over TLS: see securityKeysAreOwned.
        for (String key : List.of("num.partitions", "log.retention.hours", "zookeeper.session.timeout.ms",
                "controller.socket.timeout.ms", "min.insync.replicas")) {
            assertThat(OwnedKafkaKeys.isOwned(key)).as(key).isFalse();
        }
        assertThat(OwnedKafkaKeys.offending(List.of("num.partitions"))).isEmpty();
    }

    @Test
    void securityKeysAreOwned() {
        for (String key : List.of("listener.name.client.ssl.keystore.location", "listener.name.replication.ssl.client.auth",
                "listener.name.client.scram-sha-512.sasl.jaas.config", "ssl.keystore.location", "ssl.keystore.type",
                "ssl.truststore.location", "ssl.client.auth", "ssl.principal.mapping.rules", "ssl.endpoint.identification.algorithm",
                "ssl.engine.factory.class", "ssl.allow.dn.changes", "security.inter.broker.protocol", "security.providers",
                "sasl.enabled.mechanisms", "sasl.mechanism.inter.broker.protocol", "sasl.kerberos.principal.to.local.rules",
                "zookeeper.ssl.client.enable", "zookeeper.ssl.keystore.location", "zookeeper.ssl.cipher.suites",
                "zookeeper.set.acl", "zookeeper.clientCnxnSocket", "authorizer.class.name", "super.users",
                "allow.everyone.if.no.acl.found", "principal.builder.class", "delegation.token.secret.key",
                "password.encoder.secret")) {
            assertThat(OwnedKafkaKeys.isOwned(key)).as(key).isTrue();
            assertThat(OwnedKafkaKeys.isSecurityKey(key)).as(key).isTrue();
        }
        assertThat(OwnedKafkaKeys.isSecurityKey("broker.id")).isFalse();
    }

    @Test
    void cipherSuitesAndProtocolVersionsStayWithTheUserAlsoPerListener() {
        for (String key : List.of("ssl.cipher.suites", "ssl.enabled.protocols", "ssl.protocol",
                "listener.name.client.ssl.cipher.suites", "listener.name.external_1.ssl.enabled.protocols",
                "listener.name.replication.ssl.protocol")) {
            assertThat(OwnedKafkaKeys.isOwned(key)).as(key).isFalse();
        }
        assertThat(OwnedKafkaKeys.isOwned("listener.name.client.ssl.cipher.suites.extra")).isTrue();
        assertThat(OwnedKafkaKeys.isOwned("zookeeper.ssl.protocol")).as("ZooKeeper's TLS is Brook's").isTrue();
    }

    @Test
    void theRefusalIsOneLineThatExplainsSecurityKeys() {
        assertThat(OwnedKafkaKeys.refusal(List.of("broker.id")))
                .isEqualTo("user config sets Brook-owned key 'broker.id'; remove it from the cluster's Kafka config (Brook sets it)");
        String line = OwnedKafkaKeys.refusal(OwnedKafkaKeys.offending(List.of("ssl.keystore.location", "num.partitions", "log.dirs")));
        assertThat(line).startsWith("user config sets Brook-owned keys 'log.dirs', 'ssl.keystore.location'; remove them")
                .contains("configured by Brook", "only ssl.cipher.suites, ssl.enabled.protocols and ssl.protocol are yours")
                .doesNotContain("\n");
        assertThat(line.lines()).hasSize(1);
    }
}
