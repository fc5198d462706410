package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * The ServiceAccount {@code <c>-brook} the cluster's pods run as. Tokens are not mounted by default
 * ({@code automountServiceAccountToken: false}, on the account and on every pod): the agent never calls the
 * API. With {@code spec.brokers.rack}, broker pods mount a projected token into the rack init container only,
 * for its Node lookup (the account then needs {@code get} on Nodes through a ClusterRoleBinding).
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
