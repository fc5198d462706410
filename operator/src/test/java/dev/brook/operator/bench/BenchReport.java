package dev.brook.operator.bench;

import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text result table, printed to stdout and written to operator/target/bench-topics/NAME.txt for bench/topics
 * (or to another file: bench/rolling).
 */
final class BenchReport {
    private final String name;
    private final List<String> lines = new ArrayList<>();

    BenchReport(String name, String title) {
        this.name = name;
        lines.add("== " + title);
    }

    static String machine() {
        String cpu = "?";
        long memKb = 0;
        String load = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%s UTC; %d CPUs (%s), %.1f GiB RAM; load average %s; Java %s, max heap %d MiB",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), cpu,
                memKb / 1024.0 / 1024.0, load, System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    BenchReport line(String text) {
        lines.add(text);
        System.out.println("[bench] " + text);
        return this;
    }

    BenchReport row(String metric, String value) {
        return line(String.format(Locale.ROOT, "  %-46s %s", metric, value));
    }

    BenchReport phase(PhaseMeter.Result r) {
        row("Admin requests (operator's topic interface)", Long.toString(r.adminRequests()));
        row("JVM CPU (operator + mock API + bench clients)", String.format(Locale.ROOT, "%.1f s (%.0f%% of one core)",
                r.jvmCpuSeconds(), 100 * r.jvmCpuSeconds() / Math.max(0.001, r.wall().toMillis() / 1000.0)));
        row("Kafka CPU (1 ZooKeeper + 3 broker JVMs)", String.format(Locale.ROOT, "%.1f s", r.kafkaCpuSeconds()));
        row("peak heap used (sampled every 50 ms)", mib(r.sampledPeakHeap()) + " of max " + mib(r.heapMax()));
        row("peak heap, sum of pool peaks (upper bound)", mib(r.poolPeakSum()));
        row("largest heap after a GC (live set bound)", r.maxAfterGc() == 0 ? "no GC in phase" : mib(r.maxAfterGc()));
        row("GCs", r.gcCount() + " (" + r.gcMillis() + " ms)");
        row("peak RSS (VmHWM" + (r.hwmReset() ? ", reset at phase start)" : ", since JVM start)"), mib(r.vmHwm()));
        row("RSS at end (VmRSS)", mib(r.vmRss()));
        return this;
    }

    /** Seconds from one {@link System#nanoTime()} value to another, "-" if either is unknown (negative). */
    static String dur(long fromNanos, long toNanos) {
        return fromNanos < 0 || toNanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", (toNanos - fromNanos) / 1e9);
    }

    /** Milliseconds with one decimal from microseconds, "-" if unknown (negative). */
    static String ms(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    static double ratio(long a, long b) {
        return b <= 0 ? Double.NaN : (double) a / b;
    }

    /**
     * "-- producer latency": one row per window of a {@link PacedProducer} (latencies in ms from send()
     * to the callback, sends slower than 1 s, the longest send() call).
     */
    BenchReport latencies(List<String> names, List<PacedProducer.Window> windows) {
        line("-- producer latency (ms, by send time)");
        line(String.format(Locale.ROOT, "  %-22s %8s %8s %7s %8s %8s %8s %8s %8s %10s", "window", "seconds", "sent", "failed",
                "p50", "p99", "p99.9", "max", ">1 s", "max send()"));
        for (int i = 0; i < windows.size(); i++) {
            PacedProducer.Window w = windows.get(i);
            line(String.format(Locale.ROOT, "  %-22s %8.1f %8d %7d %8s %8s %8s %8s %8d %10s", names.get(i), w.seconds(), w.sent(), w.failed(),
                    ms(w.percentile(0.50)), ms(w.percentile(0.99)), ms(w.percentile(0.999)), ms(w.max()), w.slowerThan(1_000_000),
                    ms(w.maxBlockedMicros())));
        }
        return this;
    }

    /** "-- records": what a {@link PacedProducer} sent, and what reading its topic back ({@link Verification}) found. */
    BenchReport records(PacedProducer producer, Verification read) {
        line("-- records");
        row("sent", Long.toString(producer.sent()));
        row("acknowledged", Long.toString(producer.acknowledged()));
        row("failed", producer.failed() + (producer.errors().isEmpty() ? "" : " " + producer.errors()));
        row("no answer at close", Long.toString(producer.unanswered()));
        row("consumed afterwards (all partitions, from the start)", read.consumed() + " (+ " + read.skipped() + " warm-up or other)");
        row("acknowledged records read back", read.found() + " of " + read.acknowledged());
        row("checksum of acknowledged: sent / read", Long.toHexString(read.sentChecksum()) + " / " + Long.toHexString(read.readChecksum())
                + (read.checksumMatches() ? " (match)" : " (MISMATCH)"));
        row("duplicates / read but not acknowledged", read.duplicates() + " / " + read.unacknowledged());
        return row("read back in", secs((double) read.millis()));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
    }

    static String secs(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }

    static String secs(double millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    void write() {
        write(Path.of("target", "bench-topics", name + ".txt"));
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
