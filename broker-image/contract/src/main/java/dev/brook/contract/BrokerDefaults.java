package dev.brook.contract;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Kafka settings Brook changes from Kafka's stock defaults. The user's config overrides any of them;
 * Brook-owned keys ({@link OwnedKafkaKeys}) override both.
 */
public final class BrokerDefaults {
    private BrokerDefaults() {
    }

    /**
     * Brook defaults for a broker set of {@code replicas} brokers.
     * <ul>
     *   <li>{@code zookeeper.session.timeout.ms=6000} (stock 18000): a dead broker's partitions get a new
     *       leader after ~6 s instead of ~18 s. Safe because Brook runs ZooKeeper next to the brokers.</li>
     *   <li>{@code controlled.shutdown.retry.backoff.ms=1000} (stock 5000): a broker that cannot hand off
     *       (the last one standing) gives up after ~3 s instead of ~15 s, well inside the pod's grace period.</li>
     *   <li>{@code offsets.topic.replication.factor}, {@code transaction.state.log.replication.factor}
     *       = min(3, replicas) and {@code transaction.state.log.min.isr} = min(2, replicas) (stock 3/3/2):
     *       consumer groups and transactions work on clusters smaller than 3 brokers.</li>
     * </ul>
     */
    public static SortedMap<String, String> forReplicas(int replicas) {
        SortedMap<String, String> defaults = new TreeMap<>();
        defaults.put("zookeeper.session.timeout.ms", "6000");
        defaults.put("controlled.shutdown.retry.backoff.ms", "1000");
        defaults.put("offsets.topic.replication.factor", Integer.toString(Math.min(3, replicas)));
        defaults.put("transaction.state.log.replication.factor", Integer.toString(Math.min(3, replicas)));
        defaults.put("transaction.state.log.min.isr", Integer.toString(Math.min(2, replicas)));
        return defaults;
    }
}
