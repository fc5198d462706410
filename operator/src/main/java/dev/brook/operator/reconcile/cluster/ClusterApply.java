package dev.brook.operator.reconcile.cluster;

import dev.brook.operator.reconcile.EventRecorder;
import dev.brook.operator.reconcile.ResourceApplier;
import dev.brook.model.BrookLabels;
import dev.brook.model.VolumePlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Writes a Cluster's desired objects unless the informer's copy already holds every field Brook sets (drift
 * is put back): one log line and one Event per object created or updated, naming the field that differed.
 */
@Singleton
public class ClusterApply {
    private static final Logger LOG = Logger.getLogger(ClusterApply.class);
    private final ResourceApplier applier;
    private final EventRecorder events;
    private final VolumeClaims volumes;

    public ClusterApply(ResourceApplier applier, EventRecorder events, VolumeClaims volumes) {
        this.applier = applier;
        this.events = events;
        this.volumes = volumes;
    }

    /**
     * Applies a component's objects in order; its StatefulSet keeps the live claim templates and the claims grow
     * as the spec's storage asks ({@link VolumePlan}). Returns what the volumes did.
     */
    VolumeClaims.Result applyAll(ClusterObservation observed, List<HasMetadata> objects, StatefulSet live, BrookLabels.Component component,
            String storageField) {
        VolumeClaims.Result result = null;
        for (HasMetadata o : objects) {
            if (o instanceof StatefulSet set) {
                result = volumes.apply(observed, VolumePlan.of(storageField, set, live), component, storageField);
                apply(observed, result.statefulSet());
            } else {
                apply(observed, o);
            }
        }
        return result;
    }

    public void apply(ClusterObservation observed, HasMetadata desired) {
        ResourceApplier.Applied applied = applier.apply(desired, ClusterInformers.live(observed.context(), desired));
        if (applied.outcome() != ResourceApplier.Outcome.UNCHANGED) {
            String what = desired.getKind() + " " + desired.getMetadata().getName();
            String verb = applied.outcome() == ResourceApplier.Outcome.CREATED ? "created" : "updated";
            String why = applied.difference() == null ? "" : " (" + applied.difference() + ")";
            LOG.infof("cluster %s: %s %s%s", observed.ref(), verb, what, why);
            events.normal(observed.cluster(), applied.outcome() == ResourceApplier.Outcome.CREATED ? "Created" : "Updated",
                    verb + " " + what + why);
        }
    }
}
