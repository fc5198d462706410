package dev.brook.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.brook.operator.bench.BenchReport.dur;
import static dev.brook.operator.bench.BenchReport.ratio;
import static dev.brook.operator.bench.BenchReport.secs;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.contract.BrokerStartupTimes;
import dev.brook.operator.harness.Harness;
import dev.brook.operator.harness.TestKubelet;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.KafkaTestCluster;
import dev.brook.testkit.ClusterTimeline;
import dev.brook.testkit.ClusterTimeline.PodRestart;
import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.ReadBack;
import dev.brook.testkit.Verification;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * bench/rolling: how long Brook's Kafka-aware rolling restart of 3 brokers takes and what a steady
 * acks=all producer sees meanwhile. The real operator on the fabric8 mock API, the test kubelet
 * running real ZooKeeper and Kafka processes (127.0.57.x). A static broker config change
 * ({@code offsets.retention.minutes}, not one of Kafka's dynamic broker configs) triggers the roll.
 * Not part of the normal build: runs only with -Dbrook.bench=true (see bench/rolling). Fails only
 * when an acknowledged record is not read back (or the roll does not finish within its bound).
 * The producer, read-back and timeline come from brook-testkit; {@link KafkaPoller} and {@link CpuLedger} sit beside it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BenchProfiles.Quiet.class)
