package dev.brook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A benchmark's Markdown report: printed as it grows, written to a file at the end. */
final class Report {
    private final StringBuilder text = new StringBuilder();

    void line(String line) {
        System.out.println(line);
        text.append(line).append('\n');
    }

    /** A table row: the two measured values and their ratio (first ÷ second). */
    void row(String what, double first, double second, String format) {
        line("| " + what + " | " + String.format(Locale.ROOT, format, first) + " | " + String.format(Locale.ROOT, format, second)
                + " | " + String.format(Locale.ROOT, "%.2f", first / second) + " |");
    }

    /** The rows of two {@link ProduceConsumeLoad} runs side by side. */
    void loadRows(ProduceConsumeLoad.Result first, ProduceConsumeLoad.Result second) {
        row("producer records/s", first.producerRecordsPerSec(), second.producerRecordsPerSec(), "%,.0f");
        row("producer MB/s", first.producerMBps(), second.producerMBps(), "%.2f");
        line("| producer latency ms (avg / p50 / p95 / p99 / max) | " + first.producerLatency() + " | " + second.producerLatency() + " | |");
        row("consumer records/s", first.consumerRecordsPerSec(), second.consumerRecordsPerSec(), "%,.0f");
        row("consumer MB/s (including the group join)", first.consumerMBps(), second.consumerMBps(), "%.2f");
        row("consumer fetch MB/s (without the group join)", first.consumerFetchMBps(), second.consumerFetchMBps(), "%.2f");
        row("consumer group join ms (group.initial.rebalance.delay.ms: Kafka default 3000, stock file 0)",
                first.consumerGroupJoinMs(), second.consumerGroupJoinMs(), "%,.0f");
        row("broker CPU s, produce phase (3 brokers)", first.brokerCpuProduce(), second.brokerCpuProduce(), "%.1f");
        row("producer client CPU s", first.clientCpuProduce(), second.clientCpuProduce(), "%.1f");
        row("broker CPU s, consume phase (3 brokers)", first.brokerCpuConsume(), second.brokerCpuConsume(), "%.1f");
        row("consumer client CPU s", first.clientCpuConsume(), second.clientCpuConsume(), "%.1f");
        row("ZooKeeper CPU s, both phases (3 servers)", first.zookeeperCpu(), second.zookeeperCpu(), "%.1f");
        row("CPU s per produce-phase second (all processes; 2.0 = both cores busy)",
                (first.brokerCpuProduce() + first.clientCpuProduce()) / first.produceSeconds(),
                (second.brokerCpuProduce() + second.clientCpuProduce()) / second.produceSeconds(), "%.2f");
    }

    /** Cores, CPU model, memory, OS, Java and the load average now (other work on the machine skews numbers). */
    void machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        line(String.format(Locale.ROOT, "- machine: %d cores (%s), %.1f GiB RAM, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                cpu, memKb / 1024.0 / 1024.0, System.getProperty("os.name"), System.getProperty("os.version"), Runtime.version()));
        line("- load average at start (other work on the machine skews numbers): " + loadAverage());
    }

    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    void write(Path file) throws IOException {
        Files.writeString(file, text.toString());
        System.out.println();
        System.out.println("report written to " + file);
    }
}
