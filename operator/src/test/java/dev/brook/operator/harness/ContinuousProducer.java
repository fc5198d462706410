package dev.brook.operator.harness;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer that writes continuously with acks=all and idempotence, counting acknowledged and
 * failed sends and keeping an order-independent checksum of what was acknowledged, so a test can
 * prove that every acknowledged record is read back.
 */
final class ContinuousProducer implements AutoCloseable {
    record Tally(long count, long checksum) {
    }

    private final KafkaProducer<String, String> producer;
    private final Thread thread;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong checksum = new AtomicLong();
    private volatile boolean running = true;

    ContinuousProducer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        thread = new Thread(() -> {
            long i = 0;
            while (running) {
                String value = "record-" + (i++);
                producer.send(new ProducerRecord<>(topic, value, value), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                        checksum.addAndGet(crc(value));
                    } else {
                        failed.incrementAndGet();
                    }
                });
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "continuous-producer");
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
        producer.flush();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    long checksum() {
        return checksum.get();
    }

    static long crc(String value) {
        CRC32 crc = new CRC32();
        crc.update(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** Value of the records {@link #awaitWritable} sends; {@link #readAll} leaves them out. */
    static final String WARM_UP = "warm-up";

    /**
     * Waits until every partition of a new topic takes writes, by sending one record to each with a plain
     * (non-idempotent) producer that retries until its leader accepts it. Right after CreateTopics a broker
     * may already list the new partition's leader while the leader itself has not taken up the partition;
     * an idempotent producer whose first batch meets that answer can stay stuck in out-of-order-sequence
     * retries until its delivery timeout (seen in the harness on a quiet machine).
     */
    static void awaitWritable(String bootstrap, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        try (KafkaProducer<String, String> warmUp = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                sent.add(warmUp.send(new ProducerRecord<>(topic, partition, WARM_UP, WARM_UP)));
            }
            for (var f : sent) {
                f.get(90, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the topic from the start until {@code expected} records arrived (or a bounded wait passed). */
    static Tally readAll(String bootstrap, String topic, long expected) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + topic + "-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        java.util.Set<String> seen = new java.util.HashSet<>();
        long sum = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 90_000;
            while (seen.size() < expected && System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (!WARM_UP.equals(r.value()) && seen.add(r.value())) {
                        sum += crc(r.value());
                    }
                }
            }
        }
        return new Tally(seen.size(), sum);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        producer.close(Duration.ofSeconds(10));
    }
}
