package dev.brook.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.kafka.KafkaConnections;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * bench/topics, part 1: 1,000 Topic resources applied at once, then the config of all 1,000 changed,
 * against the real operator (fabric8 mock API, CRUD mode) and a real 3-broker local cluster; then the
 * time from a consumer's commit to the lag in a ConsumerGroup's status at the default 15 s refresh.
 * Not part of the normal build: runs only with -Dbrook.bench=true (see bench/topics).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BenchProfiles.Defaults.class)
@EnabledIfSystemProperty(named = "brook.bench", matches = "true")
class TopicScaleBenchmark {
    private static final String NS = "bench";
    private static final String CLUSTER = "kafka";
    private static final int TOPICS = Integer.getInteger("brook.bench.topics", 1000);
    private static final int LAG_SAMPLES = Integer.getInteger("brook.bench.lag-samples", 10);
    private static final int PARTITIONS = 3;
    private static final int RF = 3;
    private static final String KEY = "retention.ms";
    private static final String BEFORE = "86400000";
    private static final String AFTER = "172800000";
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(15);
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.brook.operator.testing.SharedKafka SHARED = new dev.brook.operator.testing.SharedKafka("bench-topics", 61);

    @Inject
    KubernetesClient client;
    @Inject
    KafkaConnections connections;

    @Test
    void thousandTopicsThenTheirConfigThenGroupLag() throws Exception {
        BenchReport report = new BenchReport("1-topics", "Brook bench/topics: " + TOPICS + " Topic resources ("
                + PARTITIONS + " partitions, RF " + RF + ", 1 config key each), 3-broker Kafka 3.9.2 (ZooKeeper mode) on loopback");
        report.line("machine: " + BenchReport.machine());
        report.line("operator settings: concurrent-reconciliation-threads=32, topic resync PT2M, group refresh PT15S, Admin batch linger 20 ms");
        report.line("note: the test JVM hosts the operator AND the fabric8 mock API server AND the benchmark's clients;");
        report.line("      heap, RSS and JVM CPU below are of that whole JVM, so they overstate the operator alone.");
        dev.brook.operator.testing.KafkaTestCluster.register(client, NS, CLUSTER, SHARED.cluster());
        String bootstrap = SHARED.cluster().bootstrapServers();
        // The operator's connection to this cluster (created now if no reconcile made it yet); its counter is what we report.
        var connection = connections.forBootstrap(bootstrap);

        ReadyTracker tracker = new ReadyTracker();
        SharedIndexInformer<Topic> informer = client.resources(Topic.class).inNamespace(NS).inform(tracker);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // Phase 1: create.
            tracker.expect(1);
            PhaseMeter.Result created;
            long createMillis;
            try (PhaseMeter meter = new PhaseMeter(connection::topicRequests)) {
                long t0 = System.nanoTime();
                runAll(pool, i -> client.resource(topic(i)).create());
                createMillis = (System.nanoTime() - t0) / 1_000_000;
                report.line("");
                report.line("-- phase 1: create " + TOPICS + " Topics (API creates from 8 threads)");
                System.out.printf("[bench] %d creates sent in %d ms; waiting for Ready%n", TOPICS, createMillis);
                tracker.awaitAll(t0, connection::topicRequests);
                created = meter.stop();
                tracker.report(report, "create", t0, createMillis, created);
            }
            report.phase(created);
            verifyKafka(BEFORE, true);
            report.row("verified in Kafka (describeTopics + describeConfigs)", TOPICS + " topics, " + PARTITIONS + " partitions, RF " + RF
                    + ", " + KEY + "=" + BEFORE);

            // Phase 2: change the config of all of them.
            tracker.expect(2);
            PhaseMeter.Result altered;
            try (PhaseMeter meter = new PhaseMeter(connection::topicRequests)) {
                long t0 = System.nanoTime();
                runAll(pool, i -> KafkaTestCluster.retryOnConflict(() -> client.resources(Topic.class).inNamespace(NS).withName(name(i))
                        .edit(t -> {
                            t.getSpec().setConfig(new TreeMap<>(Map.of(KEY, AFTER)));
                            return t;
                        })));
                long editMillis = (System.nanoTime() - t0) / 1_000_000;
                report.line("");
                report.line("-- phase 2: change spec.config of all " + TOPICS + " (" + KEY + " " + BEFORE + " -> " + AFTER + ")");
                System.out.printf("[bench] %d edits sent in %d ms; waiting for the new config in Kafka%n", TOPICS, editMillis);
                long inKafka = -1;
                long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
                while (System.nanoTime() < deadline) {
                    int matching = countConfig(AFTER);
                    if (matching == TOPICS) {
                        inKafka = (System.nanoTime() - t0) / 1_000_000;
                        break;
                    }
                    Thread.sleep(1000);
                }
                assertThat(inKafka).as("all topics have the new config in Kafka").isPositive();
                tracker.awaitAll(t0, connection::topicRequests);
                altered = meter.stop();
                report.row("new config in Kafka for all (describeConfigs every 1 s)", BenchReport.secs(inKafka));
                report.row("config changes per second (to Kafka)", String.format(Locale.ROOT, "%.0f /s", TOPICS * 1000.0 / inKafka));
                tracker.report(report, "edit", t0, editMillis, altered);
            }
            report.phase(altered);
            verifyKafka(AFTER, false);
            report.row("verified in Kafka (one describeConfigs of all)", TOPICS + " topics with " + KEY + "=" + AFTER);
        } finally {
            pool.shutdownNow();
            informer.close();
        }

