package dev.brook.operator.bench;

import static dev.brook.operator.bench.BenchReport.dur;
import static dev.brook.operator.bench.BenchReport.mib;
import static dev.brook.operator.bench.BenchReport.ratio;
import static dev.brook.operator.bench.BenchReport.secs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.RebalanceSpec;
import dev.brook.api.v1alpha1.RebalanceStatus;
import dev.brook.model.BrookNames;
import dev.brook.operator.harness.Harness;
import dev.brook.operator.harness.TestKubelet;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.KafkaTestCluster;
import dev.brook.testkit.ClusterTimeline;
import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.ReadBack;
import dev.brook.testkit.Verification;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * bench/scaling: 3 brokers holding ~1 GiB (one topic, RF 3) scaled to 4 and back to 3 by editing
 * spec.brokers.replicas, with the real operator moving the partitions (Kafka's reassignment API, throttled). Measures
 * how long each step takes (spec edit -> broker Ready, moves handed to Kafka, Kafka done, Balanced, and for the
 * scale-down the broker removed), the bytes moved, the throttle seen in Kafka during the moves and that it is gone
 * after, and a steady idempotent acks=all producer's latency throughout. Fails when a send fails, an acknowledged
 * record (or a fill record) is missing afterwards, or a step does not finish within 15 minutes; slow is a measurement.
 * Runs only with -Dbrook.bench=true (see bench/scaling).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BenchProfiles.Quiet.class)
