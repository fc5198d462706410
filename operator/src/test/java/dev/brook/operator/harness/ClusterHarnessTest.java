package dev.brook.operator.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.operator.api.v1alpha1.Cluster;
import dev.brook.operator.api.v1alpha1.Condition;
import dev.brook.operator.api.v1alpha1.JvmOptions;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.CrdSchemas;
import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole loop with real processes: a Cluster on the mock API, the operator writing StatefulSets,
 * the test kubelet running them as agent processes, status Ready only when the brokers say so.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterHarnessTest {
    private static final String NS = "harness";
    private static final String NAME = "alpha";
    private static TestKubelet kubelet;

    @Inject
    KubernetesClient client;

    private final CrdSchemas schemas = CrdSchemas.committed();

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    @Order(1)
    void aClusterOfThreeZookeepersAndThreeBrokersBecomesReadyAndServesClients() throws Exception {
        kubelet = Harness.kubelet(client, NS, 51);
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).build());
        cluster.getSpec().getZookeeper().setJvmOptions(heap("128m", "192m"));
        cluster.getSpec().getBrokers().setJvmOptions(heap("256m", "384m"));
        cluster.getSpec().getBrokers().setConfig(Map.of("min.insync.replicas", "2", "group.initial.rebalance.delay.ms", "0"));
        Instant created = Instant.now();
        client.resource(cluster).create();

        Cluster ready = awaitReady(Duration.ofSeconds(240));
        System.out.printf("HARNESS: Cluster created -> Ready (3 ZooKeepers + 3 brokers) in %d ms%n",
                Duration.between(created, Instant.now()).toMillis());
        assertThat(ready.getStatus().getReadyBrokers()).isEqualTo(3);
        assertThat(ready.getStatus().getReadyZookeepers()).isEqualTo(3);
        assertThat(ready.getStatus().getBrokers()).extracting(b -> b.getReady()).containsOnly(true);
        assertThat(ready.getStatus().getBootstrapServers()).isEqualTo("alpha-bootstrap.harness.svc:9092");
        assertThat(ready.getStatus().getZookeeperConnect()).contains("alpha-zookeeper");
        assertThat(schemas.violations(ready)).isEmpty();
        // ZooKeeper pods were started before any broker.
        List<String> starts = kubelet.starts();
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
    @Order(2)
    void aKilledBrokerTakesTheClusterOutOfReadyUntilItIsBack() {
        Instant killed = Instant.now();
        kubelet.crash("alpha-broker-1");
        Cluster notReady = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(this::cluster, c -> !Conditions.isTrue(c.getStatus().getConditions(), "Ready"));
        Instant left = Instant.now();
        assertThat(ready(notReady).getReason()).isIn("BrokersStarting", "UnderReplicatedPartitions");
        Cluster back = awaitReady(Duration.ofSeconds(180));
        System.out.printf("HARNESS: broker kill -> status left Ready in %d ms, Ready again after %d ms%n",
                Duration.between(killed, left).toMillis(), Duration.between(killed, Instant.now()).toMillis());
        assertThat(back.getStatus().getReadyBrokers()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void anInvalidSpecIsReportedAndNothingThatRunsChanges() {
        StatefulSet before = client.apps().statefulSets().inNamespace(NS).withName("alpha-broker").get();
        int startsBefore = kubelet.starts().size();
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setConfig(Map.of("min.insync.replicas", "2", "advertised.listeners", "PLAINTEXT://evil:9092"));
            return c;
        }));
        Cluster refused = await().atMost(Duration.ofSeconds(30)).until(this::cluster,
                c -> "InvalidSpec".equals(ready(c).getReason()));
        assertThat(ready(refused).getMessage()).contains("spec.brokers.config.advertised.listeners");
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("alpha-broker").get().getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(kubelet.starts()).hasSize(startsBefore);
        assertThat(kubelet.runtime().pods()).allMatch(p -> p.isAlive());
    }

    @Test
    @Order(4)
    void aConfigChangeRollsTheBrokersUnderLoadControllerLastWithoutLosingARecord() throws Exception {
        String bootstrap = cluster().getStatus().getBootstrapServers();
        int controller;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("rolling", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
            controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id();
        }
        int startsBefore = kubelet.starts().size();
        try (ContinuousProducer load = new ContinuousProducer(bootstrap, "rolling")) {
            Thread.sleep(2000);
            Instant begin = Instant.now();
            KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
                c.getSpec().getBrokers().setConfig(Map.of("min.insync.replicas", "2", "group.initial.rebalance.delay.ms", "0",
                        "log.retention.hours", "100"));
                return c;
            }));
            awaitRolled(Duration.ofSeconds(360), startsBefore + 3);
            System.out.printf("HARNESS: rolling restart of 3 brokers under load took %d ms%n", Duration.between(begin, Instant.now()).toMillis());
            Thread.sleep(2000);
            load.stop();
            assertThat(load.failed()).as("failed sends").isZero();
            assertThat(load.acknowledged()).isGreaterThan(100);
            ContinuousProducer.Tally read = ContinuousProducer.readAll(bootstrap, "rolling", load.acknowledged());
            assertThat(read.count()).isEqualTo(load.acknowledged());
            assertThat(read.checksum()).isEqualTo(load.checksum());
        }
        List<String> restarted = kubelet.starts().subList(startsBefore, kubelet.starts().size());
        assertThat(restarted).containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
        assertThat(restarted.get(2)).as("the controller (broker %d) restarts last", controller).isEqualTo("alpha-broker-" + controller);
        Condition roll = Conditions.find(cluster().getStatus().getConditions(), "RollingRestart").orElseThrow();
        assertThat(roll.getReason()).isEqualTo("UpToDate");
    }

    @Test
    @Order(5)
    void aRollIsPostponedWhilePartitionsAreUnderReplicatedAndContinuesWhenTheyRecover() throws Exception {
        int startsBefore = kubelet.starts().size();
        kubelet.hold("alpha-broker-2");
        kubelet.crash("alpha-broker-2");
        // The change comes once the operator has seen the broker go (Kafka notices a dead broker only
        // after its ZooKeeper session expires; a change made before that is a different scenario).
        await().atMost(Duration.ofSeconds(30)).until(this::cluster, c -> c.getStatus().getBrokers().stream()
                .anyMatch(b -> b.getId() == 2 && !b.getReady()));
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setConfig(Map.of("min.insync.replicas", "2", "group.initial.rebalance.delay.ms", "0",
                    "log.retention.hours", "120"));
            return c;
        }));
        Cluster postponed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::cluster,
                c -> Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "Postponed".equals(r.getReason())).orElse(false));
        Condition roll = Conditions.find(postponed.getStatus().getConditions(), "RollingRestart").orElseThrow();
        assertThat(roll.getMessage()).contains("under-replicated").containsPattern("blocking: [\\w.-]+-\\d+");
        // While broker 2 is down no ready broker is restarted.
        Thread.sleep(8000);
        assertThat(kubelet.starts().subList(startsBefore, kubelet.starts().size())).isEmpty();
        kubelet.release("alpha-broker-2");
        awaitRolled(Duration.ofSeconds(360), startsBefore + 3);
        assertThat(kubelet.starts().subList(startsBefore, kubelet.starts().size()))
                .containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
    }

    @Test
    @Order(6)
    void scaleUpAddsABrokerAndScaleDownWaitsUntilItsPartitionsAreMovedAway() throws Exception {
        setBrokers(4);
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(this::cluster,
                c -> Conditions.isTrue(c.getStatus().getConditions(), "Ready") && c.getStatus().getReadyBrokers() == 4
                        && Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "UpToDate".equals(r.getReason())).orElse(true));
        String bootstrap = cluster().getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("on-three", Map.of(0, List.of(3))))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var d = admin.describeTopics(List.of("on-three")).allTopicNames().get(10, TimeUnit.SECONDS).get("on-three");
                return d.partitions().get(0).leader() != null && d.partitions().get(0).leader().id() == 3;
            });
            setBrokers(3);
            Cluster blocked = await().atMost(Duration.ofSeconds(60)).until(this::cluster,
                    c -> "ScaleDownBlocked".equals(ready(c).getReason()));
            assertThat(ready(blocked).getMessage()).contains("on-three-0").contains("kafka-reassign-partitions.sh");
            assertThat(client.apps().statefulSets().inNamespace(NS).withName("alpha-broker").get().getSpec().getReplicas()).isEqualTo(4);

            admin.alterPartitionReassignments(Map.of(new org.apache.kafka.common.TopicPartition("on-three", 0),
                    java.util.Optional.of(new org.apache.kafka.clients.admin.NewPartitionReassignment(List.of(0))))).all().get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(this::cluster,
                c -> Conditions.isTrue(c.getStatus().getConditions(), "Ready") && c.getStatus().getReadyBrokers() == 3
                        && Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "UpToDate".equals(r.getReason())).orElse(true));
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("alpha-broker").get().getSpec().getReplicas()).isEqualTo(3);
    }

    private void setBrokers(int replicas) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setReplicas(replicas);
            return c;
        }));
    }

    private void awaitRolled(Duration timeout, int expectedStarts) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            Cluster c = cluster();
            return kubelet.starts().size() >= expectedStarts && Conditions.isTrue(c.getStatus().getConditions(), "Ready")
                    && Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "UpToDate".equals(r.getReason())).orElse(false);
        });
    }

    private Cluster cluster() {
        return client.resources(Cluster.class).inNamespace(NS).withName(NAME).get();
    }

    private Cluster awaitReady(Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(this::cluster,
                c -> c != null && c.getStatus() != null && Conditions.isTrue(c.getStatus().getConditions(), "Ready"));
    }

    private static Condition ready(Cluster c) {
        return Conditions.find(c.getStatus().getConditions(), "Ready").orElseThrow();
    }

    private static JvmOptions heap(String xms, String xmx) {
        JvmOptions j = new JvmOptions();
        j.setXms(xms);
        j.setXmx(xmx);
        return j;
    }
}
