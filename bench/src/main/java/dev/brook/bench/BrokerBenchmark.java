package dev.brook.bench;

import dev.brook.local.BrookImage;
import dev.brook.local.Directories;
import dev.brook.local.LocalKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Brook vs stock Kafka on the same machine and jars: ProducerPerformance / ConsumerPerformance with
 * acks=all, RF=3, min.insync.replicas=2, 1 KiB records against a 3 ZooKeeper + 3 broker cluster, the
 * disk's raw write rate, CPU seconds of brokers and clients, and failover times. Prints a Markdown
 * report. Run with {@code bench/broker}; never part of the test suite.
 */
public final class BrokerBenchmark {
    private static final Pattern PRODUCER = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");
    private final int records;
    private final Path work;
    private final StringBuilder report = new StringBuilder();

    private BrokerBenchmark(int records, Path work) {
        this.records = records;
        this.work = work;
    }

    record Load(double producerRecordsPerSec, double producerMBps, String producerLatency, double consumerRecordsPerSec,
                double consumerMBps, double brokerCpuProduce, double clientCpuProduce, double brokerCpuConsume,
                double clientCpuConsume, double zookeeperCpu, double produceSeconds, double consumerFetchMBps,
                double consumerGroupJoinMs) {
    }

    record Failover(long killToAllLedMs, long sigtermExitMs) {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        Path work = Path.of(args.length > 1 ? args[1] : "bench/target/run").toAbsolutePath();
        Directories.deleteTree(work);
        Files.createDirectories(work);
        new BrokerBenchmark(records, work).run();
    }

    private void run() throws Exception {
        BrookImage image = BrookImage.locate();
        line("# Brook broker benchmark");
        line("");
        machine();
        double ddCached = DiskWriteRate.measure(work, false);
        double ddSync = DiskWriteRate.measure(work, true);
        line(String.format(Locale.ROOT, "- disk (dd 1 GiB, bs=1M, under %s): %.0f MB/s without fdatasync, %.0f MB/s with conv=fdatasync", work, ddCached, ddSync));
        line(String.format(Locale.ROOT, "- load: %,d records x 1 KiB, acks=all, topic RF=3, min.insync.replicas=2, 3 partitions; after a %,d-record warm-up", records, records / 3));
        line("");

        Load brook;
        Failover brookFailover;
        long brookStartMs;
        long begin = System.nanoTime();
        try (LocalKafkaCluster cluster = LocalKafkaCluster.builder("bench").namespace("bench").addressBlock(7)
                .workDir(work.resolve("brook")).start()) {
            brookStartMs = (System.nanoTime() - begin) / 1_000_000;
            IntFunction<Long> brokerPid = i -> cluster.runtime().pod(cluster.brokerPod(i)).orElseThrow().pid();
            List<Long> zkPids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                zkPids.add(cluster.runtime().pod(cluster.zookeeperPod(i)).orElseThrow().pid());
            }
            brook = load("brook", cluster.bootstrapServers(), brokerPid, zkPids);
            brookFailover = failover(cluster.bootstrapServers(),
                    id -> cluster.runtime().kill(cluster.brokerPod(id)),
                    id -> cluster.runtime().pod(cluster.brokerPod(id)).orElseThrow().process());
        }