@EnabledIfSystemProperty(named = "brook.bench", matches = "true")
class ScalingBenchmark {
    private static final String NS = "bench-scaling";
    private static final String NAME = "scale";
    private static final int ADDRESS_BLOCK = 56;
    private static final String TOPIC = "scale-bench";
    private static final int PARTITIONS = 12;
    /** RF 3 on 3 brokers: every broker holds every partition, so a fourth one takes a quarter of all replicas. */
    private static final short REPLICATION = 3;
    private static final int MIN_ISR = 2;
    private static final long FILL_BYTES = Long.getLong("brook.bench.bytes", 1L << 30);
    private static final int FILL_RECORD_BYTES = 64 * 1024;
    private static final long THROTTLE = Long.getLong("brook.bench.throttle", 50L * 1024 * 1024);
    private static final int RATE = Integer.getInteger("brook.bench.rate", 200);
    private static final int RECORD_BYTES = 1024;
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Duration BASELINE = Duration.ofSeconds(Long.getLong("brook.bench.baseline-seconds", 30));
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(420);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);
    private static final String REBALANCING = "Rebalancing";
    private static final String NEW_BROKER = BrookNames.brokerPod(NAME, 3);
    private static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");
    private static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    private static final String LEADER_RATE = "leader.replication.throttled.rate";
    private static final Path REPORT = Path.of("target", "bench-scaling", "scaling.txt");

    private static TestKubelet kubelet;
    private static Admin admin;
    private static KafkaPoller poller;
    private static PacedProducer producer;
    private static ClusterTimeline timeline;

    @Inject
    KubernetesClient client;

    private final Map<String, String> load = new LinkedHashMap<>();

    /** The bulk fill before the steps: records of random bytes (nothing for compression to gain), acks=all, idempotent. */
    private record Fill(long records, long acknowledged, long failed, String firstError, long nanos) {
        long bytes() {
            return acknowledged * FILL_RECORD_BYTES;
        }
    }

    /** One scale step, observed every 250 ms from its spec edit until it is done (or {@link #STEP_TIMEOUT} passed). */
    private static final class Step {
        final String name;
        final int brokersBefore;
        final int brokersAfter;
        long start;
        long generation;
        /** Kafka: the first poll with a partition reassignment in progress, and the first poll after it with none. */
        long kafkaMovesStart = -1;
        long kafkaMovesEnd = -1;
        int mostReassigning;
        /** The StatefulSet at the new size (the scale-down shrinks it only once broker 3 is empty). */
        long statefulSetResized = -1;
        long done = -1;
        /** status.rebalance as last seen while the moves ran (partitions set). */
        RebalanceStatus moving;
        /** The cluster-wide throttle rates Kafka had while the moves ran ("follower=..., leader=..."). */
        final Set<String> throttlesSeen = new TreeSet<>();
        String finalRebalancing = "";
        List<String> throttleLeft = List.of();
        Map<Integer, Long> bytesBefore;
        Map<Integer, Long> bytesAfter;
        Map<Integer, Long> replicasBefore;
        Map<Integer, Long> replicasAfter;

        Step(String name, int brokersBefore, int brokersAfter) {
            this.name = name;
            this.brokersBefore = brokersBefore;
            this.brokersAfter = brokersAfter;
        }

        long kafkaMoveNanos() {
            return kafkaMovesStart < 0 || kafkaMovesEnd < 0 ? -1 : kafkaMovesEnd - kafkaMovesStart;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        AutoCloseable closeAdmin = () -> admin.close(Duration.ofSeconds(5));
        RolledCluster.closeAll(producer, poller, admin == null ? null : closeAdmin, timeline, kubelet);
    }

    /** The Cluster resource (only {@link RolledCluster#get()} is used here, so the broker count does not matter). */
    private RolledCluster cluster() {
        return new RolledCluster(client, NS, NAME, 3);
    }

    @Test
    void threeBrokersHoldingAGibibyteScaledToFourAndBackUnderASteadyProducer() throws Exception {
        load.put("at start", BenchReport.loadAverage());
        timeline = ClusterTimeline.watch(client, NS, NAME);
        kubelet = Harness.kubelet(client, NS, ADDRESS_BLOCK);
        Cluster cluster = new Cluster();
        cluster.setSpec(new ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).build());
        cluster.getSpec().getZookeeper().setJvmOptions(RolledCluster.heap("128m", "192m"));
        cluster.getSpec().getBrokers().setReplicas(3);
        cluster.getSpec().getBrokers().setJvmOptions(RolledCluster.heap("256m", "512m"));
        cluster.getSpec().getBrokers().setConfig(new TreeMap<>(Map.of("min.insync.replicas", "" + MIN_ISR, "group.initial.rebalance.delay.ms", "0")));
        long createdAt = System.nanoTime();
        client.resource(cluster).create();
        Cluster ready = await().atMost(CLUSTER_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(cluster()::get,
                c -> c != null && c.getStatus() != null && Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY));
        long clusterReadyMillis = (System.nanoTime() - createdAt) / 1_000_000;
        String bootstrap = ready.getStatus().getBootstrapServers();
        System.out.printf("[bench] cluster of 3 brokers Ready after %d ms%n", clusterReadyMillis);

        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000"));
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, REPLICATION).configs(Map.of("min.insync.replicas", "" + MIN_ISR))))
                .all().get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC),
                        d -> d.partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == REPLICATION));
        PacedProducer.warmUp(bootstrap, TOPIC, PARTITIONS);

        load.put("at the fill", BenchReport.loadAverage());
        Fill fill = fill(bootstrap);
        long recordsInTopicAfterFill = endOffsetSum();
        Map<Integer, Long> bytesAfterFill = topicBytesPerBroker(List.of(0, 1, 2));
        System.out.printf("[bench] filled %d records (%d failed) in %s; on disk %s%n", fill.acknowledged(), fill.failed(),
                dur(0, fill.nanos()), bytesAfterFill);

        poller = new KafkaPoller(admin, timeline, new CpuLedger());
        producer = PacedProducer.to(bootstrap, TOPIC).rate(RATE).recordBytes(RECORD_BYTES).start();
        Thread.sleep(WARM_UP.toMillis()); // measurement windows
        long baselineStart = System.nanoTime();
        timeline.origin(baselineStart);
        Thread.sleep(BASELINE.toMillis());

        load.put("at the scale-up", BenchReport.loadAverage());
        Step up = scale("scale-up", 3, 4, c -> {
            RebalanceSpec rebalance = new RebalanceSpec();
            rebalance.setThrottleBytesPerSecond(THROTTLE);
            c.getSpec().getBrokers().setRebalance(rebalance);
        }, c -> readyWith(c, 4) && c.getStatus().getRebalance() == null && balancedAfter(c, "spread"));
        Thread.sleep(SETTLE.toMillis());

        load.put("at the scale-down", BenchReport.loadAverage());
        Step down = scale("scale-down", 4, 3, c -> {
        }, c -> readyWith(c, 3) && c.getStatus().getRebalance() == null
                && "UpToDate".equals(Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(Condition::getReason).orElse("UpToDate"))
                && brokerStatefulSetReplicas() == 3 && client.pods().inNamespace(NS).withName(NEW_BROKER).get() == null);
        Thread.sleep(SETTLE.toMillis());
        long produceEnd = System.nanoTime();
        producer.stop();
        load.put("at the read-back", BenchReport.loadAverage());
        Verification read = ReadBack.of(producer, Duration.ofSeconds(600));
        poller.close();
        load.put("at report", BenchReport.loadAverage());

        report(clusterReadyMillis, fill, recordsInTopicAfterFill, bytesAfterFill, baselineStart, up, down, produceEnd, read).write(REPORT);
        assertThat(fill.failed()).as("failed fill sends").isZero();
        assertThat(recordsInTopicAfterFill).as("records in the topic after the fill (idempotent: acknowledged + warm-up)")
                .isEqualTo(fill.acknowledged() + PARTITIONS);
        assertThat(up.done).as("scale-up balanced within %s", STEP_TIMEOUT).isPositive();
        assertThat(down.done).as("scale-down drained and removed within %s", STEP_TIMEOUT).isPositive();
        assertThat(up.throttleLeft).as("throttle left after the scale-up").isEmpty();
        assertThat(down.throttleLeft).as("throttle left after the scale-down").isEmpty();
        assertThat(down.replicasAfter).as("replicas per broker after the scale-down").doesNotContainKey(3);
        assertThat(producer.failed()).as("failed acks=all sends").isZero();
        assertThat(read.found()).as("acknowledged records read back").isEqualTo(producer.acknowledged());
        assertThat(read.readChecksum()).isEqualTo(producer.acknowledgedChecksum());
        assertThat(read.skipped()).as("fill + warm-up records read back (counted)").isEqualTo(fill.acknowledged() + PARTITIONS);
    }

    /** Sends {@link #FILL_BYTES} as fast as the brokers take them, the same number of records to each partition. */
    private static Fill fill(String bootstrap) throws Exception {
        long records = (FILL_BYTES + FILL_RECORD_BYTES - 1) / FILL_RECORD_BYTES;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // 15 records of 64 KiB per request (the brokers' message.max.bytes is ~1 MiB), and enough buffer to keep every partition busy.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<String> firstError = new ArrayList<>(1);
        SplittableRandom random = new SplittableRandom(18);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> fill = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = new byte[FILL_RECORD_BYTES];
                random.nextBytes(value);
                fill.send(new ProducerRecord<>(TOPIC, (int) (i % PARTITIONS), null, value), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                    } else if (failed.incrementAndGet() == 1) {
                        firstError.add(error.toString());
                    }
                });
            }
            fill.flush();
        }
        return new Fill(records, acknowledged.get(), failed.get(), firstError.isEmpty() ? null : firstError.get(0), System.nanoTime() - start);
    }

    /**
     * Edits spec.brokers.replicas (and {@code alsoChange}) and observes until {@code done}: Kafka's reassignments, the
     * throttle Kafka applies, status.rebalance while moving. Then waits (bounded) for the throttle to be gone everywhere.
     */
    private Step scale(String name, int from, int to, Consumer<Cluster> alsoChange, Predicate<Cluster> done) throws Exception {
        Step step = new Step(name, from, to);
        step.bytesBefore = topicBytesPerBroker(IntStream.range(0, from).boxed().toList());
        step.replicasBefore = replicasPerBroker();
        step.start = System.nanoTime();
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setReplicas(to);
            alsoChange.accept(c);
            return c;
        }));
        step.generation = cluster().get().getMetadata().getGeneration();
        timeline.note(name + ": spec.brokers.replicas " + from + " -> " + to);
        try {
            await().atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> observe(step, done));
            step.done = System.nanoTime();
            timeline.note(name + " done");
        } catch (ConditionTimeoutException notFinished) {
            timeline.note(name + " NOT done within " + STEP_TIMEOUT.toMinutes() + " min: " + timeline.current(REBALANCING));
        }
        step.finalRebalancing = timeline.current(REBALANCING);
        step.throttleLeft = throttleLeftAfterMoves(IntStream.range(0, to).boxed().toList());
        step.bytesAfter = topicBytesPerBroker(IntStream.range(0, to).boxed().toList());
        step.replicasAfter = replicasPerBroker();
        return step;
    }

    /** One 250 ms look at the step: Kafka's reassignments and throttle, the StatefulSet, status.rebalance; true when done. */
    private boolean observe(Step step, Predicate<Cluster> done) {
        long now = System.nanoTime();
        int reassigning = reassignmentsInProgress();
        if (reassigning > 0) {
            step.kafkaMovesStart = step.kafkaMovesStart < 0 ? now : step.kafkaMovesStart;
            step.kafkaMovesEnd = -1; // moves again (a second batch) after a poll without: the end is later
            step.mostReassigning = Math.max(step.mostReassigning, reassigning);
            String throttle = clusterThrottle();
            if (throttle != null) {
                step.throttlesSeen.add(throttle);
            }
        } else if (reassigning == 0 && step.kafkaMovesStart >= 0 && step.kafkaMovesEnd < 0) {
            step.kafkaMovesEnd = now;
        }
        if (step.statefulSetResized < 0 && brokerStatefulSetReplicas() == step.brokersAfter) {
            step.statefulSetResized = now;
        }
        Cluster c = cluster().get();
        if (c == null || c.getStatus() == null) {
            return false;
        }
        RebalanceStatus rebalance = c.getStatus().getRebalance();
        if (rebalance != null && rebalance.getPartitions() != null) {
            step.moving = rebalance;
        }
        return c.getStatus().getObservedGeneration() != null && c.getStatus().getObservedGeneration() >= step.generation && done.test(c);
    }

    private static boolean readyWith(Cluster c, int brokers) {
        return Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY) && c.getStatus().getReadyBrokers() != null
                && c.getStatus().getReadyBrokers() == brokers;
    }

    /** The Rebalancing condition is Balanced and its message is about the goal (e.g. "spread partitions onto brokers 3"). */
    private static boolean balancedAfter(Cluster c, String goal) {
        return Conditions.find(c.getStatus().getConditions(), REBALANCING)
                .map(r -> "Balanced".equals(r.getReason()) && r.getMessage().startsWith(goal)).orElse(false);
    }

    private int brokerStatefulSetReplicas() {
        StatefulSet set = client.apps().statefulSets().inNamespace(NS).withName(BrookNames.broker(NAME)).get();
        return set == null || set.getSpec().getReplicas() == null ? -1 : set.getSpec().getReplicas();
    }

    /** Partitions Kafka is reassigning now; -1 when the poll failed (a broker going away can make one time out). */
    private static int reassignmentsInProgress() {
        try {
            return admin.listPartitionReassignments().reassignments().get(5, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The cluster-wide replication throttle rates as "follower=..., leader=...", null when neither is set or the read failed. */
    private static String clusterThrottle() {
        try {
            var config = admin.describeConfigs(List.of(CLUSTER_DEFAULT)).all().get(5, TimeUnit.SECONDS).get(CLUSTER_DEFAULT);
            ConfigEntry follower = config.get(FOLLOWER_RATE);
            ConfigEntry leader = config.get(LEADER_RATE);
            if (follower == null && leader == null) {
                return null;
            }
            return "follower=" + (follower == null ? "-" : follower.value()) + ", leader=" + (leader == null ? "-" : leader.value());
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Dynamic replication-throttle entries left in Kafka (cluster default, each broker, the topic). Each broker applies a
     * config change a moment after it is written (ZooKeeper watch): waits up to 30 s for none, then returns what is left.
     */
    private static List<String> throttleLeftAfterMoves(List<Integer> brokers) {
        List<ConfigResource> resources = new ArrayList<>();
        resources.add(CLUSTER_DEFAULT);
        brokers.forEach(b -> resources.add(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(b))));
        resources.add(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC));
        List<String> left = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                left.clear();
                admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS).forEach((r, config) -> config.entries().stream()
                        .filter(e -> e.name().contains("replication.throttled"))
                        .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG
                                || e.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                                || e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                        .forEach(e -> left.add((r.name().isEmpty() ? "cluster default" : r.type() + " " + r.name()) + ": " + e.name() + "=" + e.value())));
                return left.isEmpty();
            });
        } catch (ConditionTimeoutException stillThere) {
            // reported and asserted by the caller
        }
        return List.copyOf(left);
    }

    /** Bytes of {@link #TOPIC} on each broker's disk (Admin describeLogDirs; future replicas of intra-broker moves not counted). */
    private static Map<Integer, Long> topicBytesPerBroker(Collection<Integer> brokers) throws Exception {
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS);
        Map<Integer, Long> bytes = new TreeMap<>();
        dirs.forEach((broker, byDir) -> bytes.put(broker, byDir.values().stream().flatMap(d -> d.replicaInfos().entrySet().stream())
                .filter(e -> e.getKey().topic().equals(TOPIC) && !e.getValue().isFuture()).map(Map.Entry::getValue)
                .mapToLong(ReplicaInfo::size).sum()));
        return bytes;
    }

    /** Replicas of every topic (internal ones too) on each broker. */
    private static Map<Integer, Long> replicasPerBroker() throws Exception {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS);
        return new TreeMap<>(admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream()).flatMap(p -> p.replicas().stream())
                .collect(Collectors.groupingBy(Node::id, Collectors.counting())));
    }

    private static long endOffsetSum() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
    }

    private BenchReport report(long clusterReadyMillis, Fill fill, long recordsAfterFill, Map<Integer, Long> bytesAfterFill, long baselineStart,
            Step up, Step down, long produceEnd, Verification read) {
        BenchReport report = new BenchReport("scaling", "Brook bench/scaling: 3 brokers holding " + mib(FILL_BYTES)
                + " scaled to 4 and back to 3, partitions moved by the operator, under a steady acks=all load");
        """
                (the real operator on the fabric8 mock API + the test kubelet running real ZooKeeper/Kafka 3.9.2 processes on 127.0.%d.x)
                machine: %s
                load average (1/5/15 min): %s
                cluster: 3 ZooKeeper (heap 128m/192m) + 3 brokers (heap 256m/512m), C1-only JVMs (harness); created -> Ready in %s
                topic: %s, %d partitions, RF %d, min.insync.replicas=%d
                fill: %d records x %d KiB of random bytes, one partition after the other, acks=all, idempotent, compression none
                producer: acks=all, idempotent, linger.ms=5, keyed, %d records/s x %d B, paced, into the same topic; latency = send() -> callback
                throttle: spec.brokers.rebalance.throttleBytesPerSecond %d (%s/s); default when unset %d (%s/s)
                windows: warm-up %d s (not counted), baseline %d s, scale-up until balanced, %d s, scale-down until removed, %d s
                observed every 250 ms: the Cluster's status, Kafka's partition reassignments and its cluster-wide throttle"""
                .formatted(ADDRESS_BLOCK, BenchReport.machine(), load.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining("; ")), secs(clusterReadyMillis), TOPIC, PARTITIONS, REPLICATION, MIN_ISR,
                        fill.records(), FILL_RECORD_BYTES / 1024, RATE, RECORD_BYTES, THROTTLE, mib(THROTTLE),
                        RebalanceSpec.DEFAULT_THROTTLE_BYTES_PER_SECOND, mib(RebalanceSpec.DEFAULT_THROTTLE_BYTES_PER_SECOND),
                        WARM_UP.toSeconds(), BASELINE.toSeconds(), SETTLE.toSeconds(), SETTLE.toSeconds()).lines().forEach(report::line);

        report.line("").line("-- fill");
        report.row("acknowledged / failed", fill.acknowledged() + " / " + fill.failed() + (fill.firstError() == null ? "" : " (" + fill.firstError() + ")"));
        report.row("payload", mib(fill.bytes()));
        report.row("took", String.format(Locale.ROOT, "%s (%.1f MiB/s of payload, x%d replicas written)", dur(0, fill.nanos()),
                fill.bytes() / 1048576.0 / (fill.nanos() / 1e9), REPLICATION));
        report.row("records in the topic (end offsets)", recordsAfterFill + " (acknowledged + " + PARTITIONS + " warm-up)");
        report.row("topic on disk per broker", mibs(bytesAfterFill));

        for (Step step : List.of(up, down)) {
            stepReport(report, step);
        }

        long upEnd = up.done < 0 ? down.start : up.done;
        long downEnd = down.done < 0 ? produceEnd : down.done;
        PacedProducer.Window before = producer.window(baselineStart, up.start);
        PacedProducer.Window duringUp = producer.window(up.start, upEnd);
        PacedProducer.Window between = producer.window(upEnd, down.start);
        PacedProducer.Window duringDown = producer.window(down.start, downEnd);
        report.line("").latencies(List.of("before (baseline)", "scale-up", "between", "scale-down", "after"),
                List.of(before, duringUp, between, duringDown, producer.window(downEnd, produceEnd)));
        report.row("producer p99 scale-up / baseline", String.format(Locale.ROOT, "%.2fx", ratio(duringUp.percentile(0.99), before.percentile(0.99))));
        report.row("producer p99 scale-down / baseline", String.format(Locale.ROOT, "%.2fx", ratio(duringDown.percentile(0.99), before.percentile(0.99))));
        report.line("").records(producer, read);
        report.row("fill + warm-up records read back (counted)", read.skipped() + " of " + (fill.acknowledged() + PARTITIONS));
        report.line("").line("-- timeline (seconds from the baseline's start)");
        timeline.lines(baselineStart, produceEnd).forEach(l -> report.line("  " + l));
        return report;
    }

    private void stepReport(BenchReport report, Step step) {
        long end = step.done < 0 ? System.nanoTime() : step.done;
        boolean up = step.brokersAfter > step.brokersBefore;
        report.line("").line("-- " + step.name + ": " + step.brokersBefore + " -> " + step.brokersAfter + " brokers (seconds from the spec edit)");
        if (up) {
            report.row("spec edit -> " + NEW_BROKER + " Ready", dur(step.start, podEvent(ClusterTimeline.PodEventKind.READY, step.start)));
        }
        report.row("spec edit -> moves handed to Kafka (Moving)", dur(step.start, timeline.firstChange(REBALANCING, "Moving", step.start, 0)));
        report.row("Kafka: reassigning, first -> last poll", step.kafkaMovesStart < 0 ? "never seen" : String.format(Locale.ROOT,
                "%s -> %s (%s; at most %d partitions at once)", at(step.start, step.kafkaMovesStart), at(step.start, step.kafkaMovesEnd),
                dur(step.kafkaMovesStart, step.kafkaMovesEnd), step.mostReassigning));
        report.row("spec edit -> Balanced (throttle removed)", dur(step.start, timeline.firstChange(REBALANCING, "Balanced", step.start, 0)));
        if (!up) {
            report.row("spec edit -> StatefulSet at " + step.brokersAfter, dur(step.start, step.statefulSetResized));
            report.row("spec edit -> " + NEW_BROKER + " deleted", dur(step.start, podEvent(ClusterTimeline.PodEventKind.DELETED, step.start)));
        }
        report.row("spec edit -> done", step.done < 0 ? "NOT within " + STEP_TIMEOUT.toMinutes() + " min" : dur(step.start, step.done));
        RebalanceStatus moving = step.moving;
        report.row("status.rebalance while moving", moving == null ? "never seen" : String.format(Locale.ROOT,
                "partitions %d, replicasMoved %d, bytesToCopy %s, throttleBytesPerSecond %d", moving.getPartitions(), moving.getReplicasMoved(),
                moving.getBytesToCopy() == null ? "-" : mib(moving.getBytesToCopy()), moving.getThrottleBytesPerSecond()));
        report.row("Kafka cluster-wide throttle while moving", step.throttlesSeen.isEmpty() ? "never seen" : String.join("; ", step.throttlesSeen));
        report.row("throttle entries left afterwards (30 s)", step.throttleLeft.isEmpty() ? "none" : String.join("; ", step.throttleLeft));
        report.row("final Rebalancing condition", step.finalRebalancing);
        report.row("topic on disk per broker, before", mibs(step.bytesBefore));
        report.row("topic on disk per broker, after", mibs(step.bytesAfter));
        report.row("replicas per broker (all topics), before", step.replicasBefore.toString());
        report.row("replicas per broker (all topics), after", step.replicasAfter.toString());
        long moved = up ? step.bytesAfter.getOrDefault(3, 0L) : step.bytesBefore.getOrDefault(3, 0L);
        report.row(up ? "bytes moved (broker 3 on disk after)" : "bytes moved off broker 3 (on disk before)", mib(moved));
        long moveNanos = step.kafkaMoveNanos();
        report.row("effective copy rate (bytes moved / Kafka's move time)", moveNanos <= 0 ? "-" : String.format(Locale.ROOT,
                "%.1f MiB/s = %.2f of the throttle", moved / 1048576.0 / (moveNanos / 1e9), moved / (moveNanos / 1e9) / THROTTLE));
        report.row("smallest ISR of any partition (Admin poll, 250 ms)", poller.smallestIsr(step.start, end) + " (min.insync.replicas " + MIN_ISR + ")");
        report.row("partitions with no leader, max at one poll", Integer.toString(poller.maxOffline(step.start, end)));
    }

    /** The first event of this kind for the broker the steps add and remove, after {@code after}; -1 if none. */
    private static long podEvent(ClusterTimeline.PodEventKind kind, long after) {
        return timeline.podEventList().stream().filter(e -> e.pod().equals(NEW_BROKER) && e.kind() == kind && e.nanos() > after)
                .mapToLong(ClusterTimeline.PodEvent::nanos).findFirst().orElse(-1);
    }

    private static String mibs(Map<Integer, Long> bytesPerBroker) {
        return bytesPerBroker.entrySet().stream().map(e -> e.getKey() + ": " + mib(e.getValue())).collect(Collectors.joining(", "))
                + " (total " + mib(bytesPerBroker.values().stream().mapToLong(Long::longValue).sum()) + ")";
    }

    private static String at(long origin, long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", (nanos - origin) / 1e9);
    }
}
