package dev.brook.local;

import dev.brook.contract.BrokerInputs;
import dev.brook.contract.ExitCode;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.PodAddressing;
import dev.brook.contract.PodPaths;
import dev.brook.contract.Role;
import dev.brook.contract.ZookeeperInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real launcher refuses bad input: non-zero exit, exactly one line naming the problem, and the data
 * volume byte-identical afterwards. No ZooKeeper is running: every refusal happens before any connection.
 */
class BadInputTest {
    private static final String ADDRESS = "127.0.3.101";
    private static LocalProcessRuntime runtime;
    private static Path root;

    @BeforeAll
    static void createRuntime() throws IOException {
        root = Path.of("target", "local-clusters", "bad-input").toAbsolutePath();
        Directories.deleteTree(root);
        runtime = new LocalProcessRuntime(root);
    }

    @AfterAll
    static void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void unknownRoleIsRefused() throws Exception {
        Path data = volumeOfBroker("unknown-role", 0);
        PodSpec spec = brokerSpec("bad-broker-0", validInputs(Map.of()), data).withRoleArgument("kafka");
        assertRefused(spec, data, ExitCode.USAGE, "unknown role 'kafka'");
    }

    @Test
    void missingInputsFileIsRefused() throws Exception {
        Path data = volumeOfBroker("missing-input", 0);
        PodSpec spec = PodSpec.of("bad-broker-0", Role.BROKER, ADDRESS).withDataDir(data);
        assertRefused(spec, data, ExitCode.INVALID_INPUT, "missing required input file", PodPaths.BROKER_INPUTS_FILE);
    }

    @Test
    void missingRequiredFieldIsRefused() throws Exception {
        Path data = volumeOfBroker("missing-field", 0);
        String withoutConnect = validInputs(Map.of()).render().lines()
                .filter(l -> !l.startsWith("zookeeper.connect=")).reduce("", (a, b) -> a + b + "\n");
        PodSpec spec = PodSpec.of("bad-broker-0", Role.BROKER, ADDRESS).withDataDir(data)
                .withInputFile(PodPaths.BROKER_INPUTS_FILE, withoutConnect);
        assertRefused(spec, data, ExitCode.INVALID_INPUT, "required field 'zookeeper.connect' is missing");
    }

    @Test
    void userConfigSettingABrookOwnedKeyIsRefused() throws Exception {
        Path data = volumeOfBroker("owned-key", 0);
        PodSpec spec = brokerSpec("bad-broker-0", validInputs(Map.of("broker.id", "7", "num.partitions", "3")), data);
        assertRefused(spec, data, ExitCode.OWNED_KEY, "Brook-owned key 'broker.id'");
    }

    @Test
    void invalidKafkaValueIsRefused() throws Exception {
        Path data = volumeOfBroker("invalid-value", 0);
        PodSpec spec = brokerSpec("bad-broker-0", validInputs(Map.of("num.partitions", "many")), data);
        assertRefused(spec, data, ExitCode.INVALID_INPUT, "num.partitions");
    }

    @Test
    void dataDirOfAnotherBrokerIsRefused() throws Exception {
        Path data = volumeOfBroker("foreign-volume", 1); // a volume written by broker 1 ...
        PodSpec spec = brokerSpec("bad-broker-0", validInputs(Map.of()), data); // ... mounted into broker 0
        assertRefused(spec, data, ExitCode.FOREIGN_DATA, "belongs to another broker", "broker.id 1");
    }

    @Test
    void zookeeperVolumeOfAnotherServerIsRefused() throws Exception {
        Path data = root.resolve("volumes").resolve("foreign-myid");
        Files.createDirectories(data.resolve("zookeeper/version-2"));
        Files.writeString(data.resolve("zookeeper/myid"), "3\n");
        Files.write(data.resolve("zookeeper/version-2/log.100000001"), new byte[]{1, 2, 3, 4});
        ZookeeperInputs inputs = ZookeeperInputs.of("bad", "ns", 3, PodAddressing.explicitHosts(
                List.of("127.0.3.11", "127.0.3.12", "127.0.3.13")));
        PodSpec spec = PodSpec.of("bad-zookeeper-0", Role.ZOOKEEPER, "127.0.3.11").withDataDir(data)
                .withInputFile(PodPaths.ZOOKEEPER_INPUTS_FILE, inputs.render());
        assertRefused(spec, data, ExitCode.FOREIGN_DATA, "another ZooKeeper server", "myid '3'");
    }

