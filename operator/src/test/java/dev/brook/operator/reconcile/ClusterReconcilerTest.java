package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.StorageSpec;
import dev.brook.model.BrookLabels;
import dev.brook.model.BrookNames;
import dev.brook.operator.testing.ReconcilePasses;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster controller on the mock API alone (no kubelet, so no pod ever becomes ready). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ClusterReconcilerTest {
    private static final String NS = "controller";

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry meters;

    @Test
    void zookeeperComesFirstAndEverythingIsOwnedByTheCluster() {
        Cluster cluster = create("owned", false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.apps().statefulSets().inNamespace(NS).withName("owned-zookeeper").get()).isNotNull();
            Cluster c = client.resources(Cluster.class).inNamespace(NS).withName("owned").get();
            assertThat(c.getStatus()).as("status written").isNotNull();
            assertThat(Conditions.find(c.getStatus().getConditions(), "Ready").orElseThrow().getReason()).isEqualTo("ZookeeperNotReady");
        });
        // NetworkPolicies for both components, owned by the Cluster like everything else.
        await().atMost(Duration.ofSeconds(20)).until(() -> client.network().v1().networkPolicies().inNamespace(NS)
                .withLabel(BrookLabels.CLUSTER, "owned").list().getItems().size() == 2);
        // No ZooKeeper pod is ready, so no broker may start.
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("owned-broker").get()).isNull();
        List<HasMetadata> created = new ArrayList<>();
        created.addAll(client.apps().statefulSets().inNamespace(NS).withLabel(BrookLabels.CLUSTER, "owned").list().getItems());
        created.addAll(client.services().inNamespace(NS).withLabel(BrookLabels.CLUSTER, "owned").list().getItems());
        created.addAll(client.configMaps().inNamespace(NS).withLabel(BrookLabels.CLUSTER, "owned").list().getItems());
        created.addAll(client.policy().v1().podDisruptionBudget().inNamespace(NS).withLabel(BrookLabels.CLUSTER, "owned").list().getItems());
        created.addAll(client.serviceAccounts().inNamespace(NS).withLabel(BrookLabels.CLUSTER, "owned").list().getItems());
        assertThat(created).extracting(o -> o.getKind()).contains("StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget", "ServiceAccount");
        String uid = client.resources(Cluster.class).inNamespace(NS).withName("owned").get().getMetadata().getUid();
        assertThat(created).allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences())
                .anySatisfy(r -> {
                    assertThat(r.getKind()).isEqualTo("Cluster");
                    assertThat(r.getUid()).isEqualTo(uid);
                    assertThat(r.getController()).isTrue();
                }));
        assertThat(cluster).isNotNull();
    }

    @Test
    void aSecondReconcileWritesNothing() {
        create("quiet", false);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().statefulSets().inNamespace(NS).withName("quiet-zookeeper").get() != null);
        String version = client.apps().statefulSets().inNamespace(NS).withName("quiet-zookeeper").get().getMetadata().getResourceVersion();
        // The reconciler runs again every few seconds while not ready; the StatefulSet must stay untouched through several passes.
        new ReconcilePasses(meters).await(3, Duration.ofSeconds(60), "Cluster");
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("quiet-zookeeper").get().getMetadata().getResourceVersion())
                .isEqualTo(version);
    }

    @Test
    void aStatefulSetScaledAndAServiceEditedByHandArePutBack() {
        create("drift", false);
        String set = BrookNames.zookeeper("drift");
        String service = BrookNames.zookeeperClientService("drift");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().statefulSets().inNamespace(NS).withName(set).get() != null
                && client.services().inNamespace(NS).withName(service).get() != null);
        int port = client.services().inNamespace(NS).withName(service).get().getSpec().getPorts().get(0).getPort();
        // The three servers run (as a kubelet would report them), so the ensemble is settled at its size.
        StatefulSet created = client.apps().statefulSets().inNamespace(NS).withName(set).get();
        for (int i = 0; i < 3; i++) {
            client.resource(readyPod(created, BrookNames.zookeeperPod("drift", i))).create();
        }

        // As kubectl scale and kubectl edit do: the objects keep every annotation Brook gave them.
        dev.brook.operator.testing.KafkaTestCluster.retryOnConflict(() -> client.apps().statefulSets().inNamespace(NS).withName(set).edit(s -> {
            s.getSpec().setReplicas(5);
            return s;
        }));
        dev.brook.operator.testing.KafkaTestCluster.retryOnConflict(() -> client.services().inNamespace(NS).withName(service).edit(s -> {
            s.getSpec().getPorts().get(0).setPort(port + 1);
            return s;
        }));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.apps().statefulSets().inNamespace(NS).withName(set).get().getSpec().getReplicas()).as("replicas put back").isEqualTo(3);
            assertThat(client.services().inNamespace(NS).withName(service).get().getSpec().getPorts().get(0).getPort()).as("port put back")
                    .isEqualTo(port);
        });
        // Put back once: afterwards the objects hold what Brook wants and reconciles write nothing more.
        String version = client.apps().statefulSets().inNamespace(NS).withName(set).get().getMetadata().getResourceVersion();
        new ReconcilePasses(meters).await(3, Duration.ofSeconds(60), "Cluster");
        assertThat(client.apps().statefulSets().inNamespace(NS).withName(set).get().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void certificatesAreIssuedIntoOwnedSecretsOnceAndNotRewritten() {
        Cluster cluster = create("tls", false);
        String brokers = BrookNames.brokerTls("tls");
        await().atMost(Duration.ofSeconds(30)).until(() -> client.secrets().inNamespace(NS).withName(brokers).get() != null
                && condition("tls", "Certificates") != null);
        Condition certificates = condition("tls", "Certificates");
        assertThat(certificates.getStatus()).isEqualTo("True");
        assertThat(certificates.getReason()).isEqualTo("Valid");
        assertThat(certificates.getMessage()).contains("cluster CA valid until");
        List<String> names = List.of(BrookNames.clusterCa("tls"), BrookNames.clusterCaCert("tls"), BrookNames.clientsCa("tls"),
                BrookNames.clientsCaCert("tls"), BrookNames.zookeeperTls("tls"), brokers, BrookNames.operatorTls("tls"));
        String uid = client.resources(Cluster.class).inNamespace(NS).withName("tls").get().getMetadata().getUid();
        java.util.Map<String, String> versions = new java.util.TreeMap<>();
        for (String name : names) {
            var secret = client.secrets().inNamespace(NS).withName(name).get();
            assertThat(secret).as(name).isNotNull();
            assertThat(secret.getMetadata().getLabels()).containsEntry(BrookLabels.CLUSTER, "tls");
            assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(r.getUid()).isEqualTo(uid));
            versions.put(name, secret.getMetadata().getResourceVersion());
        }
        assertThat(client.secrets().inNamespace(NS).withName(brokers).get().getData()).containsKeys("tls-broker-0.pem", "tls-broker-2.pem",
                "cluster-ca.pem", "clients-ca.pem");
        // Each certificate's expiry is exported, read from what was written (the alert's input).
        String pem = new String(java.util.Base64.getDecoder().decode(client.secrets().inNamespace(NS).withName(brokers).get().getData()
                .get("tls-broker-1.pem")), java.nio.charset.StandardCharsets.UTF_8);
        long notAfter = dev.brook.pki.CertificateInfo.fromPem(pem).notAfter().getEpochSecond();
        var expiry = meters.find("brook_certificate_expiry_timestamp_seconds")
                .tags("namespace", NS, "cluster", "tls", "certificate", brokers + "/tls-broker-1.pem").gauge();
        assertThat(expiry).as("expiry gauge of a broker certificate").isNotNull();
        assertThat((long) expiry.value()).isEqualTo(notAfter);
        assertThat(meters.find("brook_certificate_expiry_timestamp_seconds").tags("cluster", "tls").gauges())
                .hasSizeGreaterThanOrEqualTo(2 + 3 + 3 + 1);
        // Planned again and again: the same certificates, nothing written.
        new ReconcilePasses(meters).await(3, Duration.ofSeconds(60), "Cluster");
        for (String name : names) {
            assertThat(client.secrets().inNamespace(NS).withName(name).get().getMetadata().getResourceVersion()).as(name)
                    .isEqualTo(versions.get(name));
        }
        assertThat(cluster).isNotNull();
    }

    @Test
    void racksWithoutTheInstallationsRackOptionAreRefusedAndNothingIsCreated() {
        Cluster cluster = new Cluster();
        cluster.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName("racks").withNamespace(NS).build());
        dev.brook.api.v1alpha1.RackSpec rack = new dev.brook.api.v1alpha1.RackSpec();
        rack.setTopologyKey("topology.kubernetes.io/zone");
        cluster.getSpec().getBrokers().setRack(rack);
        client.resource(cluster).create();
        Condition ready = await().atMost(Duration.ofSeconds(20)).until(() -> condition("racks", "Ready"), c -> c != null);
        assertThat(ready.getReason()).isEqualTo("NotSupported");
        assertThat(ready.getMessage()).contains("spec.brokers.rack").contains("rackAwareness.enabled=true");
        assertThat(client.apps().statefulSets().inNamespace(NS).withLabel(BrookLabels.CLUSTER, "racks").list().getItems()).isEmpty();
    }

    @Test
    void deletingAClusterDeletesItsVolumeClaimsOnlyWhenDeleteClaimSaysSo() {
        create("keep", false);
        create("drop", true);
        for (String c : List.of("keep", "drop")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().statefulSets().inNamespace(NS).withName(c + "-zookeeper").get() != null);
            for (int i = 0; i < 3; i++) {
                client.resource(claim(c, "zookeeper", i)).create();
                client.resource(claim(c, "broker", i)).create();
            }
        }
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("keep-zookeeper").get().getSpec()
                .getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("drop-zookeeper").get().getSpec()
                .getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Delete");

        client.resources(Cluster.class).inNamespace(NS).withName("keep").delete();
        client.resources(Cluster.class).inNamespace(NS).withName("drop").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.resources(Cluster.class).inNamespace(NS).withName("keep").get() == null
                && client.resources(Cluster.class).inNamespace(NS).withName("drop").get() == null);
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withLabel(BrookLabels.CLUSTER, "keep").list().getItems()).hasSize(6);
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withLabel(BrookLabels.CLUSTER, "drop").list().getItems()).isEmpty();
    }

    @Test
    void growingStorageGrowsTheClaimsWhereTheClassAllowsItAndReportsWhereItDoesNot() {
        client.resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder().withNewMetadata().withName("expandable").endMetadata()
                .withProvisioner("test").withAllowVolumeExpansion(true).build()).create();
        client.resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder().withNewMetadata().withName("fixed").endMetadata()
                .withProvisioner("test").withAllowVolumeExpansion(false).build()).create();
        for (String c : List.of("grow", "stuck")) {
            Cluster cluster = new Cluster();
            cluster.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
            cluster.setMetadata(new ObjectMetaBuilder().withName(c).withNamespace(NS).build());
            StorageSpec zk = new StorageSpec();
            zk.setSize("1Gi");
            zk.setStorageClassName(c.equals("grow") ? "expandable" : "fixed");
            cluster.getSpec().getZookeeper().setStorage(zk);
            client.resource(cluster).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().statefulSets().inNamespace(NS).withName(c + "-zookeeper").get() != null);
            for (int i = 0; i < 3; i++) {
                PersistentVolumeClaim claim = claim(c, "zookeeper", i);
                claim.getSpec().setStorageClassName(zk.getStorageClassName());
                client.resource(claim).create();
            }
            setZookeeperStorageSize(c, "2Gi");
        }

        // Expandable: every claim asks for 2Gi; the template stays (it cannot change), the StatefulSet records the size.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(claimSizes("grow")).containsOnly("2Gi").hasSize(3));
        StatefulSet grown = client.apps().statefulSets().inNamespace(NS).withName("grow-zookeeper").get();
        assertThat(grown.getMetadata().getAnnotations()).containsEntry("brook.dev/volume-size", "2Gi");
        assertThat(grown.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("1Gi");
        Condition expanding = await().atMost(Duration.ofSeconds(20)).until(() -> condition("grow", "VolumeExpansion"),
                c -> c != null && "Expanding".equals(c.getReason()));
        assertThat(expanding.getMessage()).contains("data-grow-zookeeper-0 (no capacity yet of 2Gi)");
        // The storage driver did its work: the condition says so.
        for (int i = 0; i < 3; i++) {
            PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(NS).withName("data-grow-zookeeper-" + i).get();
            claim.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                    .addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("2Gi")).build());
            client.resource(claim).updateStatus();
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> condition("grow", "VolumeExpansion"), c -> c != null && "Done".equals(c.getReason()));

        // Not expandable: refused with what to do, no claim touched.
        Condition refused = await().atMost(Duration.ofSeconds(20)).until(() -> condition("stuck", "Ready"),
                c -> c != null && "NotSupported".equals(c.getReason()));
        assertThat(refused.getMessage()).contains("StorageClass 'fixed' does not allow volume expansion").contains("Set the size back to 1Gi");
        assertThat(claimSizes("stuck")).containsOnly("1Gi");

        // Shrinking after the growth: refused, the claims keep 2Gi.
        setZookeeperStorageSize("grow", "1Gi");
        Condition shrink = await().atMost(Duration.ofSeconds(20)).until(() -> condition("grow", "Ready"),
                c -> c != null && "NotSupported".equals(c.getReason()));
        assertThat(shrink.getMessage()).contains("cannot shrink").contains("Set it back to 2Gi");
        assertThat(claimSizes("grow")).containsOnly("2Gi");
    }

    private void setZookeeperStorageSize(String cluster, String size) {
        dev.brook.operator.testing.KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(NS).withName(cluster)
                .edit(c -> {
                    c.getSpec().getZookeeper().getStorage().setSize(size);
                    return c;
                }));
    }

    private List<String> claimSizes(String cluster) {
        return client.persistentVolumeClaims().inNamespace(NS).withLabel(BrookLabels.CLUSTER, cluster).list().getItems().stream()
                .map(c -> c.getSpec().getResources().getRequests().get("storage").toString()).toList();
    }

    private Condition condition(String cluster, String type) {
        Cluster c = client.resources(Cluster.class).inNamespace(NS).withName(cluster).get();
        return c == null || c.getStatus() == null ? null : Conditions.find(c.getStatus().getConditions(), type).orElse(null);
    }

    private Cluster create(String name, boolean deleteClaim) {
        Cluster cluster = new Cluster();
        cluster.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        StorageSpec zk = new StorageSpec();
        zk.setDeleteClaim(deleteClaim);
        StorageSpec brokers = new StorageSpec();
        brokers.setDeleteClaim(deleteClaim);
        cluster.getSpec().getZookeeper().setStorage(zk);
        cluster.getSpec().getBrokers().setStorage(brokers);
        return client.resource(cluster).create();
    }

    /** A pod of the StatefulSet's current template, ready, as the StatefulSet controller and a kubelet would make it. */
    private static io.fabric8.kubernetes.api.model.Pod readyPod(StatefulSet set, String name) {
        var template = set.getSpec().getTemplate();
        return new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withLabels(template.getMetadata().getLabels())
                .withAnnotations(template.getMetadata().getAnnotations()).endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
    }

    /** A claim as the StatefulSet controller would make it from the volumeClaimTemplate (labels copied). */
    private PersistentVolumeClaim claim(String cluster, String component, int ordinal) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data-" + cluster + "-" + component + "-" + ordinal).withNamespace(NS)
                .addToLabels(BrookLabels.CLUSTER, cluster).addToLabels(BrookLabels.COMPONENT, component).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage",
                        new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec()
                .build();
    }
}
