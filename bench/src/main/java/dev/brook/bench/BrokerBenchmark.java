package dev.brook.bench;

import dev.brook.local.BrookImage;
import dev.brook.local.Directories;
import dev.brook.local.LocalKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
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
import java.util.stream.Collectors;

/**
 * Brook vs stock Kafka on the same machine and jars: ProducerPerformance / ConsumerPerformance with
 * acks=all, RF=3, min.insync.replicas=2, 1 KiB records against a 3 ZooKeeper + 3 broker cluster, the
 * disk's raw write rate, CPU seconds of brokers and clients, and failover times. Prints a Markdown
 * report. Run with {@code bench/broker}; never part of the test suite.
 */
public final class BrokerBenchmark {
    private final int records;
    private final Path work;
    private final Report report = new Report();

    private BrokerBenchmark(int records, Path work) {
        this.records = records;
        this.work = work;
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
        report.line("# Brook broker benchmark");
        report.line("");
        report.machine();
        report.line("- heaps: broker 512 MiB, ZooKeeper 256 MiB, G1 with Kafka's flags, for both Brook and stock; perf clients 512 MiB");
        double ddCached = DiskWriteRate.measure(work, false);
        double ddSync = DiskWriteRate.measure(work, true);
        report.line(String.format(Locale.ROOT, "- disk (dd 1 GiB, bs=1M, under %s): %.0f MB/s without fdatasync, %.0f MB/s with conv=fdatasync", work, ddCached, ddSync));
        report.line(String.format(Locale.ROOT, "- load: %,d records x 1 KiB, acks=all, topic RF=3, min.insync.replicas=2, 3 partitions; after a %,d-record warm-up", records, records / 3));
        report.line("");

        ProduceConsumeLoad.Result brook;
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
            brook = new ProduceConsumeLoad(records, work).run("brook", cluster.bootstrapServers(), new Properties(), brokerPid, zkPids);
            brookFailover = failover(cluster.bootstrapServers(),
                    id -> cluster.runtime().kill(cluster.brokerPod(id)),
                    id -> cluster.runtime().pod(cluster.brokerPod(id)).orElseThrow().process());
        }

        ProduceConsumeLoad.Result stock;
        Failover stockFailover;
        try (StockCluster cluster = new StockCluster(8)) {
            cluster.start(image, work.resolve("stock"));
            List<Long> zkPids = cluster.zookeepers().stream().map(Process::pid).toList();
            stock = new ProduceConsumeLoad(records, work).run("stock", cluster.bootstrapServers(), new Properties(),
                    i -> cluster.brokers().get(i).pid(), zkPids);
            stockFailover = failover(cluster.bootstrapServers(), id -> {
                cluster.brokers().get(id).destroyForcibly();
                try {
                    cluster.brokers().get(id).waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, id -> cluster.brokers().get(id));
        }

        report.line("| | Brook | stock | Brook ÷ stock |");
        report.line("|---|---:|---:|---:|");
        report.loadRows(brook, stock);
        report.row("producer MB/s ÷ (disk fdatasync MB/s ÷ 3)", brook.producerMBps() / (ddSync / 3), stock.producerMBps() / (ddSync / 3), "%.3f");
        report.row("kill -9 of a partition leader: ms until every partition has a leader", brookFailover.killToAllLedMs,
                stockFailover.killToAllLedMs, "%,.0f");
        report.row("SIGTERM of a leading broker: ms until the process exited", brookFailover.sigtermExitMs, stockFailover.sigtermExitMs, "%,.0f");
        report.line("");
        report.line("Brook 3+3 cluster start (processes launched until every pod ready): " + brookStartMs + " ms");
        report.line("Load average at the end: " + Report.loadAverage());
        report.write(work.resolve("bench-report.md"));
    }

    /** kill -9 the leader of partition 0, time until all partitions are led; then SIGTERM a leading survivor, time its exit. */
    private Failover failover(String bootstrap, java.util.function.IntConsumer kill, IntFunction<Process> process) throws Exception {
        try (Admin admin = ProduceConsumeLoad.admin(bootstrap, new Properties())) {
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
}
