package dev.brook.operator.reconcile;

import dev.brook.kafka.ClientTls;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the offsets and lag of every registered consumer group, one batched read per cluster per refresh
 * interval (not one per group), keeps the latest reading for the reconciler (which writes it to status)
 * and the lag gauges, and tells the reconciler which groups have a new reading.
 *
 * <p>Each cluster has its own poll, scheduled on a small shared executor ({@code brook.group.poll-threads}).
 * A poll only sends the Admin requests ({@code GroupAdmin.snapshotAsync}); Kafka's answer completes it on the
 * cluster's Admin thread, and the next poll of that cluster is scheduled one interval after the answer. So
 * no thread waits for Kafka, a slow or silent cluster delays only its own groups, and a cluster is never
 * read twice at once. Reconcilers never wait either: {@link #register} returns the last reading.
 */
@Singleton
public class GroupLagPoller {
    private static final Logger LOG = Logger.getLogger(GroupLagPoller.class);

    /** A cluster as the poller knows it. */
    record ClusterKey(String namespace, String cluster) {
    }

    /** The group's last reading. */
    public record Reading(GroupSnapshot snapshot, Instant at) {
    }

    /**
     * What is known of a group: its last reading (null until its cluster answered once with the group in the
     * request) and the cluster's last failure (null when the last poll succeeded).
     */
    public record Latest(Reading reading, String failure) {
    }

    /** A ConsumerGroup resource's interest in a group: which topics to report. */
    private record Registration(String groupId, Set<String> topics) {
    }

    private final KafkaConnections kafka;
    private final LagMetrics lagMetrics;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final Map<ClusterKey, ClusterPoll> clusters = new ConcurrentHashMap<>();
    private volatile Consumer<ResourceID> onReading = id -> {
    };

    public GroupLagPoller(KafkaConnections kafka, LagMetrics lagMetrics, Clock clock,
            @ConfigProperty(name = "brook.group.refresh-interval", defaultValue = "PT15S") Duration interval,
            @ConfigProperty(name = "brook.group.poll-threads", defaultValue = "2") int threads) {
        this.kafka = kafka;
        this.lagMetrics = lagMetrics;
        this.clock = clock;
        this.interval = interval;
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "brook-group-lag");
            t.setDaemon(true);
            return t;
        });
    }

    public Duration interval() {
        return interval;
    }

    /** Called with each ConsumerGroup resource whose group has a new reading, or whose cluster's failure changed. */
    public void onReading(Consumer<ResourceID> listener) {
        this.onReading = listener;
    }

    /**
     * Registers the resource's group (idempotent) and returns what is known of it now, without asking Kafka. A
     * new or changed registration has its cluster read at once; the result arrives through {@link #onReading}.
     */
    public Latest register(ResourceID resource, String namespace, String cluster, String bootstrap, ClientTls tls, String groupId,
            Set<String> topics) {
        ClusterPoll poll = clusters.computeIfAbsent(new ClusterKey(namespace, cluster), ClusterPoll::new);
        boolean changed = poll.register(resource, bootstrap, tls, new Registration(groupId, Set.copyOf(topics)));
        if (changed) {
            poll.pollNow();
        }
        return new Latest(poll.readings.get(groupId), poll.failure);
    }

    /** Reads the resource's cluster as soon as possible (after an offset reset, so status shows the new offsets). */
    public void refreshSoon(String namespace, String cluster) {
        ClusterPoll poll = clusters.get(new ClusterKey(namespace, cluster));
        if (poll != null) {
            poll.pollNow();
        }
    }

    public void unregister(ResourceID resource, String namespace, String cluster, String groupId) {
        ClusterKey key = new ClusterKey(namespace, cluster);
        ClusterPoll poll = clusters.get(key);
        if (poll != null && poll.unregister(resource, groupId)) {
            clusters.remove(key, poll);
            poll.stop();
        }
        lagMetrics.forget(namespace, cluster, groupId);
    }

    /**
     * The groups of one cluster and their readings. At most one read of the cluster is in flight: a poll
     * asked for meanwhile is made when the answer comes, and the periodic poll is scheduled from the answer.
     */
    private final class ClusterPoll {
        private final ClusterKey key;
        private final Map<ResourceID, Registration> registrations = new ConcurrentHashMap<>();
        private final Map<String, Reading> readings = new ConcurrentHashMap<>();
        private final AtomicBoolean inFlight = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();
        private volatile String bootstrap;
        /** The operator's TLS material for the cluster, null for plaintext. */
        private volatile ClientTls tls;
        private volatile String failure;
        private volatile boolean stopped;
        /** The scheduled start (null: none pending) and when it is due (System.nanoTime). */
        private ScheduledFuture<?> next;
        private long nextDue;

        ClusterPoll(ClusterKey key) {
            this.key = key;
        }

        /** True when the resource is new, its group or topics changed, or the cluster moved. */
        synchronized boolean register(ResourceID resource, String bootstrapServers, ClientTls clientTls, Registration registration) {
            tls = clientTls;
            boolean moved = !bootstrapServers.equals(bootstrap);
            if (moved && bootstrap != null) {
                readings.clear();
                failure = null;
            }
            bootstrap = bootstrapServers;
            stopped = false;
            Registration before = registrations.put(resource, registration);
            return moved || !registration.equals(before) || !readings.containsKey(registration.groupId());
        }

        /** True when no resource is left. */
        synchronized boolean unregister(ResourceID resource, String groupId) {
            registrations.remove(resource);
            if (registrations.values().stream().noneMatch(r -> r.groupId().equals(groupId))) {
                readings.remove(groupId);
            }
            return registrations.isEmpty();
        }

        void pollNow() {
            again.set(true);
            execute(0);
        }

        void stop() {
            stopped = true;
            synchronized (this) {
                if (next != null) {
                    next.cancel(false);
                    next = null;
                }
            }
        }

        /**
         * Schedules a start in {@code delayMillis} unless one is due sooner: one chain of polls per cluster, and a
         * poll asked for now is never pushed back by the periodic one.
         */
        private synchronized void execute(long delayMillis) {
            long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
            if (next != null && due >= nextDue) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            try {
                next = scheduler.schedule(() -> fire(due), delayMillis, TimeUnit.MILLISECONDS);
                nextDue = due;
            } catch (RejectedExecutionException e) {
                next = null; // shutting down
            }
        }

        /** Runs the scheduled start, unless an earlier one replaced it. */
        private void fire(long due) {
            synchronized (this) {
                if (next == null || nextDue != due) {
                    return;
                }
                next = null;
            }
            start();
        }

        /** Sends the read unless one is in flight (then the answer starts the next one). */
        private void start() {
            if (stopped || !inFlight.compareAndSet(false, true)) {
                return;
            }
            again.set(false);
            Map<String, Set<String>> request = request();
            CompletableFuture<Map<String, GroupSnapshot>> answer;
            String from = bootstrap;
            try {
                answer = request.isEmpty() ? CompletableFuture.completedFuture(Map.of())
                        : kafka.forBootstrap(from, tls).groups().snapshotAsync(request);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            // The answer completes on the Admin client's thread; record it on the poller's.
            answer.whenCompleteAsync((snapshots, error) -> finish(from, snapshots, error), scheduler);
        }

        private void finish(String from, Map<String, GroupSnapshot> snapshots, Throwable error) {
            try {
                if (!stopped && from.equals(bootstrap)) {
                    if (error == null) {
                        record(snapshots);
                    } else {
                        failed(error);
                    }
                }
            } finally {
                inFlight.set(false);
                if (!stopped) {
                    if (again.get()) {
                        execute(0);
                    } else {
                        execute(interval.toMillis());
                    }
                }
            }
        }

        private void record(Map<String, GroupSnapshot> snapshots) {
            Instant now = Instant.now(clock);
            snapshots.forEach((groupId, snapshot) -> {
                readings.put(groupId, new Reading(snapshot, now));
                lagMetrics.record(key.namespace(), key.cluster(), snapshot);
            });
            if (failure != null) {
                LOG.infof("cluster %s/%s: consumer groups read again", key.namespace(), key.cluster());
            }
            failure = null;
            registrations.forEach((resource, r) -> {
                if (snapshots.containsKey(r.groupId())) {
                    notify(resource);
                }
            });
        }

        private void failed(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String message = cause instanceof KafkaOperationException ? cause.getMessage()
                    : "read consumer groups of " + key.cluster() + ": " + cause;
            if (Objects.equals(message, failure)) {
                return; // the groups already show it
            }
            failure = message;
            LOG.infof("cluster %s/%s: reading consumer groups failed, will retry in %s: %s", key.namespace(), key.cluster(), interval,
                    message);
            registrations.keySet().forEach(this::notify);
        }

        private void notify(ResourceID resource) {
            try {
                onReading.accept(resource);
            } catch (RuntimeException e) {
                LOG.debugf("cluster %s/%s: could not trigger %s: %s", key.namespace(), key.cluster(), resource, e.getMessage());
            }
        }

        /** Each group once, with the union of the topics its resources declare. */
        private Map<String, Set<String>> request() {
            Map<String, Set<String>> request = new TreeMap<>();
            registrations.values().forEach(r -> request.computeIfAbsent(r.groupId(), g -> new TreeSet<>()).addAll(r.topics()));
            return request;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        clusters.values().forEach(ClusterPoll::stop);
        scheduler.shutdownNow();
    }
}
