package dev.brook.model;

import dev.brook.contract.PodName;
import dev.brook.contract.Role;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;

import java.util.ArrayList;
import java.util.List;

/**
 * Every name Brook gives a Kubernetes object of a cluster, as a static function of the cluster name.
 * Pods follow the contract's ordinal rule ({@link PodName}): {@code <c>-zookeeper-<n>}, {@code <c>-broker-<n>}.
 */
public final class BrookNames {
    /** The data volume of every pod (the StatefulSets' volumeClaimTemplate; PVCs are {@code data-<pod>}). */
    public static final String DATA_VOLUME = "data";

    /**
     * Longest cluster name whose objects all get valid names: the StatefulSet controller labels each pod
     * {@code controller-revision-hash=<statefulset>-<hash of up to 10 characters>}, a label value of at most
     * 63 characters, and {@code <c>-zookeeper} is the longer StatefulSet name.
     */
    public static final int MAX_CLUSTER_NAME_LENGTH = 63 - "-zookeeper".length() - 1 - 10;
    private static final int MAX_SERVICE_NAME_LENGTH = 63;

    private BrookNames() {
    }

    /**
     * Why objects named after this cluster would be refused by Kubernetes, or empty. Service names are
     * DNS-1035 labels (start with a letter, at most 63 characters), which a Cluster's own name need not be.
     * Meant for {@link ClusterValidation}.
     */
    public static List<SpecProblem> problems(String cluster, List<ListenerSpec> listeners) {
        List<SpecProblem> problems = new ArrayList<>();
        if (cluster == null || !cluster.matches("[a-z]([-a-z0-9]*[a-z0-9])?")) {
            problems.add(new SpecProblem("metadata.name", "'" + cluster + "' cannot name Brook's Services; use lower-case "
                    + "letters, digits and '-', starting with a letter and ending with a letter or digit"));
            return problems;
        }
        if (cluster.length() > MAX_CLUSTER_NAME_LENGTH) {
            problems.add(new SpecProblem("metadata.name", "'" + cluster + "' has " + cluster.length()
                    + " characters; Brook's StatefulSet pods need a cluster name of at most " + MAX_CLUSTER_NAME_LENGTH));
        }
        for (int i = 0; i < listeners.size(); i++) {
            ListenerSpec l = listeners.get(i);
            if (l.getType() == ListenerType.INTERNAL || l.getName() == null) {
                continue;
            }
            String longest = externalBootstrapService(cluster, l.getName());
            if (longest.length() > MAX_SERVICE_NAME_LENGTH) {
                problems.add(new SpecProblem("spec.brokers.listeners[" + i + "].name", "'" + l.getName()
                        + "' makes the Service name '" + longest + "' longer than " + MAX_SERVICE_NAME_LENGTH
                        + " characters; use a shorter listener or cluster name"));
            }
        }
        return problems;
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

    /** {@code <svc>.<ns>.svc}: a Service's in-cluster name, as clients in any namespace use it. */
    public static String serviceHost(String service, String namespace) {
        return service + "." + namespace + ".svc";
    }

    /** The brokers' replication listener through the bootstrap Service: where the operator's own Admin client connects. */
    public static String replicationBootstrap(String cluster, String namespace) {
        return serviceHost(bootstrapService(cluster), namespace) + ":" + dev.brook.contract.PodPorts.BROKER_REPLICATION;
    }

    /** Secret with the cluster CA's certificate and private key (ca.crt, ca.key): the operator's alone. */
    public static String clusterCa(String cluster) {
        return cluster + "-cluster-ca";
    }

    /** Secret with the cluster CA certificates clients trust (ca.crt bundle, ca.p12 and ca.password). */
    public static String clusterCaCert(String cluster) {
        return cluster + "-cluster-ca-cert";
    }

    /** Secret with the clients CA's certificate and private key. */
    public static String clientsCa(String cluster) {
        return cluster + "-clients-ca";
    }

    /** Secret with the clients CA certificates (ca.crt bundle). */
    public static String clientsCaCert(String cluster) {
        return cluster + "-clients-ca-cert";
    }

    /** Secret mounted into the ZooKeeper pods: each pod's key store and the cluster CA bundle. */
    public static String zookeeperTls(String cluster) {
        return cluster + "-zookeeper-tls";
    }

    /** Secret mounted into the broker pods: each pod's key store and the CA bundles. */
    public static String brokerTls(String cluster) {
        return cluster + "-broker-tls";
    }

    /** Secret with the operator's own client certificate for this cluster (its Admin client's identity). */
    public static String operatorTls(String cluster) {
        return cluster + "-operator-tls";
    }
}
