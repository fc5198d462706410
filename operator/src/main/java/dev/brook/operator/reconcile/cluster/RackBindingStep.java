package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.model.Platform;
import dev.brook.model.RackNodeReader;
import dev.brook.operator.reconcile.ResourceApplier;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The ClusterRoleBinding that lets the brokers' rack init container read its Node ({@link RackNodeReader}).
 * Cluster-scoped, so read directly (no informer) and only while racks are in use or being given up.
 */
@Singleton
public class RackBindingStep {
    private static final Logger LOG = Logger.getLogger(RackBindingStep.class);
    private final ResourceApplier applier;
    private final KubernetesClient client;
    private final Platform platform;

    public RackBindingStep(ResourceApplier applier, KubernetesClient client, Platform platform) {
        this.applier = applier;
        this.client = client;
        this.platform = platform;
    }

    /** True when the Cluster asks for racks the installation does not offer (refuse the spec then). */
    public boolean unavailable(Cluster cluster) {
        return RackNodeReader.wanted(cluster) && platform.rackClusterRole() == null;
    }

    public void run(ClusterObservation observed) {
        if (RackNodeReader.wanted(observed.cluster())) {
            var desired = RackNodeReader.binding(observed.cluster(), platform.rackClusterRole());
            ResourceApplier.Applied applied = applier.apply(desired, client.resource(desired).get());
            if (applied.outcome() != ResourceApplier.Outcome.UNCHANGED) {
                LOG.infof("cluster %s: %s ClusterRoleBinding %s (brokers read their Node's rack label)", observed.ref(),
                        applied.outcome().name().toLowerCase(Locale.ROOT), desired.getMetadata().getName());
            }
            return;
        }
        StatefulSet brokers = observed.brokerSet();
        boolean hadRacks = brokers != null && brokers.getSpec().getTemplate().getSpec().getInitContainers() != null
                && !brokers.getSpec().getTemplate().getSpec().getInitContainers().isEmpty();
        if (hadRacks && platform.rackClusterRole() != null) {
            delete(observed.cluster(), "spec.brokers.rack was removed");
        }
    }

    /** Deletes the Cluster's binding if there is one (the Cluster is deleted, or gave up racks). */
    public void delete(Cluster cluster, String why) {
        if (platform.rackClusterRole() == null) {
            return;
        }
        String binding = RackNodeReader.bindingName(cluster);
        if (!client.rbac().clusterRoleBindings().withName(binding).delete().isEmpty()) {
            LOG.infof("cluster %s/%s: deleted ClusterRoleBinding %s (%s)", cluster.getMetadata().getNamespace(),
                    cluster.getMetadata().getName(), binding, why);
        }
    }
}
