package dev.brook.operator.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the operator's reconcile passes per kind (its {@code brook_reconcile} timer), so a test that
 * checks that something did <em>not</em> happen waits until the operator had several chances to do it,
 * not for a stretch of wall-clock time that a quiet machine fills with many passes and a busy one with none.
 */
public final class ReconcilePasses {
    private final MeterRegistry registry;

    public ReconcilePasses(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Reconciles of {@code kind} ({@code Cluster}, {@code Topic}, {@code ConsumerGroup}) finished so far, failed ones included. */
    public long count(String kind) {
        return registry.find("brook_reconcile").tag("kind", kind).timers().stream().mapToLong(Timer::count).sum();
    }

    /** Waits until every kind has finished at least {@code passes} more reconciles (bounded by {@code timeout}). */
    public void await(int passes, Duration timeout, String... kinds) {
        Map<String, Long> before = new LinkedHashMap<>();
        for (String kind : kinds) {
            before.put(kind, count(kind));
        }
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(
                () -> before.entrySet().stream().allMatch(e -> count(e.getKey()) >= e.getValue() + passes));
    }
}
