package dev.brook.operator.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.JvmOptions;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.testing.CrdSchemas;
import dev.brook.operator.testing.KafkaTestCluster;
import dev.brook.operator.testing.ReconcilePasses;
import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.ReadBack;
import dev.brook.testkit.Verification;
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

    @Inject
    dev.brook.operator.reconcile.ClusterReconciler clusterReconciler;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

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
        cluster.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
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
        PacedProducer.warmUp(bootstrap, "rolling", 3);
        int startsBefore = kubelet.starts().size();
        try (PacedProducer load = PacedProducer.to(bootstrap, "rolling").rate(200).start()) {
            // The roll starts under load: records are being acknowledged before the change.
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 200);
            Instant begin = Instant.now();
            KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
                c.getSpec().getBrokers().setConfig(Map.of("min.insync.replicas", "2", "group.initial.rebalance.delay.ms", "0",
                        "log.retention.hours", "100"));
                return c;
            }));
            awaitRolled(Duration.ofSeconds(360), startsBefore + 3);
            System.out.printf("HARNESS: rolling restart of 3 brokers under load took %d ms%n", Duration.between(begin, Instant.now()).toMillis());
            // The producer goes on after the roll: records sent to the restarted brokers are acknowledged too.
            long afterRoll = load.acknowledged();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= afterRoll + 200);
            load.stop();
            assertThat(load.failed()).as("failed sends").isZero();
            assertThat(load.acknowledged()).isGreaterThan(100);
            Verification read = ReadBack.of(load, Duration.ofSeconds(90));
            assertThat(read.found()).as("%s", read).isEqualTo(load.acknowledged());
            assertThat(read.readChecksum()).isEqualTo(load.acknowledgedChecksum());
        }
        List<String> restarted = kubelet.starts().subList(startsBefore, kubelet.starts().size());
        assertThat(restarted).containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
        assertThat(restarted.get(2)).as("the controller (broker %d) restarts last", controller).isEqualTo("alpha-broker-" + controller);
        Condition roll = Conditions.find(cluster().getStatus().getConditions(), "RollingRestart").orElseThrow();
        assertThat(roll.getReason()).isEqualTo("UpToDate");
    }

    @Test
    @Order(5)
    void aRollHoldsWhilePartitionsAreUnderReplicatedAndContinuesWhenTheyRecover() throws Exception {
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
        // The roll restarts the broker that is down first (it serves nothing), then holds: Waiting while that broker is
        // starting, Postponed if something else is out of sync; either way the message names the partitions.
        Cluster held = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::cluster,
                c -> Conditions.find(c.getStatus().getConditions(), "RollingRestart")
                        .map(r -> List.of("Postponed", "Waiting").contains(r.getReason()) && r.getMessage().contains("under-replicated"))
                        .orElse(false));
        Condition roll = Conditions.find(held.getStatus().getConditions(), "RollingRestart").orElseThrow();
        assertThat(roll.getMessage()).containsPattern("[\\w.-]+-\\d+");
        // While broker 2 is down no ready broker is restarted: the operator decides again several times and holds each time.
        awaitClusterReconciles(3);
        assertThat(kubelet.starts().subList(startsBefore, kubelet.starts().size())).isEmpty();
        kubelet.release("alpha-broker-2");
        awaitRolled(Duration.ofSeconds(360), startsBefore + 3);
        assertThat(kubelet.starts().subList(startsBefore, kubelet.starts().size()))
                .containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
    }

    @Test
    @Order(6)
    void scaleUpAddsABrokerAndScaleDownWaitsUntilItsPartitionsAreMovedAway() throws Exception {
        int startsBefore = kubelet.starts().size();
        setBrokers(4);
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(this::cluster,
                c -> Conditions.isTrue(c.getStatus().getConditions(), "Ready") && c.getStatus().getReadyBrokers() == 4
                        && Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "UpToDate".equals(r.getReason())).orElse(true));
        assertThat(kubelet.starts().subList(startsBefore, kubelet.starts().size())).as("adding a broker restarts no running broker")
                .containsExactly("alpha-broker-3");
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

    @Test
    @Order(7)
    void dynamicKeysReachTheRunningBrokersWithoutARestartAndKafkaRefusalsAreReported() throws Exception {
        int startsBefore = kubelet.starts().size();
        Map<String, String> base = cluster().getSpec().getBrokers().getConfig();
        Map<String, String> changed = new java.util.TreeMap<>(base);
        changed.put("log.retention.ms", "3600000");
        changed.put("log.cleaner.threads", "2");
        setBrokerConfig(changed);
        String bootstrap = cluster().getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int id = 0; id < 3; id++) {
                String broker = Integer.toString(id);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> brokerConfig(admin, broker, "log.retention.ms"), e -> "3600000".equals(e.value())
                                && e.source() == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            }
            Condition applied = await().atMost(Duration.ofSeconds(30)).until(() -> dynamicConfigCondition(cluster()),
                    c -> c != null && "Applied".equals(c.getReason()));
            assertThat(applied.getMessage()).contains("log.retention.ms").contains("log.cleaner.threads");

            // Kafka's validation is the judge of values; its refusal is the condition's message.
            Map<String, String> wrong = new java.util.TreeMap<>(changed);
            wrong.put("log.retention.ms", "soon");
            setBrokerConfig(wrong);
            Condition refused = await().atMost(Duration.ofSeconds(60)).until(() -> dynamicConfigCondition(cluster()),
                    c -> c != null && "Refused".equals(c.getReason()));
            assertThat(refused.getMessage()).contains("log.retention.ms").contains("soon");
            assertThat(brokerConfig(admin, "1", "log.retention.ms").value()).isEqualTo("3600000");

            // Removed from the spec: the cluster-wide value goes, the brokers' static one applies again.
            setBrokerConfig(base);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> brokerConfig(admin, "2", "log.retention.ms"),
                    e -> e.source() != org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            await().atMost(Duration.ofSeconds(30)).until(() -> dynamicConfigCondition(cluster()), c -> c != null && "Applied".equals(c.getReason()));
        }
        assertThat(kubelet.starts().subList(startsBefore, kubelet.starts().size())).as("no broker restarted").isEmpty();
        assertThat(Conditions.find(cluster().getStatus().getConditions(), "RollingRestart").map(Condition::getReason)).contains("UpToDate");
    }

    @Test
    @Order(8)
    void theZookeeperEnsembleGrowsOneServerAtATimeLeaderLastAndStaysWritable() throws Exception {
        int startsBefore = kubelet.starts().size();
        String connect = zookeeperConnect();
        List<String> restarted;
        try (ZookeeperProbe probe = new ZookeeperProbe(connect, i -> kubelet.addressOf("alpha-zookeeper-" + i), 5)) {
            awaitWriting(probe);
            Instant begin = Instant.now();
            setZookeepers(5);
            // 3 -> 4: server 4 starts, servers 1-3 restart; 4 -> 5: server 5 starts, servers 1-4 restart; then each broker once.
            int expectedStarts = startsBefore + 1 + 3 + 1 + 4 + 3;
            await().atMost(Duration.ofSeconds(900)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Cluster c = cluster();
                return kubelet.starts().size() >= expectedStarts && Conditions.isTrue(c.getStatus().getConditions(), "Ready")
                        && c.getStatus().getReadyZookeepers() == 5
                        && Conditions.find(c.getStatus().getConditions(), "ZookeeperScaling").map(r -> "Done".equals(r.getReason())).orElse(false)
                        && Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "UpToDate".equals(r.getReason())).orElse(false);
            });
            System.out.printf("HARNESS: ZooKeeper 3 -> 5 (one server at a time, then one broker roll) took %d ms; longest time without "
                    + "a ZooKeeper write %d ms, %d writes acknowledged, %d failed; leaders %s%n", Duration.between(begin, Instant.now()).toMillis(),
                    probe.longestGapMs(), probe.acknowledged().size(), probe.failures(), probe.leaders());
            probe.stop();
            restarted = kubelet.starts().subList(startsBefore, kubelet.starts().size());
            assertThat(probe.missing(connect)).as("acknowledged ZooKeeper writes").isEmpty();
            assertThat(probe.longestGapMs()).as("the ensemble kept a quorum: no write waited longer than a leader election").isLessThan(20_000);
            List<Integer> leaders = probe.leaders();
            assertThat(leaders).as("one leader election per step: the leader restarted last each time").hasSize(3);
            assertThat(restarted.get(3)).as("step 1 restarted the leader last").isEqualTo("alpha-zookeeper-" + leaders.get(0));
            assertThat(restarted.get(8)).as("step 2 restarted the leader last").isEqualTo("alpha-zookeeper-" + leaders.get(1));
        }
        assertThat(restarted.get(0)).isEqualTo("alpha-zookeeper-3");
        assertThat(restarted.subList(1, 4)).containsExactlyInAnyOrder("alpha-zookeeper-0", "alpha-zookeeper-1", "alpha-zookeeper-2");
        assertThat(restarted.get(4)).isEqualTo("alpha-zookeeper-4");
        assertThat(restarted.subList(5, 9)).containsExactlyInAnyOrder("alpha-zookeeper-0", "alpha-zookeeper-1", "alpha-zookeeper-2",
                "alpha-zookeeper-3");
        assertThat(restarted.subList(9, restarted.size())).as("brokers restart once, after the last step")
                .containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
        assertThat(cluster().getStatus().getZookeeperConnect()).contains("alpha-zookeeper-4");
    }

    @Test
    @Order(9)
    void theZookeeperEnsembleShrinksOneServerAtATimeAndStaysWritable() throws Exception {
        int startsBefore = kubelet.starts().size();
        String connect = zookeeperConnect();
        try (ZookeeperProbe probe = new ZookeeperProbe(connect, i -> kubelet.addressOf("alpha-zookeeper-" + i), 5)) {
            awaitWriting(probe);
            Instant begin = Instant.now();
            setZookeepers(3);
            // 5 -> 4: servers 1-4 restart with a list of 4, then server 5 goes; 4 -> 3: servers 1-3, then server 4 goes; brokers once.
            int expectedStarts = startsBefore + 4 + 3 + 3;
            await().atMost(Duration.ofSeconds(900)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Cluster c = cluster();
                return kubelet.starts().size() >= expectedStarts && Conditions.isTrue(c.getStatus().getConditions(), "Ready")
                        && Conditions.find(c.getStatus().getConditions(), "ZookeeperScaling").map(r -> "Done".equals(r.getReason())).orElse(false)
                        && Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "UpToDate".equals(r.getReason())).orElse(false);
            });
            System.out.printf("HARNESS: ZooKeeper 5 -> 3 took %d ms; longest time without a ZooKeeper write %d ms, %d writes acknowledged, "
                    + "%d failed; leaders %s%n", Duration.between(begin, Instant.now()).toMillis(), probe.longestGapMs(),
                    probe.acknowledged().size(), probe.failures(), probe.leaders());
            probe.stop();
            assertThat(probe.missing(connect)).as("acknowledged ZooKeeper writes").isEmpty();
            assertThat(probe.longestGapMs()).as("the ensemble kept a quorum").isLessThan(20_000);
            List<Integer> leaders = probe.leaders();
            assertThat(leaders.get(leaders.size() - 1)).as("a remaining server leads").isLessThan(3);
        }
        List<String> restarted = kubelet.starts().subList(startsBefore, kubelet.starts().size());
        // Each remaining server restarts once per step; a leaving server that leads is restarted first (leadership moved off it).
        Map<String, Long> zookeeperStarts = restarted.stream().filter(n -> n.contains("zookeeper"))
                .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.counting()));
        assertThat(zookeeperStarts).containsEntry("alpha-zookeeper-0", 2L).containsEntry("alpha-zookeeper-1", 2L)
                .containsEntry("alpha-zookeeper-2", 2L);
        assertThat(zookeeperStarts.get("alpha-zookeeper-3")).isBetween(1L, 2L);
        assertThat(zookeeperStarts.getOrDefault("alpha-zookeeper-4", 0L)).isLessThanOrEqualTo(1L);
        assertThat(restarted.subList(restarted.size() - 3, restarted.size())).as("brokers restart once, after the last step")
                .containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("alpha-zookeeper").get().getSpec().getReplicas()).isEqualTo(3);
        assertThat(kubelet.runtime().pods()).noneMatch(p -> p.name().equals("alpha-zookeeper-4") && p.isAlive());
        assertThat(cluster().getStatus().getReadyZookeepers()).isEqualTo(3);
    }

    @Test
    @Order(10)
    void anOperatorThatLosesItsMemoryInTheMiddleOfARollFinishesItWithoutRestartingABrokerTwice() throws Exception {
        int startsBefore = kubelet.starts().size();
        Map<String, String> config = new java.util.TreeMap<>(cluster().getSpec().getBrokers().getConfig());
        config.put("log.retention.hours", "140");
        setBrokerConfig(config);
        // Right after the first restart decision (the deleted pod may still be in the informer cache), the
        // operator forgets everything it keeps in memory, as a new process would; it must go on from the
        // cluster's state alone. (JOSDK's Operator.stop() closes its client, so the Quarkus operator cannot be
        // stopped and started again inside this JVM; pods being deleted are skipped like missing ones, which is
        // what a new process listing a terminating pod needs.)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> kubelet.starts().size() > startsBefore
                || Conditions.find(cluster().getStatus().getConditions(), "RollingRestart").map(r -> "Restarting".equals(r.getReason())).orElse(false));
        clusterReconciler.forgetProcessMemory();
        awaitRolled(Duration.ofSeconds(360), startsBefore + 3);
        // A second restart would come from a later decision: let the operator decide again a few times first.
        awaitClusterReconciles(3);
        assertThat(kubelet.starts().subList(startsBefore, kubelet.starts().size())).as("each broker restarted exactly once")
                .containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
    }

    private static org.apache.kafka.clients.admin.ConfigEntry brokerConfig(Admin admin, String broker, String key) throws Exception {
        var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.BROKER, broker);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource).get(key);
    }

    private static Condition dynamicConfigCondition(Cluster c) {
        return Conditions.find(c.getStatus().getConditions(), "DynamicBrokerConfig").orElse(null);
    }

    private void setBrokerConfig(Map<String, String> config) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setConfig(new java.util.TreeMap<>(config));
            return c;
        }));
    }

    /** Client addresses of servers 1-3: the ones every ensemble size from 3 to 5 keeps. */
    private static String zookeeperConnect() {
        return String.join(",", java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> kubelet.addressOf("alpha-zookeeper-" + i) + ":2181").toList());
    }

    private void setZookeepers(int replicas) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getZookeeper().setReplicas(replicas);
            return c;
        }));
    }

    private void setBrokers(int replicas) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setReplicas(replicas);
            return c;
        }));
    }

    /**
     * Waits until the Cluster reconciler has run {@code passes} more times: a check that something did
     * <em>not</em> happen is made after the operator had that many chances to do it, not after a time.
     */
    private void awaitClusterReconciles(int passes) {
        new ReconcilePasses(meters).await(passes, Duration.ofSeconds(180), "Cluster");
    }

    /** The probe's writes are being acknowledged (it is connected and the ensemble answers) before anything changes. */
    private static void awaitWriting(ZookeeperProbe probe) {
        await().atMost(Duration.ofSeconds(60)).until(() -> probe.acknowledged().size() >= 5);
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
