package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.contract.Listener;
import dev.brook.contract.PodEnvironment;
import dev.brook.local.PodSpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.RackSpec;
import dev.brook.model.BrokerSet;
import dev.brook.model.ZookeeperEnsemble;
import dev.brook.testing.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One config path for both worlds: the local cluster's inputs are the operator's, plus only the host listener. */
class LocalClusterPlanTest {
    @Test
    void examplesMeanTheSameLocallyAsOnKubernetes() {
        LocalResources resources = LocalResources.read(List.of(RepoPaths.root().resolve("examples")));
        assertThat(resources.problemsFor("demo")).isEmpty();
        Cluster cluster = resources.clusters().get(0).resource();
        LocalClusterPlan plan = new LocalClusterPlan(cluster, 77);

        assertThat(plan.zookeeperInputs()).isEqualTo(ZookeeperEnsemble.from(cluster).inputs());
        var model = BrokerSet.from(cluster).inputs();
        assertThat(plan.brokerInputs().userConfig()).isEqualTo(model.userConfig());
        assertThat(plan.brokerInputs().zookeeperConnectString()).isEqualTo(model.zookeeperConnectString());
        assertThat(plan.brokerInputs().addressing()).isEqualTo(model.addressing());
        assertThat(plan.brokerInputs().listeners()).containsAll(model.listeners());
        assertThat(plan.brokerInputs().listeners()).filteredOn(l -> !model.listeners().contains(l))
                .extracting(Listener::name).containsExactly(LocalClusterPlan.HOST_LISTENER);
        assertThat(plan.bootstrapServers()).isEqualTo("127.0.77.101:19092,127.0.77.102:19092,127.0.77.103:19092");

        PodSpec broker = plan.brokerPod(1, Path.of("/data/pods"));
        assertThat(broker.bindAddress()).isEqualTo("127.0.77.102");
        assertThat(broker.hostnames()).containsExactly("demo-broker-1.demo-broker.default.svc.cluster.local");
        assertThat(broker.env()).containsEntry(PodEnvironment.HEAP_OPTS, "-Xms512m -Xmx512m");
        assertThat(plan.zookeeperPod(0, Path.of("/data/pods")).env()).containsEntry(PodEnvironment.HEAP_OPTS, "-Xms128m -Xmx256m");

        assertThat(plan.ignored()).anyMatch(i -> i.startsWith("spec.brokers.listeners[1] (external, nodeport)"))
                .anyMatch(i -> i.startsWith("spec.brokers.resources"));

        // Rack awareness needs nodes: a rack topology key is reported as ignored locally.
        RackSpec rack = new RackSpec();
        rack.setTopologyKey("topology.kubernetes.io/zone");
        cluster.getSpec().getBrokers().setRack(rack);
        assertThat(new LocalClusterPlan(cluster, 77).ignored()).anyMatch(i -> i.startsWith("spec.brokers.rack"));
    }

    @Test
    void theSupervisorRunsWhatUpWroteToTheDataDir(@TempDir Path dir) {
        LocalResources resources = LocalResources.read(List.of(RepoPaths.root().resolve("examples")));
        LocalClusterPlan plan = new LocalClusterPlan(resources.clusters().get(0).resource(), 77);
        LocalState state = new LocalState(dir);

        state.writeManifests(plan.objects());
        LocalState.Manifests read = state.manifests();

        assertThat(read.statefulSets()).extracting(s -> s.getMetadata().getName()).containsExactly("demo-zookeeper", "demo-broker");
        assertThat(read.configMaps()).isEqualTo(plan.manifests().configMaps());
        assertThat(read.statefulSets()).isEqualTo(plan.manifests().statefulSets());
        assertThat(LocalClusterPlan.pods(read, 77, state.podsRoot())).isEqualTo(LocalClusterPlan.pods(plan.manifests(), 77, state.podsRoot()))
                .satisfies(waves -> assertThat(waves.get(1)).extracting(PodSpec::name).containsExactly("demo-broker-0", "demo-broker-1", "demo-broker-2"));
    }

    @Test
    void problemsNameFileKindAndField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), """
                apiVersion: brook.dev/v1alpha1
                kind: Cluster
                metadata: {name: c}
                spec:
                  brokers:
                    config: {broker.id: "7"}
                ---
                apiVersion: brook.dev/v1alpha1
                kind: Topic
                metadata: {name: t}
                spec: {cluster: other, partitions: 1}
                ---
                apiVersion: brook.dev/v1alpha1
                kind: Kafka
                metadata: {name: k}
                """);
        LocalResources r = LocalResources.read(List.of(file));
        assertThat(r.problemsFor("c")).extracting(Object::toString).contains(
                file + ": Cluster c: spec.brokers.config.broker.id: is set by Brook and cannot be overridden; remove 'broker.id' from spec.brokers.config",
                file + ": Topic t: spec.cluster: names cluster 'other', but the local cluster is 'c'",
                file + ": kind: 'Kafka' is not a Brook kind (Cluster, Topic, ConsumerGroup)");
    }
}
