package dev.brook.operator.reconcile;

import dev.brook.operator.api.v1alpha1.Topic;
import dev.brook.operator.api.v1alpha1.TopicStatus;
import dev.brook.operator.model.SpecProblem;
import dev.brook.operator.model.TopicValidation;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Reconciles a Topic: validates the spec and reports what it found. */
@ControllerConfiguration(name = "topic")
public class TopicReconciler implements Reconciler<Topic> {
    private static final Logger LOG = Logger.getLogger(TopicReconciler.class);

    private final Conditions conditions;
    private final ReconcileMetrics metrics;

    public TopicReconciler(Clock clock, ReconcileMetrics metrics) {
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<Topic> reconcile(Topic topic, Context<Topic> context) {
        return metrics.timed("Topic", () -> reconcileNow(topic));
    }

    private UpdateControl<Topic> reconcileNow(Topic topic) {
        String ref = topic.getMetadata().getNamespace() + "/" + topic.getMetadata().getName();
        long generation = topic.getMetadata().getGeneration() == null ? 0 : topic.getMetadata().getGeneration();
        TopicStatus status = StatusCopies.copy(topic.getStatus(), TopicStatus.class);
        List<SpecProblem> problems = TopicValidation.problems(topic);
        if (!problems.isEmpty()) {
            String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
            LOG.infof("topic %s: spec refused (InvalidSpec): %s", ref, message);
            status.setConditions(conditions.set(status.getConditions(), Conditions.notReady("InvalidSpec", message), generation));
        } else {
            status.setConditions(conditions.set(status.getConditions(), Conditions.notReady("NotProvisioned",
                    "the spec is valid; this operator version does not create topics in Kafka yet"), generation));
        }
        status.setObservedGeneration(generation);
        return StatusUpdates.patchIfChanged(topic, status);
    }
}