        // Phase 3: lag at the default refresh interval, with the 1,000 topics still managed (resync every 2 minutes).
        report.line("");
        report.line("-- phase 3: consumer commit -> lag in ConsumerGroup status (1 group, 1 partition, " + TOPICS
                + " Topics still managed)");
        Duration interval = Duration.ofSeconds(15);
        List<LagProbe.Sample> samples = LagProbe.measure(client, SHARED.cluster(), SHARED.admin(), NS, CLUSTER, "lag-probe", interval, LAG_SAMPLES);
        LagProbe.report(report, "default", interval, samples);
        report.line("load average at end: " + BenchReport.loadAverage());
        report.write();
    }

    private static Topic topic(int i) {
        Topic t = new Topic();
        t.setSpec(new dev.brook.api.v1alpha1.TopicSpec());
        t.setMetadata(new ObjectMetaBuilder().withName(name(i)).withNamespace(NS).build());
        t.getSpec().setCluster(CLUSTER);
        t.getSpec().setPartitions(PARTITIONS);
        t.getSpec().setReplicationFactor(RF);
        t.getSpec().setConfig(new TreeMap<>(Map.of(KEY, BEFORE)));
        return t;
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "bench-topic-%04d", i);
    }

    private static void runAll(ExecutorService pool, Consumer<Integer> task) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            int n = i;
            futures.add(pool.submit(() -> task.accept(n)));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
    }

    private static List<ConfigResource> resources() {
        List<ConfigResource> r = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            r.add(new ConfigResource(ConfigResource.Type.TOPIC, name(i)));
        }
        return r;
    }

    /** One batched describeConfigs of all topics: how many have KEY = value. */
    private static int countConfig(String value) throws Exception {
        Map<ConfigResource, Config> configs = SHARED.admin().describeConfigs(resources()).all().get(60, TimeUnit.SECONDS);
        int n = 0;
        for (Config c : configs.values()) {
            ConfigEntry e = c.get(KEY);
            if (e != null && value.equals(e.value())) {
                n++;
            }
        }
        return n;
    }

    private static void verifyKafka(String value, boolean layout) throws Exception {
        assertThat(countConfig(value)).isEqualTo(TOPICS);
        if (layout) {
            List<String> names = resources().stream().map(ConfigResource::name).toList();
            Map<String, TopicDescription> d = SHARED.admin().describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
            assertThat(d).hasSize(TOPICS);
            assertThat(d.values()).allSatisfy(t -> {
                assertThat(t.partitions()).hasSize(PARTITIONS);
                assertThat(t.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(RF));
            });
        }
    }

    /** Watches the Topics and records when each first is Ready=True with observedGeneration = generation = the expected one. */
    static final class ReadyTracker implements ResourceEventHandler<Topic> {
        private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
        private final Map<String, Integer> notReadyReasons = new ConcurrentHashMap<>();
        private final Map<String, Boolean> sawNotReady = new ConcurrentHashMap<>();
        private volatile long generation;

        void expect(long generation) {
            readyAt.clear();
            notReadyReasons.clear();
            sawNotReady.clear();
            this.generation = generation;
        }

        @Override
        public void onAdd(Topic t) {
            check(t);
        }

        @Override
        public void onUpdate(Topic old, Topic t) {
            check(t);
        }

        @Override
        public void onDelete(Topic t, boolean unknown) {
        }

        private void check(Topic t) {
            long now = System.nanoTime();
            if (t.getMetadata().getGeneration() == null || t.getMetadata().getGeneration() != generation || t.getStatus() == null
                    || t.getStatus().getObservedGeneration() == null || t.getStatus().getObservedGeneration() != generation) {
                return;
            }
            Condition ready = Conditions.find(t.getStatus().getConditions(), Conditions.READY).orElse(null);
            if (ready == null) {
                return;
            }
            String name = t.getMetadata().getName();
            if (Condition.TRUE.equals(ready.getStatus())) {
                readyAt.putIfAbsent(name, now);
            } else if (sawNotReady.putIfAbsent(name + "/" + ready.getReason(), true) == null) {
                notReadyReasons.merge(ready.getReason(), 1, Integer::sum);
            }
        }

        void awaitAll(long t0, java.util.function.LongSupplier requests) throws InterruptedException {
            long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
            long nextLog = System.nanoTime();
            while (readyAt.size() < TOPICS) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + readyAt.size() + " of " + TOPICS + " Topics Ready after " + PHASE_TIMEOUT
                            + "; not-ready reasons seen: " + notReadyReasons);
                }
                if (System.nanoTime() >= nextLog) {
                    System.out.printf(Locale.ROOT, "[bench] %5.1f s: %d/%d Ready, %d Admin requests, not-ready reasons seen %s%n",
                            (System.nanoTime() - t0) / 1e9, readyAt.size(), TOPICS, requests.getAsLong(), notReadyReasons);
                    nextLog = System.nanoTime() + 5_000_000_000L;
                }
                Thread.sleep(20);
            }
        }

        void report(BenchReport report, String verb, long t0, long sendMillis, PhaseMeter.Result r) {
            List<Long> times = readyAt.values().stream().map(t -> (t - t0) / 1_000_000).sorted().toList();
            long all = times.get(times.size() - 1);
            report.row("API " + verb + "s sent (8 threads)", BenchReport.secs(sendMillis));
            report.row("first Ready (from first " + verb + ")", BenchReport.secs(times.get(0)));
            report.row("50% / 90% Ready", BenchReport.secs(times.get(times.size() / 2)) + " / "
                    + BenchReport.secs(times.get((int) (times.size() * 0.9) - 1)));
            report.row("all Ready (Ready=True, observedGeneration=" + generation + ")", BenchReport.secs(all));
            report.row("topics reconciled per second", String.format(Locale.ROOT, "%.0f /s (over the whole phase)", TOPICS * 1000.0 / all));
            report.row("Topics that showed Ready=False on the way", notReadyReasons.isEmpty() ? "none" : notReadyReasons.toString());
            report.row("Admin requests per topic", String.format(Locale.ROOT, "%.2f", (double) r.adminRequests() / TOPICS));
        }
    }
}
