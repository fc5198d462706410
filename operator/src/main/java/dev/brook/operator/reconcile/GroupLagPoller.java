package dev.brook.operator.reconcile;

import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the offsets and lag of every registered consumer group, one batched read per cluster per
 * refresh interval (not one per group), and keeps the latest snapshot for the reconcilers (which
 * write it to status) and the lag gauges.
 */
@Singleton
public class GroupLagPoller {
    private static final Logger LOG = Logger.getLogger(GroupLagPoller.class);

    /** A cluster as the poller knows it: where it is and which groups to read. */
    record ClusterKey(String namespace, String cluster, String bootstrapServers) {
    }

    public record Reading(GroupSnapshot snapshot, Instant at) {
    }

    private final KafkaConnections kafka;
    private final LagMetrics lagMetrics;
    private final Clock clock;
    private final Duration interval;
    private final Map<ClusterKey, Map<String, Set<String>>> groupsByCluster = new ConcurrentHashMap<>();
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "brook-group-lag");
        t.setDaemon(true);
        return t;
    });

    public GroupLagPoller(KafkaConnections kafka, LagMetrics lagMetrics, Clock clock,
            @ConfigProperty(name = "brook.group.refresh-interval", defaultValue = "PT15S") Duration interval) {
        this.kafka = kafka;
        this.lagMetrics = lagMetrics;
        this.clock = clock;
        this.interval = interval;
        scheduler.scheduleWithFixedDelay(this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Duration interval() {
        return interval;
    }

    /** Registers the group (idempotent) and returns its latest reading, reading the cluster now if the group has none yet. */
    public Reading register(String namespace, String cluster, String bootstrap, String groupId, Set<String> topics) {
        ClusterKey key = new ClusterKey(namespace, cluster, bootstrap);
        groupsByCluster.entrySet().removeIf(e -> e.getKey().namespace().equals(namespace) && e.getKey().cluster().equals(cluster)
                && !e.getKey().bootstrapServers().equals(bootstrap));
        Set<String> previous = groupsByCluster.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(groupId, Set.copyOf(topics));
        Reading reading = readings.get(readingKey(namespace, cluster, groupId));
        if (reading == null || previous == null || !previous.equals(Set.copyOf(topics))) {
            poll(key);
            reading = readings.get(readingKey(namespace, cluster, groupId));
        }
        return reading;
    }

    /** Reads the group's cluster now (after an offset reset, so status shows the new offsets at once). */
    public Reading refresh(String namespace, String cluster, String bootstrap, String groupId) {
        poll(new ClusterKey(namespace, cluster, bootstrap));
        return readings.get(readingKey(namespace, cluster, groupId));
    }

    public void unregister(String namespace, String cluster, String groupId) {
        groupsByCluster.forEach((k, groups) -> {
            if (k.namespace().equals(namespace) && k.cluster().equals(cluster)) {
                groups.remove(groupId);
            }
        });
        readings.remove(readingKey(namespace, cluster, groupId));
        lagMetrics.forget(namespace, cluster, groupId);
    }

    private void pollAll() {
        groupsByCluster.keySet().forEach(key -> {
            try {
                poll(key);
            } catch (RuntimeException e) {
                LOG.infof("cluster %s/%s: reading consumer groups failed, will retry in %s: %s", key.namespace(), key.cluster(),
                        interval, e.getMessage());
            }
        });
    }

    private synchronized void poll(ClusterKey key) {
        Map<String, Set<String>> groups = new TreeMap<>(groupsByCluster.getOrDefault(key, Map.of()));
        if (groups.isEmpty()) {
            return;
        }
        Map<String, GroupSnapshot> snapshots;
        try {
            snapshots = kafka.forBootstrap(key.bootstrapServers()).groups().snapshot(groups);
        } catch (KafkaOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KafkaOperationException("read consumer groups of " + key.cluster() + ": " + e.getMessage(), e);
        }
        Instant now = Instant.now(clock);
        snapshots.forEach((groupId, snapshot) -> {
            readings.put(readingKey(key.namespace(), key.cluster(), groupId), new Reading(snapshot, now));
            lagMetrics.record(key.namespace(), key.cluster(), snapshot);
        });
    }

    private static String readingKey(String namespace, String cluster, String groupId) {
        return namespace + "/" + cluster + "/" + groupId;
    }

    void stop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
    }
}
