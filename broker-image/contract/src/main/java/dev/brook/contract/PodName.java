package dev.brook.contract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ordinal rule. A pod is named {@code <cluster>-zookeeper-<n>} or {@code <cluster>-broker-<n>}
 * (the StatefulSet naming), and its identity follows from {@code n} alone:
 * ZooKeeper server id ({@code myid}) is {@code n + 1} (ZooKeeper ids start at 1), Kafka
 * {@code broker.id} is {@code n}.
 */
public record PodName(String cluster, Role role, int ordinal) {

    // The ordinal is plain decimal without leading zeros, as StatefulSets name pods.
    private static final Pattern POD_NAME = Pattern.compile("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)-(zookeeper|broker)-(0|[1-9][0-9]{0,5})$");

    public PodName {
        if (cluster == null || cluster.isEmpty()) {
            throw new InvalidInputsException("cluster name is empty");
        }
        if (role == null) {
            throw new InvalidInputsException("role is missing");
        }
        if (ordinal < 0) {
            throw new InvalidInputsException("ordinal " + ordinal + " is negative");
        }
    }

    public static PodName of(String cluster, Role role, int ordinal) {
        return new PodName(cluster, role, ordinal);
    }

    /**
     * Parses a pod name, refusing anything that is not {@code <cluster>-<role>-<ordinal>}.
     *
     * @throws InvalidInputsException naming the bad pod name
     */
    public static PodName parse(String podName) {
        if (podName == null) {
            throw new InvalidInputsException("pod name is missing");
        }
        Matcher m = POD_NAME.matcher(podName);
        if (!m.matches()) {
            throw new InvalidInputsException("pod name '" + podName
                    + "' is not <cluster>-zookeeper-<n> or <cluster>-broker-<n>");
        }
        Role role = Role.fromArgument(m.group(3)).orElseThrow();
        return new PodName(m.group(1), role, Integer.parseInt(m.group(4)));
    }

    /**
     * The ordinal of {@code podName}, checked against the expected cluster and role.
     *
     * @throws InvalidInputsException when the name is malformed or belongs to another cluster or role
     */
    public static int ordinalOf(String podName, String expectedCluster, Role expectedRole) {
        PodName parsed = parse(podName);
        if (!parsed.cluster.equals(expectedCluster) || parsed.role != expectedRole) {
            throw new InvalidInputsException("pod name '" + podName + "' is not a " + expectedRole.argument()
                    + " pod of cluster '" + expectedCluster + "' (expected " + expectedCluster + "-"
                    + expectedRole.argument() + "-<n>)");
        }
        return parsed.ordinal;
    }

    /** ZooKeeper server id ({@code myid}): ordinal + 1. */
    public int zookeeperServerId() {
        requireRole(Role.ZOOKEEPER);
        return ordinal + 1;
    }

    /** Kafka {@code broker.id}: the ordinal. */
    public int brokerId() {
        requireRole(Role.BROKER);
        return ordinal;
    }

    private void requireRole(Role expected) {
        if (role != expected) {
            throw new IllegalStateException(this + " is not a " + expected.argument() + " pod");
        }
    }

    @Override
    public String toString() {
        return cluster + "-" + role.argument() + "-" + ordinal;
    }
}
