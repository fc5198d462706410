package dev.brook.agent.broker;

import dev.brook.agent.AgentFailure;
import dev.brook.agent.PodFacts;
import dev.brook.agent.RoleNode;
import dev.brook.agent.TlsFileStatus;
import dev.brook.contract.BrokerInputs;
import dev.brook.contract.BrokerStartupTimes;
import dev.brook.contract.ExitCode;
import dev.brook.contract.InputsText;
import dev.brook.contract.PodName;
import dev.brook.contract.PodPaths;
import dev.brook.contract.Role;
import dev.brook.contract.OwnedKafkaKeys;
import dev.brook.contract.StatusFields;
import dev.brook.contract.TlsFiles;
import io.prometheus.jmx.JmxCollector;
import kafka.server.KafkaConfig;
import kafka.server.KafkaServer;
import org.apache.kafka.common.errors.InconsistentClusterIdException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.BrokerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;

/** Role {@code broker}: one Kafka broker (ZooKeeper mode), in this JVM. */
public final class BrokerNode implements RoleNode {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerNode.class);
    private static final String REMAINING_LOGS = "kafka.log:type=LogManager,name=remainingLogsToRecover,*";

    private final PodFacts facts;
    private final BrokerInputs inputs;
    private final String inputsHash;
    private final PodName pod;
    private final SortedMap<String, String> serverProperties;
    private final Optional<String> volumeClusterId;
    private volatile KafkaServer server;
    private volatile boolean failed;

    private BrokerNode(PodFacts facts, BrokerInputs inputs, String inputsHash, PodName pod,
                       SortedMap<String, String> serverProperties, Optional<String> volumeClusterId) {
        this.facts = facts;
        this.inputs = inputs;
        this.inputsHash = inputsHash;
        this.pod = pod;
        this.serverProperties = serverProperties;
        this.volumeClusterId = volumeClusterId;
    }

    /** Parses inputs, refuses owned keys, renders and validates server.properties, checks meta.properties. Reads only. */
    public static BrokerNode prepare(PodFacts facts) {
        String text = facts.readInputsFile(PodPaths.BROKER_INPUTS_FILE);
        BrokerInputs inputs = BrokerInputs.parse(text);
        int ordinal = PodName.ordinalOf(facts.podName(), inputs.clusterName(), Role.BROKER);
        if (ordinal >= inputs.replicas()) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "pod " + facts.podName() + " is outside the broker set of "
                    + inputs.replicas() + " (ordinals 0.." + (inputs.replicas() - 1) + ")");
        }
        List<String> owned = inputs.ownedKeysInUserConfig();
        if (!owned.isEmpty()) {
            throw new AgentFailure(ExitCode.OWNED_KEY, OwnedKafkaKeys.refusal(owned));
        }
        PodName pod = inputs.pod(ordinal);
        TlsFileStatus.requireFiles(facts.tlsDir(), inputs.tlsFiles(pod), PodPaths.BROKER_INPUTS_FILE);
        Path logDir = facts.dataDir().resolve(PodPaths.KAFKA_LOG_SUBDIR);
        SortedMap<String, String> props = ServerProperties.entries(inputs, pod, facts.bindAddress(), logDir, facts.rack(), facts.tlsDir());
        Optional<String> clusterId = MetaPropertiesCheck.check(logDir, pod.brokerId());
        try {
            KafkaConfig.fromProps(toProperties(props), false);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "invalid Kafka configuration: " + e.getMessage());
        }
        return new BrokerNode(facts, inputs, InputsText.sha256Hex(text), pod, props, clusterId);
    }

    @Override
    public String describe() {
        return "broker.id " + pod.brokerId() + " of " + inputs.replicas()
                + volumeClusterId.map(id -> ", volume of cluster.id " + id).orElse(", fresh volume");
    }

    @Override
    public String inputsHash() {
        return inputsHash;
    }

    @Override
    public void start() {
        long entered = System.currentTimeMillis();
        try {
            Files.createDirectories(facts.workDir());
            Path file = facts.workDir().resolve(PodPaths.SERVER_PROPERTIES_FILE);
            Files.writeString(file, ServerProperties.render(serverProperties));
            LOG.info("{}: rendered {} (zookeeper.connect {}, listeners {}, user keys {})", pod, file,
                    serverProperties.get("zookeeper.connect"), serverProperties.get("advertised.listeners"),
                    inputs.userConfig().keySet());
        } catch (IOException e) {
            throw new AgentFailure(ExitCode.STARTUP_FAILED, "cannot write server.properties: " + e.getMessage(), e);
        }
        registerJmxMetrics();
        KafkaConfig config = KafkaConfig.fromProps(toProperties(serverProperties), true);
        StaleRegistrationWait.await(pod.toString(), serverProperties.get("zookeeper.connect"), pod.brokerId(),
                Duration.ofMillis(config.zkSessionTimeoutMs()), inputs.tls()
                        ? StaleRegistrationWait.tlsClientConfig(facts.tlsDir().resolve(TlsFiles.podKeyStore(pod.toString())).toString(),
                                facts.tlsDir().resolve(TlsFiles.CLUSTER_CA_BUNDLE).toString())
                        : new org.apache.zookeeper.client.ZKClientConfig());
        long kafkaStart = System.currentTimeMillis();
        KafkaServer kafka = new KafkaServer(config, Time.SYSTEM,
                Option.empty(), false);
        server = kafka;
        try {
            kafka.startup();
        } catch (Exception e) { // Scala code also throws checked exceptions (e.g. KeeperException) undeclared
            failed = true;
            if (isClusterIdMismatch(e)) {
                // Kafka compares meta.properties with ZooKeeper's /cluster/id before it opens any log.
                throw new AgentFailure(ExitCode.FOREIGN_DATA, "data volume belongs to another cluster: " + e.getMessage()
                        + " (wrong volume or a new ZooKeeper ensemble; refusing to start)", e);
            }
            throw new AgentFailure(ExitCode.STARTUP_FAILED, "Kafka failed to start: " + e, e);
        }
        LOG.info("{}: {}", pod, BrokerStartupTimes.line(ManagementFactory.getRuntimeMXBean().getStartTime(), entered, kafkaStart,
                System.currentTimeMillis()));
    }

    private static boolean isClusterIdMismatch(Exception e) {
        return e instanceof InconsistentClusterIdException
                || (e.getMessage() != null && e.getMessage().startsWith("Invalid cluster.id in:"));
    }

    private void registerJmxMetrics() {
        Optional<Path> rules = facts.metricsRules().or(() -> Optional.ofNullable(System.getProperty("brook.home"))
                .map(home -> Path.of(home, "config", "kafka-metrics.yml")));
        if (rules.isEmpty() || !Files.isRegularFile(rules.get())) {
            LOG.warn("{}: no JMX rules file ({}); Kafka metrics are not exported", pod, rules.map(Path::toString).orElse("unset"));
            return;
        }
        try {
            new JmxCollector(rules.get().toFile()).register();
            LOG.info("{}: exporting Kafka JMX metrics with rules {}", pod, rules.get());
        } catch (Exception e) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "bad JMX rules file " + rules.get() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void awaitTermination() {
        server.awaitShutdown();
    }

    @Override
    public void stop() {
        KafkaServer kafka = server;
        if (kafka != null) {
            kafka.shutdown(); // controlled shutdown first: the controller moves leadership away
        }
    }

    @Override
    public boolean live() {
        return !failed;
    }

    @Override
    public boolean ready() {
        KafkaServer kafka = server;
        return kafka != null && !failed && kafka.brokerState() == BrokerState.RUNNING
                && registeredInZookeeper(kafka) && remainingLogsToRecover() == 0;
    }

    @Override
    public Map<String, Object> status() {
        KafkaServer kafka = server;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put(StatusFields.BROKER_ID, pod.brokerId());
        status.put(StatusFields.BROKER_STATE, kafka == null ? BrokerState.NOT_RUNNING.name() : kafka.brokerState().name());
        status.put(StatusFields.REMAINING_LOGS_TO_RECOVER, remainingLogsToRecover());
        boolean running = kafka != null && kafka.brokerState() == BrokerState.RUNNING;
        status.put(StatusFields.REGISTERED_IN_ZOOKEEPER, running && registeredInZookeeper(kafka));
        status.put(StatusFields.CONTROLLER, running && isActiveController(kafka));
        if (inputs.tlsFiles(pod).contains(TlsFiles.podKeyStore(pod.toString()))) {
            status.putAll(TlsFileStatus.read(facts.tlsDir(), pod.toString()));
            if (running) {
                ServedCertificates.Report served = ServedCertificates.check(inputs, pod, ownAddress(), facts.tlsDir());
                status.put(StatusFields.TLS_STALE_LISTENERS, String.join(",", served.stale()));
                status.put(StatusFields.TLS_TRUSTED_LOADED, served.trustedLoaded());
                status.put(StatusFields.TLS_SERVED_NOT_AFTER, served.servedNotAfter());
            }
        }
        return status;
    }

    /** Where this pod's listeners answer from inside the pod: its bind address, or loopback when it binds every interface. */
    private String ownAddress() {
        String bind = facts.bindAddress();
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }

    private boolean registeredInZookeeper(KafkaServer kafka) {
        try {
            return kafka.zkClient().getBroker(pod.brokerId()).isDefined();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isActiveController(KafkaServer kafka) {
        try {
            return kafka.kafkaController() != null && kafka.kafkaController().isActive();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Sum of Kafka's remainingLogsToRecover gauges; they exist only while logs are being recovered. */
    static long remainingLogsToRecover() {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        try {
            for (ObjectName name : mbeans.queryNames(new ObjectName(REMAINING_LOGS), null)) {
                Object value = mbeans.getAttribute(name, "Value");
                if (value instanceof Number n) {
                    total += n.longValue();
                }
            }
        } catch (Exception e) {
            return total; // a gauge removed between query and read: recovery just ended
        }
        return total;
    }

    private static Properties toProperties(Map<String, String> entries) {
        Properties properties = new Properties();
        properties.putAll(entries);
        return properties;
    }
}
