package dev.brook.cli;

import static java.nio.file.attribute.PosixFilePermission.OTHERS_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.local.Directories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code brook local} with Users, real processes on 127.0.76.x: one cluster for the class (1 ZooKeeper + 1 broker)
 * with Kafka's ACL authorizer, a SCRAM listener and a certificate listener over TLS, a topic and two users. brook
 * local's own client creates the topic under authorization (it is the operator's identity, a super user); each user's
 * printed client.properties is all a real Kafka client needs, and gets exactly the user's rights.
 */
class BrookLocalUsersTest {
    private static final int BLOCK = 76;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Path dataDir;
    private static Path fixture;
    private static final List<Long> seenPids = new ArrayList<>();
    private static BrookLocalTest.Run up;

    @BeforeAll
    static void up() throws Exception {
        dataDir = Path.of("target", "brook-local-users-test", "data").toAbsolutePath();
        Directories.deleteTree(dataDir);
        fixture = Path.of(BrookLocalUsersTest.class.getClassLoader().getResource("local/secured-cluster.yaml").toURI());
        up = brook("local", "up", "-f", fixture.toString());
        Path state = dataDir.resolve(LocalState.PROCESSES_FILE);
        if (Files.exists(state)) {
            for (Object pod : (List<?>) new ObjectMapper().readValue(state.toFile(), Map.class).get("pods")) {
                seenPids.add(((Number) ((Map<?, ?>) pod).get("pid")).longValue());
            }
        }
        assertThat(up.code()).as(up.all()).isZero();
    }

