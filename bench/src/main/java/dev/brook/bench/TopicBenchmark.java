package dev.brook.bench;

import dev.brook.api.v1alpha1.Topic;
import dev.brook.local.Directories;
import dev.brook.local.LocalKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * bench/topics: Brook's Topic and ConsumerGroup reconcilers as users run them. The operator is its own process
 * (the Quarkus fast-jar with the chart's JVM options) against a fabric8 mock API server hosted here, and a real
 * 1 ZooKeeper + 3 broker Kafka 3.9.2 cluster. On that one cluster it compares the operator with Kafka's own floor (a
 * plain Admin client in requests of 100), then measures the operator's memory at 10,000 Topics and the delay from
 * a consumer's commit to the lag in a ConsumerGroup's status. Run with {@code bench/topics} from the repository root.
 */
public final class TopicBenchmark {
    private static final String NAMESPACE = "bench";
    private static final String MEMORY_NAMESPACE = "bench-memory";
    private static final String CLUSTER = "kafka";
    private static final int ADDRESS_BLOCK = 61;
    /** Appended after the local runtime's defaults (the last -Xmx wins): every pod, ZooKeeper included. */
    private static final List<String> KAFKA_HEAP = List.of("-Xms1g", "-Xmx2g");
    private static final int WARM_UP_TOPICS = 100;
    private static final String CONFIG_KEY = "retention.ms";
    private static final String CONFIG_BEFORE = "86400000";
    private static final String CONFIG_AFTER = "172800000";
    private static final Duration TOPIC_RESYNC = Duration.ofMinutes(2);
    private static final Duration GROUP_REFRESH = Duration.ofSeconds(15);
    private static final Duration MEMORY_TOPIC_RESYNC = Duration.ofMinutes(1);
    /** Held here: java.util.logging keeps loggers weakly, a level set on a collected logger would be lost. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final int topics = intFromEnv("BENCH_TOPICS", 1000);
    private final int memoryTopics = intFromEnv("BENCH_MEMORY_TOPICS", 10_000);
    private final int lagSamples = intFromEnv("BENCH_LAG_SAMPLES", 10);
    private final Path repository = Path.of("").toAbsolutePath();
    private final Path runDir;
    private final Report report = new Report();
    private final TopicReport tables = new TopicReport(report);
    private final Teardown teardown = new Teardown();

    private final Path operatorJar;
    private final String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'"));

    private TopicBenchmark(Path runDir, Path operatorJar) {
        this.runDir = runDir;
        this.operatorJar = operatorJar;
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args.length > 0 ? args[0] : "bench/target/topics-run").toAbsolutePath();
        Path operatorJar = Path.of(args.length > 1 ? args[1] : "bench/target/operator-without-ssa/quarkus-run.jar").toAbsolutePath();
        Directories.deleteTree(runDir);
        Files.createDirectories(runDir);
        // The mock API server logs every request at INFO (java.util.logging): thousands of lines per arm.
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        TopicBenchmark benchmark = new TopicBenchmark(runDir, operatorJar);
        try {
            benchmark.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            benchmark.teardown.closeAll();
            benchmark.writeFailure(e);
            System.exit(1);
        }
        benchmark.teardown.closeAll();
        System.exit(0);
    }

    /** One arm of the comparison: its name, its path and its topics (names distinct per arm). */
    private record Arm(String name, boolean floor, TopicSet topics) {
    }

