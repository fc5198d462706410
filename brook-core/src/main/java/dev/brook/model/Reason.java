package dev.brook.model;

/** Stable condition reasons: users and alerts match on them, so they never change meaning. */
public enum Reason {
    /** The spec asks for something invalid; the message names the field. */
    InvalidSpec,
    /** The spec asks for a change Kafka cannot make or that would lose data; the message says what to do instead. */
    NotSupported,
    /** The replication factor is above the number of brokers. */
    NotEnoughBrokers,
    /** Another Topic resource already manages this Kafka topic. */
    TopicNameConflict,
    /** The named Cluster does not exist in this namespace. */
    ClusterNotFound,
    /** The Cluster has no bootstrap address yet. */
    ClusterNotReady,
    /** Kafka refused or failed a request; the message carries Kafka's reason. */
    KafkaError,
    /** The resource is in its desired state. */
    Reconciled,
    /** An offset reset waits for the group's consumers to stop. */
    ActiveMembers,
    /** The group does not exist in Kafka yet (no member joined, nothing committed). */
    GroupNotFound,
    /** Another User resource already manages this Kafka user name on the cluster. */
    UserNameConflict,
    /** A Secret Brook would write (or read) is not Brook's, or lacks what the spec names. */
    SecretProblem,
    /** The Cluster lacks what the resource needs (an authorizer for ACLs, a listener for the user's authentication). */
    ClusterMismatch
}
