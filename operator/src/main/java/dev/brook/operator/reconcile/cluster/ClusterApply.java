package dev.brook.operator.reconcile.cluster;

import dev.brook.operator.reconcile.EventRecorder;
import dev.brook.operator.reconcile.ResourceApplier;
import io.fabric8.kubernetes.api.model.HasMetadata;
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

    public ClusterApply(ResourceApplier applier, EventRecorder events) {
        this.applier = applier;
        this.events = events;
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
