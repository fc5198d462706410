package dev.brook.operator.bench;

import static dev.brook.operator.bench.BenchReport.dur;
import static dev.brook.operator.bench.BenchReport.ratio;
import static dev.brook.operator.bench.BenchReport.secs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.operator.harness.Harness;
import dev.brook.operator.harness.TestKubelet;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.KafkaTestCluster;
import dev.brook.testkit.ClusterTimeline;
import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.ReadBack;
import dev.brook.testkit.Verification;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * bench/parallel-roll: the same cluster rolled twice in one run, one broker at a time and then with
 * {@code spec.brokers.maxParallelRestarts}, so the ratio compares like with like. Six brokers in three racks (the
 * test kubelet gives broker pods their rack as a node's zone label would), so Kafka places each partition's three
 * replicas in three racks and a parallel roll may restart a whole rack at once. A steady idempotent acks=all
 * producer runs throughout; an Admin poller records the smallest ISR seen. Fails when an acknowledged record is
 * missing, a roll does not finish, or a partition went below min.insync.replicas; slow is a measurement.
 * Runs only with -Dbrook.bench=true (see bench/parallel-roll).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BenchProfiles.Quiet.class)
@EnabledIfSystemProperty(named = "brook.bench", matches = "true")
class ParallelRollBenchmark {
    private static final String NS = "bench-parallel";
    private static final String NAME = "par";
    private static final int ADDRESS_BLOCK = 58;
    private static final int BROKERS = 6;
    private static final int RACKS = 3;
    private static final String TOPIC = "parallel-bench";
    private static final int PARTITIONS = 12;
    private static final int MIN_ISR = 2;
    private static final int RECORD_BYTES = 1024;
    private static final int RATE = Integer.getInteger("brook.bench.rate", 500);
    private static final int PARALLEL = Integer.getInteger("brook.bench.parallel", 2);
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Duration BASELINE = Duration.ofSeconds(Long.getLong("brook.bench.baseline-seconds", 30));
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(420);
    private static final Duration ROLL_TIMEOUT = Duration.ofSeconds(600);
    private static final String[] ROLL_VALUES = {"10080", "20160", "30240"};
    /** The unmeasured roll's value: each broker's first graceful stop writes its class-data archive, before either measured roll. */
    private static final String WARM_ROLL_VALUE = "15120";
    private static final String ROLLING_RESTART = "RollingRestart";
    private static final Path REPORT = Path.of("target", "bench-parallel-roll", "parallel-roll.txt");

    private static TestKubelet kubelet;
    private static Admin admin;
    private static KafkaPoller poller;
    private static PacedProducer producer;
    private static ClusterTimeline timeline;

    @Inject
    KubernetesClient client;

    private RolledCluster rolled() {
        return new RolledCluster(client, NS, NAME, BROKERS);
    }

    private final Map<String, String> load = new LinkedHashMap<>();

    /** One roll: from the spec change to complete (every broker pod on the new hash and Ready, UpToDate, ISRs full). */
    private record Roll(String name, int maxParallel, long start, long end, List<BrokerRestart> restarts) {
        /** Restart steps: pods deleted within a second of the step's first deletion went together. */
        List<List<BrokerRestart>> steps() {
            List<List<BrokerRestart>> steps = new ArrayList<>();
            for (BrokerRestart r : restarts) {
                if (steps.isEmpty() || r.deleted() - steps.get(steps.size() - 1).get(0).deleted() > 1_000_000_000L) {
                    steps.add(new ArrayList<>());
                }
                steps.get(steps.size() - 1).add(r);
            }
            return steps;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        AutoCloseable closeAdmin = () -> admin.close(Duration.ofSeconds(5));
        RolledCluster.closeAll(producer, poller, admin == null ? null : closeAdmin, timeline, kubelet);
    }

    private static String rackOf(int brokerId) {
        return "zone-" + (char) ('a' + brokerId % RACKS);
    }

