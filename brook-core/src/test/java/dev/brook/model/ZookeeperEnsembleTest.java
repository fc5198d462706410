package dev.brook.model;

import static dev.brook.model.ClusterFixtures.NAME;
import static dev.brook.model.ClusterFixtures.assertOwnedAndLabelled;
import static dev.brook.model.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.contract.PodPaths;
import dev.brook.contract.ZookeeperInputs;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.JvmOptions;
import dev.brook.api.v1alpha1.StorageSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ZookeeperEnsembleTest {

    @Test
    void inputsAddressPeersThroughTheHeadlessServiceAndParseBack() {
        ZookeeperEnsemble zk = ZookeeperEnsemble.from(cluster());
        ZookeeperInputs inputs = zk.inputs();
        assertThat(inputs.replicas()).isEqualTo(3);
        assertThat(inputs.addressing().serviceDomain()).isEqualTo("c1-zookeeper.ns1.svc.cluster.local");
        assertThat(zk.connectString()).isEqualTo("c1-zookeeper-0.c1-zookeeper.ns1.svc.cluster.local:2181,"
                + "c1-zookeeper-1.c1-zookeeper.ns1.svc.cluster.local:2181,c1-zookeeper-2.c1-zookeeper.ns1.svc.cluster.local:2181");

        // Golden: what every ZooKeeper pod of a default cluster reads (internal TLS is the default).
        assertThat(inputs.render()).isEqualTo("""
                # Brook zookeeper inputs
                cluster.name=c1
                cluster.namespace=ns1
                init.limit=10
                pods.domain=c1-zookeeper.ns1.svc.cluster.local
                port.client=2181
                port.election=3888
                port.peer=2888
                replicas=3
                sync.limit=5
                tick.time.ms=2000
                tls=true
                """);
        Map<String, String> data = zk.configMap().getData();
        assertThat(data).containsOnlyKeys(PodPaths.ZOOKEEPER_INPUTS_FILE);
        assertThat(ZookeeperInputs.parse(data.get(PodPaths.ZOOKEEPER_INPUTS_FILE))).isEqualTo(inputs);
        assertThat(zk.configMap().getMetadata().getName()).isEqualTo("c1-zookeeper-inputs");
    }

    @Test
    void servicesLetPeersFindEachOtherBeforeReady() {
        ZookeeperEnsemble zk = ZookeeperEnsemble.from(cluster());
        var headless = zk.headlessService();
        assertThat(headless.getMetadata().getName()).isEqualTo("c1-zookeeper");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getSelector()).isEqualTo(BrookLabels.selector(NAME, BrookLabels.Component.ZOOKEEPER));
        assertThat(headless.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("client", 2181),
                        org.assertj.core.groups.Tuple.tuple("peer", 2888), org.assertj.core.groups.Tuple.tuple("election", 3888));
        var client = zk.clientService();
        assertThat(client.getMetadata().getName()).isEqualTo("c1-zookeeper-client");
        assertThat(client.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(2181);
        assertThat(client.getSpec().getClusterIP()).isNull();
    }

    @Test
    void statefulSetFollowsThePodContract() {
        ZookeeperEnsemble zk = ZookeeperEnsemble.from(cluster(), Platform.DEFAULT.withBrokerImage("registry.example/brook-broker:test"));
        StatefulSet sts = zk.statefulSet();
        assertThat(sts.getMetadata().getName()).isEqualTo("c1-zookeeper");
        assertThat(sts.getSpec().getServiceName()).isEqualTo("c1-zookeeper");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(sts.getSpec().getSelector().getMatchLabels()).isEqualTo(BrookLabels.selector(NAME, BrookLabels.Component.ZOOKEEPER));
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
                .isEqualTo(BrookLabels.labels(NAME, BrookLabels.Component.ZOOKEEPER));
        assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(BrookLabels.CONFIG_HASH_ANNOTATION, zk.inputs().hash())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "9404")
                .containsEntry("prometheus.io/path", "/metrics");

        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("c1-brook");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(25L);
        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(pod.getTopologySpreadConstraints()).isEmpty();
        Container c = pod.getContainers().get(0);
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(c.getImage()).isEqualTo("registry.example/brook-broker:test");
        assertThat(c.getCommand()).containsExactly("/opt/brook/bin/brook-agent");
        assertThat(c.getArgs()).containsExactly("zookeeper");
        Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("BROOK_POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env.get("BROOK_INPUTS_DIR").getValue()).isEqualTo("/etc/brook/inputs");
        assertThat(env.get("BROOK_DATA_DIR").getValue()).isEqualTo("/var/lib/brook");
        assertThat(env.get("BROOK_WORK_DIR").getValue()).isEqualTo("/tmp/brook");
        assertThat(env.get("BROOK_SHUTDOWN_TIMEOUT_SECONDS").getValue()).isEqualTo("25");
        assertThat(env).doesNotContainKeys("BROOK_HEAP_OPTS", "BROOK_JVM_OPTS", "BROOK_RACK_FILE");
        assertThat(c.getEnv()).extracting(EnvVar::getName).isSorted();
        assertThat(c.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
                .containsExactly("client=2181", "peer=2888", "election=3888", "health=9191", "metrics=9404");
        assertThat(c.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
                .containsExactly("inputs:/etc/brook/inputs:true", "data:/var/lib/brook:false", "tmp:/tmp:false", "tls:/etc/brook/tls:true");
        assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("inputs", "tmp", "tls");
        assertThat(pod.getVolumes().get(2).getSecret().getSecretName()).as("internal TLS by default").isEqualTo("c1-zookeeper-tls");
        assertThat(pod.getVolumes().get(0).getConfigMap().getName()).isEqualTo("c1-zookeeper-inputs");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
        assertThat(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold()).isGreaterThanOrEqualTo(300);

        var claim = sts.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getMetadata().getName()).isEqualTo("data");
        assertThat(claim.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("1Gi"));
        assertThat(claim.getSpec().getStorageClassName()).isNull();
        assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
    }

    @Test
    void podIsLockedDown() {
        PodSpec pod = ZookeeperEnsemble.from(cluster()).statefulSet().getSpec().getTemplate().getSpec();
        assertLockedDown(pod);
    }

    static void assertLockedDown(PodSpec pod) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        for (Container c : concat(pod)) {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getRunAsNonRoot()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
            assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        }
        var anti = pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(anti).hasSize(1);
        assertThat(anti.get(0).getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
    }

    private static java.util.List<Container> concat(PodSpec pod) {
        java.util.List<Container> all = new java.util.ArrayList<>(pod.getContainers());
        all.addAll(pod.getInitContainers());
        return all;
    }

    @Test
    void specSettingsReachThePod() {
        Cluster c = cluster();
        c.getSpec().getZookeeper().setReplicas(5);
        StorageSpec storage = new StorageSpec();
        storage.setSize("3Gi");
        storage.setStorageClassName("fast");
        storage.setDeleteClaim(true);
        c.getSpec().getZookeeper().setStorage(storage);
        JvmOptions jvm = new JvmOptions();
        jvm.setXms("128m");
        jvm.setXmx("384m");
        jvm.setSystemProperties(new TreeMap<>(Map.of("zookeeper.snapCount", "50000", "a.first", "1")));
        c.getSpec().getZookeeper().setJvmOptions(jvm);
        c.getSpec().getZookeeper().setResources(new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("512Mi")).addToLimits("memory", new Quantity("512Mi")).build());
        c.getSpec().getMetrics().setEnabled(false);

        StatefulSet sts = ZookeeperEnsemble.from(c).statefulSet();
        assertThat(sts.getSpec().getReplicas()).isEqualTo(5);
        var claim = sts.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("3Gi"));
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
        assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Delete");
        Container container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry("BROOK_HEAP_OPTS", "-Xms128m -Xmx384m")
                .containsEntry("BROOK_JVM_OPTS", "-Da.first=1 -Dzookeeper.snapCount=50000");
        assertThat(container.getResources().getLimits().get("memory")).isEqualTo(new Quantity("512Mi"));
        assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations()).containsOnlyKeys(BrookLabels.CONFIG_HASH_ANNOTATION, PodTemplateHash.ANNOTATION);
        assertThat(ZookeeperEnsemble.from(c).inputs().replicas()).isEqualTo(5);
    }

    @Test
    void disruptionBudgetAllowsOnePodDown() {
        var pdb = ZookeeperEnsemble.from(cluster()).podDisruptionBudget();
        assertThat(pdb.getMetadata().getName()).isEqualTo("c1-zookeeper");
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).isNull();
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(BrookLabels.selector(NAME, BrookLabels.Component.ZOOKEEPER));
    }

    @Test
    void everyObjectIsOwnedAndLabelled() {
        ZookeeperEnsemble zk = ZookeeperEnsemble.from(cluster());
        for (var object : java.util.List.of(zk.configMap(), zk.headlessService(), zk.clientService(), zk.statefulSet(),
                zk.podDisruptionBudget())) {
            assertOwnedAndLabelled(object, BrookLabels.Component.ZOOKEEPER);
        }
        assertOwnedAndLabelled(ClusterServiceAccount.from(cluster()), BrookLabels.Component.CLUSTER);
        assertThat(ClusterServiceAccount.from(cluster()).getAutomountServiceAccountToken()).isFalse();
        assertThat(ClusterServiceAccount.from(cluster()).getMetadata().getName()).isEqualTo("c1-brook");
    }

    @Test
    void outputIsDeterministic() {
        String first = Serialization.asYaml(ZookeeperEnsemble.from(cluster()).statefulSet());
        String again = Serialization.asYaml(ZookeeperEnsemble.from(cluster()).statefulSet());
        assertThat(again).isEqualTo(first);
    }

    @Test
    void invalidSpecIsRefusedNotRendered() {
        Cluster c = cluster();
        c.getSpec().getZookeeper().setReplicas(4);
        assertThatThrownBy(() -> ZookeeperEnsemble.from(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec.zookeeper.replicas");
    }
}
