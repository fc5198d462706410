package dev.brook.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own floor on this machine: a plain Admin client doing the arm's work in requests of 100 topics
 * (Strimzi's default batch size), one request after another, timed until the last one is answered.
 */
final class FloorArm {
    static final int BATCH = 100;

    private final Admin admin;
    private final KafkaProcesses kafka;
    private final Duration requestTimeout;

    FloorArm(Admin admin, KafkaProcesses kafka, Duration requestTimeout) {
        this.admin = admin;
        this.kafka = kafka;
        this.requestTimeout = requestTimeout;
    }

    ArmResult create(String name, TopicSet topics) throws Exception {
        ArmMeter meter = new ArmMeter(kafka, null, null);
        long requests = 0;
        for (int from = 0; from < topics.count(); from += BATCH) {
            List<NewTopic> batch = new ArrayList<>();
            for (int i = from; i < Math.min(topics.count(), from + BATCH); i++) {
                batch.add(topics.newTopic(i));
            }
            admin.createTopics(batch).all().get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            requests++;
        }
        return meter.floor(name, "create", topics.count(), System.nanoTime(), requests);
    }

    /** Sets the arm's config key to {@code topics.configValue()} with incrementalAlterConfigs. */
    ArmResult change(String name, TopicSet topics) throws Exception {
        ArmMeter meter = new ArmMeter(kafka, null, null);
        long requests = 0;
        for (int from = 0; from < topics.count(); from += BATCH) {
            Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
            for (int i = from; i < Math.min(topics.count(), from + BATCH); i++) {
                ops.put(topics.configResource(i),
                        List.of(new AlterConfigOp(new ConfigEntry(topics.configKey(), topics.configValue()), AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(ops).all().get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            requests++;
        }
        return meter.floor(name, "change config", topics.count(), System.nanoTime(), requests);
    }
}