    private void run() throws Exception {
        header();
        List<String> jvmOptions = OperatorProcess.chartJvmOptions(repository.resolve("helm/brook/values.yaml"));

        MockApiServer api = teardown.add(MockApiServer.start());
        api.registerCrds(repository.resolve("crds"));
        System.out.println("[bench] mock API on " + api.url() + "; starting Kafka (1 ZooKeeper + 3 brokers, 127.0." + ADDRESS_BLOCK + ".x)");
        LocalKafkaCluster cluster = teardown.add(LocalKafkaCluster.builder("bench-topics").namespace("bench-topics")
                .zookeepers(1).brokers(3).addressBlock(ADDRESS_BLOCK).workDir(runDir.resolve("kafka"))
                .brokerConfig("offsets.topic.replication.factor", "3")
                .brokerConfig("group.initial.rebalance.delay.ms", "0")
                // One cluster holds every arm: ~12,600 partitions x RF 3 plus the memory arm's 10,000. With the default
                // 512 MiB heap a broker ran out of memory in the third create arm; the heap is sized for the load, not measured.
                .jvmOptions(KAFKA_HEAP)
                .startTimeout(Duration.ofSeconds(120)).start());
        KafkaProcesses kafka = KafkaProcesses.of(cluster);
        api.registerCluster(NAMESPACE, CLUSTER, cluster.bootstrapServers());
        Admin admin = teardown.add(admin(cluster.bootstrapServers()));

        OperatorProcess operator = startOperator(api, jvmOptions, NAMESPACE, TOPIC_RESYNC, "operator.log");
        compareWithFloor(api, operator, kafka, admin);
        System.out.println("[bench] lag arm: " + lagSamples + " samples at refresh " + GROUP_REFRESH);
        List<Long> lag = new LagArm(api.client(), admin, cluster.bootstrapServers(), NAMESPACE, CLUSTER).measure("lag-probe", GROUP_REFRESH, lagSamples);
        tables.lag(lag, GROUP_REFRESH);

        // The memory arm gets its own operator process (watching only its namespace), so VmHWM is that of its Topics
        // alone, and a 1-minute resync so one full resync happens within the arm.
        teardown.closeNow(operator);
        System.out.println("[bench] memory arm: " + memoryTopics + " Topics, fresh operator process, resync " + MEMORY_TOPIC_RESYNC);
        api.registerCluster(MEMORY_NAMESPACE, CLUSTER, cluster.bootstrapServers());
        OperatorProcess memoryOperator = startOperator(api, jvmOptions, MEMORY_NAMESPACE, MEMORY_TOPIC_RESYNC, "operator-memory.log");
        MemoryArm.Result memory = new MemoryArm(api.client(), MEMORY_NAMESPACE, CLUSTER, memoryOperator, api.writes(), kafka,
                Duration.ofMinutes(Math.max(15, memoryTopics / 200)), MEMORY_TOPIC_RESYNC)
                .run(new TopicSet("m-", memoryTopics, 1, 1, CONFIG_KEY, CONFIG_BEFORE));
        tables.memory(memory, MEMORY_TOPIC_RESYNC.toString());
        report.line("");
        report.line("- load average at the end: " + Report.loadAverage());

        teardown.closeAll();
        report.write(resultsFile(""));
    }

    private OperatorProcess startOperator(MockApiServer api, List<String> jvmOptions, String namespace, Duration topicResync, String logName)
            throws IOException {
        int port = OperatorProcess.freePort();
        Map<String, String> env = OperatorProcess.environment(api.url(), namespace, port, topicResync.toString(), GROUP_REFRESH.toString());
        OperatorProcess operator = teardown.add(OperatorProcess.start(operatorJar, jvmOptions, env, port, runDir.resolve(logName),
                Duration.ofMinutes(3)));
        report.line("- operator process (" + logName + "): `" + String.join(" ", operator.command()) + "` (JVM options from "
                + "helm/brook/values.yaml; the operator's sources built with quarkus.operator-sdk.enable-ssa=false, a build-time "
                + "setting, because the mock API cannot do server-side apply)");
        report.line("  - environment: " + env);
        return operator;
    }

    /** Warm-up, then creates and config changes in the order floor, operator, operator, floor. */
    private void compareWithFloor(MockApiServer api, OperatorProcess operator, KafkaProcesses kafka, Admin admin) throws Exception {
        TopicReadiness readiness = new TopicReadiness();
        teardown.add(api.client().resources(Topic.class).inNamespace(NAMESPACE).inform(readiness));
        FloorArm floor = new FloorArm(admin, kafka, Duration.ofMinutes(5));
        OperatorArm viaOperator = new OperatorArm(api.client(), NAMESPACE, CLUSTER, readiness, operator, api.writes(), kafka, admin,
                Duration.ofMinutes(Math.max(10, topics / 50)), true);

        System.out.println("[bench] warm-up: " + WARM_UP_TOPICS + " topics through each path (not counted)");
        TopicSet warmFloor = topicSet("warm-floor-", WARM_UP_TOPICS);
        TopicSet warmOperator = topicSet("warm-operator-", WARM_UP_TOPICS);
        floor.create("warm-up", warmFloor);
        viaOperator.create("warm-up", warmOperator);
        floor.change("warm-up", warmFloor.withConfigValue(CONFIG_AFTER));
        viaOperator.change("warm-up", warmOperator.withConfigValue(CONFIG_AFTER));

        // floor, operator, operator, floor: drift over the run (load, Kafka's growing metadata) hits both paths alike.
        List<Arm> arms = List.of(new Arm("a1-floor", true, topicSet("a1-floor-", topics)),
                new Arm("a2-operator", false, topicSet("a2-operator-", topics)),
                new Arm("a3-operator", false, topicSet("a3-operator-", topics)),
                new Arm("a4-floor", true, topicSet("a4-floor-", topics)));
        List<ArmResult> creates = new ArrayList<>();
        for (Arm arm : arms) {
            System.out.println("[bench] create arm " + arm.name());
            creates.add(arm.floor() ? floor.create(arm.name(), arm.topics()) : viaOperator.create(arm.name(), arm.topics()));
        }
        List<ArmResult> changes = new ArrayList<>();
        for (Arm arm : arms) {
            System.out.println("[bench] config change arm " + arm.name());
            TopicSet changed = arm.topics().withConfigValue(CONFIG_AFTER);
            changes.add(arm.floor() ? floor.change(arm.name(), changed) : viaOperator.change(arm.name(), changed));
        }
        report.line("");
        report.line("## Topics through the operator vs Kafka's floor (" + topics + " topics per arm, 3 partitions, RF 3, " + CONFIG_KEY + ")");
        tables.arms("Create", creates);
        tables.arms("Change " + CONFIG_KEY + " " + CONFIG_BEFORE + " -> " + CONFIG_AFTER, changes);
        report.line("");
        report.line(String.format(Locale.ROOT, "The operator's last /q/metrics answer (%d Topics managed) had %.1f MB (JOSDK's series are "
                + "per controller, so it should not grow with the Topics); the benchmark scrapes only at the start and end of an arm.",
                WARM_UP_TOPICS + 2 * topics, operator.lastScrapeBytes() / 1e6));
    }

