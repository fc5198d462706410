package dev.brook.bench;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.Topic;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Watches Topics (an informer's handler) and, for the arm under way, records when each of its Topics (name prefix)
 * first shows Ready=True with status.observedGeneration == metadata.generation == the expected generation. It
 * also counts transitions of the Ready condition to False of any Topic: a healthy create or edit never shows one.
 */
final class TopicReadiness implements ResourceEventHandler<Topic> {
    static final String READY = "Ready";

    private final Map<String, String> lastReady = new ConcurrentHashMap<>();
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> falseReasons = new ConcurrentHashMap<>();
    private final AtomicInteger readyFalseTransitions = new AtomicInteger();
    private volatile String prefix = "\u0000";
    private volatile long generation;

    /** Starts an arm: its Topics' names start with {@code prefix}; they count once Ready at {@code generation}. */
    void expect(String prefix, long generation) {
        this.prefix = prefix;
        this.generation = generation;
        readyAt.clear();
        falseReasons.clear();
        readyFalseTransitions.set(0);
    }

    @Override
    public void onAdd(Topic topic) {
        seen(topic);
    }

    @Override
    public void onUpdate(Topic before, Topic topic) {
        seen(topic);
    }

    @Override
    public void onDelete(Topic topic, boolean finalStateUnknown) {
        lastReady.remove(topic.getMetadata().getName());
    }

    private void seen(Topic topic) {
        long now = System.nanoTime();
        String name = topic.getMetadata().getName();
        Condition ready = topic.getStatus() == null || topic.getStatus().getConditions() == null ? null
                : topic.getStatus().getConditions().stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
        if (ready == null) {
            return;
        }
        String previous = lastReady.put(name, ready.getStatus());
        if (Condition.FALSE.equals(ready.getStatus()) && !Condition.FALSE.equals(previous)) {
            readyFalseTransitions.incrementAndGet();
            falseReasons.merge(String.valueOf(ready.getReason()), 1, Integer::sum);
        }
        Long gen = topic.getMetadata().getGeneration();
        Long observed = topic.getStatus().getObservedGeneration();
        if (name.startsWith(prefix) && Condition.TRUE.equals(ready.getStatus()) && gen != null && gen == generation
                && observed != null && observed == generation) {
            readyAt.putIfAbsent(name, now);
        }
    }

    /** Waits until {@code count} Topics of the arm are Ready at its generation; returns when the last one was seen. */
    long awaitReady(int count, Duration timeout, Supplier<String> progress) {
        Deadline deadline = Deadline.in(timeout, count + " Topics '" + prefix + "*' Ready at generation " + generation);
        long nextLog = System.nanoTime();
        while (readyAt.size() < count) {
            deadline.failIfPassed(readyAt.size() + " Ready, Ready=False reasons " + falseReasons);
            if (System.nanoTime() >= nextLog) {
                System.out.printf(Locale.ROOT, "[bench] %s: %d/%d Ready, %s%n", prefix, readyAt.size(), count, progress.get());
                nextLog = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            deadline.pause(Duration.ofMillis(20));
        }
        return readyAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    int readyFalseTransitions() {
        return readyFalseTransitions.get();
    }

    Map<String, Integer> readyFalseReasons() {
        return Map.copyOf(falseReasons);
    }

    List<Long> readyTimes() {
        return readyAt.values().stream().sorted().toList();
    }
}
