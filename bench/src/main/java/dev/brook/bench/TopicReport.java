package dev.brook.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The tables of bench/topics, written into a {@link Report}. */
final class TopicReport {
    /**
     * Event reasons that are wrong in these arms, where Brook creates every topic itself and nothing else touches them:
     * TopicAdopted (a create came back "already exists") and TopicRecreated (a topic taken for deleted outside Brook).
     */
    private static final List<String> UNEXPECTED_EVENTS = List.of("TopicAdopted", "TopicRecreated");

    private final Report report;

    TopicReport(Report report) {
        this.report = report;
    }

    /**
     * One table per action (create, change config): a row per arm, in the order run. The operator's ratio is its
     * topics/s divided by the mean of the two floor arms' topics/s.
     */
    void arms(String title, List<ArmResult> arms) {
        double floorMean = arms.stream().filter(a -> !a.isOperator()).mapToDouble(ArmResult::topicsPerSecond).average().orElse(Double.NaN);
        report.line("");
        report.line("### " + title);
        report.line("");
        report.line("| arm | topics | seconds | topics/s | operator ÷ floor (mean of the 2 floor arms) | Admin requests per topic "
                + "| Kafka CPU s | operator CPU ms per topic | Ready=False transitions | operator API writes per topic (status + Events + other) "
                + "| operator Events by reason (Brook created every topic: TopicAdopted and TopicRecreated expected 0) |");
        report.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        for (ArmResult a : arms) {
            String ratio = a.isOperator() ? f("%.2f", a.topicsPerSecond() / floorMean) : "–";
            String operatorCpu = a.isOperator() ? f("%.1f", a.operatorCpuSeconds() * 1000 / a.topics()) : "–";
            String readyFalse = a.isOperator() ? Integer.toString(a.readyFalseTransitions()) : "–";
            String writes = "–";
            String events = "–";
            if (a.isOperator()) {
                ApiWriteCounter.Snapshot w = a.apiWrites();
                writes = f("%.2f", (double) w.operator() / a.topics()) + f(" (%.2f + %.2f + %.2f)", (double) w.status() / a.topics(),
                        (double) w.events() / a.topics(), (double) w.other() / a.topics());
                events = eventsByReason(w);
            }
            report.line("| " + a.name() + " (" + a.path() + ") | " + a.topics() + " | " + f("%.1f", a.millis() / 1000.0) + " | "
                    + f("%.1f", a.topicsPerSecond()) + " | " + ratio + " | " + f("%.2f", (double) a.adminRequests() / a.topics()) + " | "
                    + f("%.1f", a.kafkaCpuSeconds()) + " | " + operatorCpu + " | " + readyFalse + " | " + writes + " | " + events + " |");
        }
    }

    void memory(MemoryArm.Result r, String resyncInterval) {
        report.line("");
        report.line("### Memory: " + r.topics() + " Topics (1 partition, RF 1), a fresh operator process, resync " + resyncInterval);
        report.line("");
        report.line("| what | value |");
        report.line("|---|---:|");
        report.line("| **operator peak RSS (VmHWM, whole process life)** (target ≤ 256 MiB) | **" + f("%.0f MiB", r.peakRssKib() / 1024.0) + "** |");
        report.line("| operator RSS after the resync (VmRSS) | " + f("%.0f MiB", r.rssKib() / 1024.0) + " |");
        report.line("| time until all Ready (from the first create) | " + f("%.1f s", r.readyMillis() / 1000.0) + " |");
        report.line("| topics/s to Ready | " + f("%.1f", r.topics() * 1000.0 / r.readyMillis()) + " |");
        report.line("| operator CPU until all Ready | " + f("%.1f s (%.1f ms per topic)", r.createCpuSeconds(), r.createCpuSeconds() * 1000 / r.topics()) + " |");
        report.line("| resync window after all Ready (resync interval + 30 s) | " + f("%.1f s", r.windowMillis() / 1000.0) + " |");
        report.line("| operator CPU in that window | " + f("%.1f s (%.2f ms per topic)", r.resyncCpuSeconds(), r.resyncCpuSeconds() * 1000 / r.topics()) + " |");
        report.line("| operator API writes per topic until all Ready | " + f("%.2f", (double) r.apiWrites().operator() / r.topics()) + " |");
        if (r.scrapeFailure().isEmpty()) {
            report.line("| reconciles started per Topic over the arm (one /q/metrics scrape after the readings above) | "
                    + f("%.2f", r.reconcilesPerTopic()) + " |");
            report.line("| size of that /q/metrics answer | " + f("%.1f MB", r.metricsBytes() / 1e6) + " |");
        } else {
            report.line("| /q/metrics scrape after the readings above | failed: " + r.scrapeFailure().replace('|', '/') + " |");
        }
        report.line("| Ready=False transitions | " + r.readyFalseTransitions() + " |");
        report.line("| **TopicAdopted Events** from the first create to the end of the resync window (Brook created every topic: "
                + "expected 0) | **" + r.armWrites().events("TopicAdopted") + "** |");
        report.line("| operator Events by reason in that time (TopicRecreated expected 0 too) | " + eventsByReason(r.armWrites()) + " |");
    }

    /** "TopicAdopted 0, TopicRecreated 0; others: TopicCreated 1000": the unexpected reasons always, then any other seen. */
    private static String eventsByReason(ApiWriteCounter.Snapshot writes) {
        StringBuilder text = new StringBuilder();
        for (String reason : UNEXPECTED_EVENTS) {
            text.append(text.isEmpty() ? "" : ", ").append(reason).append(' ').append(writes.events(reason));
        }
        String others = writes.eventsByReason().entrySet().stream().filter(e -> !UNEXPECTED_EVENTS.contains(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return text + (others.isEmpty() ? "" : "; others: " + others);
    }

    void lag(List<Long> samples, Duration refresh) {
        List<Long> sorted = samples.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2.0;
        long target = refresh.toMillis() + 1000;
        report.line("");
        report.line("### Lag: consumer commitSync -> new lag in ConsumerGroup status (refresh " + refresh.toSeconds() + " s, "
                + sorted.size() + " samples, each after a random wait within the refresh interval)");
        report.line("");
        report.line("| min | median | max | target (refresh + 1 s) | samples within target |");
        report.line("|---:|---:|---:|---:|---:|");
        report.line("| " + f("%.1f s", sorted.get(0) / 1000.0) + " | " + f("%.1f s", median / 1000.0) + " | "
                + f("%.1f s", sorted.get(sorted.size() - 1) / 1000.0) + " | " + f("%.0f s", target / 1000.0) + " | "
                + sorted.stream().filter(s -> s <= target).count() + " of " + sorted.size() + " |");
        report.line("");
        report.line("All samples (ms): " + samples);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
