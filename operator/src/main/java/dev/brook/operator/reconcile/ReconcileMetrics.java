package dev.brook.operator.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * Reconcile counts, durations and failures per kind ({@code brook_reconcile_seconds{kind,outcome}}),
 * with bounded cardinality: JOSDK's own per-resource series grow with every topic.
 */
@Singleton
public class ReconcileMetrics {
    private final MeterRegistry registry;

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> T timed(String kind, Supplier<T> reconcile) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "success";
        try {
            return reconcile.get();
        } catch (RuntimeException e) {
            outcome = "failure";
            registry.counter("brook_reconcile_failures", "kind", kind).increment();
            throw e;
        } finally {
            sample.stop(Timer.builder("brook_reconcile").description("Reconcile duration per kind and outcome")
                    .tag("kind", kind).tag("outcome", outcome).register(registry));
        }
    }
}