        Load stock;
        Failover stockFailover;
        try (StockCluster cluster = new StockCluster(8)) {
            cluster.start(image, work.resolve("stock"));
            List<Long> zkPids = cluster.zookeepers().stream().map(Process::pid).toList();
            stock = load("stock", cluster.bootstrapServers(), i -> cluster.brokers().get(i).pid(), zkPids);
            stockFailover = failover(cluster.bootstrapServers(), id -> {
                cluster.brokers().get(id).destroyForcibly();
                try {
                    cluster.brokers().get(id).waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, id -> cluster.brokers().get(id));
        }

        line("| | Brook | stock | Brook ÷ stock |");
        line("|---|---:|---:|---:|");
        row("producer records/s", brook.producerRecordsPerSec, stock.producerRecordsPerSec, "%,.0f");
        row("producer MB/s", brook.producerMBps, stock.producerMBps, "%.2f");
        line("| producer latency ms (avg / p50 / p95 / p99 / max) | " + brook.producerLatency + " | " + stock.producerLatency + " | |");
        row("consumer records/s", brook.consumerRecordsPerSec, stock.consumerRecordsPerSec, "%,.0f");
        row("consumer MB/s", brook.consumerMBps, stock.consumerMBps, "%.2f");
        row("consumer fetch MB/s (without the group join)", brook.consumerFetchMBps, stock.consumerFetchMBps, "%.2f");
        row("consumer group join ms (group.initial.rebalance.delay.ms: Kafka default 3000, stock file 0)",
                brook.consumerGroupJoinMs, stock.consumerGroupJoinMs, "%,.0f");
        row("broker CPU s, produce phase (3 brokers)", brook.brokerCpuProduce, stock.brokerCpuProduce, "%.1f");
        row("producer client CPU s", brook.clientCpuProduce, stock.clientCpuProduce, "%.1f");
        row("broker CPU s, consume phase (3 brokers)", brook.brokerCpuConsume, stock.brokerCpuConsume, "%.1f");
        row("consumer client CPU s", brook.clientCpuConsume, stock.clientCpuConsume, "%.1f");
        row("ZooKeeper CPU s, both phases (3 servers)", brook.zookeeperCpu, stock.zookeeperCpu, "%.1f");
        row("CPU s per produce-phase second (all processes; 2.0 = both cores busy)",
                (brook.brokerCpuProduce + brook.clientCpuProduce) / brook.produceSeconds,
                (stock.brokerCpuProduce + stock.clientCpuProduce) / stock.produceSeconds, "%.2f");
        row("producer MB/s ÷ (disk fdatasync MB/s ÷ 3)", brook.producerMBps / (ddSync / 3), stock.producerMBps / (ddSync / 3), "%.3f");
        row("kill -9 of a partition leader: ms until every partition has a leader", brookFailover.killToAllLedMs,
                stockFailover.killToAllLedMs, "%,.0f");
        row("SIGTERM of a leading broker: ms until the process exited", brookFailover.sigtermExitMs, stockFailover.sigtermExitMs, "%,.0f");
        line("");
        line("Brook 3+3 cluster start (processes launched until every pod ready): " + brookStartMs + " ms");
        line("Load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
        Path out = work.resolve("bench-report.md");
        Files.writeString(out, report.toString());
        System.out.println();
        System.out.println("report written to " + out);
    }

    private Load load(String label, String bootstrap, IntFunction<Long> brokerPid, List<Long> zkPids) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            for (String topic : List.of("warmup", "bench")) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                        .all().get(30, TimeUnit.SECONDS);
            }
            awaitFullIsr(admin, "bench");
        }
        PerfRun.run("org.apache.kafka.tools.ProducerPerformance", producerArgs("warmup", records / 3, bootstrap),
                work.resolve(label + "-warmup.log"));
        double zk0 = cpu(zkPids);
        double b0 = brokerCpu(brokerPid);
        long t0 = System.nanoTime();
        PerfRun producer = PerfRun.run("org.apache.kafka.tools.ProducerPerformance", producerArgs("bench", records, bootstrap),
                work.resolve(label + "-producer.log"));
        double produceSeconds = (System.nanoTime() - t0) / 1e9;
        double b1 = brokerCpu(brokerPid);
        PerfRun consumer = PerfRun.run("org.apache.kafka.tools.ConsumerPerformance", List.of("--bootstrap-server", bootstrap,
                "--topic", "bench", "--messages", Integer.toString(records), "--timeout", "60000", "--group", "bench-" + label),
                work.resolve(label + "-consumer.log"));
        double b2 = brokerCpu(brokerPid);
        double zk1 = cpu(zkPids);
        Matcher p = PRODUCER.matcher(producer.lastLine());
        if (!p.find()) {
            throw new IllegalStateException("cannot parse producer result: " + producer.lastLine());
        }
        String[] c = consumer.lastLine().split(",\\s*"); // start, end, MB, MB/s, nMsg, nMsg/s, ...
        System.out.println(label + " producer: " + producer.lastLine());
        System.out.println(label + " consumer: " + consumer.lastLine());
        return new Load(Double.parseDouble(p.group(2)), Double.parseDouble(p.group(3)),
                p.group(4) + " / " + p.group(6) + " / " + p.group(7) + " / " + p.group(8) + " / " + p.group(5),
                Double.parseDouble(c[5]), Double.parseDouble(c[3]), b1 - b0, producer.clientCpuSeconds(), b2 - b1,
                consumer.clientCpuSeconds(), zk1 - zk0, produceSeconds, Double.parseDouble(c[8]), Double.parseDouble(c[6]));
    }

    private static List<String> producerArgs(String topic, int count, String bootstrap) {
        return List.of("--topic", topic, "--num-records", Integer.toString(count), "--record-size", "1024",
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all");
    }

    /** kill -9 the leader of partition 0, time until all partitions are led; then SIGTERM a leading survivor, time its exit. */
    private Failover failover(String bootstrap, java.util.function.IntConsumer kill, IntFunction<Process> process) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            int victim = leaders(admin).get(0);
            long t0 = System.nanoTime();
            kill.accept(victim);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                try {
                    if (leaders(admin).values().stream().noneMatch(l -> l == victim || l == -1)) {
                        break;
                    }
                } catch (Exception metadataNotReady) {
                    // retry
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions still without leader 120 s after kill -9");
                }
                Thread.sleep(50);
            }
            long killMs = (System.nanoTime() - t0) / 1_000_000;
            int survivor = leaders(admin).values().iterator().next();
            Process p = process.apply(survivor);
            long t1 = System.nanoTime();
            p.destroy();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broker " + survivor + " still running 120 s after SIGTERM");
            }
            return new Failover(killMs, (System.nanoTime() - t1) / 1_000_000);
        }
    }

    private static Map<Integer, Integer> leaders(Admin admin) throws Exception {
        return admin.describeTopics(List.of("bench")).allTopicNames().get(5, TimeUnit.SECONDS).get("bench").partitions().stream()
                .collect(Collectors.toMap(TopicPartitionInfo::partition,
                        p -> p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id()));
    }

    private static void awaitFullIsr(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean full = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().allMatch(p -> p.isr().size() == 3);
            if (full) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(topic + " not fully in sync after 60 s");
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        return Admin.create(props);
    }

    private static double brokerCpu(IntFunction<Long> pid) {
        return ProcessCpu.seconds(pid.apply(0)) + ProcessCpu.seconds(pid.apply(1)) + ProcessCpu.seconds(pid.apply(2));
    }

    private static double cpu(List<Long> pids) {
        return pids.stream().mapToDouble(ProcessCpu::seconds).sum();
    }

    private void machine() throws IOException, InterruptedException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        line(String.format(Locale.ROOT, "- machine: %d cores (%s), %.1f GiB RAM, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                cpu, memKb / 1024.0 / 1024.0, System.getProperty("os.name"), System.getProperty("os.version"), Runtime.version()));
        line("- load average at start (other work on the machine skews numbers): " + Files.readString(Path.of("/proc/loadavg")).trim());
        line("- heaps: broker 512 MiB, ZooKeeper 256 MiB, G1 with Kafka's flags, for both Brook and stock; perf clients 512 MiB");
    }

    private void row(String what, double brook, double stock, String format) {
        line("| " + what + " | " + String.format(Locale.ROOT, format, brook) + " | " + String.format(Locale.ROOT, format, stock)
                + " | " + String.format(Locale.ROOT, "%.2f", brook / stock) + " |");
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
