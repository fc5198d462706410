package dev.brook.bench;

import dev.brook.contract.BrokerStartupTimes;
import dev.brook.local.BrookImage;
import dev.brook.local.Directories;
import dev.brook.local.LocalKafkaCluster;
import dev.brook.local.LocalPod;
import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.ReadBack;
import dev.brook.testkit.Verification;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One broker restarted at a time, Brook against the same Kafka started the stock way, in one run: for each restart the
 * stop (SIGTERM until the process exited), then from the new process's launch the time until the broker is registered
 * again (the cluster's metadata lists it) and until it is back in the ISR of every partition it holds, while a paced
 * acks=all producer keeps writing (so a restarted broker has data to catch up). Brook's brokers are restarted in rounds
 * without their class-data archive (removed before the start, as for a pod's first start with a new image or JDK) and
 * with it, alternating, so the archive's effect is measured on the same cluster. Run with {@code bench/restart}; never part
 * of the test suite. Fails (non-zero exit) when a send fails or an acknowledged record is missing.
 */
public final class RestartBenchmark {
    private static final String TOPIC = "restart-bench";
    private static final int PARTITIONS = 6;
    private static final int RECORD_BYTES = 1024;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(180);

    private final int preloadRecords;
    private final int rate;
    private final int rounds;
    private final Path work;
    private final Report report = new Report();

    private RestartBenchmark(int preloadRecords, int rate, int rounds, Path work) {
        this.preloadRecords = preloadRecords;
        this.rate = rate;
        this.rounds = rounds;
        this.work = work;
    }

    /** One restart: milliseconds of the stop, and from the launch to registered and to back in every ISR. */
    record Restart(String arm, int broker, String stoppedRun, long stopMs, long registeredMs, long inSyncMs, String startupLine) {
    }

    /** What the benchmark does to a cluster's brokers, whichever way they were started. */
    interface Brokers {
        void stop(int broker) throws Exception;

        void launch(int broker) throws Exception;

        /** What kind of run the stop ended ({@code stoppedAtMillis}: when the stop began, epoch milliseconds). */
        default String stoppedRun(int broker, long stoppedAtMillis) throws Exception {
            return "stock";
        }

        /** The broker's own account of its last start, if it gives one. */
        default String startupLine(int broker) throws Exception {
            return "";
        }
    }

    public static void main(String[] args) throws Exception {
        int preload = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path work = Path.of(args.length > 3 ? args[3] : "bench/target/restart").toAbsolutePath();
        Directories.deleteTree(work);
        Files.createDirectories(work);
        System.exit(new RestartBenchmark(preload, rate, rounds, work).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        BrookImage image = BrookImage.locate();
        report.line("# Broker restarts: Brook vs stock Kafka");
        report.line("");
        report.machine();
        report.line(String.format(Locale.ROOT, "- topic %s: %d partitions, RF 3, min.insync.replicas 2, preloaded with %,d x %d B; "
                + "a paced acks=all producer at %d records/s during the restarts", TOPIC, PARTITIONS, preloadRecords, RECORD_BYTES, rate));
        report.line("- each broker restarted in turn; " + rounds + " rounds per arm; the next restart only once every partition is fully in sync;"
                + " the launch only once the metadata shows the broker gone (out of the cluster's nodes and of every ISR)");
        report.line("- same jars, heap (512 MiB) and GC flags; Brook through its launcher and agent (LocalKafkaCluster), stock as `kafka.Kafka server.properties`");
        report.line("- Brook rounds alternate: without the class-data archive (removed before the launch, so the JVM records what it loads), then with it."
                + " A stop ends the run before it (column 'the run stopped'): a recording run's stop includes writing the archive");
        report.line("");

        List<Restart> restarts = new ArrayList<>();
        boolean lossless = true;
        try (LocalKafkaCluster cluster = LocalKafkaCluster.builder("restart").namespace("bench").addressBlock(7)
                .workDir(work.resolve("brook")).start()) {
            Brokers brokers = new Brokers() {
                @Override
                public void stop(int broker) {
                    cluster.runtime().stop(cluster.brokerPod(broker), Duration.ofSeconds(120));
                }

                @Override
                public void launch(int broker) {
                    LocalPod pod = cluster.runtime().pod(cluster.brokerPod(broker)).orElseThrow();
                    cluster.runtime().start(pod.spec().withDataDir(pod.dataDir()));
                }

                @Override
                public String stoppedRun(int broker, long stoppedAtMillis) throws Exception {
                    Path classData = classData(cluster, broker);
                    boolean wrote = false;
                    if (Files.isDirectory(classData)) {
                        try (var files = Files.list(classData)) {
                            wrote = files.anyMatch(f -> f.toFile().lastModified() >= stoppedAtMillis - 1_000);
                        }
                    }
                    return wrote ? "Brook, a recording run (its stop wrote the archive)" : "Brook, a run from the archive";
                }

                @Override
                public String startupLine(int broker) throws Exception {
                    LocalPod pod = cluster.runtime().pod(cluster.brokerPod(broker)).orElseThrow();
                    return BrokerStartupTimes.lastIn(Files.readString(pod.logFile(), StandardCharsets.UTF_8)).map(Object::toString).orElse("");
                }
            };
            lossless &= measure("Brook", cluster.bootstrapServers(), brokers, round -> {
                String arm = round % 2 == 0 ? "Brook, no class-data archive" : "Brook, class-data archive";
                return broker -> {
                    if (round % 2 == 0) {
                        // As on a pod's first start with a new image or JDK: the launcher finds no archive, the JVM records
                        // what it loads, and this start's graceful stop writes the archive again.
                        Directories.deleteTree(classData(cluster, broker));
                    }
                    return arm;
                };
            }, restarts);
        }
        try (StockCluster cluster = new StockCluster(8)) {
            cluster.start(image, work.resolve("stock"));
            Brokers brokers = new Brokers() {
                @Override
                public void stop(int broker) throws InterruptedException {
                    cluster.stopBroker(broker);
                }

                @Override
                public void launch(int broker) throws Exception {
                    cluster.startBroker(broker);
                }
            };
            lossless &= measure("stock", cluster.bootstrapServers(), brokers, round -> broker -> "stock", restarts);
        }

        report.line("");
        report.line("| restart | arm (the start) | broker | the run stopped | stop ms (SIGTERM to exit) | launch to registered ms | launch to back in every ISR ms | Brook agent's own account |");
        report.line("|---:|---|---:|---|---:|---:|---:|---|");
        for (int i = 0; i < restarts.size(); i++) {
            Restart r = restarts.get(i);
            report.line(String.format(Locale.ROOT, "| %d | %s | %d | %s | %,d | %,d | %,d | %s |", i + 1, r.arm(), r.broker(), r.stoppedRun(), r.stopMs(),
                    r.registeredMs(), r.inSyncMs(), r.startupLine()));
        }
        report.line("");
        report.line("| the run stopped | stops | stop ms median (min-max) |");
        report.line("|---|---:|---:|");
        for (String kind : restarts.stream().map(Restart::stoppedRun).distinct().toList()) {
            List<Restart> of = restarts.stream().filter(r -> r.stoppedRun().equals(kind)).toList();
            report.line(String.format(Locale.ROOT, "| %s | %d | %,d (%,d-%,d) |", kind, of.size(), median(of, Restart::stopMs),
                    min(of, Restart::stopMs), max(of, Restart::stopMs)));
        }
        report.line("");
        report.line("| arm (the start) | restarts | registered ms median (min-max) | back in ISR ms median (min-max) |");
        report.line("|---|---:|---:|---:|");
        List<String> arms = restarts.stream().map(Restart::arm).distinct().toList();
        for (String arm : arms) {
            List<Restart> of = restarts.stream().filter(r -> r.arm().equals(arm)).toList();
            report.line(String.format(Locale.ROOT, "| %s | %d | %,d (%,d-%,d) | %,d (%,d-%,d) |", arm, of.size(),
                    median(of, Restart::registeredMs), min(of, Restart::registeredMs), max(of, Restart::registeredMs),
                    median(of, Restart::inSyncMs), min(of, Restart::inSyncMs), max(of, Restart::inSyncMs)));
        }
        report.line("");
        for (String arm : arms) {
            if (!arm.equals("stock")) {
                List<Restart> of = restarts.stream().filter(r -> r.arm().equals(arm)).toList();
                List<Restart> stock = restarts.stream().filter(r -> r.arm().equals("stock")).toList();
                report.line(String.format(Locale.ROOT, "- %s ÷ stock, medians: registered %.2f, back in ISR %.2f", arm,
                        (double) median(of, Restart::registeredMs) / median(stock, Restart::registeredMs),
                        (double) median(of, Restart::inSyncMs) / median(stock, Restart::inSyncMs)));
            }
        }
        report.line("- load average at the end: " + Report.loadAverage());
        report.write(work.resolve("restart-report.md"));
        return lossless;
    }

    /** Where the launcher looks for a broker pod's class-data archive (broker-image/README, data volume). */
    private static Path classData(LocalKafkaCluster cluster, int broker) {
        return cluster.runtime().pod(cluster.brokerPod(broker)).orElseThrow().dataDir().resolve("class-data");
    }

    /** Which arm a restart belongs to, given the round (and preparing the broker for it). */
    interface Arms {
        ArmOfBroker round(int round);
    }

    interface ArmOfBroker {
        String prepare(int broker) throws Exception;
    }

    /** Creates and fills the topic, then restarts each broker in turn for every round under a paced producer. */
    private boolean measure(String cluster, String bootstrap, Brokers brokers, Arms arms, List<Restart> restarts) throws Exception {
        try (Admin admin = ProduceConsumeLoad.admin(bootstrap, new Properties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(60, TimeUnit.SECONDS);
            awaitInSync(admin, "every replica of the new topic");
            try (PacedProducer preload = PacedProducer.to(bootstrap, TOPIC).recordBytes(RECORD_BYTES).maxRecords(preloadRecords)
                    .config("linger.ms", 20).config("batch.size", 262_144).start()) {
                if (!preload.awaitAllSent(Duration.ofMinutes(10))) {
                    throw new IllegalStateException("preload of " + preloadRecords + " records not sent within 10 minutes");
                }
            }
            PacedProducer producer = PacedProducer.to(bootstrap, TOPIC).rate(rate).recordBytes(RECORD_BYTES).start();
            try {
                for (int round = 0; round < rounds; round++) {
                    ArmOfBroker arm = arms.round(round);
                    for (int broker = 0; broker < 3; broker++) {
                        long t0 = System.nanoTime();
                        long t0Millis = System.currentTimeMillis();
                        brokers.stop(broker);
                        long stopped = System.nanoTime();
                        String stoppedRun = brokers.stoppedRun(broker, t0Millis);
                        // Both clocks start from a cluster that has seen the stop (the broker gone from the metadata, its
                        // replicas out of the ISRs), so a stale answer cannot count as the restarted broker.
                        awaitGone(admin, broker);
                        String name = arm.prepare(broker);
                        long launched = System.nanoTime();
                        brokers.launch(broker);
                        long registered = awaitRegistered(admin, broker);
                        long inSync = awaitInSync(admin, "broker " + broker);
                        Restart r = new Restart(name, broker, stoppedRun, ms(stopped - t0), ms(registered - launched), ms(inSync - launched),
                                brokers.startupLine(broker));
                        System.out.println("[restart] " + r);
                        restarts.add(r);
                    }
                }
            } finally {
                producer.stop();
            }
            Verification check = ReadBack.of(producer, Duration.ofMinutes(3));
            report.line(String.format(Locale.ROOT, "- %s: %,d records acknowledged during the restarts, %,d failed sends; read back: %s",
                    cluster, producer.acknowledged(), producer.failed(), check));
            return producer.failed() == 0 && check.complete();
        }
    }

    private static long awaitRegistered(Admin admin, int broker) {
        return await("broker " + broker + " registered again", () -> listed(admin, broker));
    }

    private static void awaitGone(Admin admin, int broker) {
        await("broker " + broker + " gone from the metadata after its stop", () -> !listed(admin, broker)
                && partitions(admin).stream().noneMatch(p -> p.isr().stream().anyMatch(n -> n.id() == broker)));
    }

    /** Until every partition's ISR holds all its replicas (with {@code broker} among them when it is a replica). */
    private static long awaitInSync(Admin admin, String broker) {
        return await(broker + " back in every ISR", () -> partitions(admin).stream().allMatch(p -> p.isr().size() == p.replicas().size()));
    }

    private static boolean listed(Admin admin, int broker) throws Exception {
        return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().mapToInt(Node::id).anyMatch(id -> id == broker);
    }

    private static List<TopicPartitionInfo> partitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(5, TimeUnit.SECONDS).get(TOPIC).partitions();
    }

    /**
     * Polls {@code check} every 100 ms within {@link #STEP_TIMEOUT}; returns when it first held (System.nanoTime). A failed
     * answer counts as not yet: a broker that is starting or stopping may not answer, or answer with stale metadata.
     */
    private static long await(String what, Callable<Boolean> check) {
        Deadline deadline = Deadline.in(STEP_TIMEOUT, what);
        while (true) {
            try {
                if (check.call()) {
                    return System.nanoTime();
                }
            } catch (Exception answerLater) {
                // ask again
            }
            deadline.pause(Duration.ofMillis(100));
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static long median(List<Restart> of, java.util.function.ToLongFunction<Restart> f) {
        long[] v = of.stream().mapToLong(f).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long min(List<Restart> of, java.util.function.ToLongFunction<Restart> f) {
        return of.stream().mapToLong(f).min().orElse(0);
    }

    private static long max(List<Restart> of, java.util.function.ToLongFunction<Restart> f) {
        return of.stream().mapToLong(f).max().orElse(0);
    }
}
