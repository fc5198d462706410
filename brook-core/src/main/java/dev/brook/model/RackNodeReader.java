package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import java.util.Map;

/**
 * With {@code spec.brokers.rack}, each broker pod's init container reads its Node's labels with the cluster's
 * ServiceAccount ({@code <c>-brook}): the downward API cannot expose node labels. Nodes are cluster-scoped, so
 * the account needs a ClusterRoleBinding to the ClusterRole the chart installs for exactly that ({@code get} on
 * nodes, chart option {@code rackAwareness.enabled}). The binding is cluster-scoped too and cannot be owned by
 * the namespaced Cluster (garbage collection ignores such owners): Brook deletes it itself when the Cluster goes
 * or stops using racks. Its name carries namespace and cluster, so clusters never share one.
 */
public final class RackNodeReader {
    /** The binding is cluster-scoped: this annotation says which namespace's Cluster it serves. */
    public static final String NAMESPACE_ANNOTATION = "brook.dev/namespace";

    private RackNodeReader() {
    }

    /** Name of the cluster's binding: {@code brook-rack-<namespace>-<cluster>}. */
    public static String bindingName(Cluster cluster) {
        return "brook-rack-" + cluster.getMetadata().getNamespace() + "-" + cluster.getMetadata().getName();
    }

    public static boolean wanted(Cluster cluster) {
        return cluster.getSpec() != null && cluster.getSpec().getBrokers() != null && cluster.getSpec().getBrokers().getRack() != null;
    }

    /** The binding of the cluster's pods' ServiceAccount to {@code clusterRole} (the chart's node-reading role). */
    public static ClusterRoleBinding binding(Cluster cluster, String clusterRole) {
        String name = cluster.getMetadata().getName();
        Map<String, String> labels = BrookLabels.labels(name, BrookLabels.Component.CLUSTER);
        return new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(bindingName(cluster)).withLabels(labels)
                .addToAnnotations(NAMESPACE_ANNOTATION, cluster.getMetadata().getNamespace()).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(clusterRole).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(BrookNames.serviceAccount(name))
                .withNamespace(cluster.getMetadata().getNamespace()).endSubject()
                .build();
    }
}
