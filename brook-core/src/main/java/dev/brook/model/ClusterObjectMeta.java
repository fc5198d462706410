package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Metadata of every object Brook creates for a cluster: name, namespace, labels, owner reference. */
final class ClusterObjectMeta {
    private ClusterObjectMeta() {
    }

    static ObjectMeta of(Cluster cluster, String name, BrookLabels.Component component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(BrookLabels.labels(cluster.getMetadata().getName(), component))
                .withOwnerReferences(ownerReference(cluster))
                .build();
    }

    /** Controller reference to the Cluster: deleting the Cluster garbage-collects the object. */
    static OwnerReference ownerReference(Cluster cluster) {
        return new OwnerReferenceBuilder()
                .withApiVersion(Cluster.GROUP + "/" + Cluster.VERSION)
                .withKind("Cluster")
                .withName(cluster.getMetadata().getName())
                .withUid(cluster.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** The cluster's name and namespace, refusing a spec that {@link ClusterValidation} refuses. */
    static void requireValid(Cluster cluster) {
        if (cluster.getMetadata() == null || cluster.getMetadata().getName() == null
                || cluster.getMetadata().getNamespace() == null) {
            throw new IllegalArgumentException("cluster needs metadata.name and metadata.namespace");
        }
        var problems = ClusterValidation.problems(cluster);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Cluster " + cluster.getMetadata().getNamespace() + "/"
                    + cluster.getMetadata().getName() + ": " + problems);
        }
    }
}
