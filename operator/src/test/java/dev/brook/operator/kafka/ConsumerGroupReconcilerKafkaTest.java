package dev.brook.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.DeletionPolicy;
import dev.brook.api.v1alpha1.OffsetReset;
import dev.brook.api.v1alpha1.OffsetResetTarget;
import dev.brook.api.v1alpha1.PartitionOffset;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.testing.CrdSchemas;
import dev.brook.operator.testing.KafkaTestCluster;
import dev.brook.operator.testing.SilentBroker;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** ConsumerGroup resources against a real 3-broker cluster: live lag, offset resets, pending resets, bad input, deletion. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@io.quarkus.test.junit.TestProfile(dev.brook.operator.testing.WithoutClusterControllerProfile.class)
class ConsumerGroupReconcilerKafkaTest {
    private static final String NS = "groups";
    private static final Duration WAIT = Duration.ofSeconds(30);
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.brook.operator.testing.SharedKafka SHARED = new dev.brook.operator.testing.SharedKafka("groups", 42);

    @Inject
    KubernetesClient client;
    @TestHTTPResource("/q/metrics")
    URI metrics;

    private final CrdSchemas schemas = CrdSchemas.committed();

    @Test
    void lagRisesWhileProducingAndFallsWhileConsuming() throws Exception {
        setUp("lagging", 3);
        apply("lag-group", g -> g.getSpec().setTopics(List.of("lagging")));
        ConsumerGroup unknown = awaitGroup("lag-group", g -> "Unknown".equals(g.getStatus().getState()));
        assertThat(ready(unknown).getStatus()).isEqualTo(Condition.TRUE);
        assertThat(unknown.getStatus().getPartitions()).hasSize(3);

        try (KafkaConsumer<String, String> consumer = consumer("lag-group")) {
            consumer.subscribe(List.of("lagging"));
            consume(consumer, 0);
            // Commit a start offset on all three partitions: wait until the group gave this member all of them.
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 3;
            });
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> start = new java.util.HashMap<>();
            consumer.assignment().forEach(tp -> start.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)));
            consumer.commitSync(start);
            produce("lagging", 300);
            ConsumerGroup lagging = awaitGroup("lag-group", g -> g.getStatus().getTotalLag() != null && g.getStatus().getTotalLag() == 300);
            assertThat(lagging.getStatus().getState()).isEqualTo("Stable");
            assertThat(lagging.getStatus().getMembers()).isEqualTo(1);
            assertThat(lagging.getStatus().getPartitions()).allSatisfy(p -> assertThat(p.getLag()).isEqualTo(p.getEndOffset() - p.getCommittedOffset()));
            assertThat(schemas.violations(lagging)).isEmpty();
            await().atMost(WAIT).untilAsserted(() -> assertThat(scrape())
                    .contains("brook_consumergroup_total_lag{cluster=\"kafka\",group=\"lag-group\",namespace=\"groups\"} 300.0")
                    .containsPattern("brook_consumergroup_lag\\{cluster=\"kafka\",group=\"lag-group\",namespace=\"groups\",partition=\"0\",topic=\"lagging\"\\}"));

            assertThat(consume(consumer, 300)).hasSize(300);
            consumer.commitSync();
            awaitGroup("lag-group", g -> g.getStatus().getTotalLag() != null && g.getStatus().getTotalLag() == 0);
        }
    }

    @Test
    void offsetResetsToEarliestTimestampAndExplicitOffsetsMoveWhatTheGroupReadsNext() throws Exception {
        setUp("replay", 1);
        // The reset time lies after every record of the first batch and at or before every record of the second:
        // the second batch is sent once the clock (the producer's CreateTime) has passed it.
        Instant middle = Instant.ofEpochMilli(produce("replay", 10) + 1);
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > middle.toEpochMilli());
        produce("replay", 10);
        try (KafkaConsumer<String, String> consumer = consumer("replayer")) {
            consumer.subscribe(List.of("replay"));
            assertThat(consume(consumer, 20)).hasSize(20);
            consumer.commitSync();
        }
        apply("replayer", g -> g.getSpec().setTopics(List.of("replay")));
        awaitGroup("replayer", g -> g.getStatus().getTotalLag() != null && g.getStatus().getTotalLag() == 0);

        reset("replayer", "r1", OffsetResetTarget.EARLIEST, null, List.of());
        awaitGroup("replayer", g -> "r1".equals(g.getStatus().getLastAppliedResetId()) && g.getStatus().getTotalLag() == 20);
        assertThat(readOnce("replayer")).hasSize(20).first().extracting(ConsumerRecord::offset).isEqualTo(0L);

        reset("replayer", "r2", OffsetResetTarget.TIMESTAMP, middle.toString(), List.of());
        awaitGroup("replayer", g -> "r2".equals(g.getStatus().getLastAppliedResetId()));
        List<ConsumerRecord<String, String>> afterMiddle = readOnce("replayer");
        assertThat(afterMiddle).hasSize(10).first().extracting(ConsumerRecord::offset).isEqualTo(10L);

        reset("replayer", "r3", OffsetResetTarget.OFFSET, null, List.of(new PartitionOffset("replay", 0, 17)));
        awaitGroup("replayer", g -> "r3".equals(g.getStatus().getLastAppliedResetId()));
        assertThat(readOnce("replayer")).extracting(ConsumerRecord::offset).containsExactly(17L, 18L, 19L);
    }

    @Test
    void aResetWhileConsumersRunStaysPendingUntilTheyStop() throws Exception {
        setUp("busy", 1);
        produce("busy", 5);
        apply("busy-group", g -> g.getSpec().setTopics(List.of("busy")));
        try (KafkaConsumer<String, String> consumer = consumer("busy-group")) {
            consumer.subscribe(List.of("busy"));
            assertThat(consume(consumer, 5)).hasSize(5);
            consumer.commitSync();
            awaitGroup("busy-group", g -> g.getStatus().getMembers() != null && g.getStatus().getMembers() == 1);
            reset("busy-group", "while-busy", OffsetResetTarget.EARLIEST, null, List.of());
            ConsumerGroup pending = awaitGroup("busy-group", g -> "ActiveMembers".equals(ready(g).getReason()));
            assertThat(ready(pending).getMessage()).contains("while-busy").contains("stop its consumers");
            assertThat(pending.getStatus().getLastAppliedResetId()).isNull();
            consume(consumer, 0);
        }
        awaitGroup("busy-group", g -> "while-busy".equals(g.getStatus().getLastAppliedResetId()));
        assertThat(readOnce("busy-group")).hasSize(5);
    }

    @Test
    void badResetRequestsGetAClearCondition() throws Exception {
        setUp("strict", 1);
        apply("bad-topic", g -> g.getSpec().setTopics(List.of("strict")));
        reset("bad-topic", "x", OffsetResetTarget.OFFSET, null, List.of(new PartitionOffset("no-such-topic", 0, 1)));
        assertThat(ready(awaitGroup("bad-topic", g -> "InvalidSpec".equals(ready(g).getReason()))).getMessage())
                .contains("no-such-topic").contains("does not exist");

        apply("bad-offset", g -> g.getSpec().setTopics(List.of("strict")));
        reset("bad-offset", "x", OffsetResetTarget.OFFSET, null, List.of(new PartitionOffset("strict", 0, -3)));
        assertThat(ready(awaitGroup("bad-offset", g -> "InvalidSpec".equals(ready(g).getReason()))).getMessage())
                .contains("spec.offsetReset.offsets[0].offset");

        apply("bad-time", g -> g.getSpec().setTopics(List.of("strict")));
        reset("bad-time", "x", OffsetResetTarget.TIMESTAMP, null, List.of());
        assertThat(ready(awaitGroup("bad-time", g -> "InvalidSpec".equals(ready(g).getReason()))).getMessage())
                .contains("spec.offsetReset.timestamp");
    }

    @Test
    void deletionPolicyDeleteRemovesTheGroupsOffsets() throws Exception {
        setUp("leaving", 1);
        produce("leaving", 3);
        try (KafkaConsumer<String, String> consumer = consumer("leaver")) {
            consumer.subscribe(List.of("leaving"));
            consume(consumer, 3);
            consumer.commitSync();
        }
        apply("leaver", g -> {
            g.getSpec().setTopics(List.of("leaving"));
            g.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
        });
        awaitGroup("leaver", g -> "Empty".equals(g.getStatus().getState()));
        client.resources(ConsumerGroup.class).inNamespace(NS).withName("leaver").delete();
        await().atMost(WAIT).until(() -> client.resources(ConsumerGroup.class).inNamespace(NS).withName("leaver").get() == null);
        assertThat(SHARED.admin().listConsumerGroupOffsets("leaver").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)).isEmpty();
    }

    /**
     * Two clusters whose bootstrap accepts connections and never answers (each read of them lasts until Kafka's
     * request timeout, 10 s) do not delay the lag of a healthy cluster's group: every new lag reaches status
     * in less than one such read, round after round, and the silent clusters' groups say why they show none.
     */
    @Test
    void aSilentClusterDelaysOnlyItsOwnGroups() throws Exception {
        Duration lessThanOneSilentRead = Duration.ofSeconds(10);
        setUp("steady", 2);
        try (SilentBroker silentA = SilentBroker.open(); SilentBroker silentB = SilentBroker.open()) {
            KafkaTestCluster.register(client, NS, "silent-a", silentA.bootstrapServers());
            KafkaTestCluster.register(client, NS, "silent-b", silentB.bootstrapServers());
            for (String cluster : List.of("silent-a", "silent-b")) {
                for (int i = 0; i < 3; i++) {
                    apply(cluster + "-group-" + i, g -> {
                        g.getSpec().setCluster(cluster);
                        g.getSpec().setTopics(List.of("steady"));
                    });
                }
            }
            await().atMost(WAIT).until(() -> silentA.connections() > 0 && silentB.connections() > 0);

            // No consumer has committed: the lag of the declared topic is every record in it.
            apply("steady-group", g -> g.getSpec().setTopics(List.of("steady")));
            awaitGroup("steady-group", g -> g.getStatus().getTotalLag() != null && g.getStatus().getTotalLag() == 0);
            for (int round = 1; round <= 3; round++) {
                produce("steady", 10);
                long expected = 10L * round;
                await().atMost(lessThanOneSilentRead).pollInterval(Duration.ofMillis(100)).until(
                        () -> client.resources(ConsumerGroup.class).inNamespace(NS).withName("steady-group").get().getStatus().getTotalLag(),
                        lag -> lag != null && lag == expected);
            }

            ConsumerGroup silent = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(
                    () -> client.resources(ConsumerGroup.class).inNamespace(NS).withName("silent-a-group-0").get(),
                    g -> g.getStatus() != null && Conditions.find(g.getStatus().getConditions(), "Ready")
                            .map(c -> "KafkaError".equals(c.getReason())).orElse(false));
            assertThat(silent.getStatus().getTotalLag()).isNull();
        } finally {
            for (String cluster : List.of("silent-a", "silent-b")) {
                for (int i = 0; i < 3; i++) {
                    client.resources(ConsumerGroup.class).inNamespace(NS).withName(cluster + "-group-" + i).delete();
                }
            }
        }
    }

    private void setUp(String topic, int partitions) throws Exception {
        if (client.resources(dev.brook.api.v1alpha1.Cluster.class).inNamespace(NS).withName("kafka").get() == null) {
            KafkaTestCluster.register(client, NS, "kafka", SHARED.cluster());
        }
        SHARED.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get(10, TimeUnit.SECONDS);
    }

    private void apply(String name, Consumer<ConsumerGroup> spec) {
        ConsumerGroup g = new ConsumerGroup();
        g.setSpec(new dev.brook.api.v1alpha1.ConsumerGroupSpec());
        g.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        g.getSpec().setCluster("kafka");
        spec.accept(g);
        client.resource(g).create();
    }

    private void reset(String name, String id, OffsetResetTarget to, String timestamp, List<PartitionOffset> offsets) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(ConsumerGroup.class).inNamespace(NS).withName(name).edit(g -> {
            OffsetReset r = new OffsetReset();
            r.setId(id);
            r.setTo(to);
            r.setTimestamp(timestamp);
            r.setOffsets(new ArrayList<>(offsets));
            g.getSpec().setOffsetReset(r);
            return g;
        }));
    }

    private ConsumerGroup awaitGroup(String name, java.util.function.Predicate<ConsumerGroup> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(
                () -> client.resources(ConsumerGroup.class).inNamespace(NS).withName(name).get(),
                g -> g != null && g.getStatus() != null && g.getStatus().getObservedGeneration() != null
                        && g.getStatus().getObservedGeneration().equals(g.getMetadata().getGeneration())
                        && Conditions.find(g.getStatus().getConditions(), "Ready").isPresent() && condition.test(g));
    }

    private static Condition ready(ConsumerGroup g) {
        return Conditions.find(g.getStatus().getConditions(), "Ready").orElseThrow();
    }

    /** Sends {@code count} records and returns the latest timestamp Kafka acknowledged for them. */
    private static long produce(String topic, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SHARED.cluster().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new java.util.ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i), "v" + i)));
            }
            producer.flush();
        }
        long latest = Long.MIN_VALUE;
        for (var metadata : sent) {
            latest = Math.max(latest, metadata.get(30, java.util.concurrent.TimeUnit.SECONDS).timestamp());
        }
        return latest;
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SHARED.cluster().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until {@code count} records arrived (or, for 0, until the consumer joined and got its assignment). */
    private static List<ConsumerRecord<String, String>> consume(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline && (records.size() < count || consumer.assignment().isEmpty())) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** A fresh member of the group reads from the committed offsets until the end, then leaves without committing. */
    private static List<ConsumerRecord<String, String>> readOnce(String group) {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(List.of(group.equals("replayer") ? "replay" : "busy"));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            int emptyPolls = 0;
            while (System.currentTimeMillis() < deadline && (consumer.assignment().isEmpty() || emptyPolls < 5)) {
                var batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(records::add);
                emptyPolls = batch.isEmpty() && !consumer.assignment().isEmpty() ? emptyPolls + 1 : 0;
            }
            return records;
        }
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
