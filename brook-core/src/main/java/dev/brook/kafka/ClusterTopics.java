package dev.brook.kafka;

import dev.brook.kafka.sync.TopicChange;
import dev.brook.kafka.sync.TopicOutcome;
import dev.brook.kafka.sync.TopicPlan;
import dev.brook.kafka.sync.TopicRequest;
import dev.brook.kafka.sync.TopicStep;
import dev.brook.model.DesiredTopic;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicState;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What Brook knows of one cluster's topics, so that a Topic's reconcile never waits on Kafka: it compares the spec
 * with a cache of the cluster's topics ({@link #reconcile}), and when Kafka must change it hands the work to the
 * cluster's batched requests ({@link TopicAdmin}) and returns; the answer updates the cache, is kept as the topic's
 * result, and the {@link Listener} is told, so the operator reconciles the resource again and shows the result.
 *
 * <p>Kafka's answers are the truth: after a create, the topic is what the create's answer says (id, partitions,
 * replication factor, config), never a describe made right after (another broker may not know the topic yet). The
 * cache is read whole when first needed and again every resync interval (a few large requests); a sweep tells the
 * listener only of the topics that changed or disappeared in Kafka since, and ignores a topic written after the
 * sweep's read began (its answer is newer than the read).
 */
public final class ClusterTopics implements AutoCloseable {
    /** Failures of Kafka (not refusals) retried without telling the user, before Ready=False says so. */
    static final int QUIET_RETRIES = 3;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** A first read of the cluster's topics that failed is tried again after this long. */
    private static final Duration LOAD_RETRY = Duration.ofSeconds(5);

    /** Told which topics have a result to show or changed in Kafka: the operator reconciles their resources. */
    public interface Listener {
        void topicsChanged(Set<String> topics);

        /** The cluster's topics were read for the first time (or could not be): every resource of the cluster. */
        void allTopicsChanged();
    }

    /** What a reconcile does now. */
    public sealed interface Progress {
        /** Kafka is working on the topic, or the cluster's topics are being read: the listener will be told. */
        record InFlight(String what) implements Progress {
        }

        /** The outcome to show: done, unchanged, or refused (a Kafka error after the quiet retries is one). */
        record Done(TopicOutcome outcome) implements Progress {
        }

        /** Kafka failed (not a refusal): try again after {@code after}; nothing to show the user yet. */
        record RetryLater(String reason, Duration after) implements Progress {
        }
    }

    private record DeletionResult(boolean existed, Throwable failure) {
    }

    /** What one piece of work ended with: the outcome and the state to cache, or the failure. */
    private record Result(DesiredTopic desired, TopicOutcome outcome, TopicState state, Throwable failure) {
    }

    private final TopicAdmin admin;
    private final Duration resync;
    private final ScheduledExecutorService scheduler;
    private volatile Listener listener = new Listener() {
        @Override
        public void topicsChanged(Set<String> topics) {
        }

        @Override
        public void allTopicsChanged() {
        }
    };

    private final Object lock = new Object();
    private final Map<String, TopicState> cache = new HashMap<>();
    /** When a work result last set a topic's cached state (System.nanoTime): a sweep older than that does not override it. */
    private final Map<String, Long> writtenAt = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, Result> results = new HashMap<>();
    private final Map<String, DeletionResult> deletions = new HashMap<>();
    /** Topics Brook created, or asked Kafka to create without seeing the answer: finding one is not an adoption. */
    private final Set<String> createdByBrook = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean loaded;
    private boolean sweeping;
    private String loadFailure;
    private boolean closed;
    private long sweeps;

