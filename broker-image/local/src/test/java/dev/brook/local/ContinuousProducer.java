package dev.brook.local;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends numbered records (acks=all, idempotent) on its own thread until stopped, remembering which
 * were acknowledged and which failed, so a test can check that no acknowledged record is lost.
 */
final class ContinuousProducer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    ContinuousProducer(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
        this.thread = new Thread(this::produce, "continuous-producer-" + topic);
        thread.start();
    }

    private void produce() {
        long seq = 0;
        while (running) {
            long id = seq++;
            producer.send(new ProducerRecord<>(topic, Long.toString(id % 64), Long.toString(id)), (md, e) -> {
                if (e == null) {
                    acknowledged.add(id);
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                }
            });
            if (seq % 20 == 0) {
                try {
                    Thread.sleep(2); // ~10,000 records/s: steady load across the failure, not a burst before it
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    Set<Long> acknowledged() {
        return acknowledged;
    }

    int failedCount() {
        return failed.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }

    /** Stops sending and waits until every sent record is acknowledged or failed. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }

    /** Value of the records {@link #awaitWritable} sends; readers of the topic leave them out. */
    static final String WARM_UP = "warm-up";

    /**
     * Waits until every partition of a new topic takes writes, by sending one record to each with a plain
     * (non-idempotent) producer that retries until the leader accepts it. Right after CreateTopics a broker may
     * already name a partition's leader while the leader has not taken the partition up yet; an idempotent
     * producer whose first batch meets that answer can stay stuck in out-of-order-sequence retries until its
     * delivery timeout (seen in the operator's harness on a quiet machine).
     */
    static void awaitWritable(String bootstrapServers, String topic, int partitions) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> warmUp = new KafkaProducer<>(props)) {
            java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                sent.add(warmUp.send(new ProducerRecord<>(topic, partition, WARM_UP, WARM_UP)));
            }
            for (var f : sent) {
                f.get(90, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
