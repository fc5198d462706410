package dev.brook.operator.model;

import dev.brook.operator.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * The ServiceAccount {@code <c>-brook} the cluster's pods run as. Tokens are not mounted by default
 * ({@code automountServiceAccountToken: false}): the agent never calls the API. Only broker pods of a
 * cluster with {@code spec.brokers.rack} opt in at pod level, for the rack init container's node lookup.
 */
public final class ClusterServiceAccount {
    private ClusterServiceAccount() {
    }

    public static ServiceAccount from(Cluster cluster) {
        return new ServiceAccountBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, BrookNames.serviceAccount(cluster.getMetadata().getName()),
                        BrookLabels.Component.CLUSTER))
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
