package dev.brook.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Merges single requests into batched calls, so that a thousand reconciles of topics on one cluster
 * become a handful of Admin requests. Each caller gets its own future. The batch function returns one
 * future per request, in order (Kafka's per-item futures), so one topic's error never fails the others;
 * only a failure of the whole call fails every future of that batch.
 *
 * <p>At most one call is in flight: what arrives meanwhile waits and goes in the next call, as soon as
 * every future of the running one is complete. So batches grow with the load (and with Kafka's answer
 * time), not with the number of threads submitting; when idle, the first request waits a short linger
 * for company.
 *
 * <p>A batcher owns no thread: the first request into an empty queue schedules a flush after the
 * linger on a scheduler shared by many batchers (one per {@link KafkaConnections}); a queue that
 * reaches {@code maxBatch} is flushed at once. The batch function only starts Admin requests (Kafka's
 * futures complete on the Admin client's own thread), so one scheduler thread serves every cluster.
 */
public final class RequestBatcher<R, V> implements AutoCloseable {
    private final String name;
    private final Function<List<R>, List<CompletableFuture<V>>> batchCall;
    private final long lingerNanos;
    private final int maxBatch;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    private final List<R> requests = new ArrayList<>();
    private final List<CompletableFuture<V>> futures = new ArrayList<>();
    /** The pending linger flush, null when none is scheduled. */
    private ScheduledFuture<?> lingerFlush;
    /** A call was made and not all of its futures are complete: the next one waits. */
    private boolean inFlight;
    private boolean closed;
    private long batches;

    public RequestBatcher(String name, Function<List<R>, List<CompletableFuture<V>>> batchCall, Duration linger, int maxBatch,
            ScheduledExecutorService scheduler) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be 1 or more, not " + maxBatch);
        }
        this.name = name;
        this.batchCall = batchCall;
        this.lingerNanos = linger.toNanos();
        this.maxBatch = maxBatch;
        this.scheduler = scheduler;
    }

    public CompletableFuture<V> submit(R request) {
        CompletableFuture<V> future = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                future.completeExceptionally(new IllegalStateException("connection closed"));
                return future;
            }
            requests.add(request);
            futures.add(future);
            if (inFlight) {
                return future; // goes with the next call, when the running one is answered
            }
            if (requests.size() == maxBatch) {
                schedule(0);
            } else if (lingerFlush == null) {
                lingerFlush = schedule(lingerNanos);
            }
        }
        return future;
    }

    /** Batched calls made so far. */
    public long batches() {
        synchronized (lock) {
            return batches;
        }
    }

    /** Runs on the scheduler: takes up to maxBatch requests and makes one call for them. */
    private void flush() {
        List<R> batch;
        List<CompletableFuture<V>> waiting;
        synchronized (lock) {
            if (closed || requests.isEmpty() || inFlight) {
                return;
            }
            if (lingerFlush != null) {
                lingerFlush.cancel(false);
                lingerFlush = null;
            }
            int n = Math.min(maxBatch, requests.size());
            batch = new ArrayList<>(requests.subList(0, n));
            waiting = new ArrayList<>(futures.subList(0, n));
            requests.subList(0, n).clear();
            futures.subList(0, n).clear();
            batches++;
            inFlight = true;
        }
        List<CompletableFuture<V>> results;
        try {
            results = batchCall.apply(batch);
        } catch (RuntimeException e) {
            waiting.forEach(f -> f.completeExceptionally(e));
            answered();
            return;
        }
        // Kafka's futures complete on the Admin client's thread; the next call starts when all of this one's have.
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> answered());
        for (int i = 0; i < waiting.size(); i++) {
            CompletableFuture<V> caller = waiting.get(i);
            results.get(i).whenComplete((v, e) -> {
                if (e != null) {
                    caller.completeExceptionally(e);
                } else {
                    caller.complete(v);
                }
            });
        }
    }

    /** The call in flight is answered: what queued meanwhile goes now (it has waited longer than any linger). */
    private void answered() {
        synchronized (lock) {
            inFlight = false;
            if (!closed && !requests.isEmpty()) {
                schedule(0);
            }
        }
    }

    /** Schedules a flush (caller holds the lock); a scheduler that was shut down fails what is queued. */
    private ScheduledFuture<?> schedule(long delayNanos) {
        try {
            return scheduler.schedule(this::flush, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            closed = true;
            failQueued(new IllegalStateException("connection closed (" + name + ")"));
            return null;
        }
    }

    private void failQueued(Exception e) {
        futures.forEach(f -> f.completeExceptionally(e));
        requests.clear();
        futures.clear();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (lingerFlush != null) {
                lingerFlush.cancel(false);
                lingerFlush = null;
            }
            failQueued(new IllegalStateException("connection closed"));
        }
    }
}
