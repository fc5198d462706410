package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.model.BrokerSet;
import dev.brook.model.ZookeeperEnsemble;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No cluster needed: the suite's label selectors ({@link BrookSelectors}) match what the operator's own model
 * puts on the StatefulSets, pod templates and claim templates of the example Cluster the suite applies, and
 * the broker and ZooKeeper selectors never match each other's pods. A selector that matched nothing would
 * make the real-cluster steps wait for pods that never appear, or pass without testing anything.
 */
class BrookSelectorsTest {
    private static Cluster cluster;
    private static String name;

    @BeforeAll
    static void exampleCluster() throws Exception {
        // The Cluster exactly as BrookOnKubernetesE2ETest applies it, as the API server hands it to the operator.
        String manifest = Examples.first(Examples.forLaptop(Examples.repoRoot()), "Cluster").toString();
        cluster = Serialization.unmarshal(manifest, Cluster.class);
        cluster.getMetadata().setNamespace("brook-e2e-test");
        cluster.getMetadata().setUid("6a0f3c51-3a53-4bb8-9a52-6d1f0e7b2c44");
        name = cluster.getMetadata().getName();
    }

    @Test
    void brokerSelectorsMatchTheBrokerPodsAndClaimsTheOperatorCreates() {
        assertMatches(BrokerSet.from(cluster).statefulSet(), BrookSelectors.brokers(name));
        assertThat(matches(podLabels(ZookeeperEnsemble.from(cluster).statefulSet()), BrookSelectors.brokers(name)))
                .as("the broker selector matches ZooKeeper pods").isFalse();
    }

    @Test
    void zookeeperSelectorsMatchTheZookeeperPodsAndClaimsTheOperatorCreates() {
        assertMatches(ZookeeperEnsemble.from(cluster).statefulSet(), BrookSelectors.zookeepers(name));
        assertThat(matches(podLabels(BrokerSet.from(cluster).statefulSet()), BrookSelectors.zookeepers(name)))
                .as("the ZooKeeper selector matches broker pods").isFalse();
    }

    private static Map<String, String> podLabels(StatefulSet set) {
        return set.getSpec().getTemplate().getMetadata().getLabels();
    }

    /** What an equality label selector does. */
    private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        return labels.entrySet().containsAll(selector.entrySet());
    }

    /** The StatefulSet, its pod template and every claim template carry the selector's labels (and the cluster's). */
    private static void assertMatches(StatefulSet set, Map<String, String> selector) {
        String what = set.getMetadata().getName();
        assertThat(set.getMetadata().getLabels()).as(what + " labels (StatefulSets are listed by cluster)")
                .containsAllEntriesOf(BrookSelectors.cluster(name));
        assertThat(set.getSpec().getTemplate().getMetadata().getLabels()).as(what + " pod template labels")
                .containsAllEntriesOf(selector)
                .containsAllEntriesOf(BrookSelectors.cluster(name));
        assertThat(set.getSpec().getVolumeClaimTemplates()).as(what + " claim templates").isNotEmpty();
        for (PersistentVolumeClaim claim : set.getSpec().getVolumeClaimTemplates()) {
            assertThat(claim.getMetadata().getLabels()).as(what + " claim template " + claim.getMetadata().getName() + " labels")
                    .containsAllEntriesOf(selector);
        }
    }
}
