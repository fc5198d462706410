package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CertificateMetrics metrics = new CertificateMetrics(registry);

    private double expiry(String cluster, String certificate) {
        var gauge = registry.find(CertificateMetrics.NAME).tags("namespace", "ns", "cluster", cluster, "certificate", certificate).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    @Test
    void eachCertificateHasItsExpiryAndOnlyTheCertificatesAClusterStillHas() {
        metrics.record("ns", "a", Map.of("a-cluster-ca/ca.crt", Instant.ofEpochSecond(2_000), "a-broker-tls/a-broker-1.pem",
                Instant.ofEpochSecond(1_000)));
        metrics.record("ns", "b", Map.of("b-cluster-ca/ca.crt", Instant.ofEpochSecond(3_000)));
        assertThat(expiry("a", "a-broker-tls/a-broker-1.pem")).isEqualTo(1_000);

        // Renewed: the new expiry. Scaled down: the gone broker's certificate is no longer reported.
        metrics.record("ns", "a", Map.of("a-cluster-ca/ca.crt", Instant.ofEpochSecond(2_000)));
        assertThat(expiry("a", "a-broker-tls/a-broker-1.pem")).isNaN();
        metrics.record("ns", "a", Map.of("a-cluster-ca/ca.crt", Instant.ofEpochSecond(5_000)));
        assertThat(expiry("a", "a-cluster-ca/ca.crt")).isEqualTo(5_000);

        metrics.forget("ns", "a");
        assertThat(registry.find(CertificateMetrics.NAME).tags("cluster", "a").gauges()).isEmpty();
        assertThat(expiry("b", "b-cluster-ca/ca.crt")).as("other clusters keep theirs").isEqualTo(3_000);
    }
}
