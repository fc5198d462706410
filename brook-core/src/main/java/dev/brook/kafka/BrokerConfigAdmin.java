package dev.brook.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The cluster-wide dynamic broker configuration (what {@code kafka-configs.sh --entity-type brokers
 * --entity-default} reads and writes): Kafka applies it to running brokers without a restart, and it
 * wins over {@code server.properties}.
 */
public interface BrokerConfigAdmin {
    /** Entries set as cluster-wide dynamic defaults (not per-broker overrides, not static files). */
    SortedMap<String, String> clusterDefaults();

    /** Sets and removes cluster-wide dynamic defaults in one request (all or nothing on Kafka's validation). */
    void alterClusterDefaults(Map<String, String> set, Set<String> remove);

    /**
     * Makes broker {@code brokerId} read its TLS key and trust stores again, without a restart: every
     * {@code listener.name.<listener>.ssl.(keystore|truststore).location} it uses is set again, to the same path, for that
     * broker (Kafka reloads a store whose file changed when its path is set again), then the per-broker entries that this
     * created are deleted again, so no override outlives the reload. Kafka refuses a certificate whose subject differs
     * from the one it serves ({@link KafkaOperationException}); the broker then keeps serving the old one.
     *
     * @return the keys set again, sorted (empty when the broker has no TLS listener)
     */
    List<String> reloadStores(int brokerId);
}
