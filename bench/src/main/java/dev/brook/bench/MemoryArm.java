package dev.brook.bench;

import dev.brook.api.v1alpha1.Topic;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.Locale;

/**
 * The operator's memory at scale: a fresh operator process watching only its own namespace gets
 * {@code count} Topics (1 partition, RF 1), all must become Ready, then the arm waits for one full resync (at
 * least as many further Topic reconciles as there are Topics, from the operator's JOSDK metrics). It reports the
 * process's peak resident set (VmHWM) over its whole life, which therefore covers start, creates and resync.
 */
final class MemoryArm {
    /** JOSDK's per-reconcile counter in the operator's Prometheus output (summed over controllers: only Topics exist here). */
    static final String RECONCILES = "operator_sdk_reconciliations_started_total";

    record Result(int topics, long readyMillis, long resyncMillis, double createCpuSeconds, double resyncCpuSeconds, long peakRssKib,
            long rssKib, long adminRequests, ApiWriteCounter.Snapshot apiWrites, int readyFalseTransitions) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String cluster;
    private final OperatorProcess operator;
    private final ApiWriteCounter writes;
    private final KafkaProcesses kafka;
    private final Duration timeout;

    MemoryArm(KubernetesClient client, String namespace, String cluster, OperatorProcess operator, ApiWriteCounter writes,
            KafkaProcesses kafka, Duration timeout) {
        this.client = client;
        this.namespace = namespace;
        this.cluster = cluster;
        this.operator = operator;
        this.writes = writes;
        this.kafka = kafka;
        this.timeout = timeout;
    }

    Result run(TopicSet topics) throws Exception {
        TopicReadiness readiness = new TopicReadiness();
        SharedIndexInformer<Topic> informer = client.resources(Topic.class).inNamespace(namespace).inform(readiness);
        try {
            OperatorArm creates = new OperatorArm(client, namespace, cluster, readiness, operator, writes, kafka, null, timeout);
            ArmResult created = creates.create("memory", topics);
            double cpuAtReady = operator.cpuSeconds();
            double reconcilesAtReady = operator.metric(RECONCILES);
            long readyAt = System.nanoTime();
            Deadline deadline = Deadline.in(timeout, "a full resync of " + topics.count() + " Topics");
            long nextLog = System.nanoTime();
            while (true) {
                double resynced = operator.metric(RECONCILES) - reconcilesAtReady;
                if (resynced >= topics.count()) {
                    break;
                }
                if (System.nanoTime() >= nextLog) {
                    System.out.printf(Locale.ROOT, "[bench] memory arm: %.0f/%d Topics reconciled again since all Ready%n", resynced, topics.count());
                    nextLog = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
                deadline.pause(Duration.ofMillis(500));
            }
            long resyncMillis = (System.nanoTime() - readyAt) / 1_000_000;
            return new Result(topics.count(), created.millis(), resyncMillis, created.operatorCpuSeconds(),
                    operator.cpuSeconds() - cpuAtReady, operator.memoryKib("VmHWM"), operator.memoryKib("VmRSS"), created.adminRequests(),
                    created.apiWrites(), created.readyFalseTransitions());
        } finally {
            informer.close();
        }
    }
}
