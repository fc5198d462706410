package dev.brook.bench;

import dev.brook.contract.Role;
import dev.brook.local.TlsMaterial;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.Leaf;
import dev.brook.pki.LeafRequest;
import dev.brook.pki.Pem;
import dev.brook.pki.Subject;
import dev.brook.pki.Usage;
import dev.brook.pki.Validity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Certificates of the benchmark's TLS cluster, issued as the operator issues them (brook-core's PKI, EC P-256, the
 * default): one cluster CA, one subject for every broker (ZooKeeper ACLs), another for every ZooKeeper server.
 */
final class BenchPki implements TlsMaterial {
    private final CertificateAuthority ca;
    private final Subject broker;
    private final Subject zookeeper;

    BenchPki(String cluster) {
        this.ca = CertificateAuthority.create(Subject.of(cluster + "-cluster-ca").withOrganization("brook-bench"), validity());
        this.broker = Subject.of(cluster + "-broker").withOrganization("brook-bench");
        this.zookeeper = Subject.of(cluster + "-zookeeper").withOrganization("brook-bench");
    }

    private static Validity validity() {
        return Validity.of(Instant.now().minus(Duration.ofMinutes(5)), Duration.ofDays(1));
    }

    @Override
    public String clusterCaBundle() {
        return Pem.trustBundle(List.of(ca.certificate()));
    }

    @Override
    public String keyStore(TlsPod pod) {
        return Leaf.issue(ca, LeafRequest.builder(pod.role() == Role.BROKER ? broker : zookeeper).dnsNames(pod.dnsNames())
                .ipAddresses(pod.ipAddresses()).usage(Usage.SERVER_AND_CLIENT).validity(validity()).build()).keyStorePem();
    }
}
