package dev.brook.operator.reconcile;

import dev.brook.operator.api.v1alpha1.ConsumerGroup;
import dev.brook.operator.api.v1alpha1.ConsumerGroupStatus;
import dev.brook.operator.model.ConsumerGroupValidation;
import dev.brook.operator.model.SpecProblem;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Reconciles a ConsumerGroup: validates the spec and reports what it found. */
@ControllerConfiguration(name = "consumergroup")
public class ConsumerGroupReconciler implements Reconciler<ConsumerGroup> {
    private static final Logger LOG = Logger.getLogger(ConsumerGroupReconciler.class);

    private final Conditions conditions;
    private final ReconcileMetrics metrics;

    public ConsumerGroupReconciler(Clock clock, ReconcileMetrics metrics) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<ConsumerGroup> reconcile(ConsumerGroup group, Context<ConsumerGroup> context) {
        return metrics.timed("ConsumerGroup", () -> reconcileNow(group));
    }

    private UpdateControl<ConsumerGroup> reconcileNow(ConsumerGroup group) {
        String ref = group.getMetadata().getNamespace() + "/" + group.getMetadata().getName();
        long generation = group.getMetadata().getGeneration() == null ? 0 : group.getMetadata().getGeneration();
        ConsumerGroupStatus status = StatusCopies.copy(group.getStatus(), ConsumerGroupStatus.class);
        List<SpecProblem> problems = ConsumerGroupValidation.problems(group);
        if (!problems.isEmpty()) {
            String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
            LOG.infof("consumergroup %s: spec refused (InvalidSpec): %s", ref, message);
            status.setConditions(conditions.set(status.getConditions(), Conditions.notReady("InvalidSpec", message), generation));
        } else {
            status.setConditions(conditions.set(status.getConditions(), Conditions.notReady("NotProvisioned",
                    "the spec is valid; this operator version does not read group offsets yet"), generation));
        }
        status.setObservedGeneration(generation);
        return StatusUpdates.patchIfChanged(group, status);
    }
}
