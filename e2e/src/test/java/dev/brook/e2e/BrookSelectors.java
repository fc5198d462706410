package dev.brook.e2e;

import dev.brook.model.BrookLabels;
import dev.brook.model.BrookLabels.Component;
import java.util.Map;

/**
 * The label selectors the suite finds a Brook cluster's pods, StatefulSets and PersistentVolumeClaims by,
 * built from the operator's own {@link BrookLabels} keys and values, so they cannot drift from what the
 * operator writes ({@code BrookSelectorsTest} checks them against the objects the operator's model builds).
 * Equality selectors only.
 */
final class BrookSelectors {
    private BrookSelectors() {
    }

    /** Everything of one Brook cluster (pods, StatefulSets, claims, Services). */
    static Map<String, String> cluster(String cluster) {
        return Map.of(BrookLabels.CLUSTER, cluster);
    }

    /** The broker pods of {@code cluster}, and their data claims. */
    static Map<String, String> brokers(String cluster) {
        return component(cluster, Component.BROKER);
    }

    /** The ZooKeeper pods of {@code cluster}, and their data claims. */
    static Map<String, String> zookeepers(String cluster) {
        return component(cluster, Component.ZOOKEEPER);
    }

    static Map<String, String> component(String cluster, Component component) {
        return Map.of(BrookLabels.CLUSTER, cluster, BrookLabels.COMPONENT, component.value());
    }
}
