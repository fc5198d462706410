package dev.brook.agent;

import dev.brook.agent.broker.MetaPropertiesCheck;
import dev.brook.agent.broker.ServerProperties;
import dev.brook.agent.zookeeper.MyidFile;
import dev.brook.agent.zookeeper.ZooCfg;
import dev.brook.contract.BrokerInputs;
import dev.brook.contract.ExitCode;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.PodAddressing;
import dev.brook.contract.ZookeeperInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderingTest {
    @Test
    void zooCfgListsTheWholeEnsembleAndBindsOnlyThePodAddress() {
        ZookeeperInputs inputs = ZookeeperInputs.of("c1", "ns", 3, PodAddressing.serviceDomain("c1-zookeeper.ns.svc"));
        assertThat(ZooCfg.render(inputs, "127.0.1.12", Path.of("/data/zookeeper"))).isEqualTo("""
                # zoo.cfg rendered by brook-agent
                4lw.commands.whitelist=mntr,ruok,srvr
                admin.enableServer=false
                autopurge.purgeInterval=1
                autopurge.snapRetainCount=3
                clientPort=2181
                clientPortAddress=127.0.1.12
                dataDir=/data/zookeeper
                initLimit=10
                metricsProvider.className=dev.brook.agent.zookeeper.ZookeeperPrometheusMetrics
                quorumListenOnAllIPs=false
                reconfigEnabled=false
                server.1=c1-zookeeper-0.c1-zookeeper.ns.svc:2888:3888
                server.2=c1-zookeeper-1.c1-zookeeper.ns.svc:2888:3888
                server.3=c1-zookeeper-2.c1-zookeeper.ns.svc:2888:3888
                standaloneEnabled=false
                syncLimit=5
                tickTime=2000
                """);
        assertThat(ZooCfg.entries(inputs, "0.0.0.0", Path.of("/d"))).containsEntry("quorumListenOnAllIPs", "true");
    }

    @Test
    void serverPropertiesLayerDefaultsUserConfigAndOwnedKeys() {
        BrokerInputs inputs = new BrokerInputs("c1", "ns", 3, PodAddressing.serviceDomain("c1-broker.ns.svc"),
                List.of(new HostPort("zk-1", 2181), new HostPort("zk-0", 2181)), "/brook/ns/c1",
                List.of(Listener.internal("REPLICATION", 9091), Listener.external("CLIENT", 9092, Map.of(1, new HostPort("1.2.3.4", 30001)))),
                "REPLICATION", new TreeMap<>(Map.of("zookeeper.session.timeout.ms", "9000", "num.partitions", "6")));
        SortedMap<String, String> props = ServerProperties.entries(inputs, inputs.pod(1), "0.0.0.0", Path.of("/data/kafka-logs"), Optional.of("zone-a"));
        assertThat(props)
                .containsEntry("broker.id", "1")
                .containsEntry("zookeeper.connect", "zk-0:2181,zk-1:2181/brook/ns/c1")
                .containsEntry("listeners", "CLIENT://0.0.0.0:9092,REPLICATION://0.0.0.0:9091")
                .containsEntry("advertised.listeners", "CLIENT://1.2.3.4:30001,REPLICATION://c1-broker-1.c1-broker.ns.svc:9091")
                .containsEntry("listener.security.protocol.map", "CLIENT:PLAINTEXT,REPLICATION:PLAINTEXT")
                .containsEntry("inter.broker.listener.name", "REPLICATION")
                .containsEntry("log.dirs", "/data/kafka-logs")
                .containsEntry("broker.rack", "zone-a")
                .containsEntry("num.partitions", "6")
                .containsEntry("zookeeper.session.timeout.ms", "9000") // the user's value beats Brook's default
                .containsEntry("controlled.shutdown.retry.backoff.ms", "1000")
                .containsEntry("offsets.topic.replication.factor", "3");
        assertThat(ServerProperties.render(props)).isEqualTo(ServerProperties.render(new TreeMap<>(props)));
    }

    @Test
    void theLogCleanersDedupeBufferFitsTheHeapUnlessTheUserSetsIt() {
        long mib = 1024L * 1024;
        assertThat(ServerProperties.dedupeBufferFor(256 * mib)).as("an eighth of a small heap").isEqualTo(32 * mib);
        assertThat(ServerProperties.dedupeBufferFor(4096 * mib)).as("Kafka's default in a large heap").isEqualTo(128 * mib);
        assertThat(ServerProperties.dedupeBufferFor(4 * mib)).as("never below Kafka's minimum").isEqualTo(mib);
        BrokerInputs inputs = new BrokerInputs("c1", "ns", 1, PodAddressing.serviceDomain("c1-broker.ns.svc"),
                List.of(new HostPort("zk-0", 2181)), "/brook/ns/c1", List.of(Listener.internal("REPLICATION", 9091)), "REPLICATION",
                new TreeMap<>());
        assertThat(ServerProperties.entries(inputs, inputs.pod(0), "0.0.0.0", Path.of("/d"), Optional.empty()))
                .containsEntry(ServerProperties.DEDUPE_BUFFER, Long.toString(ServerProperties.dedupeBufferFor(Runtime.getRuntime().maxMemory())));
        BrokerInputs own = new BrokerInputs("c1", "ns", 1, PodAddressing.serviceDomain("c1-broker.ns.svc"),
                List.of(new HostPort("zk-0", 2181)), "/brook/ns/c1", List.of(Listener.internal("REPLICATION", 9091)), "REPLICATION",
                new TreeMap<>(Map.of(ServerProperties.DEDUPE_BUFFER, "50000000")));
        assertThat(ServerProperties.entries(own, own.pod(0), "0.0.0.0", Path.of("/d"), Optional.empty()))
                .containsEntry(ServerProperties.DEDUPE_BUFFER, "50000000");
    }

    @Test
    void myidIsRefusedWhenDifferentAndNeverRewritten(@TempDir Path dir) throws Exception {
        assertThat(MyidFile.check(dir, 2)).isEqualTo(MyidFile.Found.ABSENT);
        MyidFile.write(dir, 2);
        assertThat(Files.readString(dir.resolve("myid"))).isEqualTo("2\n");
        assertThat(MyidFile.check(dir, 2)).isEqualTo(MyidFile.Found.MATCHES);
        assertThatThrownBy(() -> MyidFile.check(dir, 3)).isInstanceOfSatisfying(AgentFailure.class,
                f -> assertThat(f.exitCode()).isEqualTo(ExitCode.FOREIGN_DATA)).hasMessageContaining("myid '2'");
    }

    @Test
    void metaPropertiesOfAnotherBrokerOrAKraftNodeAreRefused(@TempDir Path dir) throws Exception {
        assertThat(MetaPropertiesCheck.check(dir, 0)).isEmpty();
        Files.writeString(dir.resolve("meta.properties"), "version=0\nbroker.id=0\ncluster.id=abc\n");
        assertThat(MetaPropertiesCheck.check(dir, 0)).contains("abc");
        assertThatThrownBy(() -> MetaPropertiesCheck.check(dir, 1)).hasMessageContaining("broker.id 0, this pod is broker 1");
        Files.writeString(dir.resolve("meta.properties"), "version=1\nnode.id=1\ncluster.id=abc\n");
        assertThatThrownBy(() -> MetaPropertiesCheck.check(dir, 0)).hasMessageContaining("broker.id 1");
    }

    @Test
    void podFactsComeFromEnvWithDefaults() {
        PodFacts facts = PodFacts.from(Map.of("HOSTNAME", "c1-broker-0", "BROOK_RACK", "r1"));
        assertThat(facts.podName()).isEqualTo("c1-broker-0");
        assertThat(facts.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(facts.dataDir()).isEqualTo(Path.of("/var/lib/brook"));
        assertThat(facts.rack()).contains("r1");
        assertThat(facts.healthPort()).isEqualTo(9191);
        assertThat(facts.shutdownTimeout().toSeconds()).isEqualTo(25);
        assertThatThrownBy(() -> PodFacts.from(Map.of())).hasMessageContaining("BROOK_POD_NAME");
        assertThatThrownBy(() -> PodFacts.from(Map.of("BROOK_POD_NAME", "x", "BROOK_HEALTH_PORT", "70000"))).hasMessageContaining("not a port");
    }
}
