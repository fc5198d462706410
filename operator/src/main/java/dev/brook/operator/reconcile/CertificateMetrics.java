package dev.brook.operator.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code brook_certificate_expiry_timestamp_seconds{namespace, cluster, certificate}}: when each certificate of a cluster
 * expires, in seconds since the epoch, {@code certificate} being {@code <secret>/<file>} (the CAs and every pod's and the
 * operator's certificate). Brook renews them {@code renewalDays} before expiry, so a value coming close to {@code time()}
 * means renewal is failing: the chart's {@code BrookCertificateExpiring} alert fires on it.
 */
@Singleton
public class CertificateMetrics {
    static final String NAME = "brook_certificate_expiry_timestamp_seconds";
    private final MeterRegistry registry;
    /** namespace/cluster -> certificate -> expiry (epoch seconds) behind each registered gauge. */
    private final Map<String, Map<String, AtomicLong>> byCluster = new ConcurrentHashMap<>();

    public CertificateMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Sets the cluster's certificates to exactly these: gauges of certificates it no longer has are removed. */
    public void record(String namespace, String cluster, Map<String, Instant> expiries) {
        Map<String, AtomicLong> gauges = byCluster.computeIfAbsent(namespace + "/" + cluster, k -> new ConcurrentHashMap<>());
        expiries.forEach((certificate, notAfter) -> gauges.computeIfAbsent(certificate, name -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(NAME, value, AtomicLong::doubleValue).tags(tags(namespace, cluster, name))
                    .description("When the certificate expires (seconds since the epoch); Brook renews it before").register(registry);
            return value;
        }).set(notAfter.getEpochSecond()));
        for (String gone : Set.copyOf(gauges.keySet())) {
            if (!expiries.containsKey(gone)) {
                remove(namespace, cluster, gone);
                gauges.remove(gone);
            }
        }
    }

    /** A deleted cluster, or one that no longer has TLS: its gauges go. */
    public void forget(String namespace, String cluster) {
        Map<String, AtomicLong> gauges = byCluster.remove(namespace + "/" + cluster);
        if (gauges != null) {
            gauges.keySet().forEach(certificate -> remove(namespace, cluster, certificate));
        }
    }

    private void remove(String namespace, String cluster, String certificate) {
        Gauge gauge = registry.find(NAME).tags(tags(namespace, cluster, certificate)).gauge();
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    private static Tags tags(String namespace, String cluster, String certificate) {
        return Tags.of("namespace", namespace, "cluster", cluster, "certificate", certificate);
    }
}
