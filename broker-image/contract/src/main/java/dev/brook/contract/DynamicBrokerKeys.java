package dev.brook.contract;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Broker configuration keys Brook changes on running brokers, without a restart, as Kafka's
 * cluster-wide dynamic defaults (what {@code kafka-configs.sh --entity-type brokers --entity-default}
 * sets). A change to any other key rolls the brokers.
 *
 * <p>Every key here is one Kafka 3.9 can reconfigure cluster-wide (not per-broker-only, such as
 * listener or keystore settings): the agent module's tests check the list against Kafka's own
 * {@code DynamicBrokerConfig}. Keys Kafka could change but only read at start or stop (for example
 * {@code num.recovery.threads.per.data.dir}) are left out on purpose: changing them live does nothing
 * until the next restart, so they restart the brokers like any static key.
 */
public final class DynamicBrokerKeys {
    private DynamicBrokerKeys() {
    }

    public static final SortedSet<String> KEYS = Collections.unmodifiableSortedSet(new TreeSet<>(java.util.List.of(
            // Log defaults (each is the broker default of a topic config; topics without an override follow it).
            "log.cleanup.policy",
            "log.cleaner.delete.retention.ms",
            "log.cleaner.min.compaction.lag.ms",
            "log.cleaner.max.compaction.lag.ms",
            "log.cleaner.min.cleanable.ratio",
            "log.flush.interval.messages",
            "log.flush.interval.ms",
            "log.index.interval.bytes",
            "log.index.size.max.bytes",
            "log.message.timestamp.type",
            "log.preallocate",
            "log.retention.bytes",
            "log.retention.ms",
            "log.roll.jitter.ms",
            "log.roll.ms",
            "log.segment.bytes",
            "log.segment.delete.delay.ms",
            "compression.type",
            "message.max.bytes",
            "min.insync.replicas",
            "unclean.leader.election.enable",
            // Thread pools.
            "background.threads",
            "num.io.threads",
            "num.network.threads",
            "num.replica.fetchers",
            // Log cleaner.
            "log.cleaner.threads",
            "log.cleaner.io.max.bytes.per.second",
            "log.cleaner.dedupe.buffer.size",
            "log.cleaner.io.buffer.size",
            "log.cleaner.io.buffer.load.factor",
            "log.cleaner.backoff.ms",
            // Connection limits.
            "max.connections",
            "max.connections.per.ip",
            "max.connections.per.ip.overrides",
            "max.connection.creation.rate")));

    public static boolean isDynamic(String key) {
        return KEYS.contains(key);
    }

    /** The entries of {@code config} whose keys are dynamic, sorted. */
    public static SortedMap<String, String> dynamicPart(Map<String, String> config) {
        SortedMap<String, String> out = new TreeMap<>();
        config.forEach((k, v) -> {
            if (isDynamic(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
