package dev.brook.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Merges the single requests that arrive within a short window into one batched call, so that a
 * thousand reconciles of topics on one cluster become a handful of Admin requests. Each caller gets
 * its own future. The batch function returns one future per request, in order (Kafka's per-item
 * futures), so one topic's error never fails the others; only a failure of the whole call fails
 * every future of that batch.
 */
public final class RequestBatcher<R, V> implements AutoCloseable {
    private final Function<List<R>, List<CompletableFuture<V>>> batchCall;
    private final long lingerMillis;
    private final int maxBatch;
    private final Object lock = new Object();
    private final List<R> requests = new ArrayList<>();
    private final List<CompletableFuture<V>> futures = new ArrayList<>();
    private boolean closed;
    private long batches;

    public RequestBatcher(String name, Function<List<R>, List<CompletableFuture<V>>> batchCall, long lingerMillis, int maxBatch) {
        this.batchCall = batchCall;
        this.lingerMillis = lingerMillis;
        this.maxBatch = maxBatch;
        Thread flusher = new Thread(this::run, "brook-batch-" + name);
        flusher.setDaemon(true);
        flusher.start();
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
            lock.notifyAll();
        }
        return future;
    }

    /** Batched calls made so far. */
    public long batches() {
        synchronized (lock) {
            return batches;
        }
    }

    private void run() {
        while (true) {
            List<R> batch;
            List<CompletableFuture<V>> waiting;
            synchronized (lock) {
                try {
                    while (requests.isEmpty() && !closed) {
                        lock.wait();
                    }
                    long deadline = System.currentTimeMillis() + lingerMillis;
                    long left;
                    while (!closed && requests.size() < maxBatch && (left = deadline - System.currentTimeMillis()) > 0) {
                        lock.wait(left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (closed) {
                    futures.forEach(f -> f.completeExceptionally(new IllegalStateException("connection closed")));
                    return;
                }
                int n = Math.min(maxBatch, requests.size());
                batch = new ArrayList<>(requests.subList(0, n));
                waiting = new ArrayList<>(futures.subList(0, n));
                requests.subList(0, n).clear();
                futures.subList(0, n).clear();
                batches++;
            }
            try {
                List<CompletableFuture<V>> results = batchCall.apply(batch);
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
            } catch (RuntimeException e) {
                waiting.forEach(f -> f.completeExceptionally(e));
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
