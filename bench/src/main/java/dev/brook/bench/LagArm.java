package dev.brook.bench;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.ConsumerGroupSpec;
import dev.brook.api.v1alpha1.PartitionLag;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Time from a consumer's commit (commitSync returned) to the new lag in a ConsumerGroup's status. Each sample
 * first waits a random part of the refresh interval, so commits fall at random points of the operator's poll and
 * reconcile cycles, as real commits do.
 */
final class LagArm {
    private static final int RECORDS = 1000;

    private final KubernetesClient client;
    private final Admin admin;
    private final String bootstrapServers;
    private final String namespace;
    private final String cluster;

    LagArm(KubernetesClient client, Admin admin, String bootstrapServers, String namespace, String cluster) {
        this.client = client;
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.namespace = namespace;
        this.cluster = cluster;
    }

    /** Milliseconds from each commit to the status showing it. */
    List<Long> measure(String name, Duration refreshInterval, int samples) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 3))).all().get(60, TimeUnit.SECONDS);
        produce(name);
        ConsumerGroup group = new ConsumerGroup();
        group.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        group.setSpec(new ConsumerGroupSpec());
        group.getSpec().setCluster(cluster);
        group.getSpec().setTopics(List.of(name));
        client.resource(group).create();

        TopicPartition partition = new TopicPartition(name, 0);
        Duration statusTimeout = Duration.ofSeconds(30).plus(refreshInterval.multipliedBy(3));
        List<Long> result = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(name), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(name));
            Deadline join = Deadline.in(Duration.ofSeconds(60), "the lag consumer to join group " + name);
            while (consumer.assignment().isEmpty()) {
                join.failIfPassed("");
                consumer.poll(Duration.ofMillis(200));
            }
            // Start from a known state: offset 0 committed, and the status showing it.
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(0)));
            awaitLag(name, 0, statusTimeout.plusSeconds(60));
            for (int k = 1; k <= samples; k++) {
                randomPause(refreshInterval);
                consumer.poll(Duration.ZERO);
                long committed = 37L * k;
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(committed)));
                long t0 = System.nanoTime();
                awaitLag(name, committed, statusTimeout);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                result.add(millis);
                System.out.printf(Locale.ROOT, "[bench] lag sample %d/%d: commit -> status %d ms%n", k, samples, millis);
            }
        }
        return result;
    }

    private void produce(String topic) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private Properties consumerConfig(String group) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "900000");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        return config;
    }

    /** A random point of the refresh cycle for the next commit: the wait is the experiment's input, not a synchronisation. */
    private static void randomPause(Duration interval) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis())));
    }

    /** Polls the resource every 50 ms until its status shows the committed offset and the matching lag. */
    private void awaitLag(String name, long committed, Duration timeout) {
        Deadline deadline = Deadline.in(timeout, "ConsumerGroup " + name + " status showing committed offset " + committed);
        while (true) {
            ConsumerGroup g = client.resources(ConsumerGroup.class).inNamespace(namespace).withName(name).get();
            if (g != null && g.getStatus() != null && ready(g) && g.getStatus().getPartitions() != null) {
                for (PartitionLag p : g.getStatus().getPartitions()) {
                    if (p.getPartition() == 0 && p.getCommittedOffset() != null && p.getCommittedOffset() == committed
                            && p.getLag() != null && p.getLag() == RECORDS - committed) {
                        return;
                    }
                }
            }
            deadline.pause(Duration.ofMillis(50));
        }
    }

    private static boolean ready(ConsumerGroup g) {
        return g.getStatus().getConditions() != null && g.getStatus().getConditions().stream()
                .anyMatch(c -> TopicReadiness.READY.equals(c.getType()) && Condition.TRUE.equals(c.getStatus()));
    }
}
