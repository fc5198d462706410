package dev.brook.contract;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code tls} fields of the inputs and a listener's own certificate: rendering, parsing, refusals, required files. */
class TlsInputsTest {
    private static final List<HostPort> CONNECT = List.of(new HostPort("c1-zookeeper-0.zk", 2181));
    private static final Listener REPLICATION_TLS = new Listener("REPLICATION", 9091, "SSL", null);
    private static final Listener CLIENT_TLS = Listener.external("CLIENT", 9092, Map.of(0, new HostPort("1.2.3.4", 31000),
            1, new HostPort("1.2.3.5", 31000))).withProtocol("SSL");

    private static BrokerInputs broker(List<Listener> listeners, boolean tls) {
        return new BrokerInputs("c1", "ns", 2, PodAddressing.serviceDomain("c1-broker.ns.svc.cluster.local"), CONNECT,
                "/brook/ns/c1", listeners, "REPLICATION", new TreeMap<>(Map.of("num.partitions", "3")), tls);
    }

    @Test
    void zookeeperTlsIsRenderedOnlyWhenOnAndOldInputsParseAsPlaintext() {
        ZookeeperInputs plain = ZookeeperInputs.of("c1", "ns", 3, PodAddressing.serviceDomain("c1-zookeeper.ns.svc.cluster.local"));
        ZookeeperInputs tls = plain.withTls(true);
        assertThat(plain.render()).doesNotContain("tls");
        assertThat(tls.render()).isEqualTo(plain.render() + "tls=true\n");
        assertThat(ZookeeperInputs.parse(tls.render())).isEqualTo(tls);
        assertThat(ZookeeperInputs.parse(plain.render()).tls()).isFalse();
        assertThat(ZookeeperInputs.parse(plain.render() + "tls=false\n")).isEqualTo(plain);
        assertThat(tls.hash()).isNotEqualTo(plain.hash());
        assertThatThrownBy(() -> ZookeeperInputs.parse(plain.render() + "tls=yes\n")).hasMessageContaining("'tls' is not true or false");
    }

    @Test
    void zookeeperPeersNeedTheirKeyStoreAndTheClusterBundle() {
        ZookeeperInputs tls = ZookeeperInputs.of("c1", "ns", 3, PodAddressing.serviceDomain("d")).withTls(true);
        assertThat(tls.tlsFiles(tls.pod(2))).containsExactly("c1-zookeeper-2.pem", "cluster-ca.pem");
        assertThat(tls.withTls(false).tlsFiles(tls.pod(2))).isEmpty();
    }

    @Test
    void brokerTlsAndOwnCertificatesRoundTrip() {
        BrokerInputs inputs = broker(List.of(REPLICATION_TLS, CLIENT_TLS.withOwnCertificate()), true);
        String text = inputs.render();
        assertThat(text).contains("tls=true\n", "listener.CLIENT.own.certificate=true\n", "listener.CLIENT.protocol=SSL\n",
                "listener.REPLICATION.protocol=SSL\n").doesNotContain("listener.REPLICATION.own");
        assertThat(BrokerInputs.parse(text)).isEqualTo(inputs);
        BrokerInputs plain = broker(List.of(Listener.internal("REPLICATION", 9091)), false);
        assertThat(plain.render()).doesNotContain("tls", "own.certificate");
        assertThat(BrokerInputs.parse(plain.render()).tls()).isFalse();
        assertThat(plain.withUserConfig(new TreeMap<>()).tls()).isFalse();
        assertThat(inputs.withUserConfig(new TreeMap<>()).tls()).isTrue();
        assertThat(inputs.restartHash()).isNotEqualTo(broker(List.of(REPLICATION_TLS, CLIENT_TLS), true).restartHash());
    }

    @Test
    void tlsNeedsAnSslInterBrokerListenerAndAnSslInterBrokerListenerNeedsTls() {
        assertThatThrownBy(() -> broker(List.of(Listener.internal("REPLICATION", 9091)), true))
                .hasMessageContaining("tls=true needs the inter-broker listener REPLICATION to be SSL, not PLAINTEXT");
        assertThatThrownBy(() -> broker(List.of(REPLICATION_TLS), false))
                .hasMessageContaining("inter-broker listener REPLICATION is SSL but tls is not set");
        assertThatThrownBy(() -> Listener.internal("CLIENT", 9092).withOwnCertificate())
                .hasMessageContaining("own certificate but protocol PLAINTEXT");
        String text = broker(List.of(REPLICATION_TLS, CLIENT_TLS), true).render();
        assertThatThrownBy(() -> BrokerInputs.parse(text + "listener.CLIENT.own.certificat=true\n"))
                .hasMessageContaining("unknown field 'own.certificat'");
    }

    @Test
    void brokersNeedTheirKeyStoreTheBundleAndEachListenersOwnCertificate() {
        BrokerInputs inputs = broker(List.of(REPLICATION_TLS, CLIENT_TLS.withOwnCertificate()), true);
        assertThat(inputs.tlsFiles(inputs.pod(1))).containsExactly("c1-broker-1.pem", "cluster-ca.pem", "listener-client.pem");
        BrokerInputs clientTlsOnly = broker(List.of(Listener.internal("REPLICATION", 9091), CLIENT_TLS), false);
        assertThat(clientTlsOnly.tlsFiles(inputs.pod(0))).containsExactly("c1-broker-0.pem");
        assertThat(broker(List.of(Listener.internal("REPLICATION", 9091)), false).tlsFiles(inputs.pod(0))).isEmpty();
        assertThat(CLIENT_TLS.withProtocol("PLAINTEXT").usesTls()).isFalse();
        assertThat(CLIENT_TLS.withOwnCertificate().withProtocol("PLAINTEXT").ownCertificate()).isFalse();
    }
}
