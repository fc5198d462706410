package dev.brook.operator.model;

import dev.brook.contract.PodName;
import dev.brook.contract.Role;

/**
 * Every name Brook gives a Kubernetes object of a cluster, as a static function of the cluster name.
 * Pods follow the contract's ordinal rule ({@link PodName}): {@code <c>-zookeeper-<n>}, {@code <c>-broker-<n>}.
 */
public final class BrookNames {
    /** The Kubernetes cluster DNS domain the pods' names live under. */
    public static final String CLUSTER_DOMAIN = "cluster.local";
    /** The data volume of every pod (the StatefulSets' volumeClaimTemplate; PVCs are {@code data-<pod>}). */
    public static final String DATA_VOLUME = "data";

    private BrookNames() {
    }

    /** ZooKeeper StatefulSet and its headless Service (pods {@code <c>-zookeeper-<n>}). */
    public static String zookeeper(String cluster) {
        return cluster + "-zookeeper";
    }

    /** ZooKeeper client Service (port 2181), for tools; brokers use the pods' DNS names. */
    public static String zookeeperClientService(String cluster) {
        return cluster + "-zookeeper-client";
    }

    /** ConfigMap with {@code zookeeper-inputs.properties}. */
    public static String zookeeperInputs(String cluster) {
        return cluster + "-zookeeper-inputs";
    }

    public static String zookeeperPod(String cluster, int ordinal) {
        return PodName.of(cluster, Role.ZOOKEEPER, ordinal).toString();
    }

    /** Broker StatefulSet and its headless Service (pods {@code <c>-broker-<n>}). */
    public static String broker(String cluster) {
        return cluster + "-broker";
    }

    /** ConfigMap with {@code broker-inputs.properties} (the user's Kafka config is part of the inputs). */
    public static String brokerInputs(String cluster) {
        return cluster + "-broker-inputs";
    }

    public static String brokerPod(String cluster, int ordinal) {
        return PodName.of(cluster, Role.BROKER, ordinal).toString();
    }

    /** The client Service of the internal listeners (one port per internal listener, plus replication). */
    public static String bootstrapService(String cluster) {
        return cluster + "-bootstrap";
    }

    /** Per-broker Service of an external (nodeport / loadbalancer) listener. */
    public static String externalBrokerService(String cluster, String listener, int ordinal) {
        return cluster + "-" + listener + "-" + ordinal;
    }

    /** Bootstrap Service of an external listener (all brokers behind it). */
    public static String externalBootstrapService(String cluster, String listener) {
        return cluster + "-" + listener + "-bootstrap";
    }

    /** PodDisruptionBudget of the ensemble (same name as the StatefulSet). */
    public static String zookeeperDisruptionBudget(String cluster) {
        return zookeeper(cluster);
    }

    /** PodDisruptionBudget of the brokers (same name as the StatefulSet). */
    public static String brokerDisruptionBudget(String cluster) {
        return broker(cluster);
    }

    /** The ServiceAccount of the cluster's pods. */
    public static String serviceAccount(String cluster) {
        return cluster + "-brook";
    }

    /** {@code <svc>.<ns>.svc.cluster.local}: the domain a headless Service gives its pods. */
    public static String headlessDomain(String service, String namespace) {
        return service + "." + namespace + ".svc." + CLUSTER_DOMAIN;
    }

    /** {@code <svc>.<ns>.svc}: a Service's in-cluster name, as clients in any namespace use it. */
    public static String serviceHost(String service, String namespace) {
        return service + "." + namespace + ".svc";
    }
}
