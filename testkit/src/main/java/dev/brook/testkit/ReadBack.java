package dev.brook.testkit;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a {@link PacedProducer}'s topic from offset 0 (every partition assigned, no consumer group) and
 * matches what it finds against what the producer had acknowledged. Call it after {@link PacedProducer#stop()}.
 */
public final class ReadBack {
    private ReadBack() {
    }

    /**
     * Reads until every partition is read to its end and every acknowledged record was found, or until
     * {@code timeout} passed (then the result tells what is missing). The end offsets are read again while
     * records are missing: a new leader's high watermark can be behind for a moment after a failover.
     */
    public static Verification of(PacedProducer producer, Duration timeout) {
        long start = System.nanoTime();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, producer.bootstrap());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long acknowledged = producer.acknowledged();
        long consumed = 0;
        long skipped = 0;
        long found = 0;
        long checksum = 0;
        long duplicates = 0;
        long unacknowledged = 0;
        BitSet seen = new BitSet();
        long deadline = start + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(producer.topic(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (System.nanoTime() < deadline) {
                boolean atEnd = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                if (atEnd && found >= acknowledged) {
                    break;
                }
                if (atEnd) {
                    end.putAll(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    long seq = producer.sequenceOf(r.value());
                    if (seq < 0 || seq > Integer.MAX_VALUE) {
                        skipped++;
                        continue;
                    }
                    consumed++;
                    if (seen.get((int) seq)) {
                        duplicates++;
                        continue;
                    }
                    seen.set((int) seq);
                    if (producer.isAcknowledged(seq)) {
                        found++;
                        checksum += PacedProducer.checksumOf(r.value());
                    } else {
                        unacknowledged++;
                    }
                }
            }
        }
        return new Verification(consumed, skipped, acknowledged, found, duplicates, unacknowledged, producer.acknowledgedChecksum(),
                checksum, (System.nanoTime() - start) / 1_000_000);
    }
}
