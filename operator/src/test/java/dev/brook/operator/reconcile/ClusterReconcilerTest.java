package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.operator.api.v1alpha1.Cluster;
import dev.brook.operator.api.v1alpha1.StorageSpec;
import dev.brook.operator.model.BrookLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    @Test
    void zookeeperComesFirstAndEverythingIsOwnedByTheCluster() {
        Cluster cluster = create("owned", false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.apps().statefulSets().inNamespace(NS).withName("owned-zookeeper").get()).isNotNull();
            Cluster c = client.resources(Cluster.class).inNamespace(NS).withName("owned").get();
            assertThat(Conditions.find(c.getStatus().getConditions(), "Ready").orElseThrow().getReason()).isEqualTo("ZookeeperNotReady");
        });
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
        // The reconciler runs again every few seconds while not ready; the StatefulSet must stay untouched.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> version.equals(
                client.apps().statefulSets().inNamespace(NS).withName("quiet-zookeeper").get().getMetadata().getResourceVersion()));
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

    private Cluster create(String name, boolean deleteClaim) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        StorageSpec zk = new StorageSpec();
        zk.setDeleteClaim(deleteClaim);
        StorageSpec brokers = new StorageSpec();
        brokers.setDeleteClaim(deleteClaim);
        cluster.getSpec().getZookeeper().setStorage(zk);
        cluster.getSpec().getBrokers().setStorage(brokers);
        return client.resource(cluster).create();
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
