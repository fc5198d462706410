package dev.brook.kafka;

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
}
