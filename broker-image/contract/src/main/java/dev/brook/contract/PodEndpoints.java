package dev.brook.contract;

/** HTTP paths served by the agent on the health port ({@link PodPorts#HEALTH}). */
public final class PodEndpoints {
    private PodEndpoints() {
    }

    /** Liveness: 200 while the node runs (also while it starts or recovers logs), 503 once it has failed. */
    public static final String LIVENESS = "/healthz";
    /**
     * Readiness: 200 when the node serves. ZooKeeper: this peer leads or follows a quorum and serves clients.
     * Broker: state RUNNING, registered in ZooKeeper, no logs left to recover. 503 otherwise.
     */
    public static final String READINESS = "/readyz";
    /** JSON with role, pod, ready, live and the role's state; field names in {@link StatusFields}. */
    public static final String STATUS = "/status";
    /** On the metrics port: Prometheus text format. */
    public static final String METRICS = "/metrics";
}