    @Test
    void sixBrokersInThreeRacksRolledOneAtATimeThenARackAtATime() throws Exception {
        load.put("at start", BenchReport.loadAverage());
        timeline = ClusterTimeline.watch(client, NS, NAME);
        kubelet = Harness.kubelet(client, NS, ADDRESS_BLOCK);
        kubelet.racks(pod -> rackOf(Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1))));
        Cluster cluster = new Cluster();
        cluster.setSpec(new ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).build());
        cluster.getSpec().getZookeeper().setJvmOptions(RolledCluster.heap("128m", "192m"));
        cluster.getSpec().getBrokers().setReplicas(BROKERS);
        cluster.getSpec().getBrokers().setJvmOptions(RolledCluster.heap("192m", "384m"));
        cluster.getSpec().getBrokers().setConfig(RolledCluster.brokerConfig(ROLL_VALUES[0]));
        long createdAt = System.nanoTime();
        client.resource(cluster).create();
        Cluster ready = await().atMost(CLUSTER_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(rolled()::get,
                c -> c != null && c.getStatus() != null && Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY));
        long clusterReadyMillis = (System.nanoTime() - createdAt) / 1_000_000;
        String bootstrap = ready.getStatus().getBootstrapServers();
        System.out.printf("[bench] cluster of %d brokers Ready after %d ms%n", BROKERS, clusterReadyMillis);

        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "6000"));
        Map<Integer, String> racks = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                .collect(Collectors.toMap(Node::id, n -> String.valueOf(n.rack()), (a, b) -> a, TreeMap::new));
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "" + MIN_ISR))))
                .all().get(60, TimeUnit.SECONDS);
        TopicDescription topic = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC),
                        d -> d.partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == 3));
        long spread = topic.partitions().stream().filter(p -> p.replicas().stream().map(n -> racks.get(n.id())).distinct().count() == RACKS).count();
        PacedProducer.warmUp(bootstrap, TOPIC, PARTITIONS);
        poller = new KafkaPoller(admin, timeline, new CpuLedger());
        // Otherwise only the serial roll's stops would write the archives, and only the parallel roll would start from them.
        roll("unmeasured", 1, WARM_ROLL_VALUE);

        producer = PacedProducer.to(bootstrap, TOPIC).rate(RATE).recordBytes(RECORD_BYTES).start();
        Thread.sleep(WARM_UP.toMillis()); // measurement windows
        long baselineStart = System.nanoTime();
        timeline.origin(baselineStart);
        Thread.sleep(BASELINE.toMillis());
        long baselineEnd = System.nanoTime();

        load.put("at the serial roll", BenchReport.loadAverage());
        Roll serial = roll("serial", 1, ROLL_VALUES[1]);
        Thread.sleep(SETTLE.toMillis());
        load.put("at the parallel roll", BenchReport.loadAverage());
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setMaxParallelRestarts(PARALLEL);
            return c;
        }));
        Roll parallel = roll("parallel", PARALLEL, ROLL_VALUES[2]);
        Thread.sleep(SETTLE.toMillis());
        long produceEnd = System.nanoTime();
        producer.stop();
        Verification read = ReadBack.of(producer, Duration.ofSeconds(180));
        poller.close();
        load.put("at report", BenchReport.loadAverage());

        BenchReport report = report(racks, spread, clusterReadyMillis, baselineStart, baselineEnd, serial, parallel, produceEnd, read);
        report.write(REPORT);
        assertThat(serial.end() > 0 && parallel.end() > 0).as("both rolls finished within %s", ROLL_TIMEOUT).isTrue();
        assertThat(read.found()).as("acknowledged records read back").isEqualTo(producer.acknowledged());
        assertThat(read.readChecksum()).isEqualTo(producer.acknowledgedChecksum());
        assertThat(producer.failed()).as("failed acks=all sends").isZero();
        assertThat(poller.smallestIsr(serial.start(), parallel.end())).as("smallest ISR during the rolls").isGreaterThanOrEqualTo(MIN_ISR);
    }

    /** Changes the static key and waits for the roll to complete. */
    private Roll roll(String name, int maxParallel, String value) {
        String oldHash = rolled().brokerTemplateHash();
        long start = System.nanoTime();
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setConfig(RolledCluster.brokerConfig(value));
            return c;
        }));
        timeline.note(name + " roll: spec.brokers.config." + RolledCluster.ROLL_KEY + " -> " + value + ", maxParallelRestarts " + maxParallel);
        long generation = rolled().get().getMetadata().getGeneration();
        String newHash = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(rolled()::brokerTemplateHash, h -> h != null && !h.equals(oldHash));
        long end = -1;
        try {
            await().atMost(ROLL_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> rolled().rolled(newHash, generation, poller));
            end = System.nanoTime();
            timeline.note(name + " roll complete");
        } catch (org.awaitility.core.ConditionTimeoutException notFinished) {
            timeline.note(name + " roll NOT complete: " + timeline.current(ROLLING_RESTART));
        }
        return new Roll(name, maxParallel, start, end, BrokerRestart.of(timeline.restarts(start), poller));
    }

    private BenchReport report(Map<Integer, String> racks, long spread, long clusterReadyMillis, long baselineStart, long baselineEnd,
            Roll serial, Roll parallel, long produceEnd, Verification read) {
        BenchReport report = new BenchReport("parallel-roll", "Brook bench/parallel-roll: " + BROKERS + " brokers in " + RACKS
                + " racks rolled one at a time, then a rack at a time, in the same run, under a steady acks=all load");
        """
                (the real operator on the fabric8 mock API + the test kubelet running real ZooKeeper/Kafka 3.9.2 processes on 127.0.%d.x)
                machine: %s
                load average (1/5/15 min): %s
                cluster: 3 ZooKeeper (heap 128m/192m) + %d brokers (heap 192m/384m), C1-only JVMs (harness); created -> Ready in %s
                racks (broker.rack from the kubelet, as a node's zone label): %s
                topic: %s, %d partitions, RF 3, min.insync.replicas=%d; replicas in %d distinct racks: %d of %d partitions
                producer: acks=all, idempotent, linger.ms=5, keyed, %d records/s x %d B, paced; latency = send() call -> callback
                before the load: an unmeasured roll, so each broker has its class-data archive in both measured rolls
                windows: warm-up %d s (not counted), baseline %d s, serial roll, %d s, parallel roll, %d s
                trigger: spec.brokers.config.%s (static) changed for each roll; maxParallelRestarts 1, then %d"""
                .formatted(ADDRESS_BLOCK, BenchReport.machine(), load.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining("; ")), BROKERS, secs(clusterReadyMillis), racks, TOPIC, PARTITIONS, MIN_ISR, RACKS, spread,
                        PARTITIONS, RATE, RECORD_BYTES, WARM_UP.toSeconds(), BASELINE.toSeconds(), SETTLE.toSeconds(), SETTLE.toSeconds(),
                        RolledCluster.ROLL_KEY, PARALLEL).lines().forEach(report::line);

        for (Roll roll : List.of(serial, parallel)) {
            report.line("").line("-- " + roll.name() + " roll (maxParallelRestarts " + roll.maxParallel() + "; seconds from its spec change)");
            report.row("spec change -> roll complete", roll.end() < 0 ? "NOT within " + ROLL_TIMEOUT.toSeconds() + " s" : dur(roll.start(), roll.end()));
            report.row("restart steps", Integer.toString(roll.steps().size()));
            for (List<BrokerRestart> step : roll.steps()) {
                String pods = step.stream().map(r -> r.pod() + " (" + racks.get(r.id()) + ")").collect(Collectors.joining(" + "));
                long back = step.stream().mapToLong(BrokerRestart::back).min().orElse(-1) < 0 ? -1
                        : step.stream().mapToLong(BrokerRestart::back).max().orElse(-1);
                report.line(String.format(Locale.ROOT, "    %7s -> %7s  %s", at(roll.start(), step.get(0).deleted()), at(roll.start(), back), pods));
            }
            report.row("smallest ISR of any partition (Admin poll, 250 ms)", Integer.toString(poller.smallestIsr(roll.start(), roll.end() < 0
                    ? System.nanoTime() : roll.end())) + " (min.insync.replicas " + MIN_ISR + ")");
            report.row("partitions with no leader, max at one poll", Integer.toString(poller.maxOffline(roll.start(), roll.end() < 0
                    ? System.nanoTime() : roll.end())));
            String twice = roll.restarts().stream().collect(Collectors.groupingBy(BrokerRestart::pod, TreeMap::new, Collectors.counting()))
                    .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.joining(", "));
            report.row("broker pods restarted more than once", twice.isEmpty() ? "none" : twice);
        }

        long serialEnd = serial.end() < 0 ? parallel.start() : serial.end();
        long parallelEnd = parallel.end() < 0 ? produceEnd : parallel.end();
        PacedProducer.Window before = producer.window(baselineStart, baselineEnd);
        PacedProducer.Window duringSerial = producer.window(serial.start(), serialEnd);
        PacedProducer.Window duringParallel = producer.window(parallel.start(), parallelEnd);
        report.line("").latencies(List.of("before (baseline)", "serial roll", "parallel roll", "after"),
                List.of(before, duringSerial, duringParallel, producer.window(parallelEnd, produceEnd)));
        report.line("").line("-- parallel vs serial, same run");
        report.row("whole roll, parallel / serial", serial.end() < 0 || parallel.end() < 0 ? "-" : String.format(Locale.ROOT, "%s / %s = %.2f",
                dur(parallel.start(), parallel.end()), dur(serial.start(), serial.end()),
                (double) (parallel.end() - parallel.start()) / (serial.end() - serial.start())));
        report.row("restart steps, parallel / serial", parallel.steps().size() + " / " + serial.steps().size());
        report.row("producer p99 during / baseline, serial", String.format(Locale.ROOT, "%.2fx", ratio(duringSerial.percentile(0.99),
                before.percentile(0.99))));
        report.row("producer p99 during / baseline, parallel", String.format(Locale.ROOT, "%.2fx", ratio(duringParallel.percentile(0.99),
                before.percentile(0.99))));
        report.line("").records(producer, read);
        report.line("").line("-- timeline (seconds from the baseline's start)");
        timeline.lines(baselineStart, produceEnd).forEach(l -> report.line("  " + l));
        return report;
    }






    private static String at(long origin, long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", (nanos - origin) / 1e9);
    }
}
