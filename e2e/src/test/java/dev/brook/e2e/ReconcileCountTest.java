package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** No cluster needed: the operator's reconcile count is read from its Prometheus page as the suite expects it. */
class ReconcileCountTest {
    @Test
    void sumsTheOutcomesOfOneKind() {
        String page = """
                # HELP brook_reconcile_seconds Reconcile duration per kind and outcome
                # TYPE brook_reconcile_seconds summary
                brook_reconcile_seconds_count{kind="Cluster",outcome="success"} 41.0
                brook_reconcile_seconds_sum{kind="Cluster",outcome="success"} 3.2
                brook_reconcile_seconds_count{kind="Cluster",outcome="failure",} 2
                brook_reconcile_seconds_count{kind="Topic",outcome="success"} 7.0
                brook_reconcile_seconds_max{kind="Cluster",outcome="success"} 0.4
                """;
        assertThat(RealCluster.reconcileCount(page, "Cluster")).isEqualTo(43);
        assertThat(RealCluster.reconcileCount(page, "Topic")).isEqualTo(7);
        assertThat(RealCluster.reconcileCount(page, "ConsumerGroup")).isZero();
    }
}
