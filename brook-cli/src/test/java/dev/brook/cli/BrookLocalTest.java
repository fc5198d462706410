package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.local.Directories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code brook local} CLI (its main entry, in-process; the pods are real detached agent
 * processes on 127.0.78.x) with a default cluster, so internal TLS: up, status, produce/consume over TLS
 * with the CA certificate up prints, a client without that CA refused, apply (growth, refusal, invalid
 * spec), down (no process left), up again with the data and the certificates kept, down --purge.
 */
class BrookLocalTest {
    private static final int BLOCK = 78;
    private static Path dataDir;
    private static Path files;
    private static final List<Long> seenPids = new ArrayList<>();
    /** The cluster CA certificate up printed. */
    private static Path ca;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void dirs() throws IOException {
        dataDir = Path.of("target", "brook-local-test", "data").toAbsolutePath();
        files = Files.createDirectories(Path.of("target", "brook-local-test", "files").toAbsolutePath());
        Directories.deleteTree(dataDir);
    }

    @Test
    void upStatusApplyDownUpKeepsDataAndDownPurgeRemovesIt() throws Exception {
        Path fixture = resource("local/cluster.yaml");

        // Invalid spec: refused with file and field, nothing started.
        Path invalid = write("invalid-cluster.yaml", Files.readString(fixture).replace("replicas: 1\n    jvmOptions: {xms: 64m", "replicas: 2\n    jvmOptions: {xms: 64m"));
        Run bad = brook("local", "up", "-f", invalid.toString());
        assertThat(bad.code()).isEqualTo(LocalPlatform.INVALID);
        assertThat(bad.err()).contains(invalid + ": Cluster lt: spec.zookeeper.replicas: is 2; use an odd number");
        assertThat(dataDir.resolve(LocalState.PROCESSES_FILE)).doesNotExist();

        Run up = brook("local", "up", "-f", fixture.toString());
        assertThat(up.code()).as(up.all()).isZero();
        assertThat(up.out())
                .contains("Ignored locally")
                .contains("spec.brokers.listeners[1] (external, nodeport)")
                .contains("spec.brokers.storage.storageClassName")
                .contains("Topic events: created")
                .containsPattern("events\\s+events\\s+2\\s+1\\s+Ready")
                .containsPattern("events-reader\\s+events-reader\\s+Unknown")
                .contains("Bootstrap: 127.0." + BLOCK + ".101:19092");
        rememberPids();
        assertThat(brook("local", "up", "-f", fixture.toString()).err()).contains("already running");

        // TLS by default: the CA certificate's path and the client settings are printed, the state says so.
        Matcher printed = Pattern.compile("CA certificate: (\\S+)").matcher(up.out());
        assertThat(printed.find()).as(up.out()).isTrue();
        ca = Path.of(printed.group(1));
        assertThat(ca).isEqualTo(dataDir.resolve("tls").resolve("lt-cluster-ca-cert").resolve("ca.crt")).isRegularFile();
        assertThat(up.out()).contains("security.protocol=SSL ssl.truststore.type=PEM ssl.truststore.location=" + ca)
                .contains("-X security.protocol=ssl -X ssl.ca.location=" + ca);
        assertThat(state().get("bootstrapTls")).isEqualTo(true);
        assertThat(state().get("caCertificate")).isEqualTo(ca.toString());
        Map<String, byte[]> certificates = certificateFiles();

        String bootstrap = "127.0." + BLOCK + ".101:19092";
        produce(bootstrap, 5);
        assertThat(consume(bootstrap, "events-reader", 5)).hasSize(5);
        // Without the cluster CA the LOCAL listener's certificate is not trusted: the handshake fails.
        try (Admin stranger = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SSL"))) {
            assertThatThrownBy(() -> stranger.describeCluster().clusterId().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
        }
        Run status = brook("local", "status");
        assertThat(status.code()).as(status.all()).isZero();
        assertThat(status.out()).contains("Bootstrap: " + bootstrap + " (TLS; CA certificate " + ca + ")");
        assertThat(status.out()).containsPattern("events-reader\\s+events-reader\\s+Empty\\s+0\\s+0");

        // More partitions: applied.
        Path grown = write("topic-grown.yaml", topic(4));
        Run apply = brook("local", "apply", "-f", grown.toString());
        assertThat(apply.code()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("partitions 2 -> 4").containsPattern("events\\s+events\\s+4\\s+1\\s+Ready");
        // Fewer partitions: refused, topic unchanged.
        Path shrunk = write("topic-shrunk.yaml", topic(3));
        Run refused = brook("local", "apply", "-f", shrunk.toString());
        assertThat(refused.code()).isEqualTo(LocalPlatform.REFUSED);
        assertThat(refused.out()).contains("refused (NotSupported): spec.partitions 3 is below the 4 partitions");
        // Invalid spec and bad YAML: file and field, nothing touched.
        Path zero = write("topic-zero.yaml", topic(0));
        Run invalidTopic = brook("local", "apply", "-f", zero.toString());
        assertThat(invalidTopic.code()).isEqualTo(LocalPlatform.INVALID);
        assertThat(invalidTopic.err()).contains(zero + ": Topic events: spec.partitions: is 0; use 1 or more");
        Path broken = write("broken.yaml", "apiVersion: brook.dev/v1alpha1\nkind: Topic\nmetadata: {name: x\nspec: [\n");
        assertThat(brook("local", "apply", "-f", broken.toString()).err()).contains(broken + ": not valid YAML");
        Path wrongType = write("wrong-type.yaml", topic(4).replace("partitions: 4", "partitions: many"));
        assertThat(brook("local", "apply", "-f", wrongType.toString()).err()).contains(wrongType + ": Topic: spec.partitions: wrong type");
        try (Admin admin = Admin.create(tls(bootstrap))) {
            assertThat(admin.describeTopics(List.of("events")).allTopicNames().get().get("events").partitions()).hasSize(4);
        }

        assertThat(brook("local", "logs", "lt-broker-0", "--tail", "5").out()).isNotBlank();

        // A value Kafka would refuse for a static broker key (the broker would fail only at its start, mid-roll) is refused
        // by up with Kafka's own definition of the key, and nothing restarts.
        Object podsBefore = state().get("pods");
        Path badValue = write("cluster-bad-value.yaml", Files.readString(fixture).replace("auto.create.topics.enable: \"false\"",
                "auto.create.topics.enable: \"false\"\n      log.retention.hours: soon"));
        Run badValueUp = brook("local", "up", "-f", badValue.toString());
        assertThat(badValueUp.code()).as(badValueUp.all()).isEqualTo(LocalPlatform.INVALID);
        assertThat(badValueUp.err()).contains("spec.brokers.config.log.retention.hours: 'soon' is not a number of type INT");
        assertThat(state().get("pods")).isEqualTo(podsBefore);

        // down: every process gone.
        Run down = brook("local", "down");
        assertThat(down.code()).as(down.all()).isZero();
        assertThat(seenPids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid " + pid + " gone").isFalse());
        assertThat(dataDir.resolve(LocalState.PROCESSES_FILE)).doesNotExist();

        // The kept data belongs to a TLS cluster (its znodes carry the brokers' certificate subject as ACLs): up refuses to
        // start it as plaintext, as the operator refuses the switch, and starts nothing.
        Path plaintext = write("cluster-plaintext.yaml", Files.readString(fixture).replace("spec:\n  zookeeper:",
                "spec:\n  security: {internalTls: false}\n  zookeeper:"));
        Run switched = brook("local", "up", "-f", plaintext.toString());
        assertThat(switched.code()).isEqualTo(LocalPlatform.INVALID);
        assertThat(switched.err()).contains(plaintext + ": Cluster lt: spec.security.internalTls: this cluster runs with internal TLS")
                .contains("brook local down --purge");
        assertThat(dataDir.resolve(LocalState.PROCESSES_FILE)).doesNotExist();

        // up again (with the file as the user changed it: 4 partitions): records and committed offsets are still there,
        // and so are the CAs and certificates: nothing was issued again.
        Path changed = write("cluster-v2.yaml", Files.readString(fixture).replace("partitions: 2", "partitions: 4"));
        Run again = brook("local", "up", "-f", changed.toString());
        assertThat(again.code()).as(again.all()).isZero();
        rememberPids();
        assertThat(again.out()).containsPattern("events\\s+events\\s+4\\s+1\\s+Ready")
                .containsPattern("events-reader\\s+events-reader\\s+Empty\\s+0\\s+0")
                .contains("CA certificate: " + ca).doesNotContain("Certificates (");
        assertThat(certificateFiles()).containsOnlyKeys(certificates.keySet())
                .allSatisfy((file, bytes) -> assertThat(bytes).as(file).isEqualTo(certificates.get(file)));
        assertThat(consume(bootstrap, "fresh-" + UUID.randomUUID(), 5)).hasSize(5);

        Run purge = brook("local", "down", "--purge");
        assertThat(purge.code()).as(purge.all()).isZero();
        assertThat(dataDir).doesNotExist();
        assertThat(seenPids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    @AfterAll
    static void killLeftovers() {
        for (long pid : seenPids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        // Anything else started from this data dir (a failed run before the state file was written).
        String marker = dataDir.toString();
        ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static Run brook(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        if (args.length > 1 && args[1].equals("up")) {
            all.addAll(List.of("--address-block", Integer.toString(BLOCK), "--wait", "90"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BrookLocal.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ brook " + String.join(" ", args) + " -> " + code + "\n" + run.all());
        return run;
    }

    private static void rememberPids() throws IOException {
        for (Object pod : (List<?>) state().get("pods")) {
            seenPids.add(((Number) ((Map<?, ?>) pod).get("pid")).longValue());
        }
    }

    private static Map<?, ?> state() throws IOException {
        return new ObjectMapper().readValue(dataDir.resolve(LocalState.PROCESSES_FILE).toFile(), Map.class);
    }

    /** Every file of the data dir's TLS Secrets, by path. */
    private static Map<String, byte[]> certificateFiles() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dataDir.resolve("tls"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dataDir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    /** What a Java client on this machine sets, as up prints it: TLS, trusting the cluster CA's PEM file. */
    private static Map<String, Object> tls(String bootstrap) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL",
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM", SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.toString());
    }

    private static String topic(int partitions) {
        return """
                apiVersion: brook.dev/v1alpha1
                kind: Topic
                metadata:
                  name: events
                spec:
                  cluster: lt
                  partitions: %d
                  replicationFactor: 1
                  config:
                    retention.ms: "604800000"
                """.formatted(partitions);
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(files.resolve(name), text);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BrookLocalTest.class.getClassLoader().getResource(name).toURI());
    }

    private static void produce(String bootstrap, int n) throws Exception {
        Properties p = new Properties();
        p.putAll(tls(bootstrap));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>("events", "k" + i, "v" + i)).get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> consume(String bootstrap, String group, int expected) {
        Properties p = new Properties();
        p.putAll(tls(bootstrap));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("events"));
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
            consumer.commitSync();
        }
        return values;
    }
}
