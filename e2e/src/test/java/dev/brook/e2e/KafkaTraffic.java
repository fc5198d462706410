package dev.brook.e2e;

import dev.brook.testkit.PacedProducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Kafka client traffic, run in its own JVM by {@link KafkaAccess}: that JVM resolves the brokers'
 * in-cluster names through a hosts file pointing at local port-forwards (the test JVM must keep
 * normal DNS for the API server). Prints one result line, {@code RESULT key=value ...}; a producer
 * also prints {@code ACKED n} every {@value #PROGRESS_EVERY} acknowledged records.
 *
 * <pre>
 * produce BOOTSTRAP TOPIC COUNT [STOP_FILE]   the test kit's PacedProducer (acks=all, idempotent); with STOP_FILE keeps
 *                                            producing (~200 records/s) until it exists
 * consume BOOTSTRAP TOPIC GROUP COUNT         consumes at least COUNT records (all it polls), committing each poll
 * </pre>
 * With {@code -D}{@value #CLIENT_CONFIG}{@code =FILE} both apply the client properties in FILE (a User's
 * client.properties: how it logs in) but its bootstrap.servers.
 */
public final class KafkaTraffic {
    static final int PROGRESS_EVERY = 100;
    static final String CLIENT_CONFIG = "brook.e2e.client.config";

    private KafkaTraffic() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "produce" -> produce(args[1], args[2], Long.parseLong(args[3]), args.length > 4 ? Path.of(args[4]) : null);
            case "consume" -> consume(args[1], args[2], args[3], Long.parseLong(args[4]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void produce(String bootstrap, String topic, long count, Path stopFile) throws Exception {
        // Unpaced for COUNT records; with STOP_FILE ~200 records/s (a rate, not a wait for a state) while a roll goes on.
        PacedProducer.Builder builder = PacedProducer.to(bootstrap, topic);
        clientConfig().forEach((k, v) -> builder.config(k.toString(), v));
        PacedProducer producer = builder.rate(stopFile == null ? 0 : 200)
                .maxRecords(stopFile == null ? count : Long.MAX_VALUE)
                .config(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000").config(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000")
                .onAcknowledged(acked -> {
                    if (acked % PROGRESS_EVERY == 0) {
                        System.out.println("ACKED " + acked); // progress, read by KafkaAccess.Traffic
                    }
                }).start();
        try {
            if (stopFile == null) {
                producer.awaitAllSent(Duration.ofMinutes(10));
            } else {
                while (!Files.exists(stopFile) || producer.sent() < count) {
                    Thread.sleep(50); // the test creates the stop file when the roll is over
                }
            }
        } finally {
            producer.stop();
        }
        Throwable firstError = producer.firstFailure();
        System.out.println("RESULT sent=" + producer.sent() + " acked=" + producer.acknowledged() + " failed=" + producer.failed()
                + (firstError == null ? "" : " firstError=" + firstError.toString().replace(' ', '_')));
    }

    /** The properties of {@value #CLIENT_CONFIG} without bootstrap.servers; empty without it. */
    private static Properties clientConfig() throws java.io.IOException {
        Properties p = new Properties();
        String file = System.getProperty(CLIENT_CONFIG);
        if (file != null) {
            try (java.io.Reader in = Files.newBufferedReader(Path.of(file))) {
                p.load(in);
            }
            p.remove("bootstrap.servers");
        }
        return p;
    }

    private static void consume(String bootstrap, String topic, String group, long count) throws java.io.IOException {
        Properties p = clientConfig();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        long consumed = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumed < count && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(1));
                consumed += records.count();
                consumer.commitSync();
            }
        }
        System.out.println("RESULT consumed=" + consumed);
    }
}
