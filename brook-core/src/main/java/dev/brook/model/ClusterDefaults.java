package dev.brook.model;

import dev.brook.api.v1alpha1.BrokersSpec;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.api.v1alpha1.ZookeeperSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The defaults of a Cluster spec, in Java. The CRD schema carries the same defaults (a test checks
 * they agree), but the operator never relies on the API server having applied them and never
 * writes them back into the spec (GitOps tools would see a diff).
 */
public final class ClusterDefaults {
    public static final String BROKER_STORAGE_SIZE = "10Gi";
    public static final String ZOOKEEPER_STORAGE_SIZE = "1Gi";
    public static final ListenerSpec DEFAULT_LISTENER = new ListenerSpec("plain", 9092, ListenerType.INTERNAL);

    private ClusterDefaults() {
    }

    public static int zookeeperReplicas(ClusterSpec spec) {
        ZookeeperSpec zk = spec.getZookeeper();
        return zk == null || zk.getReplicas() == null ? ZookeeperSpec.DEFAULT_REPLICAS : zk.getReplicas();
    }

    public static int brokerReplicas(ClusterSpec spec) {
        BrokersSpec b = spec.getBrokers();
        return b == null || b.getReplicas() == null ? BrokersSpec.DEFAULT_REPLICAS : b.getReplicas();
    }

    /** spec.brokers.maxParallelRestarts: 1 unless set. */
    public static int maxParallelRestarts(ClusterSpec spec) {
        BrokersSpec b = spec.getBrokers();
        return b == null || b.getMaxParallelRestarts() == null ? 1 : Math.max(1, b.getMaxParallelRestarts());
    }

    /**
     * A roll gives restarted brokers their preferred leadership back, unless the user switched Kafka's own leader
     * rebalancing off ({@code auto.leader.rebalance.enable: false} in spec.brokers.config): then leadership is theirs
     * to place.
     */
    public static boolean restoresLeadersInRolls(ClusterSpec spec) {
        BrokersSpec b = spec.getBrokers();
        String value = b == null || b.getConfig() == null ? null : b.getConfig().get("auto.leader.rebalance.enable");
        return value == null || !"false".equalsIgnoreCase(value.trim());
    }

    /** spec.brokers.rebalance.automatic: true unless switched off. */
    public static boolean automaticRebalance(ClusterSpec spec) {
        BrokersSpec b = spec.getBrokers();
        return b == null || b.getRebalance() == null || !Boolean.FALSE.equals(b.getRebalance().getAutomatic());
    }

    /** spec.brokers.rebalance.throttleBytesPerSecond. */
    public static long rebalanceThrottle(ClusterSpec spec) {
        BrokersSpec b = spec.getBrokers();
        return b == null || b.getRebalance() == null || b.getRebalance().getThrottleBytesPerSecond() == null
                ? dev.brook.api.v1alpha1.RebalanceSpec.DEFAULT_THROTTLE_BYTES_PER_SECOND : b.getRebalance().getThrottleBytesPerSecond();
    }

    public static Map<String, String> brokerConfig(ClusterSpec spec) {
        BrokersSpec b = spec.getBrokers();
        return b == null || b.getConfig() == null ? Map.of() : new TreeMap<>(b.getConfig());
    }

    /** The client listeners: the spec's, or one internal listener 'plain' on 9092. */
    public static List<ListenerSpec> listeners(ClusterSpec spec) {
        BrokersSpec b = spec.getBrokers();
        if (b == null || b.getListeners() == null || b.getListeners().isEmpty()) {
            return List.of(DEFAULT_LISTENER);
        }
        return b.getListeners().stream().map(ClusterDefaults::withDefaults).toList();
    }

    /** A copy of {@code l} with its defaults filled in; every field the user set carries over (TLS, certificate and authentication too). */
    private static ListenerSpec withDefaults(ListenerSpec l) {
        ListenerSpec copy = new ListenerSpec(l.getName(), l.getPort() == null ? -1 : l.getPort(),
                l.getType() == null ? ListenerType.INTERNAL : l.getType());
        copy.setTls(Boolean.TRUE.equals(l.getTls()));
        copy.setCertificate(l.getCertificate());
        copy.setAuthentication(l.getAuthentication());
        return copy;
    }

    public static boolean metricsEnabled(ClusterSpec spec) {
        return spec.getMetrics() == null || spec.getMetrics().getEnabled() == null || spec.getMetrics().getEnabled();
    }
}
