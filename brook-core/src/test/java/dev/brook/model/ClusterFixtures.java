package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.Map;

/** A Cluster as the API server would hand it to the reconciler (name, namespace, uid), spec defaults only. */
final class ClusterFixtures {
    static final String NAME = "c1";
    static final String NAMESPACE = "ns1";
    static final String UID = "0f2c5f2e-5e8b-4c4e-9d1a-7a3b2f0c9e11";

    private ClusterFixtures() {
    }

    static Cluster cluster() {
        Cluster c = new Cluster();
        c.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
        c.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NAMESPACE).withUid(UID).build());
        return c;
    }

    /** Every Brook object: in the cluster's namespace, the full label set, one controller reference to the Cluster. */
    static void assertOwnedAndLabelled(HasMetadata object, BrookLabels.Component component) {
        assertThat(object.getMetadata().getNamespace()).as(object.getMetadata().getName()).isEqualTo(NAMESPACE);
        assertThat(object.getMetadata().getLabels()).as(object.getMetadata().getName()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/name", component.appName(),
                "app.kubernetes.io/instance", NAME,
                "app.kubernetes.io/component", component.value(),
                "app.kubernetes.io/managed-by", "brook-operator",
                "app.kubernetes.io/part-of", "brook",
                "brook.dev/cluster", NAME));
        assertThat(object.getMetadata().getOwnerReferences()).as(object.getMetadata().getName()).hasSize(1);
        OwnerReference owner = object.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getApiVersion()).isEqualTo("brook.dev/v1alpha1");
        assertThat(owner.getKind()).isEqualTo("Cluster");
        assertThat(owner.getName()).isEqualTo(NAME);
        assertThat(owner.getUid()).isEqualTo(UID);
        assertThat(owner.getController()).isTrue();
        assertThat(owner.getBlockOwnerDeletion()).isTrue();
    }
}
