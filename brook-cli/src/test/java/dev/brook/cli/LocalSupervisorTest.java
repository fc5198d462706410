package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.local.AgentStatus;
import dev.brook.local.Directories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code brook local} keeps its pods running: one local cluster (1 ZooKeeper + 3 brokers on 127.0.79.x, small heaps
 * for a 2-core machine; internal TLS, the default, so every client here connects over TLS with the cluster CA) brought
 * up by the real CLI, whose supervisor restarts a broker killed with SIGKILL while an idempotent acks=all producer
 * writes (the restarted broker gets its TLS files again and rejoins every ISR over mutual TLS), is itself replaced by
 * {@code up} when it dies, and is stopped with everything else by {@code down}.
 *
 * <p>The order is fixed for one reason: only a pod's parent learns its exit code, so the crash test needs brokers the
 * current supervisor started; after the recovery test every pod is adopted (exit codes unknown), and the last test
 * stops the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalSupervisorTest {
    private static final int BLOCK = 79;
    private static final String TOPIC = "orders";
    private static final String VICTIM = "sup-broker-1";
    private static final int VICTIM_ID = 1;
    private static final Duration BOUND = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static Path dataDir;
    private static Path fixture;
    private static final Set<Long> seenPids = new HashSet<>();
    /** The cluster CA bundle (PEM) clients trust, as processes.json records it. */
    private static String ca;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void up() throws Exception {
        dataDir = Path.of("target", "local-supervisor-test", "data").toAbsolutePath();
        Directories.deleteTree(dataDir);
        fixture = Path.of(LocalSupervisorTest.class.getClassLoader().getResource("local/supervised-cluster.yaml").toURI());
        Run up = brook("local", "up", "-f", fixture.toString());
        remember();
        assertThat(up.code()).as(up.all()).isZero();
        assertThat(up.out()).contains("Topic orders: created").containsPattern("Supervisor: pid \\d+");
        LocalState.Processes p = processes();
        assertThat(p.bootstrapTls()).isTrue();
        ca = p.caCertificate();
        assertThat(up.out()).contains("CA certificate: " + ca);
    }

    @Test
    @Order(1)
    void aKilledBrokerIsRestartedRejoinsEveryIsrAndNoAcknowledgedRecordIsLost() throws Exception {
        LocalState.Processes before = processes();
        String bootstrap = before.bootstrapServers();
        LocalState.Pod victim = before.pod(VICTIM).orElseThrow();
        warmUp(bootstrap);

        Writer writer = new Writer(bootstrap);
        try {
            await().atMost(BOUND).until(() -> writer.acked.size() >= 200);

            ProcessHandle killed = ProcessHandle.of(victim.pid()).orElseThrow();
            killed.destroyForcibly(); // SIGKILL: a crash, no controlled shutdown
            killed.onExit().get(30, TimeUnit.SECONDS);
            int ackedAtCrash = writer.acked.size();

            // The supervisor notices, backs off, starts it again on its data dir; it becomes ready and catches up.
            await().atMost(BOUND).until(() -> processes().pod(VICTIM).map(p -> p.pid() > 0 && p.pid() != victim.pid()).orElse(false));
            LocalState.Pod restarted = processes().pod(VICTIM).orElseThrow();
            remember();
            assertThat(restarted.restarts()).isEqualTo(1);
            assertThat(restarted.lastExitCode()).isEqualTo(137);
            await().atMost(BOUND).until(() -> AgentStatus.isReady(restarted.address(), restarted.healthPort()));
            try (Admin admin = Admin.create(tls(bootstrap))) {
                await().atMost(BOUND).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                        admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions())
                        .allSatisfy(p -> assertThat(p.isr()).as("ISR of partition " + p.partition())
                                .extracting(n -> n.id()).contains(VICTIM_ID)));
            }
            await().atMost(BOUND).until(() -> writer.acked.size() >= ackedAtCrash + 200);

            Run status = brook("local", "status");
            assertThat(status.code()).as(status.all()).isZero();
            Matcher row = Pattern.compile(VICTIM + "\\s+broker\\s+127\\.0\\." + BLOCK + "\\.102\\s+(\\d+)\\s+1\\s+137 at \\d\\d:\\d\\d:\\d\\d\\s+ready")
                    .matcher(status.out());
            assertThat(row.find()).as(status.out()).isTrue();
            assertThat(Long.parseLong(row.group(1))).isEqualTo(restarted.pid());

        } finally {
            writer.close();
        }
        assertThat(writer.failure.get()).as("a send failed").isNull();

        // Every acknowledged record is there, once.
        List<String> acked = new ArrayList<>(writer.acked);
        List<String> read = readAll(bootstrap);
        assertThat(read).hasSize(acked.size());
        assertThat(checksum(read)).isEqualTo(checksum(acked));
        assertThat(new HashSet<>(read)).isEqualTo(new HashSet<>(acked));
    }

    @Test
    @Order(2)
    void upAfterTheSupervisorDiedStartsANewOneThatAdoptsTheRunningPods() throws Exception {
        LocalState.Processes before = processes();
        Map<String, Long> pids = pids(before);
        ProcessHandle supervisor = ProcessHandle.of(before.supervisor().pid()).orElseThrow();
        supervisor.destroyForcibly();
        supervisor.onExit().get(30, TimeUnit.SECONDS);
        assertThat(brook("local", "status").out()).contains("Supervisor: not running");

        Run up = brook("local", "up", "-f", fixture.toString());
        remember();
        assertThat(up.code()).as(up.all()).isZero();
        assertThat(up.out()).contains("but its supervisor does not: starting a new supervisor that adopts them")
                .contains("adopted " + VICTIM + " on 127.0." + BLOCK + ".102 (pid " + pids.get(VICTIM) + ")")
                .contains("Cluster sup: unchanged");

        LocalState.Processes after = processes();
        assertThat(after.supervisor().pid()).isNotEqualTo(before.supervisor().pid());
        assertThat(ProcessHandle.of(after.supervisor().pid()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(pids(after)).isEqualTo(pids);
        assertThat(brook("local", "status").out()).contains("Supervisor: pid " + after.supervisor().pid());
    }

    @Test
    @Order(3)
    void downStopsTheSupervisorAndEveryPodAndLeavesNoProcess() throws Exception {
        remember();
        Run down = brook("local", "down");
        assertThat(down.code()).as(down.all()).isZero();
        assertThat(down.out()).containsPattern("supervisor \\(pid \\d+\\) stopped");
        assertThat(seenPids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid " + pid + " gone").isFalse());
        assertThat(processesNamingDataDir()).isEmpty();
        assertThat(dataDir.resolve(LocalState.PROCESSES_FILE)).doesNotExist();
    }

    @AfterAll
    static void killLeftovers() {
        seenPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        processesNamingDataDir().forEach(ProcessHandle::destroyForcibly);
    }

    /** One record per partition with a plain producer first: an idempotent producer right after topic creation can stall. */
    private static void warmUp(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.putAll(tls(bootstrap));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < 3; partition++) {
                producer.send(new ProducerRecord<>(TOPIC, partition, "warm-up", "warm-up-" + partition)).get(120, TimeUnit.SECONDS);
            }
        }
    }

    /** An idempotent acks=all producer on its own thread; at most 50 records in flight, about 200 a second. */
    private static final class Writer implements AutoCloseable {
        final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        private final KafkaProducer<String, String> producer;
        private final Thread thread;
        private final Semaphore inFlight = new Semaphore(50);
        private volatile boolean running = true;

        Writer(String bootstrap) {
            Properties p = new Properties();
            p.putAll(tls(bootstrap));
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            AtomicInteger seq = new AtomicInteger();
            thread = new Thread(() -> {
                try {
                    while (running) {
                        inFlight.acquire();
                        String value = "r-" + seq.getAndIncrement();
                        producer.send(new ProducerRecord<>(TOPIC, value, value), (metadata, e) -> {
                            inFlight.release();
                            if (e == null) {
                                acked.add(value);
                            } else {
                                failure.compareAndSet(null, e);
                            }
                        });
                        Thread.sleep(5); // pacing the load, not waiting for anything
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "supervisor-test-writer");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops sending and waits for every record in flight to be acknowledged or failed. */
        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(30));
            producer.flush();
            producer.close(Duration.ofSeconds(30));
        }
    }

    private static List<String> readAll(String bootstrap) {
        Properties p = new Properties();
        p.putAll(tls(bootstrap));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(TOPIC, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            await().atMost(BOUND).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value().startsWith("r-")) {
                        values.add(r.value());
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return values;
    }

    /** A Java client on this machine: TLS, trusting the cluster CA's PEM file (what up prints). */
    private static Map<String, Object> tls(String bootstrap) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL",
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM", SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca);
    }

    private static long checksum(List<String> values) {
        long sum = 0;
        for (String v : values) {
            CRC32 crc = new CRC32();
            crc.update(v.getBytes(StandardCharsets.UTF_8));
            sum += crc.getValue();
        }
        return sum;
    }

    private static LocalState.Processes processes() throws IOException {
        return JSON.readValue(dataDir.resolve(LocalState.PROCESSES_FILE).toFile(), LocalState.Processes.class);
    }

    private static Map<String, Long> pids(LocalState.Processes p) {
        Map<String, Long> out = new HashMap<>();
        p.pods().forEach(pod -> out.put(pod.name(), pod.pid()));
        return out;
    }

    /** Every pid the data dir's state names, so the last test and the cleanup can check and stop them. */
    private static void remember() throws IOException {
        if (!dataDir.resolve(LocalState.PROCESSES_FILE).toFile().exists()) {
            return;
        }
        LocalState.Processes p = processes();
        p.pods().stream().filter(pod -> pod.pid() > 0).forEach(pod -> seenPids.add(pod.pid()));
        if (p.supervisor() != null) {
            seenPids.add(p.supervisor().pid());
        }
    }

    private static List<ProcessHandle> processesNamingDataDir() {
        String marker = dataDir.toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    private static Run brook(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        if (args.length > 1 && args[1].equals("up")) {
            all.addAll(List.of("--address-block", Integer.toString(BLOCK), "--wait", "240"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BrookLocal.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ brook " + String.join(" ", args) + " -> " + code + "\n" + run.all());
        return run;
    }
}
