package dev.brook.model;

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
        Certificates
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
        Valid, CaUnusable, ListenerCertificateUnusable, TrustBroken
    }
}
