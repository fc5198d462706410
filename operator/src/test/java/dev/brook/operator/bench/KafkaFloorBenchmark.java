package dev.brook.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * bench/topics, part 3: what the same kind of local cluster does without the operator, so the
 * operator's numbers can be read against Kafka's own floor on this machine: the same topics
 * (3 partitions, RF 3, one config key) created with the Admin client (a) in requests of 100 topics
 * (Strimzi's default batch size) and (b) one topic per request with 32 in flight (the shape of 32
 * blocking reconcile threads), then their config altered in requests of 100. Runs only with -Dbrook.bench=true.
 */
@EnabledIfSystemProperty(named = "brook.bench", matches = "true")
class KafkaFloorBenchmark {
    private static final int TOPICS = Integer.getInteger("brook.bench.topics", 1000);
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.brook.operator.testing.SharedKafka SHARED = new dev.brook.operator.testing.SharedKafka("bench-floor", 63);

    private static NewTopic topic(String prefix, int i) {
        return new NewTopic(String.format(Locale.ROOT, "%s-%04d", prefix, i), 3, (short) 3).configs(Map.of("retention.ms", "86400000"));
    }

    @Test
    void kafkaAloneOnThisMachine() throws Exception {
        BenchReport report = new BenchReport("3-kafka-floor", "Kafka's own floor: the same cluster shape, Admin client only, no operator");
        report.line("-- " + TOPICS + " topics (3 partitions, RF 3, retention.ms) straight from the Admin client; load average "
                + BenchReport.loadAverage());
        SHARED.admin().createTopics(List.of(topic("warmup", 0))).all().get(60, TimeUnit.SECONDS);

        // (a) requests of 100 topics, one after another.
        double cpu0 = PhaseMeter.childrenCpuSeconds();
        long t0 = System.nanoTime();
        for (int from = 0; from < TOPICS; from += 100) {
            List<NewTopic> batch = new ArrayList<>();
            for (int i = from; i < Math.min(TOPICS, from + 100); i++) {
                batch.add(topic("batched", i));
            }
            SHARED.admin().createTopics(batch).all().get(5, TimeUnit.MINUTES);
        }
        long batched = (System.nanoTime() - t0) / 1_000_000;
        double batchedCpu = PhaseMeter.childrenCpuSeconds() - cpu0;
        report.row("create, requests of 100 (sequential)", BenchReport.secs(batched) + String.format(Locale.ROOT,
                " = %.0f topics/s, %d requests, Kafka CPU %.0f s", TOPICS * 1000.0 / batched, (TOPICS + 99) / 100, batchedCpu));

        // (b) one topic per request, 32 in flight.
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger timeouts = new java.util.concurrent.atomic.AtomicInteger();
        cpu0 = PhaseMeter.childrenCpuSeconds();
        t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                long s = System.nanoTime();
                try {
                    SHARED.admin().createTopics(List.of(topic("single", n))).all().get(5, TimeUnit.MINUTES);
                    latencies.add((System.nanoTime() - s) / 1_000_000);
                } catch (java.util.concurrent.ExecutionException e) {
                    // ZooKeeper mode answers REQUEST_TIMED_OUT when leaders are not elected in time; the topic may still come.
                    timeouts.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long existDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (SHARED.admin().listTopics().names().get(60, TimeUnit.SECONDS).stream().filter(n -> n.startsWith("single-")).count() < TOPICS) {
            assertThat(System.nanoTime()).as("all single-request topics exist within 5 minutes").isLessThan(existDeadline);
            Thread.sleep(500);
        }
        long single = (System.nanoTime() - t0) / 1_000_000;
        double singleCpu = PhaseMeter.childrenCpuSeconds() - cpu0;
        List<Long> sorted = latencies.stream().sorted().toList();
        report.row("create, 1 topic per request, 32 in flight", BenchReport.secs(single) + String.format(Locale.ROOT,
                " = %.0f topics/s, %d requests (%d timed out, topic created later), Kafka CPU %.0f s", TOPICS * 1000.0 / single, TOPICS,
                timeouts.get(), singleCpu));
        if (sorted.isEmpty()) {
            sorted = List.of(-1L);
        }
        report.row("  createTopics latency median / p90 / max", BenchReport.secs(sorted.get(sorted.size() / 2)) + " / "
                + BenchReport.secs(sorted.get((int) (sorted.size() * 0.9))) + " / " + BenchReport.secs(sorted.get(sorted.size() - 1)));

        // (c) alter the config of the batched topics, requests of 100.
        cpu0 = PhaseMeter.childrenCpuSeconds();
        t0 = System.nanoTime();
        for (int from = 0; from < TOPICS; from += 100) {
            Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = new java.util.LinkedHashMap<>();
            for (int i = from; i < Math.min(TOPICS, from + 100); i++) {
                ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic("batched", i).name()),
                        List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "172800000"), AlterConfigOp.OpType.SET)));
            }
            SHARED.admin().incrementalAlterConfigs(ops).all().get(5, TimeUnit.MINUTES);
        }
        long altered = (System.nanoTime() - t0) / 1_000_000;
        report.row("alter config, requests of 100 (sequential)", BenchReport.secs(altered) + String.format(Locale.ROOT,
                " = %.0f topics/s, Kafka CPU %.0f s", TOPICS * 1000.0 / altered, PhaseMeter.childrenCpuSeconds() - cpu0));
        assertThat(SHARED.admin().listTopics().names().get(60, TimeUnit.SECONDS)).hasSizeGreaterThanOrEqualTo(2 * TOPICS);
        report.line("load average at end: " + BenchReport.loadAverage());
        report.write();
    }
}
