package dev.brook.contract;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputsRenderingTest {
    private static BrokerInputs broker(List<HostPort> connect, List<Listener> listeners, Map<String, String> user) {
        return new BrokerInputs("c1", "ns", 3, PodAddressing.serviceDomain("c1-broker.ns.svc.cluster.local"), connect,
                "/brook/ns/c1", listeners, "REPLICATION", new TreeMap<>(user));
    }

    private static final List<HostPort> CONNECT = List.of(new HostPort("c1-zookeeper-1.zk", 2181),
            new HostPort("c1-zookeeper-0.zk", 2181), new HostPort("c1-zookeeper-2.zk", 2181));

    @Test
    void zookeeperInputsRenderSortedAndRoundTrip() {
        ZookeeperInputs inputs = ZookeeperInputs.of("c1", "ns", 3, PodAddressing.serviceDomain("c1-zookeeper.ns.svc.cluster.local"));
        String text = inputs.render();
        assertThat(text).isEqualTo("""
                # Brook zookeeper inputs
                cluster.name=c1
                cluster.namespace=ns
                init.limit=10
                pods.domain=c1-zookeeper.ns.svc.cluster.local
                port.client=2181
                port.election=3888
                port.peer=2888
                replicas=3
                sync.limit=5
                tick.time.ms=2000
                """);
        assertThat(ZookeeperInputs.parse(text)).isEqualTo(inputs);
        assertThat(inputs.clientAddresses()).extracting(HostPort::toString).containsExactly(
                "c1-zookeeper-0.c1-zookeeper.ns.svc.cluster.local:2181",
                "c1-zookeeper-1.c1-zookeeper.ns.svc.cluster.local:2181",
                "c1-zookeeper-2.c1-zookeeper.ns.svc.cluster.local:2181");
    }

    @Test
    void brokerInputsRoundTripIncludingExternalListenersAndUserConfig() {
        BrokerInputs inputs = broker(CONNECT, List.of(Listener.internal("REPLICATION", 9091),
                        Listener.external("EXTERNAL", 9094, Map.of(0, new HostPort("1.2.3.4", 31000), 1, new HostPort("b1.example.com", 31001)))),
                Map.of("num.partitions", "6", "weird key=x", "a value with = and \\ and ünïcode"));
        String text = inputs.render();
        assertThat(BrokerInputs.parse(text)).isEqualTo(inputs);
        assertThat(text).contains("zookeeper.connect=c1-zookeeper-0.zk:2181,c1-zookeeper-1.zk:2181,c1-zookeeper-2.zk:2181\n")
                .contains("listener.EXTERNAL.advertised.1=b1.example.com:31001\n")
                .contains("config.num.partitions=6\n");
        assertThat(inputs.zookeeperConnectString()).isEqualTo("c1-zookeeper-0.zk:2181,c1-zookeeper-1.zk:2181,c1-zookeeper-2.zk:2181/brook/ns/c1");
    }

    @Test
    void hashChangesExactlyWhenTheMeaningDoes() {
        BrokerInputs a = broker(CONNECT, List.of(Listener.internal("REPLICATION", 9091), Listener.internal("CLIENT", 9092)),
                Map.of("num.partitions", "6", "log.retention.hours", "24"));
        BrokerInputs sameMeaningOtherOrder = broker(List.of(CONNECT.get(2), CONNECT.get(0), CONNECT.get(1)),
                List.of(Listener.internal("CLIENT", 9092), Listener.internal("REPLICATION", 9091)),
                Map.of("log.retention.hours", "24", "num.partitions", "6"));
        BrokerInputs changed = broker(CONNECT, List.of(Listener.internal("REPLICATION", 9091), Listener.internal("CLIENT", 9092)),
                Map.of("num.partitions", "7", "log.retention.hours", "24"));
        assertThat(sameMeaningOtherOrder.render()).isEqualTo(a.render());
        assertThat(sameMeaningOtherOrder.hash()).isEqualTo(a.hash()).hasSize(64).matches("[0-9a-f]+");
        assertThat(changed.hash()).isNotEqualTo(a.hash());
    }

    @Test
    void explicitAddressesRoundTrip() {
        ZookeeperInputs inputs = ZookeeperInputs.of("c1", "ns", 2, PodAddressing.explicitHosts(List.of("10.0.0.1", "10.0.0.2")));
        assertThat(ZookeeperInputs.parse(inputs.render())).isEqualTo(inputs);
        assertThat(inputs.addressing().host(inputs.pod(1))).isEqualTo("10.0.0.2");
    }

    @Test
    void parsingRefusesUnknownAndMissingFields() {
        String text = ZookeeperInputs.of("c1", "ns", 3, PodAddressing.serviceDomain("d")).render();
        assertThatThrownBy(() -> ZookeeperInputs.parse(text + "tick.tim.ms=3\n")).hasMessageContaining("unknown field 'tick.tim.ms'");
        assertThatThrownBy(() -> ZookeeperInputs.parse(text.replace("replicas=3\n", ""))).hasMessageContaining("'replicas' is missing");
        assertThatThrownBy(() -> ZookeeperInputs.parse(text + "pods.host.0=1.2.3.4\n")).hasMessageContaining("not both");
    }

    @Test
    void invalidShapesAreRefused() {
        assertThatThrownBy(() -> broker(CONNECT, List.of(Listener.internal("CLIENT", 9092)), Map.of()))
                .hasMessageContaining("inter-broker listener 'REPLICATION' is not one of [CLIENT]");
        assertThatThrownBy(() -> broker(CONNECT, List.of(Listener.internal("REPLICATION", 9091), Listener.internal("CLIENT", 9091)), Map.of()))
                .hasMessageContaining("port 9091 is used twice");
        assertThatThrownBy(() -> Listener.internal("client", 9092)).hasMessageContaining("must match");
        assertThatThrownBy(() -> HostPort.parse("nohost")).hasMessageContaining("host:port");
    }

    @Test
    void ownedKeysInUserConfigAreReportedNotSilentlyDropped() {
        BrokerInputs inputs = broker(CONNECT, List.of(Listener.internal("REPLICATION", 9091)), Map.of("log.dirs", "/x", "broker.id", "3"));
        assertThat(inputs.ownedKeysInUserConfig()).containsExactly("broker.id", "log.dirs");
    }

    @Test
    void theRestartHashIgnoresDynamicKeysAndTheBrokerCountBeyondThree() {
        List<Listener> listeners = List.of(Listener.internal("REPLICATION", 9091));
        BrokerInputs base = broker(CONNECT, listeners, Map.of("log.retention.ms", "1000", "auto.create.topics.enable", "false"));
        BrokerInputs dynamicChanged = broker(CONNECT, listeners, Map.of("log.retention.ms", "2000", "auto.create.topics.enable", "false"));
        BrokerInputs staticChanged = broker(CONNECT, listeners, Map.of("log.retention.ms", "1000", "auto.create.topics.enable", "true"));
        assertThat(dynamicChanged.hash()).isNotEqualTo(base.hash());
        assertThat(dynamicChanged.restartHash()).isEqualTo(base.restartHash());
        assertThat(staticChanged.restartHash()).isNotEqualTo(base.restartHash());

        assertThat(withReplicas(base, 4).restartHash()).isEqualTo(base.restartHash());
        assertThat(withReplicas(base, 4).hash()).isNotEqualTo(base.hash());
        // Below three brokers the count changes the internal topics' replication defaults: a restart.
        assertThat(withReplicas(base, 2).restartHash()).isNotEqualTo(base.restartHash());
    }

    private static BrokerInputs withReplicas(BrokerInputs in, int replicas) {
        return new BrokerInputs(in.clusterName(), in.namespace(), replicas, in.addressing(), in.zookeeperConnect(), in.zookeeperChroot(),
                in.listeners(), in.interBrokerListener(), in.userConfig());
    }
}