    @Test
    void tlsInputsWithoutTheTlsFilesAreRefused() throws Exception {
        Path data = volumeOfBroker("tls-files-missing", 0);
        BrokerInputs plain = validInputs(Map.of());
        BrokerInputs tls = new BrokerInputs(plain.clusterName(), plain.namespace(), plain.replicas(), plain.addressing(),
                plain.zookeeperConnect(), plain.zookeeperChroot(), List.of(new Listener("REPLICATION", 9091, "SSL", null)),
                "REPLICATION", plain.userConfig(), true);
        assertRefused(brokerSpec("bad-broker-0", tls, data), data, ExitCode.INVALID_INPUT,
                "TLS file ", "bad-broker-0.pem is missing", "broker-inputs.properties asks for TLS");

        Path zookeeperData = root.resolve("volumes").resolve("tls-files-missing-zookeeper");
        Files.createDirectories(zookeeperData);
        ZookeeperInputs zookeeper = ZookeeperInputs.of("bad", "ns", 1, PodAddressing.explicitHosts(List.of("127.0.3.11"))).withTls(true);
        PodSpec spec = PodSpec.of("bad-zookeeper-0", Role.ZOOKEEPER, "127.0.3.11").withDataDir(zookeeperData)
                .withInputFile(PodPaths.ZOOKEEPER_INPUTS_FILE, zookeeper.render())
                .withTlsFile("bad-zookeeper-0.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertRefused(spec, zookeeperData, ExitCode.INVALID_INPUT, "bad-zookeeper-0.pem", "zookeeper-inputs.properties asks for TLS");
    }

    private static void assertRefused(PodSpec spec, Path data, ExitCode expected, String... lineMentions) throws Exception {
        Map<String, String> before = VolumeFingerprint.of(data);
        LocalPod pod = runtime.start(spec);
        int exit = runtime.awaitExit(spec.name(), Duration.ofSeconds(30));
        List<String> output = Files.readAllLines(pod.logFile(), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("=== brook-local:")).filter(l -> !l.isBlank()).toList();
        assertThat(exit).as("exit code").isEqualTo(expected.code());
        assertThat(output).as("the agent prints exactly one line").hasSize(1);
        assertThat(output.get(0)).startsWith("brook-agent: ").contains(lineMentions);
        assertThat(runtime.terminationMessage(spec.name())).as("the same line in the termination log, for the operator").hasValue(output.get(0));
        assertThat(VolumeFingerprint.of(data)).as("data volume byte-identical").isEqualTo(before);
        Files.delete(pod.logFile()); // the same pod name is reused by the next case
    }

    /** A data volume as Kafka 3.9 leaves it for {@code brokerId}: meta.properties plus a partition directory. */
    private static Path volumeOfBroker(String name, int brokerId) throws IOException {
        Path data = root.resolve("volumes").resolve(name);
        Path logs = data.resolve("kafka-logs");
        Files.createDirectories(logs.resolve("orders-0"));
        Files.writeString(logs.resolve("meta.properties"), "#\n#Tue Nov 24 10:00:00 UTC 2026\n"
                + "broker.id=" + brokerId + "\nversion=0\ncluster.id=Yx1V5mBMSTadGk8mtVOBOw\n"
                + "directory.id=q1yxV2UPR8uXpcU4lTPtZg\n");
        Files.write(logs.resolve("orders-0/00000000000000000000.log"), new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 42});
        Files.writeString(logs.resolve("recovery-point-offset-checkpoint"), "0\n1\norders 0 1\n");
        return data;
    }

    private static BrokerInputs validInputs(Map<String, String> userConfig) {
        return new BrokerInputs("bad", "ns", 3, PodAddressing.serviceDomain("bad-broker.ns.svc.cluster.local"),
                List.of(new HostPort("127.0.3.11", 2181)), "/brook/ns/bad",
                List.of(Listener.internal("REPLICATION", 9091)), "REPLICATION", new TreeMap<>(userConfig));
    }

    private static PodSpec brokerSpec(String pod, BrokerInputs inputs, Path data) {
        return PodSpec.of(pod, Role.BROKER, ADDRESS).withDataDir(data)
                .withInputFile(PodPaths.BROKER_INPUTS_FILE, inputs.render());
    }
}
