package dev.brook.operator.reconcile;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * JOSDK's controller metrics per controller, not per resource. The extension's default tags every series with
 * the resource's name and namespace: about 80 series per Topic (timers and their buckets), so at 10,000 Topics
 * a few hundred MiB of meters in a 128 MiB heap and a /q/metrics answer of hundreds of MB. Per-resource state
 * belongs in the resources' status; the operator's series stay a fixed number per controller.
 */
public class ControllerMetricsProducer {
    @Produces
    @Singleton
    Metrics controllerMetrics(MeterRegistry registry) {
        return MicrometerMetrics.newMicrometerMetricsBuilder(registry).notCollectingMetricsPerResource().build();
    }
}