    @AfterAll
    static void down() {
        try {
            BrookLocalTest.Run down = brook("local", "down", "--purge");
            assertThat(down.code()).as(down.all()).isZero();
        } finally {
            for (long pid : seenPids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            String marker = dataDir.toString();
            ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void upCreatesTheTopicUnderAuthorizationAndPrintsOneLinePerUserWithItsFiles() throws Exception {
        Path users = dataDir.resolve(LocalState.USERS_DIR);
        assertThat(up.out())
                .contains("Topic orders: created")
                .containsPattern("orders\\s+orders\\s+1\\s+1\\s+Ready")
                .contains("User orders-writer (User:orders-writer, scram-sha-512): 2 ACLs on listener scram")
                .contains("User orders-reader (User:orders-reader, tls): 3 ACLs on listener tls")
                .contains("client config: " + users.resolve("orders-reader/client.properties") + ", "
                        + users.resolve("orders-reader/librdkafka.config"))
                .contains("client config: " + users.resolve("orders-writer/client.properties") + ", "
                        + users.resolve("orders-writer/librdkafka.config"))
                .contains("Authorization is on");
        assertThat(up.out()).containsPattern("User:orders-reader\\s+orders-reader\\s+tls\\s+" + Pattern.quote(users.resolve("orders-reader/client.properties").toString()));

        // Keys, passwords and the configurations that hold them: the owner only. The CA certificate: everyone.
        for (String secret : List.of("orders-reader/user.key", "orders-reader/user.p12", "orders-reader/user.password",
                "orders-reader/client.properties", "orders-writer/password", "orders-writer/sasl.jaas.config",
                "orders-writer/client.properties", "orders-writer/librdkafka.config")) {
            assertThat(Files.getPosixFilePermissions(users.resolve(secret))).as(secret).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
        }
        assertThat(Files.getPosixFilePermissions(users.resolve("orders-reader/ca.crt"))).contains(OTHERS_READ);
        // The SCRAM password's fingerprint is kept in the state, never the password.
        String password = Files.readString(users.resolve("orders-writer/password")).strip();
        String applied = Files.readString(dataDir.resolve(LocalState.APPLIED_FILE));
        assertThat(applied).contains("pbkdf2-sha512:").doesNotContain(password);
    }

    @Test
    void theWriterProducesWithItsClientPropertiesAndTheReaderReadsWithItsButCannotProduce() throws Exception {
        Properties writer = clientProperties("orders-writer");
        assertThat(writer.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(writer.getProperty("bootstrap.servers")).isEqualTo("127.0." + BLOCK + ".101:9092");
        String marker = "order-" + UUID.randomUUID();
        // The SCRAM credential and the ACLs reach the broker through ZooKeeper a moment after up wrote them.
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> produce(writer, marker));

        Properties reader = clientProperties("orders-reader");
        assertThat(reader.getProperty("security.protocol")).isEqualTo("SSL");
        assertThat(reader.getProperty("bootstrap.servers")).isEqualTo("127.0." + BLOCK + ".101:9093");
        assertThat(consume(reader, "orders-check-" + UUID.randomUUID(), marker)).contains(marker);

        // Read and Describe only: a record of the reader's is refused for the topic (without idempotence, which would
        // be refused one step earlier, for the cluster).
        Properties refusedWriter = new Properties();
        refusedWriter.putAll(reader);
        refusedWriter.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        assertThatThrownBy(() -> produce(refusedWriter, "nope")).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void anAnonymousClientOfTheLocalListenerSeesNoTopic() throws Exception {
        Matcher ca = Pattern.compile("CA certificate: (\\S+)").matcher(up.out());
        assertThat(ca.find()).as(up.out()).isTrue();
        try (Admin anonymous = Admin.create(Map.of("bootstrap.servers", "127.0." + BLOCK + ".101:19092", "security.protocol", "SSL",
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM", SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.group(1)))) {
            assertThat(anonymous.listTopics().names().get(60, TimeUnit.SECONDS)).doesNotContain("orders");
        }
    }

    @Test
    void clientConfigPrintsTheFilesAndBothConfigurationsAndRefusesAnUnknownUser() throws Exception {
        Path dir = dataDir.resolve(LocalState.USERS_DIR).resolve("orders-reader");
        BrookLocalTest.Run config = brook("local", "client-config", "orders-reader");
        assertThat(config.code()).as(config.all()).isZero();
        assertThat(config.out())
                .contains("User orders-reader: User:orders-reader (tls)")
                .contains(dir.resolve("ca.crt").toString()).contains(dir.resolve("user.crt").toString()).contains(dir.resolve("user.key").toString())
                .contains("Java (" + dir.resolve("client.properties") + "):")
                .contains(Files.readString(dir.resolve("client.properties")))
                .contains("librdkafka (" + dir.resolve("librdkafka.config") + "):")
                .contains(Files.readString(dir.resolve("librdkafka.config")))
                .contains("ssl.keystore.location=" + dir.resolve("user.p12"));

        BrookLocalTest.Run unknown = brook("local", "client-config", "nobody");
        assertThat(unknown.code()).isEqualTo(LocalPlatform.FAILED);
        assertThat(unknown.err()).contains("no user nobody in " + dataDir).contains("users: orders-reader, orders-writer");
    }

    @Test
    void applyingTheSameFileAgainChangesNothingInKafkaNorInTheFiles() throws Exception {
        Path password = dataDir.resolve(LocalState.USERS_DIR).resolve("orders-writer/password");
        Path certificate = dataDir.resolve(LocalState.USERS_DIR).resolve("orders-reader/user.crt");
        String before = Files.readString(password) + Files.readString(certificate);
        BrookLocalTest.Run again = brook("local", "apply", "-f", fixture.toString());
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("User orders-writer (User:orders-writer, scram-sha-512): 2 ACLs")
                .doesNotContain("change(s) in Kafka").doesNotContain("issued").doesNotContain("generated");
        assertThat(Files.readString(password) + Files.readString(certificate)).isEqualTo(before);
    }

    private static Properties clientProperties(String user) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dataDir.resolve(LocalState.USERS_DIR).resolve(user).resolve("client.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static void produce(Properties config, String value) throws Exception {
        Properties p = new Properties();
        p.putAll(config);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("orders", value, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consume(Properties config, String group, String expected) {
        Properties p = new Properties();
        p.putAll(config);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
                return values.contains(expected);
            });
            consumer.commitSync();
        }
        return values;
    }

    private static BrookLocalTest.Run brook(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        if (args.length > 1 && args[1].equals("up")) {
            all.addAll(List.of("--address-block", Integer.toString(BLOCK), "--wait", "120"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BrookLocal.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        BrookLocalTest.Run run = new BrookLocalTest.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ brook " + String.join(" ", args) + " -> " + code + "\n" + run.all());
        return run;
    }
}
