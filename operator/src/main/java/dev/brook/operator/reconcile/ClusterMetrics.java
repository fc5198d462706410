package dev.brook.operator.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-cluster gauges: {@code brook_cluster_ready_brokers}, {@code brook_cluster_ready_zookeepers},
 * {@code brook_cluster_under_replicated_partitions} (-1 while unknown), labelled {namespace, cluster}.
 */
@Singleton
public class ClusterMetrics {
    private static final List<String> NAMES = List.of("brook_cluster_ready_brokers", "brook_cluster_ready_zookeepers",
            "brook_cluster_under_replicated_partitions");
    private final MeterRegistry registry;
    private final Map<String, AtomicLong[]> byCluster = new ConcurrentHashMap<>();

    public ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String namespace, String cluster, int readyBrokers, int readyZookeepers, int underReplicated) {
        AtomicLong[] values = byCluster.computeIfAbsent(namespace + "/" + cluster, k -> {
            AtomicLong[] v = {new AtomicLong(), new AtomicLong(), new AtomicLong(-1)};
            Tags tags = Tags.of("namespace", namespace, "cluster", cluster);
            for (int i = 0; i < NAMES.size(); i++) {
                Gauge.builder(NAMES.get(i), v[i], AtomicLong::doubleValue).tags(tags).register(registry);
            }
            return v;
        });
        values[0].set(readyBrokers);
        values[1].set(readyZookeepers);
        values[2].set(underReplicated);
    }

    public void forget(String namespace, String cluster) {
        if (byCluster.remove(namespace + "/" + cluster) != null) {
            Tags tags = Tags.of("namespace", namespace, "cluster", cluster);
            NAMES.forEach(n -> {
                var gauge = registry.find(n).tags(tags).gauge();
                if (gauge != null) {
                    registry.remove(gauge);
                }
            });
        }
    }
}
