package dev.brook.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.ReadBack;
import dev.brook.testkit.Verification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test kit's producer and read-back (brook-testkit) against a real 1 ZooKeeper + 1 broker cluster on
 * 127.0.9.x. It lives here, not in testkit/, because it needs brook-local, whose own tests use the kit:
 * Maven allows no cycle between modules, test scope included.
 */
class PacedProducerReadBackTest {
    private static LocalKafkaCluster cluster;
    private static ClusterProbe probe;

    @BeforeAll
    static void startCluster() {
        cluster = LocalKafkaCluster.builder("testkit").namespace("brook-test").zookeepers(1).brokers(1).addressBlock(9)
                .workDir(Path.of("target", "local-clusters", "testkit"))
                .jvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS).start();
        probe = new ClusterProbe(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        if (probe != null) {
            probe.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theWarmUpMakesAFreshTopicWritableForTheIdempotentProducer() throws Exception {
        // No wait for the new partitions' leaders: the warm-up is what makes the topic safe to write to.
        probe.admin().createTopics(List.of(new NewTopic("fresh", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        PacedProducer.warmUp(cluster.bootstrapServers(), "fresh", 3);
        assertThat(endOffsets("fresh", 3)).as("every partition took its warm-up record").containsOnly(1L);

        PacedProducer producer = PacedProducer.to(cluster.bootstrapServers(), "fresh").maxRecords(500).start();
        try {
            assertThat(producer.awaitAllSent(Duration.ofSeconds(60))).as("500 records sent").isTrue();
        } finally {
            producer.stop();
        }
        assertThat(producer.failed()).as("failed sends (first: %s)", producer.firstFailure()).isZero();
        assertThat(producer.acknowledged()).isEqualTo(500);

        Verification read = ReadBack.of(producer, Duration.ofSeconds(60));
        assertThat(read.found()).as("%s", read).isEqualTo(500);
        assertThat(read.consumed()).isEqualTo(500);
        assertThat(read.skipped()).as("the warm-up markers").isEqualTo(3);
        assertThat(read.duplicates()).isZero();
        assertThat(read.complete()).isTrue();
    }

    @Test
    void readBackFindsEveryAcknowledgedRecordCountsDuplicatesAndSkipsOtherWriters() throws Exception {
        probe.createTopic("copies", 2, 1, 1);
        PacedProducer.warmUp(cluster.bootstrapServers(), "copies", 2);
        PacedProducer producer = PacedProducer.to(cluster.bootstrapServers(), "copies").rate(1_000).recordBytes(256).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> producer.acknowledged() >= 300);
        } finally {
            producer.stop();
        }
        PacedProducer other = PacedProducer.to(cluster.bootstrapServers(), "copies").maxRecords(50).start();
        try {
            assertThat(other.awaitAllSent(Duration.ofSeconds(60))).isTrue();
        } finally {
            other.stop();
        }
        // Copies of two acknowledged records, and a record the producer never sent, written by a plain producer.
        try (KafkaProducer<String, byte[]> plain = plainProducer()) {
            for (long seq : new long[] {5, 6, producer.sent() + 10}) {
                plain.send(new ProducerRecord<>("copies", Long.toString(seq), producer.value(seq))).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(producer.failed()).as("failed sends (first: %s)", producer.firstFailure()).isZero();

        Verification read = ReadBack.of(producer, Duration.ofSeconds(60));
        assertThat(read.found()).as("%s", read).isEqualTo(producer.acknowledged());
        assertThat(read.missing()).isZero();
        assertThat(read.duplicates()).isEqualTo(2);
        assertThat(read.unacknowledged()).isEqualTo(1);
        assertThat(read.consumed()).isEqualTo(producer.acknowledged() + 3);
        assertThat(read.skipped()).as("warm-up markers and the other producer's records").isEqualTo(2 + 50);
        assertThat(read.checksumMatches()).isTrue();
        Verification otherRead = ReadBack.of(other, Duration.ofSeconds(60));
        assertThat(otherRead.found()).as("%s", otherRead).isEqualTo(50);
        assertThat(otherRead.complete()).isTrue();
    }

    @Test
    void acknowledgedRecordsGoneFromTheLogAreReportedMissing() throws Exception {
        probe.createTopic("gaps", 1, 1, 1);
        PacedProducer.warmUp(cluster.bootstrapServers(), "gaps", 1);
        PacedProducer producer = PacedProducer.to(cluster.bootstrapServers(), "gaps").maxRecords(100).start();
        try {
            assertThat(producer.awaitAllSent(Duration.ofSeconds(60))).isTrue();
        } finally {
            producer.stop();
        }
        assertThat(producer.acknowledged()).isEqualTo(100);
        // One partition, one idempotent producer: offset 0 is the warm-up marker, offsets 1-100 records 0-99.
        probe.admin().deleteRecords(Map.of(new TopicPartition("gaps", 0), RecordsToDelete.beforeOffset(11))).all()
                .get(30, TimeUnit.SECONDS);

        Verification read = ReadBack.of(producer, Duration.ofSeconds(3));
        assertThat(read.missing()).as("%s", read).isEqualTo(10);
        assertThat(read.found()).isEqualTo(90);
        assertThat(read.checksumMatches()).isFalse();
        assertThat(read.complete()).isFalse();
    }

    private static List<Long> endOffsets(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return probe.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream().map(o -> o.offset()).toList();
    }

    private static KafkaProducer<String, byte[]> plainProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