    public ClusterTopics(TopicAdmin admin, Duration resync, ScheduledExecutorService scheduler) {
        this.admin = admin;
        this.resync = resync;
        this.scheduler = scheduler;
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Compares what {@code request} asks with what Kafka has, and either says what to show or starts the work that
     * makes Kafka match (its result comes back through the listener). Never waits on Kafka.
     */
    public Progress reconcile(TopicRequest request) {
        String name = request.topicName();
        synchronized (lock) {
            if (closed) {
                return new Progress.RetryLater("connection closed", FIRST_RETRY);
            }
            if (!loaded) {
                startSweep();
                if (loadFailure != null) {
                    return new Progress.Done(TopicOutcome.refused(name, new Refusal(Reason.KafkaError,
                            "cannot read the topics of the cluster: " + loadFailure)));
                }
                return new Progress.InFlight("reading the cluster's topics");
            }
            if (inFlight.contains(name)) {
                return new Progress.InFlight("Kafka request in flight");
            }
            Result result = results.remove(name);
            if (result != null && !result.desired().equals(request.desired())) {
                result = null; // the answer to an older spec: the cache has its effect, plan the new spec from there
            }
            if (result != null && result.failure() != null) {
                Progress failed = failed(request, result);
                if (failed != null) {
                    return failed;
                }
            } else if (result != null) {
                failures.remove(name);
            }
            TopicState current = cache.get(name);
            TopicStep step = current == null ? TopicPlan.whenMissing(request)
                    : TopicPlan.whenPresent(request, current, createdByBrook.contains(name));
            if (step instanceof TopicStep.Finished finished) {
                TopicOutcome now = finished.outcome();
                // The work just done tells what happened (created, changed, adopted); the plan only sees its effect.
                boolean show = result != null && result.outcome() != null && !now.isRefused();
                return new Progress.Done(show ? result.outcome() : now);
            }
            submit(name, request.desired(), step);
            return new Progress.InFlight("Kafka request submitted");
        }
    }

    /** A failed piece of work: Kafka's refusal to show, a quiet retry, or (after the quiet retries) the error; null: plan again. */
    private Progress failed(TopicRequest request, Result result) {
        String name = request.topicName();
        Refusal refusal = TopicPlan.refusal(name, result.desired(), result.failure());
        if (refusal != null) {
            failures.remove(name);
            TopicState current = cache.get(name);
            return new Progress.Done(current == null ? TopicOutcome.refused(name, refusal)
                    : TopicOutcome.refused(current, refusal, request.managedName() == null && !createdByBrook.contains(name)));
        }
        int attempt = failures.merge(name, 1, Integer::sum);
        String reason = KafkaFutures.reason(result.failure());
        if (attempt <= QUIET_RETRIES) {
            return new Progress.RetryLater(reason, FIRST_RETRY.multipliedBy(1L << (attempt - 1)));
        }
        return new Progress.Done(TopicOutcome.refused(name, new Refusal(Reason.KafkaError, reason)));
    }

    /** Starts the step's requests (caller holds the lock); the answer lands in {@link #finish}. */
    private void submit(String name, DesiredTopic desired, TopicStep step) {
        inFlight.add(name);
        CompletableFuture<Result> work;
        boolean creating = step instanceof TopicStep.Create;
        try {
            if (step instanceof TopicStep.Create create) {
                var a = create.action();
                work = admin.createAsync(a.topic(), a.partitions(), a.replicationFactor(), a.config()).thenCompose(created -> {
                    if (created != null) {
                        return CompletableFuture.completedFuture(new Result(desired, create.created(created), created, null));
                    }
                    // It exists (someone created it since the last read): take it as Kafka describes it, and plan again.
                    return admin.describeAsync(name).thenApply(existing -> {
                        if (existing == null) {
                            throw new KafkaOperationException("topic " + name + " exists but is not visible yet", null);
                        }
                        return new Result(desired, null, existing, null);
                    });
                });
            } else {
                TopicStep.Change change = (TopicStep.Change) step;
                CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                for (TopicChange c : change.changes()) {
                    // In order: config first, then partitions (new partitions get the new config).
                    chain = chain.thenCompose(v -> c instanceof TopicChange.ConfigAltered config ? admin.alterConfigAsync(name, config.ops())
                            : admin.increasePartitionsAsync(name, ((TopicChange.PartitionsIncreased) c).to()));
                }
                work = chain.thenApply(v -> {
                    TopicOutcome applied = change.applied();
                    return new Result(desired, applied, applied.state(), null);
                });
            }
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        work.whenComplete((result, failure) -> finish(name, desired, creating, result, failure));
    }

    private void finish(String name, DesiredTopic desired, boolean creating, Result result, Throwable failure) {
        synchronized (lock) {
            inFlight.remove(name);
            if (closed) {
                // A connection replaced meanwhile (renewed TLS material): the resource is reconciled again on the new one.
                failure = failure == null ? new KafkaOperationException("connection closed", null) : failure;
            }
            if (failure != null) {
                if (creating) {
                    createdByBrook.add(name); // Kafka may have created it before the answer was lost
                }
                results.put(name, new Result(desired, null, null, KafkaFutures.rootCause(failure)));
            } else {
                if (creating && result.outcome() != null) {
                    createdByBrook.add(name);
                }
                cache.put(name, result.state());
                writtenAt.put(name, System.nanoTime());
                results.put(name, result);
            }
        }
        listener.topicsChanged(Set.of(name));
    }

    /** Where a deletion stands. */
    public enum Deletion {
        /** Kafka is deleting it: the listener will be told. */
        IN_FLIGHT,
        DELETED,
        /** There was no such topic. */
        ALREADY_GONE
    }

    /**
     * Deletes the topic without waiting: the first call submits the deletion, the call after Kafka's answer (the
     * listener is told) says how it went, and Brook forgets the topic.
     *
     * @throws KafkaOperationException when Kafka failed the deletion (the next call tries again)
     */
    public Deletion delete(String name) {
        synchronized (lock) {
            if (inFlight.contains(name)) {
                return Deletion.IN_FLIGHT;
            }
            DeletionResult done = deletions.remove(name);
            if (done != null) {
                if (done.failure() != null) {
                    throw new KafkaOperationException("delete topic " + name + ": " + KafkaFutures.reason(done.failure()), done.failure());
                }
                return done.existed() ? Deletion.DELETED : Deletion.ALREADY_GONE;
            }
            inFlight.add(name);
        }
        CompletableFuture<Boolean> deletion;
        try {
            deletion = admin.deleteAsync(name);
        } catch (RuntimeException e) {
            deletion = CompletableFuture.failedFuture(e);
        }
        deletion.whenComplete((existed, failure) -> {
            synchronized (lock) {
                inFlight.remove(name);
                if (failure == null) {
                    cache.remove(name);
                    writtenAt.put(name, System.nanoTime());
                    results.remove(name);
                    createdByBrook.remove(name);
                    failures.remove(name);
                }
                deletions.put(name, new DeletionResult(Boolean.TRUE.equals(existed), failure == null ? null : KafkaFutures.rootCause(failure)));
            }
            listener.topicsChanged(Set.of(name));
        });
        return Deletion.IN_FLIGHT;
    }

    /** Reads every topic of the cluster now, unless a read runs; the periodic reads go on. */
    void sweepNow() {
        synchronized (lock) {
            startSweep();
        }
    }

    /** Reads every topic of the cluster unless a read runs (caller holds the lock). */
    private void startSweep() {
        if (sweeping || closed) {
            return;
        }
        sweeping = true;
        long started = System.nanoTime();
        CompletableFuture<Map<String, TopicState>> read;
        try {
            read = admin.describeAll();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((all, failure) -> swept(started, all, failure));
    }

    private void swept(long started, Map<String, TopicState> all, Throwable failure) {
        Set<String> changed = new HashSet<>();
        boolean everything;
        synchronized (lock) {
            sweeping = false;
            if (closed) {
                return;
            }
            if (failure != null) {
                // Keep what is known; say so only while nothing is known (the first read), once.
                everything = !loaded && loadFailure == null;
                if (!loaded) {
                    loadFailure = KafkaFutures.reason(failure);
                }
                scheduleSweep(loaded ? resync : LOAD_RETRY);
            } else {
                sweeps++;
                Set<String> names = new HashSet<>(cache.keySet());
                names.addAll(all.keySet());
                for (String name : names) {
                    if (inFlight.contains(name) || writtenAt.getOrDefault(name, started) - started > 0) {
                        continue; // Brook's own write answered after the read began: newer than the read
                    }
                    TopicState now = all.get(name);
                    if (!Objects.equals(cache.get(name), now)) {
                        changed.add(name);
                        if (now == null) {
                            cache.remove(name);
                        } else {
                            cache.put(name, now);
                        }
                    }
                }
                writtenAt.values().removeIf(at -> at - started <= 0);
                everything = !loaded || loadFailure != null;
                loaded = true;
                loadFailure = null;
                scheduleSweep(resync);
            }
        }
        if (everything) {
            listener.allTopicsChanged();
        } else if (!changed.isEmpty()) {
            listener.topicsChanged(changed);
        }
    }

    /** The next read of every topic (caller holds the lock); one timer per cluster, started by the first reconcile. */
    private void scheduleSweep(Duration after) {
        try {
            scheduler.schedule(() -> {
                synchronized (lock) {
                    startSweep();
                }
            }, after.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            closed = true;
        }
    }

    /** Whole reads of the cluster's topics completed so far. */
    public long sweeps() {
        synchronized (lock) {
            return sweeps;
        }
    }

    /** Admin requests made for this cluster's topics. */
    public long requests() {
        return admin.requests();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }
}
