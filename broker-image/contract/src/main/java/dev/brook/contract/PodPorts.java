package dev.brook.contract;

/** Default ports. Each pod has its own address, so every pod uses the same numbers. */
public final class PodPorts {
    private PodPorts() {
    }

    public static final int ZOOKEEPER_CLIENT = 2181;
    public static final int ZOOKEEPER_PEER = 2888;
    public static final int ZOOKEEPER_ELECTION = 3888;
    /** Default inter-broker (replication) listener port. */
    public static final int BROKER_REPLICATION = 9091;
    /** Default client listener port. */
    public static final int BROKER_CLIENT = 9092;
    /** The agent's health server ({@link PodEndpoints}). */
    public static final int HEALTH = 9191;
    /** Prometheus metrics ({@code /metrics}). */
    public static final int METRICS = 9404;
}
