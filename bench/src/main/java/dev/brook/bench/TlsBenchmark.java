package dev.brook.bench;

import dev.brook.local.Directories;
import dev.brook.local.LocalKafkaCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.IntFunction;

/**
 * What TLS everywhere costs: the same Brook 3 ZooKeeper + 3 broker cluster, once in plaintext and once as the operator
 * runs a new cluster (ZooKeeper quorum and client port over TLS, replication over mutual TLS, the client listener over
 * TLS; EC P-256 certificates), under the same {@link ProduceConsumeLoad}, one after the other in the same run, alternating
 * for {@code rounds} rounds so that a change of load on the machine hits both. Prints a Markdown report with the ratio.
 * Run with {@code bench/tls}; never part of the test suite.
 */
public final class TlsBenchmark {
    private final int records;
    private final int rounds;
    private final Path work;
    private final Report report = new Report();

    private TlsBenchmark(int records, int rounds, Path work) {
        this.records = records;
        this.rounds = rounds;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path work = Path.of(args.length > 2 ? args[2] : "bench/target/tls").toAbsolutePath();
        Directories.deleteTree(work);
        Files.createDirectories(work);
        new TlsBenchmark(records, rounds, work).run();
    }

    private record Run(ProduceConsumeLoad.Result load, long startMs) {
    }

    private void run() throws Exception {
        report.line("# Brook: TLS everywhere against plaintext");
        report.line("");
        report.machine();
        report.line(String.format(Locale.ROOT, "- load: %,d records x 1 KiB, acks=all, topic RF=3, min.insync.replicas=2, 3 partitions; after "
                + "a %,d-record warm-up; %d round(s), plaintext first in each", records, records / 3, rounds));
        report.line("- heaps: broker 512 MiB, ZooKeeper 256 MiB (Brook's defaults); perf clients 512 MiB");
        report.line("");
        List<Run> plaintext = new ArrayList<>();
        List<Run> tls = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            plaintext.add(measure("plaintext-" + round, false));
            tls.add(measure("tls-" + round, true));
        }
        for (int round = 0; round < rounds; round++) {
            report.line("Round " + (round + 1) + ":");
            report.line("");
            report.line("| | TLS everywhere | plaintext | TLS ÷ plaintext |");
            report.line("|---|---:|---:|---:|");
            report.loadRows(tls.get(round).load(), plaintext.get(round).load());
            report.row("cluster start ms (processes launched until every pod ready)", tls.get(round).startMs(),
                    plaintext.get(round).startMs(), "%,.0f");
            report.line("");
        }
        report.line("Load average at the end: " + Report.loadAverage());
        report.write(work.resolve("tls-report.md"));
    }

    private Run measure(String label, boolean withTls) throws Exception {
        long begin = System.nanoTime();
        LocalKafkaCluster.Builder builder = LocalKafkaCluster.builder("bench").namespace("bench").addressBlock(7).workDir(work.resolve(label));
        BenchPki pki = withTls ? new BenchPki("bench") : null;
        if (withTls) {
            builder.tls(pki);
        }
        try (LocalKafkaCluster cluster = builder.start()) {
            long startMs = (System.nanoTime() - begin) / 1_000_000;
            Properties client = new Properties();
            if (withTls) {
                Path ca = work.resolve(label + "-ca.pem");
                Files.writeString(ca, pki.clusterCaBundle());
                client.put("security.protocol", "SSL");
                client.put("ssl.truststore.type", "PEM");
                client.put("ssl.truststore.location", ca.toString());
            }
            IntFunction<Long> brokerPid = i -> cluster.runtime().pod(cluster.brokerPod(i)).orElseThrow().pid();
            List<Long> zkPids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                zkPids.add(cluster.runtime().pod(cluster.zookeeperPod(i)).orElseThrow().pid());
            }
            return new Run(new ProduceConsumeLoad(records, work).run(label, cluster.bootstrapServers(), client, brokerPid, zkPids), startMs);
        }
    }
}
