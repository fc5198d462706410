package dev.brook.contract;

/** File names inside the directories named by {@link PodEnvironment}. */
public final class PodPaths {
    private PodPaths() {
    }

    /** In the inputs dir: {@link ZookeeperInputs#render()} text, for role zookeeper. */
    public static final String ZOOKEEPER_INPUTS_FILE = "zookeeper-inputs.properties";
    /** In the inputs dir: {@link BrokerInputs#render()} text, for role broker. */
    public static final String BROKER_INPUTS_FILE = "broker-inputs.properties";

    /** In the data dir: ZooKeeper's {@code dataDir} (snapshots, transaction logs, {@code myid}). */
    public static final String ZOOKEEPER_DATA_SUBDIR = "zookeeper";
    /** In ZooKeeper's data dir: the server id, written only when absent, refused when different. */
    public static final String MYID_FILE = "myid";
    /** In the data dir: Kafka's {@code log.dirs}. */
    public static final String KAFKA_LOG_SUBDIR = "kafka-logs";
    /** In Kafka's log dir: written by Kafka on first start; the agent reads it and never writes it. */
    public static final String META_PROPERTIES_FILE = "meta.properties";

    /** In the work dir: the rendered ZooKeeper configuration (for reading; the agent starts from it). */
    public static final String ZOO_CFG_FILE = "zoo.cfg";
    /** In the work dir: the rendered Kafka configuration. */
    public static final String SERVER_PROPERTIES_FILE = "server.properties";

    /** {@code brook-agent rack}: service-account token ({@code token}) and API CA ({@code ca.crt}), the in-cluster path. */
    public static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

    /** In the image: the launcher, relative to the image home ({@code /opt/brook} in the container). */
    public static final String LAUNCHER = "bin/brook-agent";
    /** In the container image: where the image file tree lives. */
    public static final String IMAGE_HOME = "/opt/brook";
}
