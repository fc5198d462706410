package dev.brook.operator.model;

import dev.brook.contract.PodPorts;
import java.util.Set;

/** Brook's own listener and ports (from the pod contract), which user listeners may not take. */
public final class Listeners {
    /** The broker-to-broker listener Brook adds to every cluster. */
    public static final String REPLICATION_LISTENER = "replication";
    public static final Set<Integer> RESERVED_PORTS = Set.of(PodPorts.BROKER_REPLICATION, PodPorts.HEALTH, PodPorts.METRICS);

    private Listeners() {
    }
}
