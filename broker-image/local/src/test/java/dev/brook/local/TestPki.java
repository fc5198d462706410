package dev.brook.local;

import dev.brook.contract.Role;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.Leaf;
import dev.brook.pki.LeafRequest;
import dev.brook.pki.Pem;
import dev.brook.pki.Subject;
import dev.brook.pki.Usage;
import dev.brook.pki.Validity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of a local TLS cluster, made with brook-core's PKI the way the operator makes them: one cluster CA,
 * a key store per pod naming its DNS name and loopback address, every broker under the same subject DN (ZooKeeper
 * ACLs), every ZooKeeper under another. Also client certificates, certificates of a foreign CA, and JDK SSL contexts
 * built from them for raw TLS checks.
 */
final class TestPki implements TlsMaterial {
    private static final char[] PASSWORD = "test".toCharArray();

    private final CertificateAuthority ca;
    private final Subject brokerSubject;
    private final Subject zookeeperSubject;
    private final Map<String, TlsPod> pods = new ConcurrentHashMap<>();
    private final Map<String, Leaf> leaves = new ConcurrentHashMap<>();
    /** The clients CA, for listeners that authenticate by certificate; null unless {@link #withClientsCa()}. */
    private CertificateAuthority clientsCa;

    TestPki(String clusterName) {
        this.ca = CertificateAuthority.create(Subject.of(clusterName + "-cluster-ca").withOrganization("brook-test"), validity());
        this.brokerSubject = Subject.of(clusterName + "-broker").withOrganization("brook-test");
        this.zookeeperSubject = Subject.of(clusterName + "-zookeeper").withOrganization("brook-test");
    }

    /** Valid from five minutes ago (the JDK checks certificates against its own clock) for a day. */
    static Validity validity() {
        return Validity.of(Instant.now().minus(Duration.ofMinutes(5)), Duration.ofDays(1));
    }

    CertificateAuthority ca() {
        return ca;
    }

    /** This PKI with a clients CA too (its bundle goes to the brokers, {@link #clientsCaBundle()}). */
    TestPki withClientsCa() {
        clientsCa = CertificateAuthority.create(Subject.of(ca.info().subject().replaceAll("^CN=([^,]*)-cluster-ca.*$", "$1") + "-clients-ca")
                .withOrganization("brook-test"), validity());
        return this;
    }

    @Override
    public String clientsCaBundle() {
        return clientsCa == null ? null : Pem.trustBundle(List.of(clientsCa.certificate()));
    }

    /** A client certificate from the clients CA, as a TLS user gets one: subject {@code CN=<commonName>,O=brook-test}. */
    Leaf user(String commonName) {
        return Leaf.issue(clientsCa, LeafRequest.builder(Subject.of(commonName).withOrganization("brook-test")).usage(Usage.CLIENT)
                .validity(validity()).build());
    }

    /** The one subject every broker certificate carries. */
    Subject brokerSubject() {
        return brokerSubject;
    }

    @Override
    public String clusterCaBundle() {
        return Pem.trustBundle(List.of(ca.certificate()));
    }

    @Override
    public String keyStore(TlsPod pod) {
        pods.put(pod.name(), pod);
        return issue(pod.name(), pod.role() == Role.BROKER ? brokerSubject : zookeeperSubject, List.of()).keyStorePem();
    }

    /** The certificate last issued for {@code pod}. */
    Leaf leaf(String pod) {
        return leaves.get(pod);
    }

    /** A new certificate (new key) for {@code pod}: same subject, same SANs. */
    Leaf reissue(String pod) {
        return reissue(pod, pods.get(pod).role() == Role.BROKER ? brokerSubject : zookeeperSubject, List.of());
    }

    /** A new certificate for {@code pod} with another subject and/or extra DNS names. */
    Leaf reissue(String pod, Subject subject, List<String> extraDnsNames) {
        return issue(pod, subject, extraDnsNames);
    }

    private Leaf issue(String podName, Subject subject, List<String> extraDnsNames) {
        TlsPod pod = pods.get(podName);
        List<String> dns = new ArrayList<>(pod.dnsNames());
        dns.addAll(extraDnsNames);
        Leaf leaf = Leaf.issue(ca, LeafRequest.builder(subject).dnsNames(dns).ipAddresses(pod.ipAddresses())
                .usage(Usage.SERVER_AND_CLIENT).validity(validity()).build());
        leaves.put(podName, leaf);
        return leaf;
    }

    /** A client certificate from the cluster CA. */
    Leaf client(String commonName) {
        return Leaf.issue(ca, LeafRequest.builder(Subject.of(commonName).withOrganization("brook-test")).usage(Usage.CLIENT)
                .validity(validity()).build());
    }

    /** A client certificate from a CA of its own (with the cluster CA's very name: only the key tells them apart). */
    static Leaf foreignClient(String clusterName, String commonName) {
        CertificateAuthority foreign = CertificateAuthority.create(Subject.of(clusterName + "-cluster-ca").withOrganization("brook-test"),
                validity());
        return Leaf.issue(foreign, LeafRequest.builder(Subject.of(commonName).withOrganization("brook-test")).usage(Usage.CLIENT)
                .validity(validity()).build());
    }

    /** A fresh SSL context (no cached sessions) presenting {@code identity} (or nothing) and trusting {@code trusted}. */
    static SSLContext sslContext(Leaf identity, List<X509Certificate> trusted) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (identity != null) {
                keys.setKeyEntry("identity", identity.privateKey(), PASSWORD, identity.chain().toArray(new Certificate[0]));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                trust.setCertificateEntry("ca-" + i, trusted.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build an SSL context", e);
        }
    }

    /** Writes {@code pem} to {@code file} (for ZooKeeper clients, which read key stores from files only). */
    static Path write(Path file, String pem) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
