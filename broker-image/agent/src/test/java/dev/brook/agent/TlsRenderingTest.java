package dev.brook.agent;

import dev.brook.agent.broker.ServerProperties;
import dev.brook.agent.zookeeper.ZooCfg;
import dev.brook.contract.BrokerInputs;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.TlsFiles;
import dev.brook.contract.PodAddressing;
import dev.brook.contract.ZookeeperInputs;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** zoo.cfg and server.properties of TLS inputs: exactly the keys Brook adds, and nothing of plaintext left. */
class TlsRenderingTest {
    private static final Path TLS = Path.of("/etc/brook/tls");

    @Test
    void zooCfgServesClientsOnlyOnTheTlsPortAndRunsTheQuorumOverMutualTls() {
        ZookeeperInputs inputs = ZookeeperInputs.of("c1", "ns", 3, PodAddressing.serviceDomain("c1-zookeeper.ns.svc")).withTls(true);
        SortedMap<String, String> plain = ZooCfg.entries(inputs.withTls(false), inputs.pod(1), "127.0.1.12", Path.of("/data/zookeeper"), TLS);
        SortedMap<String, String> tls = ZooCfg.entries(inputs, inputs.pod(1), "127.0.1.12", Path.of("/data/zookeeper"), TLS);

        assertThat(tls).doesNotContainKeys("clientPort", "clientPortAddress");
        SortedMap<String, String> added = new TreeMap<>(tls);
        plain.keySet().forEach(added::remove);
        assertThat(added).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                Map.entry("authProvider.x509", "org.apache.zookeeper.server.auth.X509AuthenticationProvider"),
                Map.entry("portUnification", "false"),
                Map.entry("secureClientPort", "2181"),
                Map.entry("secureClientPortAddress", "127.0.1.12"),
                Map.entry("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory"),
                Map.entry("ssl.clientAuth", "need"),
                Map.entry("ssl.hostnameVerification", "false"),
                Map.entry("ssl.keyStore.location", "/etc/brook/tls/c1-zookeeper-1.pem"),
                Map.entry("ssl.keyStore.type", "PEM"),
                Map.entry("ssl.quorum.clientAuth", "need"),
                Map.entry("ssl.quorum.hostnameVerification", "false"),
                Map.entry("ssl.quorum.keyStore.location", "/etc/brook/tls/c1-zookeeper-1.pem"),
                Map.entry("ssl.quorum.keyStore.type", "PEM"),
                Map.entry("ssl.quorum.trustStore.location", "/etc/brook/tls/cluster-ca.pem"),
                Map.entry("ssl.quorum.trustStore.type", "PEM"),
                Map.entry("ssl.trustStore.location", "/etc/brook/tls/cluster-ca.pem"),
                Map.entry("ssl.trustStore.type", "PEM"),
                Map.entry("sslQuorum", "true"))));
        // Everything else is the plaintext configuration, unchanged.
        plain.forEach((k, v) -> {
            if (!k.startsWith("clientPort")) {
                assertThat(tls).containsEntry(k, v);
            }
        });
        // The plaintext rendering does not depend on the pod or the TLS directory.
        assertThat(plain).isEqualTo(ZooCfg.entries(inputs.withTls(false), "127.0.1.12", Path.of("/data/zookeeper")));
    }

    @Test
    void serverPropertiesSecureReplicationZookeeperAndTheClientListener() {
        BrokerInputs inputs = inputs(true);
        SortedMap<String, String> plain = ServerProperties.entries(inputs(false), inputs.pod(1), "0.0.0.0", Path.of("/data/kafka-logs"),
                Optional.empty(), TLS);
        SortedMap<String, String> tls = ServerProperties.entries(inputs, inputs.pod(1), "0.0.0.0", Path.of("/data/kafka-logs"),
                Optional.empty(), TLS);

        SortedMap<String, String> added = new TreeMap<>(tls);
        plain.keySet().forEach(added::remove);
        assertThat(added).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                Map.entry("listener.name.client.ssl.allow.san.changes", "true"),
                Map.entry("listener.name.client.ssl.client.auth", "none"),
                Map.entry("listener.name.client.ssl.keystore.location", "/etc/brook/tls/c1-broker-1.pem"),
                Map.entry("listener.name.client.ssl.keystore.type", "PEM"),
                Map.entry("listener.name.external.ssl.allow.san.changes", "true"),
                Map.entry("listener.name.external.ssl.client.auth", "none"),
                Map.entry("listener.name.external.ssl.keystore.location", "/etc/brook/tls/listener-external.pem"),
                Map.entry("listener.name.external.ssl.keystore.type", "PEM"),
                Map.entry("listener.name.replication.ssl.allow.san.changes", "true"),
                Map.entry("listener.name.replication.ssl.client.auth", "required"),
                Map.entry("listener.name.replication.ssl.keystore.location", "/etc/brook/tls/c1-broker-1.pem"),
                Map.entry("listener.name.replication.ssl.keystore.type", "PEM"),
                Map.entry("listener.name.replication.ssl.truststore.location", "/etc/brook/tls/cluster-ca.pem"),
                Map.entry("listener.name.replication.ssl.truststore.type", "PEM"),
                Map.entry("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty"),
                Map.entry("zookeeper.set.acl", "true"),
                Map.entry("zookeeper.ssl.client.enable", "true"),
                Map.entry("zookeeper.ssl.keystore.location", "/etc/brook/tls/c1-broker-1.pem"),
                Map.entry("zookeeper.ssl.keystore.type", "PEM"),
                Map.entry("zookeeper.ssl.truststore.location", "/etc/brook/tls/cluster-ca.pem"),
                Map.entry("zookeeper.ssl.truststore.type", "PEM"))));
        assertThat(tls).containsEntry("listener.security.protocol.map", "CLIENT:SSL,EXTERNAL:SSL,REPLICATION:SSL")
                .containsEntry("inter.broker.listener.name", "REPLICATION")
                .containsEntry("ssl.cipher.suites", "TLS_AES_128_GCM_SHA256"); // the user's
        assertThat(plain).doesNotContainKeys("zookeeper.ssl.client.enable", "zookeeper.set.acl")
                .noneSatisfy((k, v) -> assertThat(k).startsWith("listener.name."));
        // Kafka accepts the result (the agent runs the same check before start).
        Properties properties = new Properties();
        properties.putAll(tls);
        KafkaConfig config = KafkaConfig.fromProps(properties, false);
        assertThat(config.zkSslClientEnable()).isTrue();
        assertThat(config.zkEnableSecureAcls()).isTrue();
    }

    @Test
    void listenersAuthenticateByClientCertificateOrScramAndTheAclAuthorizerKnowsBrooksSuperUsers() {
        Listener replication = Listener.internal("REPLICATION", 9091).withProtocol("SSL");
        Listener mtls = Listener.internal("MTLS", 9093).withProtocol("SSL").withAuthentication(Listener.AUTH_TLS, 0);
        Listener scram = Listener.internal("SCRAM", 9094).withProtocol("SSL").withAuthentication(Listener.AUTH_SCRAM, 300_000);
        Listener plainScram = Listener.internal("PLAINSCRAM", 9095).withAuthentication(Listener.AUTH_SCRAM, 0);
        BrokerInputs inputs = new BrokerInputs("c1", "ns", 3, PodAddressing.serviceDomain("c1-broker.ns.svc"),
                List.of(new HostPort("zk-0", 2181)), "/brook/ns/c1", List.of(replication, mtls, scram, plainScram), "REPLICATION",
                new TreeMap<>(), true, List.of("User:CN=c1-broker,OU=ns,O=brook", "User:CN=c1-operator,OU=ns,O=brook", "User:admin"));
        assertThat(BrokerInputs.parse(inputs.render())).as("the inputs survive their text").isEqualTo(inputs);
        assertThat(inputs.tlsFiles(inputs.pod(0))).contains(TlsFiles.CLIENTS_CA_BUNDLE);

        SortedMap<String, String> props = ServerProperties.entries(inputs, inputs.pod(1), "0.0.0.0", Path.of("/data/kafka-logs"),
                Optional.empty(), TLS);
        assertThat(props).containsEntry("listener.security.protocol.map",
                        "MTLS:SSL,PLAINSCRAM:SASL_PLAINTEXT,REPLICATION:SSL,SCRAM:SASL_SSL")
                .containsEntry("listener.name.mtls.ssl.client.auth", "required")
                .containsEntry("listener.name.mtls.ssl.truststore.location", "/etc/brook/tls/clients-ca.pem")
                .containsEntry("listener.name.mtls.ssl.principal.mapping.rules", "RULE:^CN=([^,]+)(,.*)?$/$1/,DEFAULT")
                .containsEntry("listener.name.scram.ssl.client.auth", "none")
                .containsEntry("listener.name.scram.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("listener.name.scram.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .containsEntry("listener.name.scram.scram-sha-512.connections.max.reauth.ms", "300000")
                .containsEntry("listener.name.plainscram.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .doesNotContainKey("listener.name.plainscram.scram-sha-512.connections.max.reauth.ms")
                .doesNotContainKey("listener.name.replication.ssl.principal.mapping.rules")
                .containsEntry("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer")
                .containsEntry("super.users", "User:CN=c1-broker,OU=ns,O=brook;User:CN=c1-operator,OU=ns,O=brook;User:admin");
        Properties properties = new Properties();
        properties.putAll(props);
        assertThat(KafkaConfig.fromProps(properties, false).getString("authorizer.class.name")).as("Kafka accepts the result")
                .isEqualTo("kafka.security.authorizer.AclAuthorizer");
        assertThat(ServerProperties.entries(inputs(true), inputs.pod(1), "0.0.0.0", Path.of("/data/kafka-logs"), Optional.empty(), TLS))
                .as("no authorizer without super users").doesNotContainKeys("authorizer.class.name", "super.users");
    }

    @Test
    void authenticationThatDoesNotFitTheProtocolIsRefused() {
        assertThatThrownBy(() -> Listener.internal("X", 9093).withAuthentication(Listener.AUTH_TLS, 0))
                .hasMessageContaining("needs SSL");
        assertThatThrownBy(() -> new Listener("X", 9093, "SASL_SSL", new TreeMap<>())).hasMessageContaining("SASL protocols go with");
        assertThatThrownBy(() -> Listener.internal("X", 9093).withAuthentication("kerberos", 0)).hasMessageContaining("is not one of");
        assertThatThrownBy(() -> new BrokerInputs("c1", "ns", 3, PodAddressing.serviceDomain("c1-broker.ns.svc"),
                List.of(new HostPort("zk-0", 2181)), "/brook/ns/c1",
                List.of(Listener.internal("REPLICATION", 9091).withProtocol("SSL").withAuthentication(Listener.AUTH_TLS, 0)), "REPLICATION",
                new TreeMap<>(), true)).hasMessageContaining("Brook's brokers and operator authenticate there");
    }

    private static BrokerInputs inputs(boolean tls) {
        String protocol = tls ? "SSL" : "PLAINTEXT";
        Listener replication = Listener.internal("REPLICATION", 9091).withProtocol(protocol);
        Listener client = Listener.internal("CLIENT", 9092).withProtocol(protocol);
        Listener external = Listener.external("EXTERNAL", 9094, Map.of(1, new HostPort("1.2.3.4", 30001))).withProtocol(protocol);
        return new BrokerInputs("c1", "ns", 3, PodAddressing.serviceDomain("c1-broker.ns.svc"),
                List.of(new HostPort("zk-0", 2181)), "/brook/ns/c1",
                List.of(replication, client, tls ? external.withOwnCertificate() : external),
                "REPLICATION", new TreeMap<>(Map.of("ssl.cipher.suites", "TLS_AES_128_GCM_SHA256")), tls);
    }
}
