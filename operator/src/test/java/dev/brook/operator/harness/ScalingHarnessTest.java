package dev.brook.operator.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.operator.reconcile.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Day-2 changes without a roll, with real processes: scaling the brokers up and down (down waits while the
 * leaving broker holds partitions), and dynamic broker keys applied to the running brokers. Tests run in any
 * order on one cluster.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingHarnessTest {
    private HarnessCluster harness;

    @Inject
    KubernetesClient client;

    @BeforeAll
    void startCluster() {
        harness = HarnessCluster.start(client, "harness-scale", 53);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /**
     * Scale 3 -> 4 with data in place moves a share of the replicas onto broker 3 (throttled, throttle removed after);
     * scale 4 -> 3 is refused while a topic needs 4 brokers, then drains broker 3 and removes it. An acks=all producer
     * sends throughout: nothing it was told is written goes missing.
     */
    @Test
    void partitionsFollowTheBrokersOnScaleUpAndScaleDownWithoutLosingARecord() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(300));
        int startsBefore = harness.kubelet.starts().size();
        String bootstrap = harness.cluster().getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                SteadyProducer producer = new SteadyProducer(bootstrap, "spread")) {
            admin.createTopics(List.of(new NewTopic("spread", 6, (short) 2))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeTopics(List.of("spread")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("spread").partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == 2));
            long preloaded = producer.preload(1500, 1024);
            producer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> producer.acked() > preloaded + 100);

            // A rate low enough that moving ~1.5 MB takes seconds, whatever the machine: the throttle is seen in Kafka meanwhile.
            harness.edit(c -> {
                c.getSpec().getBrokers().setReplicas(4);
                c.getSpec().getBrokers().setRebalance(new dev.brook.api.v1alpha1.RebalanceSpec());
                c.getSpec().getBrokers().getRebalance().setThrottleBytesPerSecond(100_000L);
            });
            ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Cluster c = harness.cluster();
                if (!"Moving".equals(HarnessCluster.reason(c, "Rebalancing", "absent"))) {
                    return false;
                }
                ConfigEntry rate = admin.describeConfigs(List.of(clusterDefault)).all().get(10, TimeUnit.SECONDS).get(clusterDefault)
                        .get("follower.replication.throttled.rate");
                return rate != null && "100000".equals(rate.value());
            });
            Cluster balanced = await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(harness::cluster,
                    c -> Conditions.isTrue(c.getStatus().getConditions(), "Ready") && c.getStatus().getReadyBrokers() == 4
                            && "Balanced".equals(HarnessCluster.reason(c, "Rebalancing", "absent")) && c.getStatus().getRebalance() == null);
            assertThat(harness.startsSince(startsBefore)).as("adding a broker restarts no running broker").containsExactly("alpha-broker-3");
            assertThat(Conditions.find(balanced.getStatus().getConditions(), "Rebalancing").orElseThrow().getMessage())
                    .contains("spread partitions onto brokers 3").contains("throttle removed").contains("MiB copied").doesNotContain(" 0.0 MiB");
            Map<Integer, Long> perBroker = replicasPerBroker(admin, "spread");
            assertThat(perBroker.getOrDefault(3, 0L)).as("replicas of 'spread' on the new broker: %s", perBroker).isPositive();
            Map<Integer, Long> all = replicasPerBroker(admin, admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get(10, TimeUnit.SECONDS));
            assertThat(java.util.Collections.max(all.values()) - java.util.Collections.min(all.values()))
                    .as("every topic's replicas per broker: %s", all).isLessThanOrEqualTo(1);
            assertNoThrottle(admin, List.of(0, 1, 2, 3), "spread");

            admin.createTopics(List.of(new NewTopic("wide", 1, (short) 4))).all().get(30, TimeUnit.SECONDS);
            harness.edit(c -> c.getSpec().getBrokers().setReplicas(3));
            // A read of the partitions can fail while the new topic's metadata spreads (also ScaleDownBlocked, "could not be
            // read"): wait for the refusal that names it.
            Cluster refused = await().atMost(Duration.ofSeconds(60)).until(harness::cluster,
                    c -> "ScaleDownBlocked".equals(HarnessCluster.ready(c).getReason()) && HarnessCluster.ready(c).getMessage().contains("wide"));
            assertThat(HarnessCluster.ready(refused).getMessage()).contains("wide (replication factor 4)").contains("nothing is moved");
            assertThat(client.apps().statefulSets().inNamespace(harness.namespace).withName("alpha-broker").get().getSpec().getReplicas())
                    .isEqualTo(4);
            // A reconcile that read the partitions before 'wide' was visible may already have moved others off broker 3
            // (harmless: nothing is lost); what matters is that the broker holding 'wide' stays.
            assertThat(replicasPerBroker(admin, "wide")).as("'wide' keeps its replica on broker 3").containsEntry(3, 1L);

            admin.deleteTopics(List.of("wide")).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(harness::cluster,
                    c -> Conditions.isTrue(c.getStatus().getConditions(), "Ready") && c.getStatus().getReadyBrokers() == 3
                            && c.getStatus().getRebalance() == null
                            && "UpToDate".equals(HarnessCluster.reason(c, "RollingRestart", "UpToDate")));
            assertThat(client.apps().statefulSets().inNamespace(harness.namespace).withName("alpha-broker").get().getSpec().getReplicas())
                    .isEqualTo(3);
            assertThat(replicasPerBroker(admin, "spread")).as("broker 3 emptied before it went").doesNotContainKey(3);
            assertNoThrottle(admin, List.of(0, 1, 2), "spread");

            long acked = producer.stopAndCount();
            assertThat(producer.failures()).as("failed acks=all sends").isZero();
            var ends = admin.listOffsets(java.util.stream.IntStream.range(0, 6).boxed().collect(java.util.stream.Collectors.toMap(
                    p -> new TopicPartition("spread", p), p -> org.apache.kafka.clients.admin.OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS);
            assertThat(ends.values().stream().mapToLong(i -> i.offset()).sum()).as("records in 'spread' (idempotent producer)").isEqualTo(acked);
        }
    }

    private static Map<Integer, Long> replicasPerBroker(Admin admin, String topic) throws Exception {
        return replicasPerBroker(admin, java.util.Set.of(topic));
    }

    private static Map<Integer, Long> replicasPerBroker(Admin admin, java.util.Set<String> topics) throws Exception {
        var described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values();
        return new TreeMap<>(described.stream().flatMap(d -> d.partitions().stream()).flatMap(p -> p.replicas().stream())
                .collect(java.util.stream.Collectors.groupingBy(org.apache.kafka.common.Node::id, java.util.stream.Collectors.counting())));
    }

    /**
     * Each broker applies a dynamic config change when ZooKeeper tells it, a moment after the change is written: wait (bounded)
     * for every broker and the topic to show no throttle.
     */
    private static void assertNoThrottle(Admin admin, List<Integer> brokers, String topic) {
        List<ConfigResource> resources = new java.util.ArrayList<>();
        brokers.forEach(b -> resources.add(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(b))));
        resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> left = new java.util.ArrayList<>();
            admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS).forEach((r, config) -> config.entries().stream()
                    .filter(e -> e.name().contains("replication.throttled"))
                    .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG || e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                            || e.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG)
                    .forEach(e -> left.add(r.name() + ": " + e.name() + "=" + e.value())));
            assertThat(left).as("throttle left after the moves").isEmpty();
        });
    }

    /** Sends one record at a time with acks=all (idempotent), counting acknowledgements and failures. */
    private static final class SteadyProducer implements AutoCloseable {
        private final org.apache.kafka.clients.producer.KafkaProducer<String, String> producer;
        private final String topic;
        private final java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        SteadyProducer(String bootstrap, String topic) {
            this.topic = topic;
            this.producer = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.of(
                    org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all",
                    org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    // One batch in flight: a new topic's first batch can meet a leader that does not know the partition yet,
                    // and with several in flight the idempotent producer then retries the rest as out of order until they expire.
                    org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                    org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                    org.apache.kafka.clients.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000),
                    new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer());
        }

        /** Sends {@code count} records of {@code size} bytes at once (data for the moves to copy); returns how many were acknowledged. */
        long preload(int count, int size) throws Exception {
            String value = "x".repeat(size);
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "pre-" + i, value)));
            }
            for (var f : sent) {
                f.get(120, TimeUnit.SECONDS);
                acked.incrementAndGet();
            }
            return acked.get();
        }

        void start() {
            thread = new Thread(() -> {
                long n = 0;
                while (running) {
                    try {
                        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, Long.toString(n), "record-" + n++)).get();
                        acked.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "steady-producer");
            thread.start();
        }

        long acked() {
            return acked.get();
        }

        long failures() {
            return failed.get();
        }

        long stopAndCount() throws InterruptedException {
            running = false;
            thread.join(Duration.ofSeconds(150).toMillis());
            return acked.get();
        }

        @Override
        public void close() {
            running = false;
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * A value only a starting broker can judge (a metrics reporter class that does not exist passes the type check): the
     * first restarted broker fails to start, the RollingRestart condition names it with the agent's one-line reason, and
     * no other broker is restarted. Setting the value back lets the roll finish.
     */
    @Test
    void aBrokerThatFailsToStartStopsTheRollAndSaysWhy() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(300));
        Map<String, String> base = new TreeMap<>(harness.cluster().getSpec().getBrokers().getConfig());
        int startsBefore = harness.kubelet.starts().size();
        Map<String, String> broken = new TreeMap<>(base);
        broken.put("metric.reporters", "dev.brook.NoSuchReporter");
        harness.setBrokerConfig(broken);
        Cluster stuck = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(harness::cluster,
                c -> Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(Condition::getMessage)
                        .map(m -> m.contains("fails to start")).orElse(false));
        String message = Conditions.find(stuck.getStatus().getConditions(), "RollingRestart").orElseThrow().getMessage();
        assertThat(message).contains("alpha-broker-").contains("NoSuchReporter").contains("no further broker restarts");
        assertThat(harness.startsSince(startsBefore).stream().distinct().toList()).as("brokers restarted by the roll").hasSize(1);

        harness.setBrokerConfig(base);
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(harness::cluster,
                c -> Conditions.isTrue(c.getStatus().getConditions(), "Ready")
                        && "UpToDate".equals(HarnessCluster.reason(c, "RollingRestart", "UpToDate")));
    }

    @Test
    void dynamicKeysReachTheRunningBrokersWithoutARestartAndKafkaRefusalsAreReported() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(300));
        int startsBefore = harness.kubelet.starts().size();
        Map<String, String> base = harness.cluster().getSpec().getBrokers().getConfig();
        Map<String, String> changed = new TreeMap<>(base);
        changed.put("log.retention.ms", "3600000");
        changed.put("log.cleaner.threads", "2");
        harness.setBrokerConfig(changed);
        String bootstrap = harness.cluster().getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int id = 0; id < 3; id++) {
                String broker = Integer.toString(id);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> brokerConfig(admin, broker, "log.retention.ms"), e -> "3600000".equals(e.value())
                                && e.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            }
            Condition applied = await().atMost(Duration.ofSeconds(30)).until(() -> dynamicConfigCondition(harness.cluster()),
                    c -> c != null && "Applied".equals(c.getReason()));
            assertThat(applied.getMessage()).contains("log.retention.ms").contains("log.cleaner.threads");

            // A value against the key's own definition in Kafka is refused before it reaches the brokers.
            Map<String, String> notANumber = new TreeMap<>(changed);
            notANumber.put("log.retention.ms", "soon");
            harness.setBrokerConfig(notANumber);
            Condition invalid = await().atMost(Duration.ofSeconds(60)).until(
                    () -> Conditions.find(harness.cluster().getStatus().getConditions(), "Ready").orElse(null),
                    c -> c != null && "InvalidSpec".equals(c.getReason()));
            assertThat(invalid.getMessage()).contains("log.retention.ms").contains("soon");
            assertThat(brokerConfig(admin, "1", "log.retention.ms").value()).isEqualTo("3600000");

            // What only the running brokers can judge is Kafka's to refuse, and its refusal is the condition's message:
            // the cleaner's thread count may at most double at a time (LogCleaner.validateReconfiguration).
            Map<String, String> wrong = new TreeMap<>(changed);
            wrong.put("log.cleaner.threads", "5");
            harness.setBrokerConfig(wrong);
            Condition refused = await().atMost(Duration.ofSeconds(60)).until(() -> dynamicConfigCondition(harness.cluster()),
                    c -> c != null && "Refused".equals(c.getReason()));
            assertThat(refused.getMessage()).contains("log.cleaner.threads").contains("double");
            assertThat(brokerConfig(admin, "1", "log.cleaner.threads").value()).isEqualTo("2");
            assertThat(brokerConfig(admin, "1", "log.retention.ms").value()).isEqualTo("3600000");

            // Removed from the spec: the cluster-wide value goes, the brokers' static one applies again.
            harness.setBrokerConfig(base);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> brokerConfig(admin, "2", "log.retention.ms"),
                    e -> e.source() != ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            await().atMost(Duration.ofSeconds(30)).until(() -> dynamicConfigCondition(harness.cluster()),
                    c -> c != null && "Applied".equals(c.getReason()));
        }
        assertThat(harness.startsSince(startsBefore)).as("no broker restarted").isEmpty();
        assertThat(HarnessCluster.reason(harness.cluster(), "RollingRestart", "UpToDate")).as("no roll").isEqualTo("UpToDate");
    }

    private static ConfigEntry brokerConfig(Admin admin, String broker, String key) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource).get(key);
    }

    private static Condition dynamicConfigCondition(Cluster c) {
        return Conditions.find(c.getStatus().getConditions(), "DynamicBrokerConfig").orElse(null);
    }
}
