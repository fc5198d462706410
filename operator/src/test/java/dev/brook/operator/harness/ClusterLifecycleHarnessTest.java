package dev.brook.operator.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.CertificateAuthoritySpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.SecuritySpec;
import dev.brook.contract.TlsFiles;
import dev.brook.model.BrookNames;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Pem;
import dev.brook.pki.Subject;
import dev.brook.pki.Validity;
import dev.brook.operator.testing.KafkaTestCluster;
import dev.brook.testing.CrdSchemas;
import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.ReadBack;
import dev.brook.testkit.Verification;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole loop with real processes: a Cluster on the mock API, the operator writing StatefulSets, the test
 * kubelet running them as agent processes, status Ready only when the brokers say so; a killed broker and a
 * refused spec seen in status. Tests run in any order on one cluster.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterLifecycleHarnessTest {
    private HarnessCluster harness;

    @Inject
    KubernetesClient client;

    private final CrdSchemas schemas = CrdSchemas.committed();

    @BeforeAll
    void startCluster() {
        harness = HarnessCluster.start(client, "harness-life", 51);
        System.out.printf("HARNESS: Cluster created -> Ready (3 ZooKeepers + 3 brokers) in %d ms%n", harness.startedIn().toMillis());
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aClusterOfThreeZookeepersAndThreeBrokersIsReadyAndServesClients() throws Exception {
        Cluster ready = harness.awaitReady(Duration.ofSeconds(180));
        assertThat(ready.getStatus().getReadyBrokers()).isEqualTo(3);
        assertThat(ready.getStatus().getReadyZookeepers()).isEqualTo(3);
        assertThat(ready.getStatus().getBrokers()).extracting(b -> b.getReady()).containsOnly(true);
        assertThat(ready.getStatus().getBootstrapServers()).isEqualTo("alpha-bootstrap.harness-life.svc:9092");
        assertThat(ready.getStatus().getZookeeperConnect()).contains("alpha-zookeeper");
        assertThat(schemas.violations(ready)).isEmpty();
        // ZooKeeper pods were started before any broker.
        List<String> starts = harness.kubelet.starts();
        assertThat(starts.indexOf("alpha-zookeeper-0")).isLessThan(starts.indexOf("alpha-broker-0"));

        String bootstrap = ready.getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("through-status", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("through-status", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("through-status"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (values.size() < 100 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).hasSize(100);
    }

    @Test
    void brokersServeReissuedCertificatesWithoutARestart() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(180));
        int startsBefore = harness.kubelet.starts().size();
        String secret = BrookNames.brokerTls(HarnessCluster.NAME);
        Map<String, String> before = brokerCertificates(client.secrets().inNamespace(harness.namespace).withName(secret).get());
        // A lost Secret is issued again, every broker certificate new (same subject, new key): what a renewal does, now.
        client.secrets().inNamespace(harness.namespace).withName(secret).delete();
        Map<String, String> reissued = await().atMost(Duration.ofSeconds(60)).until(
                () -> brokerCertificates(client.secrets().inNamespace(harness.namespace).withName(secret).get()),
                now -> now.size() == 3 && now.values().stream().noneMatch(before::containsValue));
        Instant issued = Instant.now();
        // The test kubelet updates the files in place; each agent then sees its listeners serve the old certificate until
        // the operator has asked Kafka to reload (the agent's check is a TLS handshake with each listener).
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> reissued.entrySet().stream().allMatch(e -> {
            var status = harness.kubelet.runtime().agentStatus(e.getKey());
            return status.isPresent() && status.get().tlsCertificate().orElse("").equals(e.getValue())
                    && status.get().tlsStaleListeners().isEmpty();
        }));
        System.out.printf("HARNESS: broker certificates reissued -> served by all 3 brokers without a restart after %d ms%n",
                Duration.between(issued, Instant.now()).toMillis());
        assertThat(harness.kubelet.starts()).as("no pod restarted").hasSize(startsBefore);
        assertThat(Conditions.isTrue(harness.awaitReady(Duration.ofSeconds(60)).getStatus().getConditions(), "Ready")).isTrue();
        // Every pod serves its current certificate, so the Certificates condition names no pod as renewing (once the
        // operator has reconciled since: bounded by its 30 s resync of a Ready cluster).
        await().atMost(Duration.ofSeconds(90)).until(() -> Conditions.find(harness.cluster().getStatus().getConditions(), "Certificates")
                .filter(c -> "True".equals(c.getStatus()) && !c.getMessage().contains("renewing")).isPresent());
    }

    @Test
    void zookeeperServersRestartOneAtATimeToServeReissuedCertificates() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(180));
        int startsBefore = harness.kubelet.starts().size();
        String secret = BrookNames.zookeeperTls(HarnessCluster.NAME);
        Map<String, String> before = certificates(client.secrets().inNamespace(harness.namespace).withName(secret).get(), BrookNames::zookeeperPod);
        client.secrets().inNamespace(harness.namespace).withName(secret).delete();
        Map<String, String> reissued = await().atMost(Duration.ofSeconds(60)).until(
                () -> certificates(client.secrets().inNamespace(harness.namespace).withName(secret).get(), BrookNames::zookeeperPod),
                now -> now.size() == 3 && now.values().stream().noneMatch(before::containsValue));
        Instant issued = Instant.now();
        // ZooKeeper 3.8 reads its client-port certificate only at start: each server restarts once, one at a time.
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> harness.kubelet.starts().size() >= startsBefore + 3
                && reissued.keySet().stream().allMatch(pod -> harness.kubelet.runtime().agentStatus(pod)
                        .map(st -> !st.tlsFilesChangedSinceStart() && st.tlsCertificate().orElse("").equals(reissued.get(pod))).orElse(false)));
        System.out.printf("HARNESS: ZooKeeper certificates reissued -> served by all 3 servers (one restart each) after %d ms%n",
                Duration.between(issued, Instant.now()).toMillis());
        assertThat(harness.startsSince(startsBefore)).as("each ZooKeeper server once, no broker")
                .containsExactlyInAnyOrder(BrookNames.zookeeperPod(HarnessCluster.NAME, 0), BrookNames.zookeeperPod(HarnessCluster.NAME, 1),
                        BrookNames.zookeeperPod(HarnessCluster.NAME, 2));
        harness.awaitSettled(Duration.ofSeconds(180));
    }

    /**
     * {@code spec.security.clusterCa.replaceKey} under an acks=all producer: the three phases (new CA trusted everywhere,
     * certificates moved one pod at a time, old CA dropped), each pod reporting what its running server trusts and
     * presents; brokers reload and are never restarted, ZooKeeper servers restart one at a time whenever their trust
     * or certificate changes. Nothing acknowledged is lost.
     */
    @Test
    void theClusterCaKeyIsReplacedInThreePhasesUnderLoadWithoutRestartingABroker() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(180));
        String ns = harness.namespace;
        String bootstrap = harness.cluster().getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("during-key-replacement", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        PacedProducer.warmUp(bootstrap, "during-key-replacement", 3);
        String oldCa = caBundle().get(0);
        Map<String, Long> brokerPids = new TreeMap<>();
        for (int n = 0; n < 3; n++) {
            String pod = BrookNames.brokerPod(HarnessCluster.NAME, n);
            brokerPids.put(pod, harness.kubelet.runtime().pod(pod).orElseThrow().pid());
        }
        int startsBefore = harness.kubelet.starts().size();
        try (PacedProducer load = PacedProducer.to(bootstrap, "during-key-replacement").rate(100).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 100);
            Instant requested = Instant.now();
            harness.edit(c -> {
                if (c.getSpec().getSecurity() == null) {
                    c.getSpec().setSecurity(new SecuritySpec());
                }
                if (c.getSpec().getSecurity().getClusterCa() == null) {
                    c.getSpec().getSecurity().setClusterCa(new CertificateAuthoritySpec());
                }
                c.getSpec().getSecurity().getClusterCa().setReplaceKey("harness-1");
            });
            // Done: the CA Secret records the replacement as complete, and every pod's running server trusts only the
            // new CA and presents a certificate it signed (each checked by its agent: a handshake for brokers).
            await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, String> ca = secretFiles(BrookNames.clusterCa(HarnessCluster.NAME));
                List<String> bundle = caBundle();
                return "harness-1".equals(ca.get("completed-replacement")) && !ca.containsKey("pending.crt") && bundle.size() == 1
                        && !bundle.get(0).equals(oldCa) && allPods().stream().allMatch(pod -> harness.kubelet.runtime().agentStatus(pod)
                                .map(st -> st.tlsTrustedLoaded().equals(bundle) && st.tlsStaleListeners().isEmpty()
                                        && !st.tlsFilesChangedSinceStart())
                                .orElse(false));
            });
            Duration took = Duration.between(requested, Instant.now());
            long afterwards = load.acknowledged();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= afterwards + 100);
            load.stop();
            List<String> restarted = harness.startsSince(startsBefore);
            Map<String, Long> restarts = new TreeMap<>();
            restarted.forEach(pod -> restarts.merge(pod, 1L, Long::sum));
            System.out.printf("HARNESS: cluster CA key replacement (3 phases) under load took %d ms; restarts %s; brokers 0; "
                    + "%d records acknowledged, %d failed%n", took.toMillis(), restarts, load.acknowledged(), load.failed());
            assertThat(load.failed()).as("failed sends").isZero();
            Verification read = ReadBack.of(load, Duration.ofSeconds(90));
            assertThat(read.found()).as("%s", read).isEqualTo(load.acknowledged());
            assertThat(restarted).as("only ZooKeeper restarts (it cannot reload its certificates)")
                    .allMatch(pod -> pod.startsWith(HarnessCluster.NAME + "-zookeeper-"));
            brokerPids.forEach((pod, pid) -> assertThat(harness.kubelet.runtime().pod(pod).orElseThrow().pid()).as(pod + " same process")
                    .isEqualTo(pid));
        }
        String newCa = caBundle().get(0);
        for (String pod : allPods()) {
            assertThat(harness.kubelet.runtime().agentStatus(pod).orElseThrow().tlsTrusted()).as(pod).containsExactly(newCa);
        }
        // Every phase was announced, in order, as Events on the Cluster.
        List<String> messages = client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "CertificatesUpdated".equals(e.getReason()))
                .sorted(java.util.Comparator.comparing(e -> e.getMetadata().getCreationTimestamp() == null ? ""
                        : e.getMetadata().getCreationTimestamp()))
                .map(io.fabric8.kubernetes.api.model.Event::getMessage).toList();
        String all = String.join("\n", messages);
        assertThat(all).contains("phase 1 of 3: new CA", "phase 2 of 3", "phase 3 of 3", "Key replacement harness-1 is complete");
        assertThat(all.indexOf("phase 1 of 3")).isLessThan(all.indexOf("phase 2 of 3"));
        assertThat(all.indexOf("phase 2 of 3")).isLessThan(all.indexOf("phase 3 of 3"));
        await().atMost(Duration.ofSeconds(90)).until(() -> Conditions.find(harness.cluster().getStatus().getConditions(), "Certificates")
                .filter(c -> "True".equals(c.getStatus()) && !c.getMessage().contains("key replacement")).isPresent());
        harness.awaitSettled(Duration.ofSeconds(180));
    }

    /**
     * The operator finds the cluster CA expired (here: the test puts an expired CA in its Secret, as if the operator had
     * been away past the CA's end): a new CA replaces it at once, every certificate is issued again, and since the
     * running pods trust only the old CA (none can reach a pod with new certificates, nor can the operator reach them to
     * reload), all of them restart together, once; the cluster is Ready again and nothing acknowledged is lost.
     */
    @Test
    void anExpiredClusterCaIsReplacedAtOnceAndEveryPodRestartsTogetherOnce() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(180));
        String bootstrap = harness.cluster().getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("during-ca-recovery", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        PacedProducer.warmUp(bootstrap, "during-ca-recovery", 3);
        List<String> before = caBundle();
        int startsBefore = harness.kubelet.starts().size();
        String caSecret = BrookNames.clusterCa(HarnessCluster.NAME);
        CertificateAuthority expired = CertificateAuthority.create(Subject.of(HarnessCluster.NAME + "-cluster-ca-90")
                .withOrganization("brook").withOrganizationalUnit(harness.namespace),
                Validity.of(Instant.now().minus(Duration.ofDays(400)), Duration.ofDays(365)));
        try (PacedProducer load = PacedProducer.to(bootstrap, "during-ca-recovery").rate(100).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 100);
            Instant broken = Instant.now();
            KafkaTestCluster.retryOnConflict(() -> client.secrets().inNamespace(harness.namespace).withName(caSecret).edit(secret -> {
                secret.getData().put("ca.crt", Base64.getEncoder().encodeToString(expired.certificatePem().getBytes(StandardCharsets.UTF_8)));
                secret.getData().put("ca.key", Base64.getEncoder().encodeToString(expired.privateKeyPem().getBytes(StandardCharsets.UTF_8)));
                return secret;
            }));
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<String> bundle = caBundle();
                return bundle.size() == 1 && !before.contains(bundle.get(0)) && harness.startsSince(startsBefore).size() >= 6
                        && allPods().stream().allMatch(pod -> harness.kubelet.runtime().agentStatus(pod)
                                .map(st -> st.tlsTrustedLoaded().equals(bundle) && st.tlsStaleListeners().isEmpty()).orElse(false));
            });
            harness.awaitSettled(Duration.ofSeconds(180));
            Duration took = Duration.between(broken, Instant.now());
            long afterwards = load.acknowledged();
            await().atMost(Duration.ofSeconds(120)).until(() -> load.acknowledged() >= afterwards + 100);
            load.stop();
            System.out.printf("HARNESS: expired cluster CA -> replaced, all 6 pods restarted together, Ready again after %d ms; "
                    + "%d records acknowledged, %d failed%n",
                    took.toMillis(), load.acknowledged(), load.failed());
            Verification read = ReadBack.of(load, Duration.ofSeconds(90));
            assertThat(read.found()).as("every acknowledged record is there: %s", read).isEqualTo(load.acknowledged());
        }
        assertThat(harness.startsSince(startsBefore)).as("every pod once, together").containsExactlyInAnyOrderElementsOf(allPods());
        String events = client.v1().events().inNamespace(harness.namespace).list().getItems().stream()
                .map(e -> e.getReason() + ": " + e.getMessage()).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(events).contains("expired at").contains("RestartingPods: restarting ").contains("trust none of the CAs");
        await().atMost(Duration.ofSeconds(90)).until(() -> Conditions.find(harness.cluster().getStatus().getConditions(), "Certificates")
                .filter(c -> "True".equals(c.getStatus())).isPresent());
    }

    private List<String> allPods() {
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(BrookNames.zookeeperPod(HarnessCluster.NAME, i));
            pods.add(BrookNames.brokerPod(HarnessCluster.NAME, i));
        }
        return pods;
    }

    /** The fingerprints of the CA certificates in the cluster CA bundle Secret, in order. */
    private List<String> caBundle() {
        String pem = secretFiles(BrookNames.clusterCaCert(HarnessCluster.NAME)).getOrDefault("ca.crt", "");
        return pem.isEmpty() ? List.of() : Pem.readCertificates(pem).stream().map(ca -> CertificateInfo.of(ca).fingerprint()).toList();
    }

    private Map<String, String> secretFiles(String name) {
        Secret secret = client.secrets().inNamespace(harness.namespace).withName(name).get();
        Map<String, String> out = new TreeMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData().forEach((file, data) -> out.put(file, new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Broker pod name to the SHA-256 fingerprint of its certificate in the broker TLS Secret (empty map when there is none). */
    private static Map<String, String> brokerCertificates(Secret secret) {
        return certificates(secret, BrookNames::brokerPod);
    }

    /** Pod name to the SHA-256 fingerprint of its certificate in a TLS Secret (empty map when there is none). */
    private static Map<String, String> certificates(Secret secret,
            BiFunction<String, Integer, String> podName) {
        Map<String, String> out = new TreeMap<>();
        if (secret == null || secret.getData() == null) {
            return out;
        }
        for (int n = 0; n < 3; n++) {
            String pod = podName.apply(HarnessCluster.NAME, n);
            String pem = secret.getData().get(TlsFiles.podKeyStore(pod));
            if (pem != null) {
                String text = new String(Base64.getDecoder().decode(pem), StandardCharsets.UTF_8);
                out.put(pod, CertificateInfo.of(Pem.readCertificates(text).get(0)).fingerprint());
            }
        }
        return out;
    }

    @Test
    void aKilledBrokerTakesTheClusterOutOfReadyUntilItIsBack() {
        harness.awaitSettled(Duration.ofSeconds(180));
        Instant killed = Instant.now();
        harness.kubelet.crash("alpha-broker-1");
        Cluster notReady = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(harness::cluster, c -> !Conditions.isTrue(c.getStatus().getConditions(), "Ready"));
        Instant left = Instant.now();
        assertThat(HarnessCluster.ready(notReady).getReason()).isIn("BrokersStarting", "UnderReplicatedPartitions");
        Cluster back = harness.awaitReady(Duration.ofSeconds(180));
        System.out.printf("HARNESS: broker kill -> status left Ready in %d ms, Ready again after %d ms%n",
                Duration.between(killed, left).toMillis(), Duration.between(killed, Instant.now()).toMillis());
        assertThat(back.getStatus().getReadyBrokers()).isEqualTo(3);
    }

    @Test
    void anInvalidSpecIsReportedAndNothingThatRunsChanges() {
        harness.awaitSettled(Duration.ofSeconds(180));
        Map<String, String> valid = harness.cluster().getSpec().getBrokers().getConfig();
        StatefulSet before = client.apps().statefulSets().inNamespace(harness.namespace).withName("alpha-broker").get();
        int startsBefore = harness.kubelet.starts().size();
        try {
            harness.setBrokerConfig(Map.of("min.insync.replicas", "2", "advertised.listeners", "PLAINTEXT://evil:9092"));
            Cluster refused = await().atMost(Duration.ofSeconds(30)).until(harness::cluster,
                    c -> "InvalidSpec".equals(HarnessCluster.ready(c).getReason()));
            assertThat(HarnessCluster.ready(refused).getMessage()).contains("spec.brokers.config.advertised.listeners");
            assertThat(client.apps().statefulSets().inNamespace(harness.namespace).withName("alpha-broker").get().getMetadata()
                    .getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
            assertThat(harness.kubelet.starts()).hasSize(startsBefore);
            assertThat(harness.kubelet.runtime().pods()).allMatch(p -> p.isAlive());
        } finally {
            harness.setBrokerConfig(valid);
            harness.awaitReady(Duration.ofSeconds(60));
        }
    }
}
