package dev.brook.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.JvmOptions;
import dev.brook.operator.harness.Harness;
import dev.brook.operator.harness.TestKubelet;
import dev.brook.model.BrookNames;
import dev.brook.model.PodTemplateHash;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(RollingRestartBenchmark.Profile.class)
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
    /** Static in Kafka 3.9.2 (not in DynamicBrokerConfig.AllDynamicConfigs), so the brokers must restart to apply it. */
    private static final String ROLL_KEY = "offsets.retention.minutes";
    private static final String ROLL_BEFORE = "10080";
    private static final String ROLL_AFTER = "20160";
    private static final String ANCHOR = "Strimzi users report ~2 minutes per broker pod on small clusters";
    private static final Path REPORT = Path.of("target", "bench-rolling", "rolling.txt");

    private static TestKubelet kubelet;
    private static Admin admin;
    private static KafkaPoller poller;
    private static PacedProducer producer;
    private static final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    @Inject
    KubernetesClient client;

    /** The operator with INFO logging (the test profile logs dev.brook at DEBUG) and a quiet mock API server. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>();
            for (String prefix : List.of("", "%test.")) {
                m.put(prefix + "quarkus.log.category.\"dev.brook\".level", "INFO");
                m.put(prefix + "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
                m.put(prefix + "quarkus.http.test-port", "0");
            }
            return m;
        }
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (poller != null) {
            poller.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        informers.forEach(SharedIndexInformer::close);
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void rollingRestartOfThreeBrokersUnderAcksAllLoad() throws Exception {
        Report report = new Report();
        String loadAtStart = BenchReport.loadAverage();
        Timeline timeline = new Timeline();
        PodTracker pods = new PodTracker(timeline);
        ClusterTracker clusterTracker = new ClusterTracker(timeline);
        informers.add(client.pods().inNamespace(NS).inform(pods));
        informers.add(client.resources(Cluster.class).inNamespace(NS).inform(clusterTracker));

        // 1. The cluster: 3 ZooKeepers + 3 brokers, through the operator and the test kubelet.
        kubelet = Harness.kubelet(client, NS, ADDRESS_BLOCK);
        Cluster cluster = new Cluster();
        cluster.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).build());
        cluster.getSpec().getZookeeper().setJvmOptions(heap("128m", "192m"));
        cluster.getSpec().getBrokers().setJvmOptions(heap("256m", "512m"));
        cluster.getSpec().getBrokers().setConfig(brokerConfig(ROLL_BEFORE));
        long createdAt = System.nanoTime();
        client.resource(cluster).create();
        Cluster ready = await().atMost(CLUSTER_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(this::cluster,
                c -> c != null && c.getStatus() != null && Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY));
        long clusterReadyMillis = (System.nanoTime() - createdAt) / 1_000_000;
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
        CpuLedger kafkaCpu = new CpuLedger();
        poller = new KafkaPoller(admin, timeline, kafkaCpu);

        // 2. Load: warm-up, then the baseline window with no roll.
        producer = new PacedProducer(bootstrap, RATE);
        System.out.printf("[bench] producing %d records/s of %d B; warm-up %d s, baseline %d s%n", RATE, RECORD_BYTES,
                WARM_UP.toSeconds(), BASELINE.toSeconds());
        Thread.sleep(WARM_UP.toMillis());
        long baselineStart = System.nanoTime();
        Map<Long, Double> kafkaCpuBaseline0 = kafkaCpu.snapshot();
        double jvmCpuBaseline0 = PhaseMeter.jvmCpuSeconds();
        Thread.sleep(BASELINE.toMillis());

        // 3. The roll: a static broker config key changes.
        String loadAtRoll = BenchReport.loadAverage();
        String oldHash = templateHash(client.apps().statefulSets().inNamespace(NS).withName(BrookNames.broker(NAME)).get());
        int controllerBefore = poller.lastController();
        int startsBefore = kubelet.starts().size();
        Map<Long, Double> kafkaCpuRoll0 = kafkaCpu.snapshot();
        double kafkaCpuBaseline = kafkaCpu.since(kafkaCpuBaseline0);
        double jvmCpuRoll0 = PhaseMeter.jvmCpuSeconds();
        long t0 = System.nanoTime();
        timeline.origin(t0);
        pods.arm();
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(NAME).edit(c -> {
            c.getSpec().getBrokers().setConfig(brokerConfig(ROLL_AFTER));
            return c;
        }));
        timeline.add("spec.brokers.config." + ROLL_KEY + " " + ROLL_BEFORE + " -> " + ROLL_AFTER + " (controller: broker " + controllerBefore + ")");
        long generation = cluster().getMetadata().getGeneration();
        String newHash = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> templateHash(client.apps().statefulSets().inNamespace(NS).withName(BrookNames.broker(NAME)).get()),
                        h -> h != null && !h.equals(oldHash));
        timeline.add("broker StatefulSet template hash " + oldHash + " -> " + newHash);

        long rollEnd = -1;
        long deadline = t0 + ROLL_TIMEOUT.toNanos();
        long nextLog = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (rolled(newHash, generation)) {
                rollEnd = System.nanoTime();
                break;
            }
            if (System.nanoTime() > nextLog) {
                System.out.printf(Locale.ROOT, "[bench] roll running %.0f s: %s; producer acked %d failed %d%n", (System.nanoTime() - t0) / 1e9,
                        clusterTracker.rollingRestart(), producer.acknowledged(), producer.failed());
                nextLog = System.nanoTime() + 10_000_000_000L;
            }
            Thread.sleep(100);
        }
        boolean finished = rollEnd > 0;
        long rollEndOrNow = finished ? rollEnd : System.nanoTime();
        String loadAtRollEnd = BenchReport.loadAverage();
        double kafkaCpuRoll = kafkaCpu.since(kafkaCpuRoll0);
        double jvmCpuRoll = PhaseMeter.jvmCpuSeconds() - jvmCpuRoll0;
        if (finished) {
            timeline.add("roll complete: every broker pod on " + newHash + " and Ready, RollingRestart UpToDate, no partition under-replicated");
            Thread.sleep(AFTER.toMillis());
        } else {
            timeline.add("roll NOT complete after " + ROLL_TIMEOUT.toSeconds() + " s: " + clusterTracker.rollingRestart());
        }
        long produceEnd = System.nanoTime();
        producer.stopAndClose();
        int startsDuringRoll = kubelet.starts().size() - startsBefore;
        List<String> startedDuringRoll = kubelet.starts().subList(startsBefore, kubelet.starts().size());

        // 4. Read everything back.
        System.out.printf("[bench] producer stopped: sent %d, acked %d, failed %d; reading back%n", producer.sent(),
                producer.acknowledged(), producer.failed());
        Verification read = Verification.readBack(bootstrap, producer);
        poller.close();

        // 5. Report.
        report.title("Brook bench/rolling: rolling restart of " + BROKERS + " brokers under a steady acks=all load");
        report.line("(the real operator on the fabric8 mock API + the test kubelet running real ZooKeeper/Kafka 3.9.2 processes on 127.0."
                + ADDRESS_BLOCK + ".x)");
        report.line("machine: " + BenchReport.machine());
        report.line("load average (1/5/15 min): at start " + loadAtStart + "; at the spec change " + loadAtRoll + "; at roll end "
                + loadAtRollEnd + "; at report " + BenchReport.loadAverage());
        report.line("cluster: 3 ZooKeeper (heap 128m/192m) + 3 brokers (heap 256m/512m), JVMs with -XX:TieredStopAtLevel=1 (harness);"
                + " created -> Ready in " + secs(clusterReadyMillis));
        report.line("topic: " + TOPIC + ", " + PARTITIONS + " partitions, RF 3, min.insync.replicas=2");
        report.line("producer: acks=all, enable.idempotence=true, linger.ms=5, keyed, " + RATE + " records/s x " + RECORD_BYTES
                + " B, paced; latency = send() call -> callback");
        report.line("windows: warm-up " + WARM_UP.toSeconds() + " s (not counted), baseline " + BASELINE.toSeconds()
                + " s, the roll, after " + AFTER.toSeconds() + " s");
        report.line("trigger: spec.brokers.config." + ROLL_KEY + " " + ROLL_BEFORE + " -> " + ROLL_AFTER
                + " (a static broker config: Kafka cannot apply it without a restart)");

        report.line("");
        report.line("-- whole roll (times from the spec change)");
        List<Restart> brokerRestarts = pods.restarts().stream().filter(r -> r.pod.contains("-broker-")).toList();
        List<Restart> zookeeperRestarts = pods.restarts().stream().filter(r -> r.pod.contains("-zookeeper-")).toList();
        if (!brokerRestarts.isEmpty()) {
            report.row("spec change -> first broker pod deleted", secs((brokerRestarts.get(0).deleted - t0) / 1_000_000));
        }
        long upToDate = clusterTracker.firstUpToDateAfter(t0, generation);
        report.row("spec change -> RollingRestart UpToDate", upToDate < 0 ? "not seen" : secs((upToDate - t0) / 1_000_000));
        report.row("spec change -> roll complete", finished ? secs((rollEnd - t0) / 1_000_000)
                + "  (all broker pods on the new hash + Ready, UpToDate, 0 under-replicated)" : "NOT within " + ROLL_TIMEOUT.toSeconds() + " s");
        Map<String, Long> inReason = clusterTracker.millisPerReason(t0, rollEndOrNow);
        report.row("RollingRestart reasons (time in each)", inReason.isEmpty() ? "-" : inReason.entrySet().stream()
                .map(e -> e.getKey() + " " + secs(e.getValue())).reduce((a, b) -> a + ", " + b).orElse(""));
        report.row("Postponed episodes", Integer.toString(clusterTracker.episodes("Postponed", t0, rollEndOrNow)));
        report.line("  RollingRestart time by message (broker ids as N; lists of partitions left out):");
        clusterTracker.millisPerMessage(t0, rollEndOrNow).forEach((message, v) -> report.line(String.format(Locale.ROOT,
                "    %8s  %2dx  %s", secs(v[0]), v[1], message)));
        report.row("CPU during the roll: Kafka+ZK JVMs / test JVM", String.format(Locale.ROOT, "%.1f s / %.1f s over %s", kafkaCpuRoll,
                jvmCpuRoll, secs((rollEndOrNow - t0) / 1_000_000)));
        double baselineSeconds = BASELINE.toMillis() / 1000.0;
        report.row("CPU in the baseline: Kafka+ZK JVMs / test JVM", String.format(Locale.ROOT, "%.1f s / %.1f s over %s",
                kafkaCpuBaseline, jvmCpuRoll0 - jvmCpuBaseline0, secs((t0 - baselineStart) / 1_000_000)));

        report.line("");
        report.line("-- per broker, in restart order (seconds from the spec change; durations from the pod's deletion)");
        report.line(String.format(Locale.ROOT, "  %-3s %-14s %-10s %8s %8s %8s %8s | %9s %9s %9s | %10s %6s",
                "#", "pod", "controller", "deleted", "created", "Ready", "in sync", "->created", "->Ready", "->in sync",
                "next after", "max lat"));
        List<Long> perBroker = new ArrayList<>();
        for (int i = 0; i < brokerRestarts.size(); i++) {
            Restart r = brokerRestarts.get(i);
            int id = brokerId(r.pod);
            // In sync: the first poll from the moment it is Ready on (the ISR shrank at its controlled shutdown) at which
            // this broker is back in every ISR (not "all partitions in sync": the next broker may already be shutting down).
            long inSync = poller.firstBackInIsrAfter(r.ready > 0 ? r.ready : r.created > 0 ? r.created : r.deleted, id);
            long back = r.ready < 0 || inSync < 0 ? -1 : Math.max(r.ready, inSync);
            if (back > 0) {
                perBroker.add((back - r.deleted) / 1_000_000);
            }
            long next = i + 1 < brokerRestarts.size() ? brokerRestarts.get(i + 1).deleted : -1;
            int controllerThen = poller.controllerAt(r.deleted);
            report.line(String.format(Locale.ROOT, "  %-3d %-14s %-10s %8s %8s %8s %8s | %9s %9s %9s | %10s %6s", i + 1, r.pod,
                    controllerThen == id ? "yes" : "no", at(r.deleted, t0), at(r.created, t0), at(r.ready, t0), at(inSync, t0),
                    dur(r.deleted, r.created), dur(r.deleted, r.ready), dur(r.deleted, inSync), next < 0 || back < 0 ? "-" : dur(back, next),
                    ms(producer.maxLatencyMillisSentBetween(r.deleted, back < 0 ? rollEndOrNow : back))));
        }
        report.line("  (created = the old process exited and the kubelet created the new pod; in sync = first Admin poll, every 250 ms,");
        report.line("   with this broker back in every ISR; next after = from in sync to the next broker's deletion: the operator's share;");
        report.line("   max lat = the worst producer latency of records sent while that broker was away)");
        List<String> order = brokerRestarts.stream().map(r -> r.pod).toList();
        report.row("restart order", String.join(", ", order));
        report.row("controller at roll start", "broker " + controllerBefore + (order.isEmpty() ? "" : order.get(order.size() - 1)
                .endsWith("-" + controllerBefore) ? " (restarted last)" : " (NOT restarted last)"));
        report.row("controller changes during the roll", poller.controllersBetween(t0, rollEndOrNow).toString());
        Map<String, Integer> deletions = new TreeMap<>();
        brokerRestarts.forEach(r -> deletions.merge(r.pod, 1, Integer::sum));
        List<String> twice = deletions.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue()).toList();
        report.row("broker pods deleted more than once", twice.isEmpty() ? "none" : String.join(", ", twice));
        report.row("ZooKeeper pods restarted", zookeeperRestarts.isEmpty() ? "none"
                : zookeeperRestarts.stream().map(r -> r.pod).toList().toString());
        report.row("process starts during the roll (kubelet)", startsDuringRoll + " " + startedDuringRoll);
        report.row("partitions with no leader, max at one poll", Integer.toString(poller.maxOffline(t0, rollEndOrNow)));
        // Where the roll's time went: the brokers' own work vs the operator's waits between them.
        if (finished && !brokerRestarts.isEmpty() && brokerRestarts.stream().allMatch(r -> r.created > 0 && r.ready > 0)) {
            long shutdown = 0;
            long start = 0;
            long catchUp = 0;
            long between = 0;
            long lastBack = -1;
            for (int i = 0; i < brokerRestarts.size(); i++) {
                Restart r = brokerRestarts.get(i);
                long back = Math.max(r.ready, poller.firstBackInIsrAfter(r.ready, brokerId(r.pod)));
                shutdown += r.created - r.deleted;
                start += r.ready - r.created;
                catchUp += back - r.ready;
                if (i + 1 < brokerRestarts.size()) {
                    between += brokerRestarts.get(i + 1).deleted - back;
                }
                lastBack = back;
            }
            long first = brokerRestarts.get(0).deleted - t0;
            report.row("where the roll's time went", String.format(Locale.ROOT,
                    "operator to first deletion %.1f s + shutdown %.1f s + start to Ready %.1f s + Ready to in sync %.1f s",
                    first / 1e9, shutdown / 1e9, start / 1e9, catchUp / 1e9));
            report.row("", String.format(Locale.ROOT, "+ operator waits between brokers %.1f s + end detected %.1f s = %.1f s",
                    between / 1e9, (rollEnd - lastBack) / 1e9, (rollEnd - t0) / 1e9));
            // The operator may call the roll done once every pod is Ready again; before that it is early.
            long lastReady = brokerRestarts.get(brokerRestarts.size() - 1).ready;
            report.row("RollingRestart UpToDate vs the last broker", upToDate < 0 ? "UpToDate not seen" : String.format(Locale.ROOT,
                    "%s: %+.2f s from its pod Ready, %+.2f s from back in every ISR", upToDate < lastReady ? "EARLY, before its pod was Ready"
                            : "after its pod was Ready", (upToDate - lastReady) / 1e9, (upToDate - lastBack) / 1e9));
        }
        double meanPerBroker = perBroker.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
        report.row("per broker, deleted -> back in sync (mean)", perBroker.isEmpty() ? "-" : secs((long) meanPerBroker)
                + " (min " + secs(perBroker.stream().mapToLong(Long::longValue).min().getAsLong()) + ", max "
                + secs(perBroker.stream().mapToLong(Long::longValue).max().getAsLong()) + ")");
        report.row("whole roll / brokers", finished ? secs((rollEnd - t0) / 1_000_000 / BROKERS) : "-");

        report.line("");
        report.line("-- producer latency (ms, by send time)");
        report.line(String.format(Locale.ROOT, "  %-22s %8s %8s %7s %8s %8s %8s %8s %8s %10s", "window", "seconds", "sent", "failed",
                "p50", "p99", "p99.9", "max", ">1 s", "max send()"));
        PacedProducer.Window before = producer.window(baselineStart, t0);
        PacedProducer.Window during = producer.window(t0, rollEndOrNow);
        PacedProducer.Window after = producer.window(rollEndOrNow, produceEnd);
        report.line(before.row("before (baseline)"));
        report.line(during.row("during the roll"));
        report.line(after.row("after the roll"));
        report.row("ratio during / before", String.format(Locale.ROOT, "p50 %.2fx, p99 %.2fx, max %.2fx", ratio(during.p(0.50), before.p(0.50)),
                ratio(during.p(0.99), before.p(0.99)), ratio(during.max(), before.max())));
        report.row("achieved rate (sent / s) before / during", String.format(Locale.ROOT, "%.0f / %.0f", before.rate(), during.rate()));

        report.line("");
        report.line("-- records");
        report.row("sent", Long.toString(producer.sent()));
        report.row("acknowledged", Long.toString(producer.acknowledged()));
        report.row("failed", producer.failed() + (producer.errors().isEmpty() ? "" : " " + producer.errors()));
        report.row("no answer at close", Long.toString(producer.sent() - producer.acknowledged() - producer.failed()));
        report.row("consumed afterwards (all partitions, from the start)", Long.toString(read.consumed));
        report.row("acknowledged records read back", read.ackedFound + " of " + producer.acknowledged());
        report.row("checksum of acknowledged: sent / read", Long.toHexString(producer.ackedChecksum()) + " / " + Long.toHexString(read.ackedChecksum)
                + (producer.ackedChecksum() == read.ackedChecksum ? " (match)" : " (MISMATCH)"));
        report.row("duplicates / read but not acknowledged", read.duplicates + " / " + read.unacknowledged);
        report.row("read back in", secs(read.millis));

        report.line("");
        report.line("-- anchor");
        report.row("published", ANCHOR + " (reported, not measured here)");
        report.row("Brook, this run", perBroker.isEmpty() ? "-" : String.format(Locale.ROOT,
                "%s per broker pod (deleted -> back in sync, mean); whole roll %s = %s per broker", secs((long) meanPerBroker),
                finished ? secs((rollEnd - t0) / 1_000_000) : "-", finished ? secs((rollEnd - t0) / 1_000_000 / BROKERS) : "-"));

        report.line("");
        report.line("-- timeline (seconds from the spec change)");
        timeline.lines(t0 - 1_000_000_000L, produceEnd).forEach(l -> report.line("  " + l));
        report.write();

        assertThat(finished).as("the roll finished within %s", ROLL_TIMEOUT).isTrue();
        assertThat(read.ackedFound).as("acknowledged records read back").isEqualTo(producer.acknowledged());
        assertThat(read.ackedChecksum).as("checksum of acknowledged records read back").isEqualTo(producer.ackedChecksum());
    }

    private boolean rolled(String newHash, long generation) {
        Cluster c = cluster();
        if (c == null || c.getStatus() == null || c.getStatus().getObservedGeneration() == null
                || c.getStatus().getObservedGeneration() < generation) {
            return false;
        }
        boolean upToDate = Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "UpToDate".equals(r.getReason()))
                .orElse(false);
        if (!upToDate) {
            return false;
        }
        for (int id = 0; id < BROKERS; id++) {
            Pod pod = client.pods().inNamespace(NS).withName(BrookNames.brokerPod(NAME, id)).get();
            if (pod == null || !newHash.equals(annotation(pod)) || !isReady(pod)) {
                return false;
            }
        }
        return poller.inSyncNow();
    }

    private static int brokerId(String pod) {
        return Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
    }

    private Cluster cluster() {
        return client.resources(Cluster.class).inNamespace(NS).withName(NAME).get();
    }

    private static Map<String, String> brokerConfig(String rollValue) {
        return new TreeMap<>(Map.of("min.insync.replicas", "2", "group.initial.rebalance.delay.ms", "0", ROLL_KEY, rollValue));
    }

    private static JvmOptions heap(String xms, String xmx) {
        JvmOptions j = new JvmOptions();
        j.setXms(xms);
        j.setXmx(xmx);
        return j;
    }

    private static String templateHash(StatefulSet set) {
        if (set == null || set.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
            return null;
        }
        return set.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplateHash.ANNOTATION);
    }

    private static String annotation(Pod pod) {
        return pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(PodTemplateHash.ANNOTATION);
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String secs(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    private static String at(long nanos, long t0) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", (nanos - t0) / 1e9);
    }

    private static String dur(long from, long to) {
        return from < 0 || to < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", (to - from) / 1e9);
    }

    private static String ms(long millis) {
        return millis < 0 ? "-" : Long.toString(millis);
    }

    private static double ratio(long a, long b) {
        return b <= 0 ? Double.NaN : (double) a / b;
    }

    /** The report: printed with a [bench] prefix and written to operator/target/bench-rolling/rolling.txt. */
    static final class Report {
        private final List<String> lines = new ArrayList<>();

        void title(String text) {
            line("== " + text);
        }

        void line(String text) {
            lines.add(text);
            System.out.println("[bench] " + text);
        }

        void row(String metric, String value) {
            line(String.format(Locale.ROOT, "  %-46s %s", metric, value));
        }

        void write() {
            try {
                Files.createDirectories(REPORT.getParent());
                Files.write(REPORT, lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Events with the time they were seen, printed relative to the spec change. */
    static final class Timeline {
        private record Event(long nanos, String text) {
        }

        private final List<Event> events = new ArrayList<>();
        private volatile long origin = -1;

        void origin(long nanos) {
            origin = nanos;
        }

        synchronized void add(String text) {
            events.add(new Event(System.nanoTime(), text));
        }

        synchronized List<String> lines(long from, long to) {
            long o = origin < 0 ? 0 : origin;
            return events.stream().filter(e -> e.nanos >= from && e.nanos <= to)
                    .map(e -> String.format(Locale.ROOT, "%+8.2f  %s", (e.nanos - o) / 1e9,
                            e.text.length() > 200 ? e.text.substring(0, 197) + "..." : e.text)).toList();
        }
    }

    /** One pod deletion seen on the API after the spec change, and what followed for that pod. */
    static final class Restart {
        final String pod;
        final long deleted;
        final String oldUid;
        volatile long created = -1;
        volatile String newUid;
        volatile long ready = -1;

        Restart(String pod, long deleted, String oldUid) {
            this.pod = pod;
            this.deleted = deleted;
            this.oldUid = oldUid;
        }
    }

    /** Watches the namespace's pods: deletions (the operator's restarts), creations (the kubelet) and Ready transitions. */
    static final class PodTracker implements ResourceEventHandler<Pod> {
        private final Timeline timeline;
        private final Map<String, Boolean> readyByUid = new ConcurrentHashMap<>();
        private final Map<String, Integer> restartCounts = new ConcurrentHashMap<>();
        private final List<Restart> restarts = new ArrayList<>();
        private volatile boolean armed;

        PodTracker(Timeline timeline) {
            this.timeline = timeline;
        }

        void arm() {
            armed = true;
        }

        synchronized List<Restart> restarts() {
            return List.copyOf(restarts);
        }

        @Override
        public synchronized void onAdd(Pod pod) {
            String name = pod.getMetadata().getName();
            if (armed) {
                timeline.add("pod " + name + " created (template hash " + annotation(pod) + ")");
                for (Restart r : restarts) {
                    if (r.pod.equals(name) && r.created < 0) {
                        r.created = System.nanoTime();
                        r.newUid = pod.getMetadata().getUid();
                    }
                }
            }
            readiness(pod);
        }

        @Override
        public synchronized void onUpdate(Pod old, Pod pod) {
            readiness(pod);
        }

        @Override
        public synchronized void onDelete(Pod pod, boolean finalStateUnknown) {
            String name = pod.getMetadata().getName();
            if (armed) {
                timeline.add("pod " + name + " deleted (was " + (isReady(pod) ? "Ready" : "not Ready") + ")");
                restarts.add(new Restart(name, System.nanoTime(), pod.getMetadata().getUid()));
            }
            readyByUid.remove(pod.getMetadata().getUid());
        }

        private void readiness(Pod pod) {
            String uid = pod.getMetadata().getUid();
            String name = pod.getMetadata().getName();
            boolean ready = isReady(pod);
            Boolean before = readyByUid.put(uid, ready);
            if (armed && !Objects.equals(before, ready) && (before != null || ready)) {
                timeline.add("pod " + name + (ready ? " Ready" : " not Ready"));
            }
            if (ready) {
                for (Restart r : restarts) {
                    if (uid.equals(r.newUid) && r.ready < 0) {
                        r.ready = System.nanoTime();
                    }
                }
            }
            int restartCount = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                    : pod.getStatus().getContainerStatuses().stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
            Integer previous = restartCounts.put(uid, restartCount);
            if (armed && previous != null && restartCount > previous) {
                timeline.add("pod " + name + " container restarted (restartCount " + restartCount + ")");
            }
        }
    }

    /** Watches the Cluster: RollingRestart and Ready condition transitions. */
    static final class ClusterTracker implements ResourceEventHandler<Cluster> {
        private record Transition(long nanos, String reason, String message, long observedGeneration) {
        }

        private final Timeline timeline;
        private final List<Transition> roll = new ArrayList<>();
        private String lastRoll = "";
        private String lastReady = "";
        private final Map<String, String> lastOther = new HashMap<>();

        ClusterTracker(Timeline timeline) {
            this.timeline = timeline;
        }

        @Override
        public void onAdd(Cluster c) {
            seen(c);
        }

        @Override
        public void onUpdate(Cluster old, Cluster c) {
            seen(c);
        }

        @Override
        public void onDelete(Cluster c, boolean finalStateUnknown) {
        }

        private synchronized void seen(Cluster c) {
            if (c.getStatus() == null) {
                return;
            }
            long observed = c.getStatus().getObservedGeneration() == null ? 0 : c.getStatus().getObservedGeneration();
            Conditions.find(c.getStatus().getConditions(), "RollingRestart").ifPresent(r -> {
                String text = r.getStatus() + "/" + r.getReason() + ": " + r.getMessage();
                if (!text.equals(lastRoll)) {
                    lastRoll = text;
                    roll.add(new Transition(System.nanoTime(), r.getReason(), r.getMessage(), observed));
                    timeline.add("RollingRestart " + text);
                }
            });
            Conditions.find(c.getStatus().getConditions(), Conditions.READY).ifPresent(r -> {
                String text = r.getStatus() + "/" + r.getReason();
                if (!text.equals(lastReady)) {
                    lastReady = text;
                    timeline.add("Cluster Ready " + text + ": " + r.getMessage() + " (observedGeneration " + observed
                            + ", resourceVersion " + c.getMetadata().getResourceVersion() + ")");
                }
            });
            // Any other condition (DynamicBrokerConfig, ...): only its changes.
            if (c.getStatus().getConditions() != null) {
                for (Condition o : c.getStatus().getConditions()) {
                    if ("RollingRestart".equals(o.getType()) || Conditions.READY.equals(o.getType())) {
                        continue;
                    }
                    String text = o.getStatus() + "/" + o.getReason() + ": " + o.getMessage();
                    if (!text.equals(lastOther.put(o.getType(), text))) {
                        timeline.add("Cluster " + o.getType() + " " + text);
                    }
                }
            }
        }

        /**
         * Time in each RollingRestart reason and message, the message generalised (broker ids as N, the
         * partition lists after "; blocking" or ": " left out), with how many times it was entered.
         */
        synchronized Map<String, long[]> millisPerMessage(long from, long to) {
            Map<String, long[]> result = new TreeMap<>();
            for (int i = 0; i < roll.size(); i++) {
                Transition t = roll.get(i);
                long start = Math.max(t.nanos, from);
                long end = Math.min(i + 1 < roll.size() ? roll.get(i + 1).nanos : to, to);
                if (end > start && !"UpToDate".equals(t.reason)) {
                    long[] v = result.computeIfAbsent(t.reason + ": " + general(t.message), k -> new long[2]);
                    v[0] += (end - start) / 1_000_000;
                    v[1]++;
                }
            }
            return result;
        }

        static String general(String message) {
            String m = message == null ? "" : message;
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

        synchronized String rollingRestart() {
            return lastRoll;
        }

        synchronized long firstUpToDateAfter(long t0, long generation) {
            return roll.stream().filter(t -> t.nanos > t0 && t.observedGeneration >= generation && "UpToDate".equals(t.reason))
                    .mapToLong(Transition::nanos).findFirst().orElse(-1);
        }

        /** Time spent in each RollingRestart reason between from and to. */
        synchronized Map<String, Long> millisPerReason(long from, long to) {
            Map<String, Long> result = new TreeMap<>();
            for (int i = 0; i < roll.size(); i++) {
                Transition t = roll.get(i);
                long start = Math.max(t.nanos, from);
                long end = Math.min(i + 1 < roll.size() ? roll.get(i + 1).nanos : to, to);
                if (end > start && !"UpToDate".equals(t.reason)) {
                    result.merge(t.reason, (end - start) / 1_000_000, Long::sum);
                }
            }
            return result;
        }

        synchronized int episodes(String reason, long from, long to) {
            int n = 0;
            String previous = null;
            for (Transition t : roll) {
                if (t.nanos >= from && t.nanos <= to && reason.equals(t.reason) && !reason.equals(previous)) {
                    n++;
                }
                previous = t.reason;
            }
            return n;
        }
    }

    /**
     * CPU seconds of the ZooKeeper and broker JVMs (this JVM's child processes), sampled every 250 ms
     * and kept per pid, so a broker that restarted still counts with what its old process used.
     */
    static final class CpuLedger {
        private final Map<Long, Double> seconds = new HashMap<>();

        synchronized void sample() {
            ProcessHandle.current().descendants().forEach(p -> p.info().totalCpuDuration()
                    .ifPresent(d -> seconds.merge(p.pid(), d.toMillis() / 1000.0, Math::max)));
        }

        synchronized Map<Long, Double> snapshot() {
            sample();
            return new HashMap<>(seconds);
        }

        synchronized double since(Map<Long, Double> start) {
            sample();
            double total = 0;
            for (var e : seconds.entrySet()) {
                total += e.getValue() - start.getOrDefault(e.getKey(), 0.0);
            }
            return total;
        }
    }

    /** Polls Kafka every 250 ms: the controller and every partition's leader and ISR. */
    static final class KafkaPoller implements AutoCloseable {
        record Sample(long nanos, int controller, int partitions, int underReplicated, int offline, Set<Integer> outOfIsr, String error) {
            boolean inSync() {
                return error == null && partitions > 0 && underReplicated == 0 && offline == 0;
            }
        }

        private final Admin admin;
        private final Timeline timeline;
        private final List<Sample> samples = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;
        private String last = "";

        private final CpuLedger cpu;

        KafkaPoller(Admin admin, Timeline timeline, CpuLedger cpu) {
            this.admin = admin;
            this.timeline = timeline;
            this.cpu = cpu;
            this.thread = new Thread(this::run, "bench-kafka-poller");
            this.thread.setDaemon(true);
            this.thread.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> lastController() >= 0);
        }

        private void run() {
            while (running) {
                cpu.sample();
                Sample s;
                try {
                    int controller = admin.describeCluster().controller().get(6, TimeUnit.SECONDS).id();
                    Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(6, TimeUnit.SECONDS);
                    Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(6, TimeUnit.SECONDS);
                    int partitions = 0;
                    int under = 0;
                    int offline = 0;
                    Set<Integer> out = new TreeSet<>();
                    for (TopicDescription t : d.values()) {
                        for (TopicPartitionInfo p : t.partitions()) {
                            partitions++;
                            if (p.leader() == null || p.leader().isEmpty()) {
                                offline++;
                            }
                            if (p.isr().size() < p.replicas().size()) {
                                under++;
                                p.replicas().stream().filter(r -> !p.isr().contains(r)).forEach(r -> out.add(r.id()));
                            }
                        }
                    }
                    s = new Sample(System.nanoTime(), controller, partitions, under, offline, out, null);
                } catch (Exception e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    s = new Sample(System.nanoTime(), -1, 0, 0, 0, Set.of(), cause.getClass().getSimpleName());
                }
                synchronized (this) {
                    samples.add(s);
                }
                String text = s.error != null ? "Admin poll failed: " + s.error
                        : "controller " + s.controller + "; " + (s.underReplicated == 0 ? "all " + s.partitions + " partitions in sync"
                                : s.underReplicated + " of " + s.partitions + " partitions under-replicated (out of ISR: broker " + s.outOfIsr + ")")
                        + (s.offline > 0 ? "; " + s.offline + " without leader" : "");
                if (!text.equals(last)) {
                    last = text;
                    timeline.add("Kafka: " + text);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized int lastController() {
            for (int i = samples.size() - 1; i >= 0; i--) {
                if (samples.get(i).controller >= 0) {
                    return samples.get(i).controller;
                }
            }
            return -1;
        }

        synchronized boolean inSyncNow() {
            return !samples.isEmpty() && samples.get(samples.size() - 1).inSync();
        }

        /** The controller at the last successful poll before {@code nanos}. */
        synchronized int controllerAt(long nanos) {
            int c = -1;
            for (Sample s : samples) {
                if (s.nanos > nanos) {
                    break;
                }
                if (s.controller >= 0) {
                    c = s.controller;
                }
            }
            return c;
        }

        synchronized List<Integer> controllersBetween(long from, long to) {
            List<Integer> result = new ArrayList<>();
            for (Sample s : samples) {
                if (s.nanos >= from && s.nanos <= to && s.controller >= 0
                        && (result.isEmpty() || result.get(result.size() - 1) != s.controller)) {
                    result.add(s.controller);
                }
            }
            return result;
        }

        /** The first successful poll after {@code nanos} at which {@code broker} is in every partition's ISR it replicates. */
        synchronized long firstBackInIsrAfter(long nanos, int broker) {
            return samples.stream().filter(s -> s.nanos >= nanos && s.error == null && s.partitions > 0 && !s.outOfIsr.contains(broker))
                    .mapToLong(Sample::nanos).findFirst().orElse(-1);
        }

        synchronized int maxOffline(long from, long to) {
            return samples.stream().filter(s -> s.nanos >= from && s.nanos <= to).mapToInt(Sample::offline).max().orElse(0);
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A paced, idempotent acks=all producer: one keyed 1 KiB record every 1/rate s. Per record it keeps
     * the send time, how long send() blocked, the answer time (negative: failed) and the value's CRC.
     * After a stall it does not burst to catch up (more than 200 ms behind, the schedule restarts).
     */
    static final class PacedProducer {
        private final KafkaProducer<String, byte[]> producer;
        private final int capacity;
        private final long[] sentAt;
        private final long[] blockedNanos;
        private final long[] crc;
        private final AtomicLongArray answeredAt;
        private final java.util.concurrent.atomic.AtomicLong acknowledged = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        private final Map<String, Integer> errors = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile int sent;
        private volatile boolean running = true;
        private boolean closed;

        PacedProducer(String bootstrap, int rate) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            long seconds = WARM_UP.toSeconds() + BASELINE.toSeconds() + ROLL_TIMEOUT.toSeconds() + AFTER.toSeconds() + 60;
            capacity = (int) Math.min(Integer.MAX_VALUE - 8, rate * seconds);
            sentAt = new long[capacity];
            blockedNanos = new long[capacity];
            crc = new long[capacity];
            answeredAt = new AtomicLongArray(capacity);
            long period = 1_000_000_000L / rate;
            thread = new Thread(() -> {
                long next = System.nanoTime();
                int seq = 0;
                while (running && seq < capacity) {
                    long now = System.nanoTime();
                    if (now < next) {
                        LockSupport.parkNanos(next - now);
                        continue;
                    }
                    if (now - next > 200_000_000L) {
                        next = now;
                    }
                    byte[] value = value(seq);
                    crc[seq] = crc(value);
                    int n = seq;
                    long t = System.nanoTime();
                    sentAt[n] = t;
                    try {
                        producer.send(new ProducerRecord<>(TOPIC, Integer.toString(n), value), (metadata, error) -> {
                            long done = System.nanoTime();
                            if (error == null) {
                                answeredAt.set(n, done);
                                acknowledged.incrementAndGet();
                            } else {
                                answeredAt.set(n, -done);
                                failed.incrementAndGet();
                                errors.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                            }
                        });
                    } catch (RuntimeException e) {
                        answeredAt.set(n, -System.nanoTime());
                        failed.incrementAndGet();
                        errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    }
                    blockedNanos[n] = System.nanoTime() - t;
                    seq++;
                    sent = seq;
                    next += period;
                }
            }, "bench-paced-producer");
            thread.setDaemon(true);
            thread.start();
        }

        static byte[] value(int seq) {
            byte[] v = new byte[RECORD_BYTES];
            byte[] head = ("record-" + seq + ";").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, v, 0, head.length);
            for (int i = head.length; i < v.length; i++) {
                v[i] = (byte) (seq * 31 + i * 17);
            }
            return v;
        }

        static long crc(byte[] value) {
            CRC32 c = new CRC32();
            c.update(value);
            return c.getValue();
        }

        /** Stops sending and waits (bounded) for every answer; the arrays are safe to read afterwards. */
        synchronized void stopAndClose() throws InterruptedException {
            running = false;
            thread.join(30_000);
            if (!closed) {
                closed = true;
                producer.flush();
                producer.close(Duration.ofSeconds(60));
            }
        }

        void close() {
            running = false;
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    producer.close(Duration.ofSeconds(10));
                }
            }
        }

        long sent() {
            return sent;
        }

        long acknowledged() {
            return acknowledged.get();
        }

        long failed() {
            return failed.get();
        }

        Map<String, Integer> errors() {
            return new TreeMap<>(errors);
        }

        boolean acked(int seq) {
            return seq < sent && answeredAt.get(seq) > 0;
        }

        long ackedChecksum() {
            long sum = 0;
            for (int i = 0; i < sent; i++) {
                if (answeredAt.get(i) > 0) {
                    sum += crc[i];
                }
            }
            return sum;
        }

        long maxLatencyMillisSentBetween(long from, long to) {
            long max = -1;
            for (int i = 0; i < sent; i++) {
                if (sentAt[i] >= from && sentAt[i] < to && answeredAt.get(i) > 0) {
                    max = Math.max(max, (answeredAt.get(i) - sentAt[i]) / 1_000_000);
                }
            }
            return max;
        }

        Window window(long from, long to) {
            List<Long> latencies = new ArrayList<>();
            int count = 0;
            int failures = 0;
            long maxBlocked = 0;
            for (int i = 0; i < sent; i++) {
                if (sentAt[i] < from || sentAt[i] >= to) {
                    continue;
                }
                count++;
                maxBlocked = Math.max(maxBlocked, blockedNanos[i]);
                long answered = answeredAt.get(i);
                if (answered > 0) {
                    latencies.add((answered - sentAt[i]) / 1000);
                } else {
                    failures++;
                }
            }
            long[] micros = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(micros);
            return new Window((to - from) / 1e9, count, failures, micros, maxBlocked / 1000);
        }

        /** One window's sends: latencies in microseconds, sorted. */
        record Window(double seconds, int sent, int failed, long[] micros, long maxBlockedMicros) {
            long p(double q) {
                if (micros.length == 0) {
                    return -1;
                }
                int rank = (int) Math.ceil(q * micros.length) - 1;
                return micros[Math.max(0, Math.min(micros.length - 1, rank))];
            }

            long max() {
                return micros.length == 0 ? -1 : micros[micros.length - 1];
            }

            double rate() {
                return seconds <= 0 ? 0 : sent / seconds;
            }

            String row(String name) {
                long overSecond = Arrays.stream(micros).filter(m -> m > 1_000_000).count();
                return String.format(Locale.ROOT, "  %-22s %8.1f %8d %7d %8s %8s %8s %8s %8d %10s", name, seconds, sent, failed,
                        msOf(p(0.50)), msOf(p(0.99)), msOf(p(0.999)), msOf(max()), overSecond, msOf(maxBlockedMicros));
            }

            private static String msOf(long micros) {
                return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
            }
        }
    }

    /** Everything in the topic read back from offset 0 (no consumer group), matched against what was acknowledged. */
    record Verification(long consumed, long ackedFound, long ackedChecksum, long duplicates, long unacknowledged, long millis) {
        static Verification readBack(String bootstrap, PacedProducer producer) {
            long start = System.nanoTime();
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
            long consumed = 0;
            long found = 0;
            long sum = 0;
            long duplicates = 0;
            long unacknowledged = 0;
            BitSet seen = new BitSet();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (System.nanoTime() < deadline && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        consumed++;
                        int seq = Integer.parseInt(r.key());
                        if (seen.get(seq)) {
                            duplicates++;
                            continue;
                        }
                        seen.set(seq);
                        if (producer.acked(seq)) {
                            found++;
                            sum += PacedProducer.crc(r.value());
                        } else {
                            unacknowledged++;
                        }
                    }
                }
            }
            return new Verification(consumed, found, sum, duplicates, unacknowledged, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
