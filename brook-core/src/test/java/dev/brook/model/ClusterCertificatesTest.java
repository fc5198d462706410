package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.SecuritySpec;
import dev.brook.contract.TlsFiles;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Pem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClusterCertificatesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static Cluster cluster() {
        return ClusterFixtures.cluster();
    }

    private static List<ClusterTls.Issued> wanted(Cluster c, int brokers) {
        return ClusterTls.certificates(c, Platform.DEFAULT, ExternalAddresses.none(), 3, brokers, pod -> List.of());
    }

    private static Map<String, Map<String, byte[]>> asCurrent(ClusterCertificates.Plan plan) {
        return new TreeMap<>(plan.secrets());
    }

    @Test
    void aNewClusterGetsCasAndEveryCertificateAndPlanningAgainChangesNothing() {
        Cluster c = cluster();
        ClusterCertificates.Plan first = ClusterCertificates.plan(c, wanted(c, 3), Map.of(), NOW);
        assertThat(first.problem()).isNull();
        assertThat(first.secrets()).containsKeys("c1-cluster-ca", "c1-cluster-ca-cert", "c1-clients-ca", "c1-clients-ca-cert",
                "c1-zookeeper-tls", "c1-broker-tls", "c1-operator-tls");
        assertThat(first.secrets().get("c1-broker-tls")).containsKeys("c1-broker-0.pem", "c1-broker-2.pem", TlsFiles.CLUSTER_CA_BUNDLE,
                TlsFiles.CLIENTS_CA_BUNDLE);
        assertThat(first.changes()).anyMatch(l -> l.contains("cluster CA created")).anyMatch(l -> l.contains("c1-broker-1.pem: issued"));
        CertificateInfo broker = leaf(first, "c1-broker-tls", "c1-broker-1.pem");
        assertThat(broker.dnsNames()).contains("c1-broker-1.c1-broker.ns1.svc.cluster.local", "*.c1-broker.ns1.svc.cluster.local",
                "c1-bootstrap.ns1.svc");
        assertThat(broker.issuedBy(first.clusterCa())).isTrue();
        assertThat(leaf(first, "c1-broker-tls", "c1-broker-0.pem").subject()).as("one subject for every broker (ZooKeeper ACLs)")
                .isEqualTo(broker.subject());

        ClusterCertificates.Plan again = ClusterCertificates.plan(c, wanted(c, 3), asCurrent(first), NOW.plus(Duration.ofDays(1)));
        assertThat(again.changes()).isEmpty();
        assertThat(again.secrets().get("c1-broker-tls").get("c1-broker-1.pem")).isEqualTo(first.secrets().get("c1-broker-tls").get("c1-broker-1.pem"));
        assertThat(again.secrets().get("c1-cluster-ca-cert")).as("the PKCS#12 copy and its password stay").isSameAs(first.secrets().get("c1-cluster-ca-cert"));
    }

    @Test
    void thePlanSaysWhenEachCertificateExpiresRenewedOnesIncluded() {
        Cluster c = cluster();
        ClusterCertificates.Plan first = ClusterCertificates.plan(c, wanted(c, 3), Map.of(), NOW);
        assertThat(first.expiries()).containsKeys("c1-cluster-ca/ca.crt", "c1-clients-ca/ca.crt", "c1-broker-tls/c1-broker-0.pem",
                "c1-broker-tls/c1-broker-2.pem", "c1-zookeeper-tls/c1-zookeeper-1.pem");
        assertThat(first.expiries()).hasSize(2 + wanted(c, 3).size());
        assertThat(first.expiries().get("c1-cluster-ca/ca.crt")).isEqualTo(first.clusterCa().notAfter());
        assertThat(first.expiries().get("c1-broker-tls/c1-broker-1.pem")).isEqualTo(leaf(first, "c1-broker-tls", "c1-broker-1.pem").notAfter());

        Instant inWindow = first.clusterCa().notAfter().minus(Duration.ofDays(10));
        ClusterCertificates.Plan renewed = ClusterCertificates.plan(c, wanted(c, 3), asCurrent(first), inWindow);
        assertThat(renewed.expiries().get("c1-broker-tls/c1-broker-1.pem")).as("the renewed certificate's expiry, not the old one's")
                .isEqualTo(leaf(renewed, "c1-broker-tls", "c1-broker-1.pem").notAfter())
                .isAfter(first.expiries().get("c1-broker-tls/c1-broker-1.pem"));
    }

    @Test
    void aNewBrokerGetsItsCertificateAndNoOtherChanges() {
        Cluster c = cluster();
        ClusterCertificates.Plan three = ClusterCertificates.plan(c, wanted(c, 3), Map.of(), NOW);
        ClusterCertificates.Plan four = ClusterCertificates.plan(c, wanted(c, 4), asCurrent(three), NOW);
        assertThat(four.changes()).containsExactly("c1-broker-tls/c1-broker-3.pem: issued");
    }

    @Test
    void renewalKeepsTheCaKeyAndExpiryReplacesTheCa() {
        Cluster c = cluster();
        ClusterCertificates.Plan first = ClusterCertificates.plan(c, wanted(c, 3), Map.of(), NOW);
        Instant inWindow = first.clusterCa().notAfter().minus(Duration.ofDays(10));
        ClusterCertificates.Plan renewed = ClusterCertificates.plan(c, wanted(c, 3), asCurrent(first), inWindow);
        assertThat(renewed.changes()).anyMatch(l -> l.contains("renewed with the same key"));
        assertThat(renewed.clusterCa().publicKeyFingerprint()).isEqualTo(first.clusterCa().publicKeyFingerprint());
        assertThat(renewed.clusterCa().notAfter()).isAfter(first.clusterCa().notAfter());

        ClusterCertificates.Plan expired = ClusterCertificates.plan(c, wanted(c, 3), asCurrent(first),
                first.clusterCa().notAfter().plus(Duration.ofDays(1)));
        assertThat(expired.changes()).anyMatch(l -> l.contains("expired"));
        assertThat(expired.clusterCa().publicKeyFingerprint()).isNotEqualTo(first.clusterCa().publicKeyFingerprint());
        assertThat(leaf(expired, "c1-broker-tls", "c1-broker-0.pem").issuedBy(expired.clusterCa())).isTrue();
    }

    @Test
    void internalTlsIsOnByDefaultAndCanBeKeptOff() {
        Cluster c = cluster();
        assertThat(ClusterTls.internal(c)).isTrue();
        assertThat(ClusterTls.needed(c)).isTrue();
        c.getSpec().setSecurity(new SecuritySpec());
        c.getSpec().getSecurity().setInternalTls(false);
        assertThat(ClusterTls.internal(c)).isFalse();
        assertThat(ClusterTls.needed(c)).isFalse();
    }

    private static CertificateInfo leaf(ClusterCertificates.Plan plan, String secret, String file) {
        return CertificateInfo.of(Pem.readCertificates(ClusterCertificates.text(plan.secrets().get(secret).get(file))).get(0));
    }
}