    /** What was measured before the failure stays: the report so far, the failure, and where the logs are. */
    private void writeFailure(Throwable failure) {
        try {
            report.line("");
            report.line("**FAILED**: " + failure);
            report.line("- logs (operator, Kafka pods) under " + runDir);
            report.line("- load average at the end: " + Report.loadAverage());
            report.write(resultsFile("-FAILED"));
        } catch (IOException e) {
            System.err.println("[bench] could not write the report: " + e);
        }
    }

    private Path resultsFile(String suffix) throws IOException {
        Path results = repository.resolve("bench/results");
        Files.createDirectories(results);
        return results.resolve("topics-" + started + suffix + ".txt");
    }

    private void header() throws IOException, InterruptedException {
        report.line("# Brook bench/topics: the operator as its own process vs Kafka's own floor");
        report.line("");
        report.machine();
        report.line("- commit: " + commit());
        report.line("- Kafka: 1 ZooKeeper + 3 brokers, Kafka 3.9.2 (ZooKeeper mode) through brook-local on 127.0." + ADDRESS_BLOCK
                + ".x, one cluster for every arm");
        report.line("- API: fabric8 KubernetesMockServer (CRUD mode, plain HTTP) inside the benchmark JVM, crds/ registered; "
                + "its CPU and memory are the benchmark's, not the operator's");
        report.line("- arms: " + topics + " topics each, distinct names; warm-up " + WARM_UP_TOPICS + " topics through each path first (not counted); "
                + "creates in the order floor, operator, operator, floor, then config changes of the same topics in the same order");
        report.line("- floor: one Admin client, requests of " + FloorArm.BATCH + " topics (createTopics / incrementalAlterConfigs) one after "
                + "another, timed until the last is answered; its Admin requests are its own request count");
        report.line("- operator: Topics created (merge-patched for config changes) on the mock API from " + OperatorArm.WRITER_THREADS
                + " threads, timed until an informer saw every one Ready=True with observedGeneration = generation (config change: "
                + "also until one batched describeConfigs showed the new value on all); Admin requests = delta of the operator's "
                + ArmMeter.TOPIC_REQUESTS + " (/q/metrics, summed over labels); operator CPU from /proc/<pid>/stat; API writes = "
                + "non-GET requests the mock API received during the arm without the benchmark's own (by User-Agent), split into "
                + "status-subresource writes, Events and other writes; Events by reason = the reason in each Event the operator created "
                + "(TopicAdopted or TopicRecreated for a topic Brook created itself would be wrong)");
        report.line("- Kafka CPU: ZooKeeper + 3 broker processes, /proc/<pid>/stat, during the arm");
    }

    private TopicSet topicSet(String prefix, int count) {
        return new TopicSet(prefix, count, 3, 3, CONFIG_KEY, CONFIG_BEFORE);
    }

    private String commit() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").directory(repository.toFile()).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes()).trim();
        return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
    }

    private static Admin admin(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "300000");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        return Admin.create(config);
    }

    private static int intFromEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