@EnabledIfSystemProperty(named = "brook.bench", matches = "true")
class RollingRestartBenchmark {
    private static final String NS = "bench-rolling";
    private static final String NAME = "roll";
    private static final int ADDRESS_BLOCK = 57;
    private static final int BROKERS = 3;
    private static final String TOPIC = "rolling-bench";
    private static final int PARTITIONS = 6;
    private static final int RECORD_BYTES = 1024;
    private static final int RATE = Integer.getInteger("brook.bench.rate", 500);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("brook.bench.warmup-seconds", 10));
    private static final Duration BASELINE = Duration.ofSeconds(Long.getLong("brook.bench.baseline-seconds", 60));
    private static final Duration AFTER = Duration.ofSeconds(Long.getLong("brook.bench.after-seconds", 20));
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration ROLL_TIMEOUT = Duration.ofSeconds(Long.getLong("brook.bench.roll-timeout-seconds", 420));
    private static final String ROLL_BEFORE = "10080";
    /**
     * An unmeasured roll before the load (to {@link #ROLL_WARM}): each broker's first graceful stop writes its class-data
     * archive, so the measured roll restarts brokers as on a cluster running since its last image change (a config roll).
     * {@code -Dbrook.bench.warm-roll=false} measures the roll right after an image change instead: every stop writes the archive.
     */
    private static final boolean WARM_ROLL = Boolean.parseBoolean(System.getProperty("brook.bench.warm-roll", "true"));
    private static final String ROLL_WARM = "15120";
    private static final String ROLL_AFTER = "20160";
    private static final String ROLLING_RESTART = "RollingRestart";
    private static final String ANCHOR = "Strimzi users report ~2 minutes per broker pod on small clusters";
    private static final Path REPORT = Path.of("target", "bench-rolling", "rolling.txt");

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

    // What the scenario measured, for the report (System.nanoTime() values; rollEnd -1 if the roll did not finish).
    private final Map<String, String> load = new LinkedHashMap<>();
    private long clusterReadyMillis, baselineStart, t0, rollEnd, rollEndOrNow, produceEnd, generation;
    private int controllerBefore;
    private List<String> startedDuringRoll;
    private CpuLedger.Mark cpuAtBaseline, cpuAtRoll, cpuAtRollEnd;

    @AfterAll
    static void stop() throws Exception {
        AutoCloseable closeAdmin = () -> admin.close(Duration.ofSeconds(5));
        RolledCluster.closeAll(producer, poller, admin == null ? null : closeAdmin, timeline, kubelet);
    }

    @Test
    void rollingRestartOfThreeBrokersUnderAcksAllLoad() throws Exception {
        load.put("at start", BenchReport.loadAverage());
        timeline = ClusterTimeline.watch(client, NS, NAME);

        // 1. The cluster: 3 ZooKeepers + 3 brokers, through the operator and the test kubelet.
        kubelet = Harness.kubelet(client, NS, ADDRESS_BLOCK);
        Cluster cluster = new Cluster();
        cluster.setSpec(new ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).build());
        cluster.getSpec().getZookeeper().setJvmOptions(RolledCluster.heap("128m", "192m"));
        cluster.getSpec().getBrokers().setJvmOptions(RolledCluster.heap("256m", "512m"));
        cluster.getSpec().getBrokers().setConfig(RolledCluster.brokerConfig(ROLL_BEFORE));
        long createdAt = System.nanoTime();
        client.resource(cluster).create();
        Cluster ready = await().atMost(CLUSTER_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(rolled()::get,
                c -> c != null && c.getStatus() != null && Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY));
        clusterReadyMillis = (System.nanoTime() - createdAt) / 1_000_000;
        String bootstrap = ready.getStatus().getBootstrapServers();
        System.out.printf("[bench] cluster Ready after %d ms; bootstrap %s%n", clusterReadyMillis, bootstrap);

        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "6000"));
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
            return d.partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == 3);
        });
        PacedProducer.warmUp(bootstrap, TOPIC, PARTITIONS);
        CpuLedger kafkaCpu = new CpuLedger();
        poller = new KafkaPoller(admin, timeline, kafkaCpu);
        if (WARM_ROLL) {
            long warmStart = System.nanoTime();
            roll(ROLL_WARM, ROLL_TIMEOUT);
            System.out.printf("[bench] unmeasured roll (class-data archives written) done in %d ms%n", (System.nanoTime() - warmStart) / 1_000_000);
        }

        // 2. Load: warm-up, then the baseline window with no roll (the sleeps are the measurement windows).
        producer = PacedProducer.to(bootstrap, TOPIC).rate(RATE).recordBytes(RECORD_BYTES).start();
        System.out.printf("[bench] producing %d records/s of %d B; warm-up %d s, baseline %d s%n", RATE, RECORD_BYTES,
                WARM_UP.toSeconds(), BASELINE.toSeconds());
        Thread.sleep(WARM_UP.toMillis());
        baselineStart = System.nanoTime();
        cpuAtBaseline = kafkaCpu.mark();
        Thread.sleep(BASELINE.toMillis());

        // 3. The roll: a static broker config key changes.
        load.put("at the spec change", BenchReport.loadAverage());
        String oldHash = rolled().brokerTemplateHash();
        controllerBefore = poller.lastController();
        int startsBefore = kubelet.starts().size();
        cpuAtRoll = kafkaCpu.mark();
        t0 = System.nanoTime();
        timeline.origin(t0);
        generation = setRollKey(ROLL_AFTER);
        timeline.note("spec.brokers.config." + RolledCluster.ROLL_KEY + " " + rollFrom() + " -> " + ROLL_AFTER + " (controller: broker " + controllerBefore + ")");
        String newHash = newBrokerHash(oldHash);
        timeline.note("broker StatefulSet template hash " + oldHash + " -> " + newHash);

        // The end of the roll, to the nearest 100 ms, with a progress line every 10 s.
        rollEnd = -1;
        try {
            long[] nextLog = {10_000};
            await().atMost(ROLL_TIMEOUT.minusNanos(System.nanoTime() - t0)).pollInterval(Duration.ofMillis(100))
                    .conditionEvaluationListener(c -> {
                        if (c.getElapsedTimeInMS() >= nextLog[0]) {
                            nextLog[0] += 10_000;
                            System.out.printf(Locale.ROOT, "[bench] roll running %.0f s: %s; producer acked %d failed %d%n",
                                    (System.nanoTime() - t0) / 1e9, timeline.current(ROLLING_RESTART), producer.acknowledged(), producer.failed());
                        }
                    }).until(() -> rolled().rolled(newHash, generation, poller));
            rollEnd = System.nanoTime();
        } catch (ConditionTimeoutException notFinished) {
            // reported below
        }
        rollEndOrNow = rollEnd > 0 ? rollEnd : System.nanoTime();
        load.put("at roll end", BenchReport.loadAverage());
        cpuAtRollEnd = kafkaCpu.mark();
        if (rollEnd > 0) {
            timeline.note("roll complete: every broker pod on " + newHash + " and Ready, RollingRestart UpToDate, no partition under-replicated");
            Thread.sleep(AFTER.toMillis());
        } else {
            timeline.note("roll NOT complete after " + ROLL_TIMEOUT.toSeconds() + " s: " + timeline.current(ROLLING_RESTART));
        }
        produceEnd = System.nanoTime();
        producer.stop();
        startedDuringRoll = List.copyOf(kubelet.starts().subList(startsBefore, kubelet.starts().size()));

        // 4. Read everything back.
        System.out.printf("[bench] producer stopped: sent %d, acked %d, failed %d; reading back%n", producer.sent(),
                producer.acknowledged(), producer.failed());
        Verification read = ReadBack.of(producer, Duration.ofSeconds(180));
        poller.close();
        load.put("at report", BenchReport.loadAverage());

        // 5. Report.
        report(read).write(REPORT);
        assertThat(rollEnd > 0).as("the roll finished within %s", ROLL_TIMEOUT).isTrue();
        assertThat(read.found()).as("acknowledged records read back").isEqualTo(producer.acknowledged());
        assertThat(read.readChecksum()).as("checksum of acknowledged records read back").isEqualTo(producer.acknowledgedChecksum());
    }

    private static String rollFrom() {
        return WARM_ROLL ? ROLL_WARM : ROLL_BEFORE;
    }

    /** Sets {@link RolledCluster#ROLL_KEY} in the spec; returns the Cluster's new generation. */
    private long setRollKey(String value) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setConfig(RolledCluster.brokerConfig(value));
            return c;
        }));
        return rolled().get().getMetadata().getGeneration();
    }

    private String newBrokerHash(String oldHash) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(rolled()::brokerTemplateHash, h -> h != null && !h.equals(oldHash));
    }

    /** A whole roll to {@code value}, unmeasured: returns once {@link RolledCluster#rolled} holds. */
    private void roll(String value, Duration bound) {
        String oldHash = rolled().brokerTemplateHash();
        long gen = setRollKey(value);
        String hash = newBrokerHash(oldHash);
        await().atMost(bound).pollInterval(Duration.ofMillis(250)).until(() -> rolled().rolled(hash, gen, poller));
    }

    private BenchReport report(Verification read) {
        BenchReport report = new BenchReport("rolling", "Brook bench/rolling: rolling restart of " + BROKERS
                + " brokers under a steady acks=all load");
        """
                (the real operator on the fabric8 mock API + the test kubelet running real ZooKeeper/Kafka 3.9.2 processes on 127.0.%d.x)
                machine: %s
                load average (1/5/15 min): %s
                cluster: 3 ZooKeeper (heap 128m/192m) + 3 brokers (heap 256m/512m), JVMs with -XX:TieredStopAtLevel=1 (harness); \
                created -> Ready in %s
                topic: %s, %d partitions, RF 3, min.insync.replicas=2; one warm-up record per partition (non-idempotent producer) first
                producer: acks=all, enable.idempotence=true, linger.ms=5, keyed, %d records/s x %d B, paced; latency = send() call -> callback
                windows: warm-up %d s (not counted), baseline %d s, the roll, after %d s
                before the load: %s
                trigger: spec.brokers.config.%s %s -> %s (a static broker config: Kafka cannot apply it without a restart)"""
                .formatted(ADDRESS_BLOCK, BenchReport.machine(), load.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining("; ")), secs(clusterReadyMillis), TOPIC, PARTITIONS, RATE, RECORD_BYTES, WARM_UP.toSeconds(),
                        BASELINE.toSeconds(), AFTER.toSeconds(), WARM_ROLL ? "an unmeasured roll, so each broker has its class-data archive"
                                + " (a config roll on a running cluster)" : "no roll: every stop of the measured roll writes the broker's class-data archive"
                                + " (the roll after an image change)", RolledCluster.ROLL_KEY, rollFrom(), ROLL_AFTER).lines().forEach(report::line);

        boolean finished = rollEnd > 0;
        List<PodRestart> restarts = timeline.restarts(t0);
        List<BrokerRestart> brokers = BrokerRestart.of(restarts, poller);
        report.line("").line("-- whole roll (times from the spec change)");
        if (!brokers.isEmpty()) {
            report.row("spec change -> first broker pod deleted", dur(t0, brokers.get(0).deleted()));
        }
        long upToDate = timeline.firstChange(ROLLING_RESTART, "UpToDate", t0, generation);
        report.row("spec change -> RollingRestart UpToDate", upToDate < 0 ? "not seen" : dur(t0, upToDate));
        report.row("spec change -> roll complete", finished ? dur(t0, rollEnd)
                + "  (all broker pods on the new hash + Ready, UpToDate, 0 under-replicated)" : "NOT within " + ROLL_TIMEOUT.toSeconds() + " s");
        String reasons = timeline.timeByReason(ROLLING_RESTART, t0, rollEndOrNow).entrySet().stream().filter(e -> !"UpToDate".equals(e.getKey()))
                .map(e -> e.getKey() + " " + secs(e.getValue().millis())).collect(Collectors.joining(", "));
        report.row("RollingRestart reasons (time in each)", reasons.isEmpty() ? "-" : reasons);
        report.row("Postponed episodes", Integer.toString(timeline.episodes(ROLLING_RESTART, "Postponed", t0, rollEndOrNow)));
        report.line("  RollingRestart time by message (broker ids as N; lists of partitions left out):");
        timeline.timeByMessage(ROLLING_RESTART, t0, rollEndOrNow, RollingRestartBenchmark::general).forEach((message, span) -> {
            if (!message.startsWith("UpToDate:")) {
                report.line(String.format(Locale.ROOT, "    %8s  %2dx  %s", secs(span.millis()), span.entered(), message));
            }
        });
        report.row("CPU during the roll: Kafka+ZK JVMs / test JVM", CpuLedger.between(cpuAtRoll, cpuAtRollEnd) + " over " + dur(t0, rollEndOrNow));
        report.row("CPU in the baseline: Kafka+ZK JVMs / test JVM", CpuLedger.between(cpuAtBaseline, cpuAtRoll) + " over "
                + dur(baselineStart, t0));

        report.line("").line("-- per broker, in restart order (seconds from the spec change; durations from the pod's deletion)");
        String table = "  %-3s %-14s %-10s %8s %8s %8s %8s | %9s %9s %9s | %10s %6s";
        report.line(String.format(Locale.ROOT, table, "#", "pod", "controller", "deleted", "created", "Ready", "in sync", "->created",
                "->Ready", "->in sync", "next after", "max lat"));
        for (int i = 0; i < brokers.size(); i++) {
            BrokerRestart r = brokers.get(i);
            long next = i + 1 < brokers.size() ? brokers.get(i + 1).deleted() : -1;
            long maxLatency = producer.maxLatencyMillis(r.deleted(), r.back() < 0 ? rollEndOrNow : r.back());
            report.line(String.format(Locale.ROOT, table, i + 1, r.pod(), poller.controllerAt(r.deleted()) == r.id() ? "yes" : "no",
                    at(r.deleted()), at(r.created()), at(r.ready()), at(r.inSync()), dur(r.deleted(), r.created()), dur(r.deleted(), r.ready()),
                    dur(r.deleted(), r.inSync()), next < 0 || r.back() < 0 ? "-" : dur(r.back(), next), maxLatency < 0 ? "-" : maxLatency));
        }
        report.line("  (created = the old process exited and the kubelet created the new pod; in sync = first Admin poll, every 250 ms,");
        report.line("   with this broker back in every ISR; next after = from in sync to the next broker's deletion: the operator's share;");
        report.line("   max lat = the worst producer latency of records sent while that broker was away)");
        report.line("  where each restarted broker's start went (the agent's startup line in its log; created -> Ready above also counts");
        report.line("  the process launch and the kubelet's readiness poll):");
        for (BrokerRestart r : brokers) {
            report.line("    " + r.pod() + ": " + startupTimes(r.pod()));
        }
        List<String> order = brokers.stream().map(BrokerRestart::pod).toList();
        report.row("restart order", String.join(", ", order));
        report.row("controller at roll start", "broker " + controllerBefore + (order.isEmpty() ? "" : order.get(order.size() - 1)
                .endsWith("-" + controllerBefore) ? " (restarted last)" : " (NOT restarted last)"));
        report.row("controller changes during the roll", poller.controllersBetween(t0, rollEndOrNow).toString());
        String twice = order.stream().collect(Collectors.groupingBy(p -> p, TreeMap::new, Collectors.counting())).entrySet().stream()
                .filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
        report.row("broker pods deleted more than once", twice.isEmpty() ? "none" : twice);
        List<String> zookeepers = restarts.stream().map(PodRestart::pod).filter(p -> p.contains("-zookeeper-")).toList();
        report.row("ZooKeeper pods restarted", zookeepers.isEmpty() ? "none" : zookeepers.toString());
        report.row("process starts during the roll (kubelet)", startedDuringRoll.size() + " " + startedDuringRoll);
        report.row("partitions with no leader, max at one poll", Integer.toString(poller.maxOffline(t0, rollEndOrNow)));
        String[] breakdown = finished ? BrokerRestart.breakdown(brokers, t0, rollEnd) : null;
        if (breakdown != null) {
            report.row("where the roll's time went", breakdown[0]).row("", breakdown[1]);
            // The operator may call the roll done once every pod is Ready again; before that it is early.
            long lastReady = brokers.get(brokers.size() - 1).ready();
            report.row("RollingRestart UpToDate vs the last broker", upToDate < 0 ? "UpToDate not seen" : String.format(Locale.ROOT,
                    "%s: %+.2f s from its pod Ready, %+.2f s from back in every ISR", upToDate < lastReady ? "EARLY, before its pod was Ready"
                            : "after its pod was Ready", (upToDate - lastReady) / 1e9, (upToDate - BrokerRestart.lastBack(brokers)) / 1e9));
        }
        LongSummaryStatistics perBroker = brokers.stream().filter(r -> r.back() > 0).mapToLong(r -> (r.back() - r.deleted()) / 1_000_000)
                .summaryStatistics();
        String meanPerBroker = perBroker.getCount() == 0 ? "-" : secs((long) perBroker.getAverage());
        report.row("per broker, deleted -> back in sync (mean)", perBroker.getCount() == 0 ? "-" : meanPerBroker
                + " (min " + secs(perBroker.getMin()) + ", max " + secs(perBroker.getMax()) + ")");
        String perBrokerOfRoll = finished ? secs((rollEnd - t0) / 1_000_000 / BROKERS) : "-";
        report.row("whole roll / brokers", perBrokerOfRoll);

        PacedProducer.Window before = producer.window(baselineStart, t0);
        PacedProducer.Window during = producer.window(t0, rollEndOrNow);
        report.line("").latencies(List.of("before (baseline)", "during the roll", "after the roll"),
                List.of(before, during, producer.window(rollEndOrNow, produceEnd)));
        report.row("ratio during / before", String.format(Locale.ROOT, "p50 %.2fx, p99 %.2fx, max %.2fx", ratio(during.percentile(0.50),
                before.percentile(0.50)), ratio(during.percentile(0.99), before.percentile(0.99)), ratio(during.max(), before.max())));
        report.row("achieved rate (sent / s) before / during", String.format(Locale.ROOT, "%.0f / %.0f", before.rate(), during.rate()));

        stalls(report, brokers, before);

        report.line("").records(producer, read).line("").line("-- anchor");
        report.row("published", ANCHOR + " (reported, not measured here)");
        report.row("Brook, this run", perBroker.getCount() == 0 ? "-" : meanPerBroker + " per broker pod (deleted -> back in sync, mean);"
                + " whole roll " + (finished ? dur(t0, rollEnd) : "-") + " = " + perBrokerOfRoll + " per broker");

        report.line("").line("-- timeline (seconds from the spec change)");
        timeline.lines(t0 - 1_000_000_000L, produceEnd).forEach(l -> report.line("  " + l));
        return report;
    }

    /**
     * Where the producer's slow sends fall: latency per phase of each broker's restart (shutting down, starting,
     * catching up, back until the next broker goes), and every half second of the roll that sent a record slower than
     * 3x the baseline's p99 (the issue's bound), to line a stall up with the timeline below.
     */
    private void stalls(BenchReport report, List<BrokerRestart> brokers, PacedProducer.Window before) {
        long bound = 3 * before.percentile(0.99);
        report.line("").line(String.format(Locale.ROOT, "-- where the slow sends fall (slow = over 3x the baseline p99 = %s ms)", BenchReport.ms(bound)));
        String table = "  %-14s %-22s %8s %7s %8s %8s %8s %6s";
        report.line(String.format(Locale.ROOT, table, "pod", "phase (from the change)", "seconds", "sent", "p50", "p99", "max", "slow"));
        for (int i = 0; i < brokers.size(); i++) {
            BrokerRestart r = brokers.get(i);
            long next = i + 1 < brokers.size() ? brokers.get(i + 1).deleted() : rollEndOrNow;
            long[][] phases = {{r.deleted(), r.created()}, {r.created(), r.ready()}, {r.ready(), r.back()}, {r.back(), next}};
            String[] names = {"shutting down", "starting", "catching up", "back"};
            for (int p = 0; p < phases.length; p++) {
                long from = phases[p][0];
                long to = phases[p][1];
                if (from < 0 || to < 0 || to <= from) {
                    continue;
                }
                PacedProducer.Window w = producer.window(from, to);
                report.line(String.format(Locale.ROOT, table, p == 0 ? r.pod() : "", names[p] + " " + at(from) + "-" + at(to),
                        String.format(Locale.ROOT, "%.2f", w.seconds()), w.sent(), BenchReport.ms(w.percentile(0.50)),
                        BenchReport.ms(w.percentile(0.99)), BenchReport.ms(w.max()), w.slowerThan(bound)));
            }
        }
        report.line("  half seconds of the roll with slow sends (send time from the change: slow sends, worst):");
        StringBuilder row = new StringBuilder();
        for (long from = t0; from < rollEndOrNow; from += 500_000_000L) {
            PacedProducer.Window w = producer.window(from, Math.min(from + 500_000_000L, rollEndOrNow));
            long slow = w.slowerThan(bound);
            if (slow > 0) {
                row.append(String.format(Locale.ROOT, "  %s: %d, %s ms;", at(from), slow, BenchReport.ms(w.max())));
                if (row.length() > 90) {
                    report.line("  " + row);
                    row.setLength(0);
                }
            }
        }
        if (row.length() > 0) {
            report.line("  " + row);
        }
    }


    /** The last startup line the agent logged for {@code pod} (the restart in this roll), or why there is none. */
    private static String startupTimes(String pod) {
        return kubelet.runtime().pod(pod).map(p -> {
            try {
                return BrokerStartupTimes.lastIn(Files.readString(p.logFile(), StandardCharsets.UTF_8)).map(Object::toString)
                        .orElse("no startup line in " + p.logFile());
            } catch (IOException e) {
                return "log not readable: " + e.getMessage();
            }
        }).orElse("no process");
    }

    /** A RollingRestart message generalised: broker ids as N, the partition lists after "; blocking" or ": " left out. */
    static String general(String message) {
        String m = message;
        int cut = m.indexOf("; blocking");
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        cut = m.indexOf(": ");
        if (cut >= 0 && !m.startsWith("restarting ")) {
            m = m.substring(0, cut);
        }
        return m.replaceAll("broker-\\d+", "broker-N").replaceAll("broker \\d+", "broker N").replaceAll("broker\\(s\\) \\[\\d+]", "broker(s) [N]");
    }





    private String at(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", (nanos - t0) / 1e9);
    }
}
