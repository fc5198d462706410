package dev.brook.contract;

/**
 * Environment variables read by {@code brook-agent} and its launcher {@code bin/brook-agent}, with defaults.
 * The operator sets them on the pod; {@code LocalProcessRuntime} sets them on local processes.
 */
public final class PodEnvironment {
    private PodEnvironment() {
    }

    /** Pod name ({@code metadata.name} via the downward API). Required; falls back to {@code HOSTNAME}. */
    public static final String POD_NAME = "BROOK_POD_NAME";
    /** Fallback for {@link #POD_NAME}: in Kubernetes the hostname is the pod name. */
    public static final String HOSTNAME = "HOSTNAME";

    /** Address every server socket binds to: ZooKeeper client and quorum ports, Kafka listeners, health, metrics. */
    public static final String BIND_ADDRESS = "BROOK_BIND_ADDRESS";
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";

    /** Directory holding the inputs files (the mounted ConfigMap), see {@link PodPaths}. */
    public static final String INPUTS_DIR = "BROOK_INPUTS_DIR";
    public static final String DEFAULT_INPUTS_DIR = "/etc/brook/inputs";

    /** The data volume: ZooKeeper data and myid, or Kafka log dirs and meta.properties. */
    public static final String DATA_DIR = "BROOK_DATA_DIR";
    public static final String DEFAULT_DATA_DIR = "/var/lib/brook";

    /** Scratch directory for the rendered zoo.cfg / server.properties (an emptyDir or /tmp; never the data volume). */
    public static final String WORK_DIR = "BROOK_WORK_DIR";
    public static final String DEFAULT_WORK_DIR = "/tmp/brook";

    /** The broker's rack ({@code broker.rack}). Wins over {@link #RACK_FILE}. Optional. */
    public static final String RACK = "BROOK_RACK";
    /** File whose first line is the rack (e.g. written by an init container from the node's zone label). Optional. */
    public static final String RACK_FILE = "BROOK_RACK_FILE";
    public static final String DEFAULT_RACK_FILE = "/etc/brook/rack/rack";

    /** {@code brook-agent rack} (init container): the node to read ({@code spec.nodeName} via the downward API). */
    public static final String NODE_NAME = "BROOK_NODE_NAME";
    /** {@code brook-agent rack}: the node label whose value is the rack, e.g. {@code topology.kubernetes.io/zone}. */
    public static final String RACK_TOPOLOGY_KEY = "BROOK_RACK_TOPOLOGY_KEY";
    /**
     * {@code brook-agent rack}: Kubernetes API base URL; default {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}
     * with the service-account token and CA from {@link PodPaths#SERVICE_ACCOUNT_DIR}.
     */
    public static final String KUBERNETES_API_URL = "BROOK_KUBERNETES_API_URL";

    /**
     * Directory holding the pod's TLS files ({@link TlsFiles}): its own key and certificate chain, the CA bundles it
     * trusts. Mounted from a Secret; Kubernetes updates the files in place when the Secret changes.
     */
    public static final String TLS_DIR = "BROOK_TLS_DIR";
    public static final String DEFAULT_TLS_DIR = "/etc/brook/tls";

    /** Port of the health server ({@link PodEndpoints}). */
    public static final String HEALTH_PORT = "BROOK_HEALTH_PORT";
    /** Port of the Prometheus metrics server ({@code /metrics}). */
    public static final String METRICS_PORT = "BROOK_METRICS_PORT";
    /** JMX exporter rules for the broker role; default {@code $BROOK_HOME/config/kafka-metrics.yml}. */
    public static final String METRICS_RULES = "BROOK_METRICS_RULES";

    /** Bound on the graceful shutdown after SIGTERM; then the JVM is halted with {@link ExitCode#SHUTDOWN_TIMEOUT}. */
    public static final String SHUTDOWN_TIMEOUT_SECONDS = "BROOK_SHUTDOWN_TIMEOUT_SECONDS";
    public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 25;

    /**
     * Where the agent writes the one line of a refusal or failure before it exits non-zero, for the operator to
     * show (Kubernetes copies the file into the container's {@code lastState.terminated.message}). Default
     * {@link #DEFAULT_TERMINATION_LOG}, the container's default {@code terminationMessagePath}; written only
     * where the file can be written.
     */
    public static final String TERMINATION_LOG = "BROOK_TERMINATION_LOG";
    public static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";

    /** Launcher only: extra JVM options, appended after the defaults (e.g. {@code -Djdk.net.hosts.file=...}). */
    public static final String JVM_OPTS = "BROOK_JVM_OPTS";
    /**
     * Launcher only: {@value #CLASS_DATA_OFF} starts the JVM without the class-data sharing archive in the data dir's
     * {@code class-data/} and writes none; anything else (or unset) keeps it.
     */
    public static final String CLASS_DATA = "BROOK_CLASS_DATA";
    public static final String CLASS_DATA_OFF = "off";
    /** Launcher only: heap options; default {@code -Xms512m -Xmx512m} (broker), {@code -Xms256m -Xmx256m} (zookeeper). */
    public static final String HEAP_OPTS = "BROOK_HEAP_OPTS";
    /** Launcher only: log4j 1 (reload4j) configuration file; default {@code $BROOK_HOME/config/log4j.properties}. */
    public static final String LOG4J_CONFIG = "BROOK_LOG4J_CONFIG";
    /** Launcher only: the JRE; {@code $JAVA_HOME/bin/java} or {@code java} on the PATH. */
    public static final String JAVA_HOME = "JAVA_HOME";
}
