package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.file.attribute.PosixFilePermission.GROUP_READ;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;

import dev.brook.contract.Listener;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.TlsFiles;
import dev.brook.local.PodSpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.RackSpec;
import dev.brook.model.BrokerSet;
import dev.brook.model.ClusterCertificates;
import dev.brook.model.ClusterTls;
import dev.brook.model.ZookeeperEnsemble;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Pem;
import dev.brook.pki.Subject;
import dev.brook.pki.Validity;
import dev.brook.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One config path for both worlds: the local cluster's inputs are the operator's, plus only the host listener. */
class LocalClusterPlanTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void examplesMeanTheSameLocallyAsOnKubernetes() {
        LocalResources resources = LocalResources.read(List.of(RepoPaths.root().resolve("examples")));
        assertThat(resources.problemsFor("demo")).isEmpty();
        Cluster cluster = resources.clusters().get(0).resource();
        LocalClusterPlan plan = new LocalClusterPlan(cluster, 77);

        assertThat(plan.zookeeperInputs()).isEqualTo(ZookeeperEnsemble.from(cluster).inputs());
        var model = BrokerSet.from(cluster).inputs();
        assertThat(plan.brokerInputs().userConfig()).isEqualTo(model.userConfig());
        assertThat(plan.brokerInputs().zookeeperConnectString()).isEqualTo(model.zookeeperConnectString());
        assertThat(plan.brokerInputs().addressing()).isEqualTo(model.addressing());
        // The operator's listeners, each advertised at the brokers' loopback addresses (not their DNS names), plus LOCAL.
        assertThat(plan.brokerInputs().listeners()).extracting(LocalClusterPlanTest::unadvertised)
                .containsAll(model.listeners().stream().map(LocalClusterPlanTest::unadvertised).toList());
        assertThat(plan.brokerInputs().listeners()).extracting(Listener::name)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(model.listeners().stream().map(Listener::name),
                        java.util.stream.Stream.of(LocalClusterPlan.HOST_LISTENER)).toList());
        assertThat(plan.brokerInputs().listeners()).allSatisfy(l -> assertThat(l.advertised().values())
                .extracting(a -> a.host()).as(l.name()).containsExactly("127.0.77.101", "127.0.77.102", "127.0.77.103"));
        assertThat(plan.bootstrapServers()).isEqualTo("127.0.77.101:19092,127.0.77.102:19092,127.0.77.103:19092");

        PodSpec broker = plan.brokerPod(1, Path.of("/data/pods"), name -> null);
        assertThat(broker.bindAddress()).isEqualTo("127.0.77.102");
        assertThat(broker.hostnames()).containsExactly("demo-broker-1.demo-broker.default.svc.cluster.local");
        assertThat(broker.env()).containsEntry(PodEnvironment.HEAP_OPTS, "-Xms512m -Xmx512m");
        assertThat(plan.zookeeperPod(0, Path.of("/data/pods"), name -> null).env()).containsEntry(PodEnvironment.HEAP_OPTS, "-Xms128m -Xmx256m");

        assertThat(plan.ignored()).anyMatch(i -> i.startsWith("spec.brokers.listeners[2] (external, nodeport)"))
                .anyMatch(i -> i.startsWith("spec.brokers.resources"));

        // Rack awareness needs nodes: a rack topology key is reported as ignored locally.
        RackSpec rack = new RackSpec();
        rack.setTopologyKey("topology.kubernetes.io/zone");
        cluster.getSpec().getBrokers().setRack(rack);
        assertThat(new LocalClusterPlan(cluster, 77).ignored()).anyMatch(i -> i.startsWith("spec.brokers.rack"));
    }

    @Test
    void underAuthorizationBrookLocalsOwnClientIsTheOperatorASuperUserOnTheReplicationListener() {
        LocalResources resources = LocalResources.read(List.of(RepoPaths.root().resolve("examples")));
        assertThat(resources.problemsFor("demo")).isEmpty();
        Cluster cluster = resources.clusters().get(0).resource();
        assertThat(cluster.getSpec().getSecurity().getAuthorization()).as("the example runs with authorization").isNotNull();
        LocalClusterPlan plan = new LocalClusterPlan(cluster, 77);

        // The certificate brook local's client presents is the operator's, whose DN the brokers take as a super user.
        assertThat(plan.certificates()).filteredOn(c -> c.secret().equals(plan.adminKeyStoreSecret()))
                .singleElement().satisfies(c -> assertThat(c.file()).isEqualTo(ClusterTls.OPERATOR_KEY_STORE))
                .satisfies(c -> assertThat(plan.brokerInputs().superUsers()).contains("User:" + c.subject().distinguishedName()));
        assertThat(plan.brokerInputs().superUsers()).noneMatch(u -> u.contains("ANONYMOUS"));
        // It connects where the operator does, the replication listener (mutual TLS, whole DNs), here by address.
        assertThat(plan.replicationBootstrapServers()).isEqualTo("127.0.77.101:9091,127.0.77.102:9091,127.0.77.103:9091");
        Listener replication = plan.brokerInputs().listeners().stream().filter(l -> l.name().equals(plan.brokerInputs().interBrokerListener()))
                .findFirst().orElseThrow();
        assertThat(replication.port()).isEqualTo(9091);
        assertThat(replication.protocol()).isEqualTo("SSL");

        // Users' client configurations name the internal listeners at this machine's addresses; the nodeport one does not run.
        assertThat(dev.brook.model.UserListener.of(plan.withListenerStatus())).extracting(l -> l.name() + " " + l.bootstrap()).containsExactly(
                "scram 127.0.77.101:9092,127.0.77.102:9092,127.0.77.103:9092",
                "tls 127.0.77.101:9093,127.0.77.102:9093,127.0.77.103:9093",
                "external null");
        assertThat(cluster.getStatus()).as("the resource itself is left alone").isNull();
        assertThat(resources.users()).extracting(LocalResources.Sourced::name).containsExactly("orders-writer", "orders-reader");
    }

    @Test
    void theSupervisorRunsWhatUpWroteToTheDataDir(@TempDir Path dir) {
        Cluster cluster = LocalResources.read(List.of(RepoPaths.root().resolve("examples"))).clusters().get(0).resource();
        LocalClusterPlan plan = new LocalClusterPlan(cluster, 77);
        LocalState state = new LocalState(dir);
        ClusterCertificates.Plan certificates = plan.certificatePlan(Map.of(), NOW).orElseThrow();

        state.writeManifests(plan.objects());
        state.secrets().write(certificates.secrets());
        LocalState.Manifests read = state.manifests();

        assertThat(read.statefulSets()).extracting(s -> s.getMetadata().getName()).containsExactly("demo-zookeeper", "demo-broker");
        assertThat(read.configMaps()).isEqualTo(plan.manifests().configMaps());
        assertThat(read.statefulSets()).isEqualTo(plan.manifests().statefulSets());
        // The supervisor reads the Secrets from the data dir; up planned with the Secrets it had just issued.
        Function<String, Secret> planned = name -> certificates.secrets().containsKey(name)
                ? ClusterCertificates.secrets(cluster, certificates).stream().filter(s -> s.getMetadata().getName().equals(name))
                        .findFirst().orElseThrow()
                : null;
        List<List<PodSpec>> supervised = LocalClusterPlan.pods(read, 77, state.podsRoot(), state.secrets()::secret);
        assertThat(supervised).isEqualTo(LocalClusterPlan.pods(plan.manifests(), 77, state.podsRoot(), planned))
                .satisfies(waves -> assertThat(waves.get(1)).extracting(PodSpec::name).containsExactly("demo-broker-0", "demo-broker-1", "demo-broker-2"));
        assertThat(supervised.get(0).get(2).tlsFiles()).containsOnlyKeys("demo-zookeeper-0.pem", "demo-zookeeper-1.pem",
                "demo-zookeeper-2.pem", TlsFiles.CLUSTER_CA_BUNDLE);
        assertThat(supervised.get(1).get(0).tlsFiles()).containsKeys("demo-broker-0.pem", TlsFiles.CLUSTER_CA_BUNDLE)
                .containsEntry("demo-broker-0.pem", text(certificates.secrets().get("demo-broker-tls").get("demo-broker-0.pem")));
        assertThat(plan.brokerInputs().tlsFiles(plan.brokerInputs().pod(0))).allSatisfy(file ->
                assertThat(supervised.get(1).get(0).tlsFiles()).as("every file the agent requires").containsKey(file));
    }

    @Test
    void certificatesNameEachPodsLoopbackAddressAndDnsNameAndASecondUpRewritesNoFile(@TempDir Path dir) throws Exception {
        Cluster cluster = LocalResources.read(List.of(RepoPaths.root().resolve("examples"))).clusters().get(0).resource();
        LocalClusterPlan plan = new LocalClusterPlan(cluster, 77);
        LocalSecrets secrets = new LocalState(dir).secrets();

        ClusterCertificates.Plan first = plan.certificatePlan(secrets.read(), NOW).orElseThrow();
        assertThat(secrets.write(first.secrets())).isNotEmpty();

        CertificateInfo broker = leaf(secrets.file("demo-broker-tls", "demo-broker-1.pem"));
        assertThat(broker.ipAddresses()).contains("127.0.77.102");
        assertThat(broker.dnsNames()).containsAll(plan.brokerPod(1, dir, name -> null).hostnames());
        CertificateInfo zookeeper = leaf(secrets.file("demo-zookeeper-tls", "demo-zookeeper-0.pem"));
        assertThat(zookeeper.ipAddresses()).contains("127.0.77.11");
        assertThat(zookeeper.dnsNames()).containsAll(plan.zookeeperPod(0, dir, name -> null).hostnames());
        Path ca = secrets.file(plan.caCertificateSecret(), ClusterCertificates.CA_CERT);
        assertThat(broker.issuedBy(CertificateInfo.of(Pem.readCertificates(Files.readString(ca)).get(0)))).isTrue();

        // Keys for the owner only; the CA bundle clients trust for everyone.
        assertThat(Files.getPosixFilePermissions(secrets.file("demo-cluster-ca", "ca.key"))).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(secrets.file("demo-broker-tls", "demo-broker-1.pem"))).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(ca)).contains(OWNER_READ, GROUP_READ, OTHERS_READ);

        // The next up (a day later) plans on what the data dir holds: no change, no file written.
        FileTime longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        List<Path> files;
        try (Stream<Path> all = Files.walk(secrets.root())) {
            files = all.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Files.setLastModifiedTime(f, longAgo);
        }
        ClusterCertificates.Plan again = plan.certificatePlan(secrets.read(), NOW.plus(Duration.ofDays(1))).orElseThrow();
        assertThat(again.changes()).isEmpty();
        assertThat(secrets.write(again.secrets())).isEmpty();
        assertThat(files).allSatisfy(f -> assertThat(Files.getLastModifiedTime(f)).as(f.toString()).isEqualTo(longAgo));

        // Another address block: the pods' certificates name the wrong addresses and are issued again; the CAs stay.
        ClusterCertificates.Plan moved = new LocalClusterPlan(cluster, 78).certificatePlan(secrets.read(), NOW).orElseThrow();
        assertThat(moved.changes()).anyMatch(c -> c.startsWith("demo-broker-tls/demo-broker-1.pem: issued again"))
                .noneMatch(c -> c.contains("CA created"));
        secrets.write(moved.secrets());
        assertThat(leaf(secrets.file("demo-broker-tls", "demo-broker-1.pem")).ipAddresses()).contains("127.0.78.102");
        assertThat(Files.readString(ca)).isEqualTo(text(first.secrets().get(plan.caCertificateSecret()).get(ClusterCertificates.CA_CERT)));
    }

    @Test
    void theLocalListenerIsTlsWithInternalTlsAndPlaintextWithout() {
        Cluster cluster = LocalResources.read(List.of(RepoPaths.root().resolve("examples"))).clusters().get(0).resource();
        LocalClusterPlan tls = new LocalClusterPlan(cluster, 77);
        Listener local = hostListener(tls);
        assertThat(local.protocol()).isEqualTo("SSL");
        assertThat(local.keyStoreFile(tls.brokerInputs().pod(2))).as("the pod's key store").isEqualTo("demo-broker-2.pem");
        assertThat(tls.brokerInputs().tls()).isTrue();
        assertThat(tls.internalTls()).isTrue();

        plaintext(cluster);
        LocalClusterPlan plain = new LocalClusterPlan(cluster, 77);
        assertThat(hostListener(plain).protocol()).isEqualTo("PLAINTEXT");
        assertThat(plain.brokerInputs().tls()).isFalse();
        assertThat(plain.certificatePlan(Map.of(), NOW)).isEmpty();
    }

    @Test
    void aSwitchBetweenPlaintextAndTlsIsSeenInWhatTheLastUpWrote(@TempDir Path dir) {
        Cluster cluster = LocalResources.read(List.of(RepoPaths.root().resolve("examples"))).clusters().get(0).resource();
        LocalState state = new LocalState(dir);
        state.writeManifests(new LocalClusterPlan(cluster, 77).objects());
        assertThat(LocalClusterPlan.internalTlsIn(state.manifests(), "demo")).isTrue();
        assertThat(LocalClusterPlan.internalTlsIn(state.manifests(), "other")).isNull();
        plaintext(cluster);
        state.writeManifests(new LocalClusterPlan(cluster, 77).objects());
        assertThat(LocalClusterPlan.internalTlsIn(state.manifests(), "demo")).isFalse();
    }

    @Test
    void aCaOfTheUsersOwnIsReadFromItsDirectoryInTheDataDir(@TempDir Path dir) throws Exception {
        Cluster cluster = LocalResources.read(List.of(RepoPaths.root().resolve("examples"))).clusters().get(0).resource();
        cluster.getSpec().getSecurity().getClusterCa().setSecretName("my-ca");
        LocalClusterPlan plan = new LocalClusterPlan(cluster, 77);
        LocalSecrets secrets = new LocalState(dir).secrets();
        assertThat(plan.certificatePlan(secrets.read(), NOW).orElseThrow().problem()).contains("my-ca");

        CertificateAuthority mine = CertificateAuthority.create(Subject.of("my CA"), Validity.of(NOW.minus(Duration.ofDays(1)), Duration.ofDays(400)));
        Files.createDirectories(secrets.root().resolve("my-ca"));
        Files.writeString(secrets.file("my-ca", ClusterCertificates.CA_CERT), mine.certificatePem());
        Files.writeString(secrets.file("my-ca", ClusterCertificates.CA_KEY), mine.privateKeyPem());
        ClusterCertificates.Plan planned = plan.certificatePlan(secrets.read(), NOW).orElseThrow();
        assertThat(planned.problem()).isNull();
        assertThat(planned.secrets()).doesNotContainKey("my-ca").doesNotContainKey("demo-cluster-ca");
        secrets.write(planned.secrets());
        assertThat(leaf(secrets.file("demo-broker-tls", "demo-broker-0.pem")).issuedBy(mine.info())).isTrue();
    }

    @Test
    void aListenersOwnCertificateIsReadFromItsDirectoryInTheDataDir(@TempDir Path dir) throws Exception {
        Cluster cluster = LocalResources.read(List.of(RepoPaths.root().resolve("examples"))).clusters().get(0).resource();
        dev.brook.api.v1alpha1.ListenerSpec partner = new dev.brook.api.v1alpha1.ListenerSpec("partner", 9096,
                dev.brook.api.v1alpha1.ListenerType.INTERNAL);
        partner.setTls(true);
        dev.brook.api.v1alpha1.ListenerCertificate own = new dev.brook.api.v1alpha1.ListenerCertificate();
        own.setSecretName("partner-cert");
        partner.setCertificate(own);
        List<dev.brook.api.v1alpha1.ListenerSpec> listeners = new java.util.ArrayList<>(
                dev.brook.model.ClusterDefaults.listeners(cluster.getSpec()));
        listeners.add(partner);
        cluster.getSpec().getBrokers().setListeners(listeners);
        LocalClusterPlan plan = new LocalClusterPlan(cluster, 77);
        LocalSecrets secrets = new LocalState(dir).secrets();
        assertThat(plan.listenerKeyStores(secrets.read()).problem()).contains("listeners[partner]").contains("partner-cert does not exist");

        CertificateAuthority issuer = CertificateAuthority.create(Subject.of("partner"), Validity.of(NOW.minus(Duration.ofDays(1)), Duration.ofDays(90)));
        Files.createDirectories(secrets.root().resolve("partner-cert"));
        Files.writeString(secrets.file("partner-cert", "tls.crt"), issuer.certificatePem());
        assertThat(plan.listenerKeyStores(secrets.read()).problem()).contains("its key under tls.key");
        Files.writeString(secrets.file("partner-cert", "tls.key"), issuer.privateKeyPem());
        assertThat(plan.listenerKeyStores(secrets.read()).problem()).isNull();
        ClusterCertificates.Plan planned = plan.certificatePlan(secrets.read(), NOW).orElseThrow();
        assertThat(planned.problem()).isNull();
        secrets.write(planned.secrets());
        Path keyStore = secrets.file("demo-broker-tls", TlsFiles.listenerKeyStore("PARTNER"));
        assertThat(leaf(keyStore).subject()).isEqualTo(issuer.info().subject());
        assertThat(plan.brokerInputs().listeners()).filteredOn(l -> l.name().equals("PARTNER"))
                .singleElement().satisfies(l -> assertThat(l.ownCertificate()).isTrue()).satisfies(l -> assertThat(l.protocol()).isEqualTo("SSL"));
    }

    /**
     * The cluster plaintext throughout: no internal TLS, so no authorization either (it needs the brokers' and operator's
     * certificates), and listeners without TLS or authentication.
     */
    private static void plaintext(Cluster cluster) {
        cluster.getSpec().getSecurity().setInternalTls(false);
        cluster.getSpec().getSecurity().setAuthorization(null);
        cluster.getSpec().getBrokers().getListeners().forEach(l -> {
            l.setTls(null);
            l.setAuthentication(null);
        });
    }

    /** The listener as the operator renders it, without its advertised addresses. */
    private static Listener unadvertised(Listener l) {
        return new Listener(l.name(), l.port(), l.protocol(), new java.util.TreeMap<>(), l.ownCertificate(), l.authentication(),
                l.reauthenticationMs());
    }

    private static Listener hostListener(LocalClusterPlan plan) {
        return plan.brokerInputs().listeners().stream().filter(l -> l.name().equals(LocalClusterPlan.HOST_LISTENER)).findFirst().orElseThrow();
    }

    private static CertificateInfo leaf(Path keyStore) throws java.io.IOException {
        return CertificateInfo.of(Pem.readCertificates(Files.readString(keyStore)).get(0));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void problemsNameFileKindAndField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), """
                apiVersion: brook.dev/v1alpha1
                kind: Cluster
                metadata: {name: c}
                spec:
                  brokers:
                    config: {broker.id: "7"}
                ---
                apiVersion: brook.dev/v1alpha1
                kind: Topic
                metadata: {name: t}
                spec: {cluster: other, partitions: 1}
                ---
                apiVersion: brook.dev/v1alpha1
                kind: Kafka
                metadata: {name: k}
                """);
        LocalResources r = LocalResources.read(List.of(file));
        assertThat(r.problemsFor("c")).extracting(Object::toString).contains(
                file + ": Cluster c: spec.brokers.config.broker.id: is set by Brook and cannot be overridden; remove 'broker.id' from spec.brokers.config",
                file + ": Topic t: spec.cluster: names cluster 'other', but the local cluster is 'c'",
                file + ": kind: 'Kafka' is not a Brook kind (Cluster, Topic, ConsumerGroup, User)");
    }
}
