package dev.brook.local;

import dev.brook.contract.BrokerInputs;
import dev.brook.contract.PodPorts;
import dev.brook.contract.TlsFiles;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.Leaf;
import dev.brook.pki.LeafRequest;
import dev.brook.pki.Pem;
import dev.brook.pki.Subject;
import dev.brook.pki.Usage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A TLS cluster, 3 ZooKeeper + 3 brokers on 127.0.33.x, certificates from brook-core's PKI ({@link TestPki}), run the way
 * the operator runs one ({@link LocalKafkaCluster.Builder#tls}): what it refuses, what it accepts, ZooKeeper ACLs,
 * replication over mutual TLS, the agent's TLS status, and a broker that takes a renewed certificate (or a new CA bundle)
 * without a restart when the same file path is set again through the Admin API.
 *
 * <p>Tests are independent of their order: the reload tests each change one broker of their own (1 and 2); the restart
 * test kills and restarts broker 0 with its own files; the others only read broker 0, the ZooKeeper pods and
 * cluster-wide state, and wait for what a restart could delay.
 */
class TlsClusterTest {
    private static final String CLUSTER = "tls";
    private static final String NAMESPACE = "brook-test";
    private static final int CLIENT_PORT = PodPorts.BROKER_CLIENT;
    private static final int REPLICATION_PORT = PodPorts.BROKER_REPLICATION;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ZOOKEEPER_REQUEST_TIMEOUT_MS = 3000;
    private static final int SESSION_TIMEOUT_MS = 18_000;

    private static TestPki pki;
    private static Leaf operator;
    private static LocalKafkaCluster cluster;
    private static ClusterProbe probe;
    private static Path clientFiles;

    @BeforeAll
    static void startCluster() {
        pki = new TestPki(CLUSTER);
        operator = pki.client("brook-operator");
        clientFiles = Path.of("target", "local-clusters", "tls-clients").toAbsolutePath();
        Directories.deleteTree(clientFiles);
        long begin = System.nanoTime();
        cluster = LocalKafkaCluster.builder(CLUSTER).namespace(NAMESPACE).addressBlock(33)
                .workDir(Path.of("target", "local-clusters", "tls"))
                .jvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS)
                // Kafka's stock session timeout: a killed broker's registration outlives its restart by a wide margin,
                // so the restart test always finds it (Brook's default of 6 s could expire before the new JVM looks).
                .brokerConfig("zookeeper.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS))
                .startTimeout(Duration.ofSeconds(120))
                .tls(pki).start();
        System.out.printf("TLS cluster (3 ZooKeeper + 3 brokers) ready in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        probe = new ClusterProbe(cluster.bootstrapServers(), trustingTheClusterCa());
    }

    @AfterAll
    static void stopCluster() {
        if (probe != null) {
            probe.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        Directories.deleteTree(clientFiles);
    }

    @Test
    void aClientWithoutTheClusterCaFailsTheHandshakeAndOneWithItProducesAndConsumes() throws Exception {
        Properties untrusting = new Properties();
        untrusting.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        untrusting.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SSL"); // the JDK's default trust store only
        untrusting.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(untrusting)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(90, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }

        String topic = "tls-delivery";
        probe.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 3))).all().get(60, TimeUnit.SECONDS);
        probe.awaitFullIsr(List.of(topic), 3, WAIT);
        Properties producerProps = new Properties();
        producerProps.putAll(trustingTheClusterCa());
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 300; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        Properties consumerProps = new Properties();
        consumerProps.putAll(trustingTheClusterCa());
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "tls-readers");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> values = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
                return values.size() == 300;
            });
        }
        assertThat(values).contains("value-0", "value-299");
    }

    @Test
    void theReplicationListenerRefusesForeignAndMissingClientCertificatesAndAcceptsClusterCaOnes() throws Exception {
        String broker = cluster.brokerAddress(0);
        assertThat(apiVersionsErrorCode(broker, REPLICATION_PORT, operator)).as("a cluster-CA client certificate").isZero();
        assertThatThrownBy(() -> apiVersionsErrorCode(broker, REPLICATION_PORT, TestPki.foreignClient(CLUSTER, "brook-operator")))
                .as("a certificate of a foreign CA with the same names").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> apiVersionsErrorCode(broker, REPLICATION_PORT, null))
                .as("no client certificate").isInstanceOf(IOException.class);
        assertThat(apiVersionsErrorCode(broker, CLIENT_PORT, null)).as("the CLIENT listener asks for none").isZero();
    }

    @Test
    void zookeeperServesOnlyClusterCaClientsAndBrokerZnodesCarryX509Acls() throws Exception {
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < cluster.zookeeperCount(); i++) {
            servers.add(cluster.zookeeperAddress(i) + ":" + PodPorts.ZOOKEEPER_CLIENT);
        }
        String connect = String.join(",", servers);

        ZKClientConfig plaintext = new ZKClientConfig();
        plaintext.setProperty(ZKClientConfig.ZOOKEEPER_REQUEST_TIMEOUT, Integer.toString(ZOOKEEPER_REQUEST_TIMEOUT_MS));
        assertCannotTalk(connect, plaintext);
        assertCannotTalk(connect, tlsClient("foreign", TestPki.foreignClient(CLUSTER, "brook-operator"), true));

        String brokerIds = BrokerInputs.defaultChroot(NAMESPACE, CLUSTER) + "/brokers/ids";
        try (ZooKeeper zk = new ZooKeeper(connect, 20_000, event -> { }, tlsClient("operator", operator, false))) {
            await().atMost(WAIT).until(() -> zk.getState().isConnected());
            assertThat(zk.getChildren(brokerIds, false)).containsExactlyInAnyOrder("0", "1", "2");
            List<ACL> acl = zk.getACL(brokerIds + "/0", new Stat());
            assertThat(acl).as("the brokers' common subject has every right")
                    .contains(new ACL(ZooDefs.Perms.ALL, new Id("x509", pki.brokerSubject().distinguishedName())));
            assertThat(acl).as("everyone else may read, nothing more").allSatisfy(entry -> {
                if (!entry.getId().getScheme().equals("x509")) {
                    assertThat(entry.getId()).isEqualTo(ZooDefs.Ids.ANYONE_ID_UNSAFE);
                    assertThat(entry.getPerms()).isEqualTo(ZooDefs.Perms.READ);
                }
            });
            assertThatThrownBy(() -> zk.setData(brokerIds + "/0", new byte[0], -1))
                    .as("another subject of the same CA may not change a broker's znode").isInstanceOf(KeeperException.NoAuthException.class);
        }
    }

    @Test
    void replicationRunsOverMutualTlsToFullIsr() throws Exception {
        String topic = "tls-replicated";
        probe.admin().createTopics(List.of(new NewTopic(topic, 6, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(60, TimeUnit.SECONDS);
        probe.awaitFullIsr(List.of(topic), 3, WAIT);
        assertThat(probe.describe(topic).partitions()).hasSize(6).allSatisfy(p -> assertThat(p.isr()).hasSize(3));
        assertThat(probe.registeredBrokers()).isEqualTo(3);
    }

    @Test
    void aKilledBrokerWaitsForItsStaleRegistrationOverTlsThenRejoinsUnderTheSameSubject() throws Exception {
        String topic = "tls-restart";
        probe.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(60, TimeUnit.SECONDS);
        probe.awaitFullIsr(List.of(topic), 3, WAIT);
        String pod = cluster.brokerPod(0);
        cluster.runtime().kill(pod);
        cluster.restartBroker(0);

        String log = java.nio.file.Files.readString(cluster.runtime().pod(pod).orElseThrow().logFile(), StandardCharsets.UTF_8);
        String lastStart = log.substring(log.lastIndexOf("=== brook-local: starting " + pod));
        assertThat(lastStart).as("the agent's own ZooKeeper client read the registration over mutual TLS")
                .contains("/brokers/ids/0 is still held by the previous session")
                .contains("stale registration /brokers/ids/0 expired after");
        // Back in every ISR: with ZooKeeper ACLs on, it may change the znodes the others (same subject) wrote meanwhile.
        probe.awaitFullIsr(List.of(topic), 3, WAIT);
        assertThat(probe.inIsrEverywhere(topic, 0)).isTrue();
    }

    @Test
    void statusReportsTheCertificateItsIssuerKeyAndTheTrustedCasAsThePodSeesThem() throws Exception {
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < cluster.zookeeperCount(); i++) {
            pods.add(cluster.zookeeperPod(i));
        }
        pods.add(cluster.brokerPod(0)); // brokers 1 and 2 get new certificates in other tests
        for (String pod : pods) {
            AgentStatus status = cluster.runtime().agentStatus(pod).orElseThrow();
            Leaf written = pki.leaf(pod);
            assertThat(status.tlsError()).as(pod).isEmpty();
            assertThat(status.tlsCertificate()).as(pod).contains(written.info().fingerprint());
            assertThat(status.tlsNotAfter()).as(pod).contains(written.info().notAfter());
            assertThat(status.tlsServedNotAfter()).as(pod + ": the expiry of what the running server presents").contains(written.info().notAfter());
            assertThat(status.tlsIssuerKey()).as(pod).contains(pki.ca().info().publicKeyFingerprint());
            assertThat(status.tlsTrusted()).as(pod).containsExactly(pki.ca().info().fingerprint());
            assertThat(status.tlsTrustedLoaded()).as(pod + ": what the running server trusts (ZooKeeper: read at start; broker: "
                    + "the CAs its mutual-TLS listener names in a handshake)").containsExactly(pki.ca().info().fingerprint());
        }
        assertThat(serverCertificate(cluster.brokerAddress(0), CLIENT_PORT))
                .as("what broker 0 serves is what the test wrote and the status reports")
                .isEqualTo(pki.leaf(cluster.brokerPod(0)).info().fingerprint());
    }

    @Test
    void aBrokerReloadsARenewedCertificateWhenItsKeyStorePathIsSetAgainWithoutRestarting() throws Exception {
        int id = 1;
        String pod = cluster.brokerPod(id);
        String host = cluster.brokerAddress(id);
        long pid = cluster.runtime().pod(pod).orElseThrow().pid();
        String keyStore = cluster.tlsDir(pod).resolve(TlsFiles.podKeyStore(pod)).toString();
        String before = pki.leaf(pod).info().fingerprint();
        assertThat(serverCertificate(host, CLIENT_PORT)).isEqualTo(before);

        assertThat(cluster.runtime().agentStatus(pod).orElseThrow().tlsStaleListeners()).as("every listener serves its file").isEmpty();

        Leaf renewed = pki.reissue(pod); // same subject, same SANs, new key
        cluster.runtime().writeTlsFile(pod, TlsFiles.podKeyStore(pod), renewed.keyStorePem());
        await().atMost(WAIT).until(() -> tlsCertificateInStatus(pod).equals(renewed.info().fingerprint()));
        assertThat(serverCertificate(host, CLIENT_PORT)).as("Kafka does not watch the file").isEqualTo(before);
        assertThat(cluster.runtime().agentStatus(pod).orElseThrow().tlsStaleListeners())
                .as("the agent sees both listeners serve an older certificate than the file").containsExactly("CLIENT", "REPLICATION");

        setKeyStoreLocations(id, keyStore, "client", "replication");
        // Stored in ZooKeeper as per-broker dynamic config; the broker learns it from ZooKeeper a moment later.
        await().atMost(WAIT).untilAsserted(() -> assertThat(dynamicBrokerConfig(id))
                .containsEntry("listener.name.client.ssl.keystore.location", keyStore)
                .containsEntry("listener.name.replication.ssl.keystore.location", keyStore)
                .doesNotContainKey("listener.name.client.ssl.keystore.type"));
        await().atMost(WAIT).ignoreExceptions().until(() -> serverCertificate(host, CLIENT_PORT).equals(renewed.info().fingerprint())
                && serverCertificate(host, REPLICATION_PORT).equals(renewed.info().fingerprint()));
        assertThat(cluster.runtime().pod(pod).orElseThrow().pid()).as("same process").isEqualTo(pid);
        assertThat(cluster.runtime().pod(pod).orElseThrow().isAlive()).isTrue();

        // The per-broker settings may be deleted afterwards: nothing dynamic is left, the broker keeps the new certificate.
        deleteDynamicKeys(id, "listener.name.client.ssl.keystore.location", "listener.name.replication.ssl.keystore.location");
        await().atMost(WAIT).untilAsserted(() -> assertThat(dynamicBrokerConfig(id)).isEmpty());
        assertThat(serverCertificate(host, CLIENT_PORT)).isEqualTo(renewed.info().fingerprint());
        assertThat(serverCertificate(host, REPLICATION_PORT)).isEqualTo(renewed.info().fingerprint());

        await().atMost(WAIT).until(() -> cluster.runtime().agentStatus(pod).orElseThrow().tlsStaleListeners().isEmpty());

        // Other SANs (a new address) are accepted: Brook renders ssl.allow.san.changes=true on every TLS listener. This
        // time the operator's way: BrokerConfigAdmin.reloadStores sets every store path again and leaves no override.
        Leaf moreNames = pki.reissue(pod, pki.brokerSubject(), List.of("tls-broker-1.example.com"));
        cluster.runtime().writeTlsFile(pod, TlsFiles.podKeyStore(pod), moreNames.keyStorePem());
        await().atMost(WAIT).until(() -> cluster.runtime().agentStatus(pod).orElseThrow().tlsStaleListeners().size() == 2);
        try (dev.brook.kafka.KafkaConnections connections = new dev.brook.kafka.KafkaConnections(Duration.ofSeconds(30))) {
            List<String> keys = connections.forBootstrap(cluster.bootstrapServers(),
                    dev.brook.kafka.ClientTls.of(pki.clusterCaBundle(), operator.keyStorePem())).brokerConfig().reloadStores(id);
            assertThat(keys).containsExactly("listener.name.client.ssl.keystore.location",
                    "listener.name.replication.ssl.keystore.location", "listener.name.replication.ssl.truststore.location");
        }
        await().atMost(WAIT).ignoreExceptions().until(() -> serverCertificate(host, CLIENT_PORT).equals(moreNames.info().fingerprint())
                && serverCertificate(host, REPLICATION_PORT).equals(moreNames.info().fingerprint()));
        await().atMost(WAIT).until(() -> cluster.runtime().agentStatus(pod).orElseThrow().tlsStaleListeners().isEmpty());
        assertThat(dynamicBrokerConfig(id)).as("no per-broker override left").isEmpty();
        assertThat(cluster.runtime().pod(pod).orElseThrow().pid()).isEqualTo(pid);
        assertThat(cluster.runtime().isReady(pod)).isTrue();
    }

    @Test
    void aCertificateWithAnotherSubjectIsRefusedOnReloadAndANewCaBundleIsReloadedLikeAKeyStore() throws Exception {
        int id = 2;
        String pod = cluster.brokerPod(id);
        String host = cluster.brokerAddress(id);
        long pid = cluster.runtime().pod(pod).orElseThrow().pid();
        Path tlsDir = cluster.tlsDir(pod);
        String keyStore = tlsDir.resolve(TlsFiles.podKeyStore(pod)).toString();
        Leaf current = pki.leaf(pod);
        assertThat(serverCertificate(host, CLIENT_PORT)).isEqualTo(current.info().fingerprint());

        // Another subject DN (the brokers' identity in ZooKeeper ACLs): Kafka refuses the reload and keeps the old one.
        Leaf otherSubject = pki.reissue(pod, Subject.of("someone-else").withOrganization("brook-test"), List.of());
        cluster.runtime().writeTlsFile(pod, TlsFiles.podKeyStore(pod), otherSubject.keyStorePem());
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> setKeyStoreLocations(id, keyStore, "client"));
        System.out.println("reload of a certificate with another subject: " + refused);
        assertThat(refused).hasCauseInstanceOf(org.apache.kafka.common.errors.InvalidConfigurationException.class)
                .hasMessageContaining("Keystore DistinguishedName does not match");
        assertThat(serverCertificate(host, CLIENT_PORT)).isEqualTo(current.info().fingerprint());
        assertThat(dynamicBrokerConfig(id)).as("a refused change is not stored").isEmpty();
        cluster.runtime().writeTlsFile(pod, TlsFiles.podKeyStore(pod), current.keyStorePem());

        // A second CA (a key replacement's first step): refused on the mutual-TLS listener until the bundle is reloaded.
        CertificateAuthority next = CertificateAuthority.create(Subject.of(CLUSTER + "-cluster-ca-2").withOrganization("brook-test"),
                TestPki.validity());
        Leaf fromNext = Leaf.issue(next, LeafRequest.builder(Subject.of("brook-operator").withOrganization("brook-test"))
                .usage(Usage.CLIENT).validity(TestPki.validity()).build());
        assertThatThrownBy(() -> apiVersionsErrorCode(host, REPLICATION_PORT, fromNext)).isInstanceOf(IOException.class);
        cluster.runtime().writeTlsFile(pod, TlsFiles.CLUSTER_CA_BUNDLE, Pem.trustBundle(List.of(pki.ca().certificate(), next.certificate())));
        await().atMost(WAIT).until(() -> cluster.runtime().agentStatus(pod).map(AgentStatus::tlsTrusted).orElse(List.of()).size() == 2);
        await().atMost(WAIT).untilAsserted(() -> {
            AgentStatus status = cluster.runtime().agentStatus(pod).orElseThrow();
            assertThat(status.tlsTrustedLoaded()).as("the running broker still trusts the first CA only").containsExactly(pki.ca().info().fingerprint());
            assertThat(status.tlsStaleListeners()).as("so its mutual-TLS listener needs a reload").containsExactly("REPLICATION");
        });
        String bundle = tlsDir.resolve(TlsFiles.CLUSTER_CA_BUNDLE).toString();
        setDynamicKeys(id, Map.of("listener.name.replication.ssl.truststore.location", bundle));
        await().atMost(WAIT).ignoreExceptions().until(() -> apiVersionsErrorCode(host, REPLICATION_PORT, fromNext) == 0);
        assertThat(apiVersionsErrorCode(host, REPLICATION_PORT, operator)).as("the first CA still counts").isZero();
        await().atMost(WAIT).untilAsserted(() -> {
            AgentStatus status = cluster.runtime().agentStatus(pod).orElseThrow();
            assertThat(status.tlsTrustedLoaded()).as("reported as loaded once Kafka reloaded it")
                    .containsExactlyInAnyOrderElementsOf(status.tlsTrusted()).hasSize(2);
            assertThat(status.tlsStaleListeners()).isEmpty();
        });
        deleteDynamicKeys(id, "listener.name.replication.ssl.truststore.location");
        assertThat(cluster.runtime().pod(pod).orElseThrow().pid()).isEqualTo(pid);
        assertThat(cluster.runtime().agentStatus(pod).orElseThrow().tlsIssuerKey()).contains(pki.ca().info().publicKeyFingerprint());
    }

    private static Map<String, Object> trustingTheClusterCa() {
        return Map.of(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SSL", "ssl.truststore.type", "PEM",
                "ssl.truststore.certificates", pki.clusterCaBundle());
    }

    private static String tlsCertificateInStatus(String pod) {
        return cluster.runtime().agentStatus(pod).flatMap(AgentStatus::tlsCertificate).orElse("");
    }

    private static void setKeyStoreLocations(int brokerId, String path, String... listeners) throws Exception {
        Map<String, String> entries = new java.util.TreeMap<>();
        for (String listener : listeners) {
            entries.put("listener.name." + listener + ".ssl.keystore.location", path);
        }
        setDynamicKeys(brokerId, entries);
    }

    private static void setDynamicKeys(int brokerId, Map<String, String> entries) throws Exception {
        Collection<AlterConfigOp> ops = entries.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
        probe.admin().incrementalAlterConfigs(Map.of(broker(brokerId), ops)).all().get(30, TimeUnit.SECONDS);
    }

    private static void deleteDynamicKeys(int brokerId, String... keys) throws Exception {
        Collection<AlterConfigOp> ops = java.util.Arrays.stream(keys)
                .map(k -> new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)).toList();
        probe.admin().incrementalAlterConfigs(Map.of(broker(brokerId), ops)).all().get(30, TimeUnit.SECONDS);
    }

    /** The broker's per-broker dynamic settings (what {@code incrementalAlterConfigs} stored for it). */
    private static Map<String, String> dynamicBrokerConfig(int brokerId) throws Exception {
        Config config = probe.admin().describeConfigs(List.of(broker(brokerId))).all().get(30, TimeUnit.SECONDS).get(broker(brokerId));
        Map<String, String> dynamic = new java.util.TreeMap<>();
        config.entries().stream().filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG)
                .forEach(e -> dynamic.put(e.name(), e.value()));
        return dynamic;
    }

    private static ConfigResource broker(int brokerId) {
        return new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(brokerId));
    }

    /** SHA-256 of the certificate a new TLS handshake (fresh context: no resumed session) gets from {@code host:port}. */
    private static String serverCertificate(String host, int port) throws Exception {
        try (SSLSocket socket = connect(host, port, operator)) {
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        }
    }

    /**
     * Sends Kafka's ApiVersions request (v0) over TLS, presenting {@code identity} (or no certificate), and returns the
     * answer's error code: the broker accepted the connection. A refused client certificate ends the connection (in
     * TLS 1.3 after the client's side of the handshake), so this throws an IOException instead.
     */
    private static short apiVersionsErrorCode(String host, int port, Leaf identity) throws IOException {
        try (SSLSocket socket = connect(host, port, identity)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] clientId = "brook-test".getBytes(StandardCharsets.US_ASCII);
            int correlationId = CORRELATION.incrementAndGet();
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18); // ApiVersions
            out.writeShort(0);
            out.writeInt(correlationId);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            assertThat(size).isPositive();
            assertThat(in.readInt()).isEqualTo(correlationId);
            return in.readShort();
        }
    }

    private static final AtomicInteger CORRELATION = new AtomicInteger();

    private static SSLSocket connect(String host, int port, Leaf identity) throws IOException {
        SSLContext context = TestPki.sslContext(identity, List.of(pki.ca().certificate()));
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(30_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the address
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A raw ZooKeeper client over mutual TLS with PEM files: ZooKeeper's own keys are camel case
     * ({@code zookeeper.ssl.keyStore.location}), unlike Kafka's {@code zookeeper.ssl.keystore.location}.
     */
    private static ZKClientConfig tlsClient(String name, Leaf identity, boolean requestTimeout) {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        config.setProperty("zookeeper.ssl.keyStore.location", TestPki.write(clientFiles.resolve(name + ".pem"), identity.keyStorePem()).toString());
        config.setProperty("zookeeper.ssl.keyStore.type", "PEM");
        config.setProperty("zookeeper.ssl.trustStore.location",
                TestPki.write(clientFiles.resolve(TlsFiles.CLUSTER_CA_BUNDLE), pki.clusterCaBundle()).toString());
        config.setProperty("zookeeper.ssl.trustStore.type", "PEM");
        if (requestTimeout) {
            config.setProperty(ZKClientConfig.ZOOKEEPER_REQUEST_TIMEOUT, Integer.toString(ZOOKEEPER_REQUEST_TIMEOUT_MS));
        }
        return config;
    }

    /** The client never gets a session: its first request fails (the ensemble ends every connection attempt). */
    private static void assertCannotTalk(String connect, ZKClientConfig config) throws Exception {
        try (ZooKeeper zk = new ZooKeeper(connect, 20_000, event -> { }, config)) {
            assertThatThrownBy(() -> zk.exists("/", false)).isInstanceOfSatisfying(KeeperException.class, e ->
                    assertThat(e.code()).isIn(KeeperException.Code.REQUESTTIMEOUT, KeeperException.Code.CONNECTIONLOSS));
            assertThat(zk.getState().isConnected()).isFalse();
        }
    }
}
