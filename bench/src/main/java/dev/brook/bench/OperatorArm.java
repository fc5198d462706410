package dev.brook.bench;

import dev.brook.api.v1alpha1.Topic;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The operator path: Topic resources written to the mock API from a few threads, timed until the informer has seen
 * every one Ready=True at its generation (for a config change, also until one batched describeConfigs shows the new
 * value on all of them).
 */
final class OperatorArm {
    static final int WRITER_THREADS = 4;

    private final KubernetesClient client;
    private final String namespace;
    private final String cluster;
    private final TopicReadiness readiness;
    private final OperatorProcess operator;
    private final ApiWriteCounter writes;
    private final KafkaProcesses kafka;
    private final Admin admin;
    private final Duration timeout;
    private final boolean countAdminRequests;

    /** {@code countAdminRequests}: scrape the operator's /q/metrics at the start and the end of each arm. */
    OperatorArm(KubernetesClient client, String namespace, String cluster, TopicReadiness readiness, OperatorProcess operator,
            ApiWriteCounter writes, KafkaProcesses kafka, Admin admin, Duration timeout, boolean countAdminRequests) {
        this.client = client;
        this.namespace = namespace;
        this.cluster = cluster;
        this.readiness = readiness;
        this.operator = operator;
        this.writes = writes;
        this.kafka = kafka;
        this.admin = admin;
        this.timeout = timeout;
        this.countAdminRequests = countAdminRequests;
    }

    ArmResult create(String name, TopicSet topics) throws Exception {
        readiness.expect(topics.prefix(), 1);
        ArmMeter meter = new ArmMeter(kafka, operator, writes, countAdminRequests);
        writeAll(topics.count(), i -> client.resource(topics.resource(i, namespace, cluster)).create());
        long end = readiness.awaitReady(topics.count(), timeout, this::progress);
        return meter.operator(name, "create", topics.count(), end, readiness.readyFalseTransitions());
    }

    /** Merge-patches spec.config of every Topic to {@code topics.configValue()} (generation 2). */
    ArmResult change(String name, TopicSet topics) throws Exception {
        readiness.expect(topics.prefix(), 2);
        ArmMeter meter = new ArmMeter(kafka, operator, writes, countAdminRequests);
        // A merge patch carries no resourceVersion: it cannot conflict with the operator's status writes.
        String patch = String.format(Locale.ROOT, "{\"spec\":{\"config\":{\"%s\":\"%s\"}}}", topics.configKey(), topics.configValue());
        writeAll(topics.count(), i -> client.resources(Topic.class).inNamespace(namespace).withName(topics.name(i))
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        long readyEnd = readiness.awaitReady(topics.count(), timeout, this::progress);
        long inKafka = awaitConfigInKafka(topics);
        return meter.operator(name, "change config", topics.count(), Math.max(readyEnd, inKafka), readiness.readyFalseTransitions());
    }

    /** Progress without scraping /q/metrics (each scrape costs the operator in proportion to the Topics it manages). */
    private String progress() {
        if (!operator.isAlive()) {
            throw new IllegalStateException("the operator exited with " + operator.exitValue() + "; log: " + operator.log());
        }
        return String.format(Locale.ROOT, "operator CPU %.1f s, RSS %d MiB", operator.cpuSeconds(), operator.memoryKib("VmRSS") / 1024);
    }

    private void writeAll(int count, IntConsumer write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITER_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> write.accept(n)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> f : futures) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One batched describeConfigs of all the arm's topics, repeated until every one shows the new value. */
    private long awaitConfigInKafka(TopicSet topics) throws Exception {
        List<ConfigResource> resources = new ArrayList<>(topics.count());
        for (int i = 0; i < topics.count(); i++) {
            resources.add(topics.configResource(i));
        }
        Deadline deadline = Deadline.in(timeout, topics.configKey() + "=" + topics.configValue() + " on all '" + topics.prefix() + "*' in Kafka");
        while (true) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
            long matching = configs.values().stream().map(c -> c.get(topics.configKey()))
                    .filter(e -> e != null && topics.configValue().equals(e.value())).count();
            if (matching == topics.count()) {
                return System.nanoTime();
            }
            deadline.pause(Duration.ofMillis(200));
        }
    }
}
