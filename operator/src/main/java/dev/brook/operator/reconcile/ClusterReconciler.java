package dev.brook.operator.reconcile;

import dev.brook.operator.api.v1alpha1.Cluster;
import dev.brook.operator.api.v1alpha1.ClusterStatus;
import dev.brook.operator.model.ClusterValidation;
import dev.brook.operator.model.SpecProblem;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Reconciles a Cluster: validates the spec and reports what it found. */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster> {
    private static final Logger LOG = Logger.getLogger(ClusterReconciler.class);

    private final Conditions conditions;
    private final ReconcileMetrics metrics;

    public ClusterReconciler(Clock clock, ReconcileMetrics metrics) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        return metrics.timed("Cluster", () -> reconcileNow(cluster));
    }

    private UpdateControl<Cluster> reconcileNow(Cluster cluster) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        ClusterStatus status = StatusCopies.copy(cluster.getStatus(), ClusterStatus.class);
        List<SpecProblem> problems = ClusterValidation.problems(cluster);
        if (!problems.isEmpty()) {
            String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
            LOG.infof("cluster %s: spec refused (InvalidSpec): %s", ref, message);
            status.setConditions(conditions.set(status.getConditions(), Conditions.notReady("InvalidSpec", message), generation));
        } else {
            LOG.debugf("cluster %s: spec valid; no workloads are created by this operator version", ref);
            status.setConditions(conditions.set(status.getConditions(), Conditions.notReady("NotProvisioned",
                    "the spec is valid; this operator version does not create the ZooKeeper ensemble and brokers yet"),
                    generation));
        }
        status.setObservedGeneration(generation);
        return StatusUpdates.patchIfChanged(cluster, status);
    }
}
