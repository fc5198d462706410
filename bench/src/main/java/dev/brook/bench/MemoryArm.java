package dev.brook.bench;

import dev.brook.api.v1alpha1.Topic;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.Locale;

/**
 * The operator's memory at scale: a fresh operator process watching only its own namespace gets {@code count} Topics
 * (1 partition, RF 1); all must become Ready; then the arm stays open for one resync interval plus a margin after the
 * last Topic became Ready, so every Topic's resync timer (re-armed by each reconcile) has fired once. It reports the
 * process's peak resident set (VmHWM) over its whole life: start, creates and resync.
 *
 * <p>The operator's /q/metrics is not scraped until the memory readings are taken, so a scrape's own allocation is
 * never part of them (with per-resource JOSDK series, as before ControllerMetricsProducer, one scrape at 10,000 Topics
 * was hundreds of MB). The one scrape at the
 * end counts the reconciles (did the resync happen?) and measures the scrape's size.
 */
final class MemoryArm {
    /** JOSDK's per-reconcile counter in the operator's Prometheus output (summed over its series). */
    static final String RECONCILES = "operator_sdk_reconciliations_started_total";
    private static final Duration RESYNC_MARGIN = Duration.ofSeconds(30);

    /**
     * {@code reconcilesPerTopic} and {@code metricsBytes} are -1 when the final scrape failed ({@code scrapeFailure} says why).
     * {@code apiWrites}: until all Ready; {@code armWrites}: until the end of the resync window (Events a resync writes count too).
     */
    record Result(int topics, long readyMillis, long windowMillis, double createCpuSeconds, double resyncCpuSeconds, long peakRssKib,
            long rssKib, ApiWriteCounter.Snapshot apiWrites, ApiWriteCounter.Snapshot armWrites, int readyFalseTransitions,
            double reconcilesPerTopic, long metricsBytes, String scrapeFailure) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String cluster;
    private final OperatorProcess operator;
    private final ApiWriteCounter writes;
    private final KafkaProcesses kafka;
    private final Duration timeout;
    private final Duration resync;

    MemoryArm(KubernetesClient client, String namespace, String cluster, OperatorProcess operator, ApiWriteCounter writes,
            KafkaProcesses kafka, Duration timeout, Duration resync) {
        this.client = client;
        this.namespace = namespace;
        this.cluster = cluster;
        this.operator = operator;
        this.writes = writes;
        this.kafka = kafka;
        this.timeout = timeout;
        this.resync = resync;
    }

    Result run(TopicSet topics) throws Exception {
        TopicReadiness readiness = new TopicReadiness();
        SharedIndexInformer<Topic> informer = client.resources(Topic.class).inNamespace(namespace).inform(readiness);
        try {
            ApiWriteCounter.Snapshot writesAtStart = writes.snapshot();
            OperatorArm creates = new OperatorArm(client, namespace, cluster, readiness, operator, writes, kafka, null, timeout, false);
            ArmResult created = creates.create("memory", topics);
            long allReady = System.nanoTime();
            double cpuAtReady = operator.cpuSeconds();
            Duration window = resync.plus(RESYNC_MARGIN);
            System.out.printf(Locale.ROOT, "[bench] memory arm: all %d Ready; staying %d s for one resync%n", topics.count(), window.toSeconds());
            long windowEnd = allReady + window.toNanos();
            Deadline deadline = Deadline.in(window.plusSeconds(30), "the memory arm's resync window");
            // The window is the arm's definition (one resync interval), not a synchronisation: watch the process meanwhile.
            while (System.nanoTime() < windowEnd) {
                if (!operator.isAlive()) {
                    throw new IllegalStateException("the operator exited with " + operator.exitValue() + " during the resync window; log: "
                            + operator.log());
                }
                deadline.pause(Duration.ofSeconds(1));
            }
            long windowMillis = (System.nanoTime() - allReady) / 1_000_000;
            double resyncCpu = operator.cpuSeconds() - cpuAtReady;
            long peak = operator.memoryKib("VmHWM");
            long rss = operator.memoryKib("VmRSS");
            ApiWriteCounter.Snapshot armWrites = writes.snapshot().minus(writesAtStart);
            double reconcilesPerTopic = -1;
            long metricsBytes = -1;
            String scrapeFailure = "";
            try {
                reconcilesPerTopic = operator.metric(RECONCILES) / topics.count();
                metricsBytes = operator.lastScrapeBytes();
            } catch (RuntimeException e) {
                scrapeFailure = e.getMessage() + (operator.isAlive() ? "" : " (operator exited with " + operator.exitValue() + ")");
            }
            return new Result(topics.count(), created.millis(), windowMillis, created.operatorCpuSeconds(), resyncCpu, peak, rss,
                    created.apiWrites(), armWrites, created.readyFalseTransitions(), reconcilesPerTopic, metricsBytes, scrapeFailure);
        } finally {
            informer.close();
        }
    }
}
