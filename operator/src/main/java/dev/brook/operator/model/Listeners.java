package dev.brook.operator.model;

import java.util.Set;

/** Brook's own listener and ports, which user listeners may not take. */
public final class Listeners {
    /** The broker-to-broker listener Brook adds to every cluster. */
    public static final String REPLICATION_LISTENER = "replication";
    public static final int REPLICATION_PORT = 9091;
    public static final int HEALTH_PORT = 8080;
    public static final int METRICS_PORT = 9404;
    public static final Set<Integer> RESERVED_PORTS = Set.of(REPLICATION_PORT, HEALTH_PORT, METRICS_PORT);

    private Listeners() {
    }
}
