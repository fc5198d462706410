package dev.brook.local;

import dev.brook.contract.BrokerInputs;
import dev.brook.contract.ExitCode;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.PodAddressing;
import dev.brook.contract.PodPaths;
import dev.brook.contract.Role;
import dev.brook.contract.ZookeeperInputs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A volume with this broker's id but another cluster's cluster.id (ZooKeeper knows the truth, so this
 * needs a running ZooKeeper): refused with exit 5 before Kafka opens any log; the volume is untouched.
 */
class ForeignClusterVolumeTest {
    @Test
    void volumeOfAnotherClusterIsRefusedAndUntouched() throws Exception {
        Path root = Path.of("target", "local-clusters", "foreign-cluster").toAbsolutePath();
        Directories.deleteTree(root);
        try (LocalProcessRuntime runtime = new LocalProcessRuntime(root)) {
            ZookeeperInputs zk = ZookeeperInputs.of("fc", "ns", 1, PodAddressing.explicitHosts(List.of("127.0.5.11")));
            runtime.start(PodSpec.of("fc-zookeeper-0", Role.ZOOKEEPER, "127.0.5.11")
                    .withDataDir(root.resolve("zk-data"))
                    .withInputFile(PodPaths.ZOOKEEPER_INPUTS_FILE, zk.render()));
            runtime.awaitReady("fc-zookeeper-0", Duration.ofSeconds(30));

            Path data = root.resolve("broker-volume");
            Path logs = data.resolve("kafka-logs");
            Files.createDirectories(logs.resolve("orders-0"));
            Files.writeString(logs.resolve("meta.properties"),
                    "#\nbroker.id=0\nversion=0\ncluster.id=AnotherClusterIdxxxxxx\n");
            Files.write(logs.resolve("orders-0/00000000000000000000.log"), new byte[]{7, 7, 7});
            Map<String, String> before = VolumeFingerprint.of(data);

            BrokerInputs inputs = new BrokerInputs("fc", "ns", 1, PodAddressing.explicitHosts(List.of("127.0.5.101")),
                    List.of(new HostPort("127.0.5.11", 2181)), "/brook/ns/fc", List.of(Listener.internal("REPLICATION", 9091)),
                    "REPLICATION", new TreeMap<>());
            LocalPod broker = runtime.start(PodSpec.of("fc-broker-0", Role.BROKER, "127.0.5.101").withDataDir(data)
                    .withInputFile(PodPaths.BROKER_INPUTS_FILE, inputs.render()));
            int exit = runtime.awaitExit("fc-broker-0", Duration.ofSeconds(60));

            assertThat(exit).isEqualTo(ExitCode.FOREIGN_DATA.code());
            List<String> lines = Files.readAllLines(broker.logFile(), StandardCharsets.UTF_8);
            assertThat(lines.stream().filter(l -> l.startsWith("brook-agent: ")).toList()).singleElement().asString()
                    .contains("belongs to another cluster").contains("AnotherClusterIdxxxxxx");
            assertThat(VolumeFingerprint.of(data)).as("data volume byte-identical").isEqualTo(before);
        }
    }
}
