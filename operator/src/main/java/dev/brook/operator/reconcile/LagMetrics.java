package dev.brook.operator.reconcile;

import dev.brook.kafka.GroupSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumer lag as Prometheus gauges, {@code brook_consumergroup_lag{namespace,cluster,group,topic,partition}}
 * and {@code brook_consumergroup_total_lag{namespace,cluster,group}}, so lag can be alerted on
 * without another exporter. Series of partitions or groups that went away are removed.
 */
@Singleton
public class LagMetrics {
    private final MeterRegistry registry;
    private final Map<Tags, AtomicLong> values = new ConcurrentHashMap<>();
    private final Map<Tags, Meter.Id> meters = new ConcurrentHashMap<>();
    private final Map<String, Set<Tags>> seriesByGroup = new ConcurrentHashMap<>();

    public LagMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public synchronized void record(String namespace, String cluster, GroupSnapshot snapshot) {
        String key = namespace + "/" + cluster + "/" + snapshot.groupId();
        Set<Tags> now = new HashSet<>();
        Tags group = Tags.of("namespace", namespace, "cluster", cluster, "group", snapshot.groupId());
        set("brook_consumergroup_total_lag", group, snapshot.totalLag(), now);
        for (GroupSnapshot.PartitionOffsets p : snapshot.partitions()) {
            set("brook_consumergroup_lag", group.and("topic", p.topic(), "partition", Integer.toString(p.partition())), p.lag(), now);
        }
        Set<Tags> before = seriesByGroup.put(key, now);
        if (before != null) {
            before.stream().filter(t -> !now.contains(t)).forEach(this::drop);
        }
    }

    public synchronized void forget(String namespace, String cluster, String groupId) {
        Set<Tags> series = seriesByGroup.remove(namespace + "/" + cluster + "/" + groupId);
        if (series != null) {
            series.forEach(this::drop);
        }
    }

    private void set(String name, Tags tags, long value, Set<Tags> now) {
        Tags key = tags.and("__name", name);
        now.add(key);
        values.computeIfAbsent(key, k -> {
            AtomicLong holder = new AtomicLong();
            meters.put(k, Gauge.builder(name, holder, AtomicLong::doubleValue).tags(tags).register(registry).getId());
            return holder;
        }).set(value);
    }

    private void drop(Tags key) {
        values.remove(key);
        Meter.Id id = meters.remove(key);
        if (id != null) {
            registry.remove(id);
        }
    }
}
