package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.ListenerSpec;
import java.util.List;
import java.util.Optional;

/**
 * The conditions a Cluster's status carries and every reason they give: one place, so the reconciler, the
 * docs and the tests name them the same. ({@link Reason} holds the Topic and ConsumerGroup reasons.)
 */
public final class ClusterConditions {
    private ClusterConditions() {
    }

    /** Condition types of a Cluster. */
    public enum Type {
        /** Serves clients: every ZooKeeper and broker ready, every broker registered, nothing under-replicated. */
        Ready,
        /** Pods running an outdated template are being restarted (True) or all are up to date (False). */
        RollingRestart,
        /** The spec's dynamic broker keys are applied to the running brokers (True) or refused by Kafka (False). */
        DynamicBrokerConfig,
        /** The ZooKeeper ensemble is being resized one server at a time (True) or has its size (False). */
        ZookeeperScaling,
        /** Volume claims are growing to the spec's size (True) or all have it (False). */
        VolumeExpansion,
        /** The cluster's CAs and certificates are valid (True: until when, renewed when) or cannot be issued (False). */
        Certificates,
        /**
         * With {@code spec.security.authorization}: ACLs are enforced (True); the reason says whether some client listener
         * lets clients in without authentication, as {@code User:ANONYMOUS}. Absent without authorization.
         */
        Authorization,
        /**
         * Partitions move after spec.brokers.replicas changed (True: progress and throttle) or none are moving (False). Absent
         * until the first change of replicas.
         */
        Rebalancing
    }

    /**
     * The {@link Type#Authorization} condition for this spec; empty without authorization. Listeners without
     * authentication are named: their clients are {@code User:ANONYMOUS} and get only what ACLs grant that principal.
     */
    public static Optional<Condition> authorization(Cluster cluster) {
        var security = cluster.getSpec().getSecurity();
        if (security == null || security.getAuthorization() == null) {
            return Optional.empty();
        }
        List<String> anonymous = ClusterDefaults.listeners(cluster.getSpec()).stream()
                .filter(l -> l.getAuthentication() == null).map(ListenerSpec::getName).toList();
        if (anonymous.isEmpty()) {
            return Optional.of(new Condition(Type.Authorization.name(), Condition.TRUE,
                    Reason.Enforced.name(), "Kafka's ACL authorizer is on; every client listener authenticates its clients"));
        }
        return Optional.of(new Condition(Type.Authorization.name(), Condition.TRUE,
                Reason.AnonymousListeners.name(), "Kafka's ACL authorizer is on, but listener(s) " + String.join(", ", anonymous)
                        + " do not authenticate clients: they are User:ANONYMOUS there and may do only what ACLs grant User:ANONYMOUS; "
                        + "set spec.brokers.listeners[].authentication"));
    }

    /** Reasons of the Cluster's conditions. */
    public enum Reason {
        // Ready
        Ready, InvalidSpec, NotSupported, ZookeeperNotReady, BrokersStarting, UnderReplicatedPartitions, ExternalAddressesPending,
        ScaleDownBlocked,
        // RollingRestart
        Restarting, Waiting, Postponed, UpToDate,
        // DynamicBrokerConfig
        Applied, Refused,
        // ZookeeperScaling
        Resizing, Done,
        // VolumeExpansion
        Expanding,
        // Certificates
        Valid, CaUnusable, ListenerCertificateUnusable, TrustBroken,
        // Authorization
        Enforced, AnonymousListeners,
        // Rebalancing
        Moving, WaitingForBrokers, Balanced, Off
    }
}
