package dev.brook.operator.bench;

import dev.brook.local.LocalKafkaCluster;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.PartitionLag;
import dev.brook.operator.reconcile.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Time from a consumer's commit (commitSync returned) to the new lag in the ConsumerGroup's status.
 * Each sample waits a random part of the refresh interval first, so commits fall at random points of
 * the poller's and the reconciler's cycles, as real commits do.
 */
final class LagProbe {
    private static final int RECORDS = 1000;

    record Sample(long millis, long pollDelayMillis) {
    }

    private LagProbe() {
    }

    static List<Sample> measure(KubernetesClient client, LocalKafkaCluster kafka, Admin admin, String namespace, String cluster,
            String name, Duration interval, int samples) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        TopicPartition tp = new TopicPartition(name, 0);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(name, "k" + i, "v" + i));
            }
            producer.flush();
        }
        ConsumerGroup g = new ConsumerGroup();
        g.setSpec(new dev.brook.api.v1alpha1.ConsumerGroupSpec());
        g.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        g.getSpec().setCluster(cluster);
        g.getSpec().setTopics(List.of(name));
        client.resource(g).create();

        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, name);
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "900000");
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        List<Sample> result = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(name));
            long joinDeadline = System.currentTimeMillis() + 60_000;
            while (consumer.assignment().isEmpty() && System.currentTimeMillis() < joinDeadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            if (consumer.assignment().isEmpty()) {
                throw new IllegalStateException("consumer did not join group " + name);
            }
            // Start from a known state: offset 0 committed, and status showing it.
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(0)));
            awaitLag(client, namespace, name, 0, Duration.ofSeconds(60).plus(interval.multipliedBy(3)));
            for (int k = 1; k <= samples; k++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis())));
                consumer.poll(Duration.ZERO);
                long committed = 37L * k;
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(committed)));
                long t0 = System.nanoTime();
                Instant commitAt = Instant.now();
                ConsumerGroup seen = awaitLag(client, namespace, name, committed, Duration.ofSeconds(30).plus(interval.multipliedBy(3)));
                long millis = (System.nanoTime() - t0) / 1_000_000;
                long pollDelay = -1;
                if (seen.getStatus().getLastRefreshTime() != null) {
                    // lastRefreshTime has 1 s resolution (truncated): the poller read at or up to 1 s after it.
                    pollDelay = Duration.between(commitAt, Instant.parse(seen.getStatus().getLastRefreshTime())).toMillis();
                }
                result.add(new Sample(millis, pollDelay));
                System.out.printf(Locale.ROOT, "[bench] lag sample %d/%d (refresh %s): commit -> status %d ms%n", k, samples, interval, millis);
            }
        }
        return result;
    }

    /** Polls the resource every 50 ms until status shows the committed offset and the matching lag for the probe's partition. */
    private static ConsumerGroup awaitLag(KubernetesClient client, String namespace, String name, long committed, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerGroup g = client.resources(ConsumerGroup.class).inNamespace(namespace).withName(name).get();
            if (g != null && g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY)
                    && g.getStatus().getPartitions() != null) {
                for (PartitionLag p : g.getStatus().getPartitions()) {
                    if (p.getPartition() == 0 && p.getCommittedOffset() != null && p.getCommittedOffset() == committed
                            && p.getLag() != null && p.getLag() == RECORDS - committed) {
                        return g;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("status of ConsumerGroup " + name + " did not show committed offset " + committed + " within "
                + timeout);
    }

    static void report(BenchReport report, String label, Duration interval, List<Sample> samples) {
        List<Long> sorted = samples.stream().map(Sample::millis).sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2.0;
        report.row(label + " refresh " + interval.toString().substring(2).toLowerCase(Locale.ROOT) + ": samples", Integer.toString(sorted.size()));
        report.row("  commit -> lag in status: min / median / max", BenchReport.secs(sorted.get(0)) + " / " + BenchReport.secs(median)
                + " / " + BenchReport.secs(sorted.get(sorted.size() - 1)));
        report.row("  mean", BenchReport.secs(sorted.stream().mapToLong(Long::longValue).average().orElse(0)));
        report.row("  all samples (ms)", sorted.toString());
        List<Long> polls = samples.stream().filter(s -> s.pollDelayMillis() >= 0).map(Sample::pollDelayMillis).sorted().toList();
        if (!polls.isEmpty() && interval.toSeconds() >= 5) {
            double avgPoll = polls.stream().mapToLong(Long::longValue).average().orElse(0);
            double avgTotal = sorted.stream().mapToLong(Long::longValue).average().orElse(0);
            report.row("  of which commit -> poller read (mean, +-1 s)", BenchReport.secs(avgPoll));
            report.row("  of which poller read -> status (mean, +-1 s)", BenchReport.secs(avgTotal - avgPoll));
        }
    }
}
