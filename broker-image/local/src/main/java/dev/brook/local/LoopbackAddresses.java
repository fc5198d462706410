package dev.brook.local;

import dev.brook.contract.PodName;
import dev.brook.contract.Role;

/**
 * The one loopback address scheme of local pods: every pod of a local cluster has its own address in
 * {@code 127.0.<block>.0/24} (Linux routes all of 127/8 to loopback, no setup needed), so every pod uses the
 * default ports. ZooKeeper {@code n} is on {@code .(11+n)}, broker {@code n} on {@code .(101+n)}. Use one block per
 * cluster that runs at the same time (per test class, per {@code brook local} data dir).
 */
public record LoopbackAddresses(int block) {
    /** Last octet of ZooKeeper 0. */
    public static final int ZOOKEEPER_BASE = 11;
    /** Last octet of broker 0. */
    public static final int BROKER_BASE = 101;
    /** At most this many ZooKeeper servers fit below {@link #BROKER_BASE}. */
    public static final int MAX_ZOOKEEPERS = BROKER_BASE - ZOOKEEPER_BASE;
    /** At most this many brokers fit below {@code .255}. */
    public static final int MAX_BROKERS = 255 - BROKER_BASE;

    public LoopbackAddresses {
        if (block < 0 || block > 255) {
            throw new IllegalArgumentException("address block must be 0..255, got " + block);
        }
    }

    public static LoopbackAddresses block(int block) {
        return new LoopbackAddresses(block);
    }

    /** The address of ZooKeeper {@code ordinal}. */
    public String zookeeper(int ordinal) {
        return address(ordinal, ZOOKEEPER_BASE, MAX_ZOOKEEPERS, "ZooKeeper");
    }

    /** The address of broker {@code ordinal}. */
    public String broker(int ordinal) {
        return address(ordinal, BROKER_BASE, MAX_BROKERS, "broker");
    }

    /** The address of the pod of {@code role} and {@code ordinal}. */
    public String of(Role role, int ordinal) {
        return role == Role.ZOOKEEPER ? zookeeper(ordinal) : broker(ordinal);
    }

    /**
     * The address of a pod by its name ({@code <cluster>-zookeeper-<n>} or {@code <cluster>-broker-<n>}).
     *
     * @throws dev.brook.contract.InvalidInputsException when the name is neither
     */
    public String of(String podName) {
        PodName pod = PodName.parse(podName);
        return of(pod.role(), pod.ordinal());
    }

    private String address(int ordinal, int base, int max, String what) {
        if (ordinal < 0 || ordinal >= max) {
            throw new IllegalArgumentException(what + " ordinal " + ordinal + " has no loopback address (0.." + (max - 1) + ")");
        }
        return "127.0." + block + "." + (base + ordinal);
    }
}
