package dev.brook.model;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Labels and annotations on everything Brook creates for a cluster.
 *
 * <p>{@code app.kubernetes.io/name} is {@code kafka} / {@code zookeeper} (what runs), not {@code brook}: the
 * Helm chart labels the operator's own pods {@code name=brook, instance=<release>}, and a Cluster named like
 * the release must never match the operator's selectors (nor the other way round).
 * {@link #selector} is a subset that never changes for the life of a cluster (StatefulSet selectors are
 * immutable): name, instance, component.
 */
public final class BrookLabels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    /** The Brook cluster an object or pod belongs to (also on pods, for {@code kubectl get pods -l}). */
    public static final String CLUSTER = "brook.dev/cluster";
    /** Set by the StatefulSet controller on each pod; per-broker Services select on it. */
    public static final String POD_NAME = "statefulset.kubernetes.io/pod-name";

    public static final String MANAGED_BY_VALUE = "brook-operator";
    public static final String PART_OF_VALUE = "brook";

    /** Pod-template annotation: the agent inputs' {@code hash()}; pods whose value differs run old inputs. */
    public static final String CONFIG_HASH_ANNOTATION = "brook.dev/config-hash";
    public static final String PROMETHEUS_SCRAPE = "prometheus.io/scrape";
    public static final String PROMETHEUS_PORT = "prometheus.io/port";
    public static final String PROMETHEUS_PATH = "prometheus.io/path";

    /** What an object is part of. */
    public enum Component {
        ZOOKEEPER("zookeeper", "zookeeper"),
        BROKER("kafka", "broker"),
        /** Objects shared by both (the ServiceAccount). */
        CLUSTER("brook-cluster", "cluster");

        private final String appName;
        private final String value;

        Component(String appName, String value) {
            this.appName = appName;
            this.value = value;
        }

        public String appName() {
            return appName;
        }

        public String value() {
            return value;
        }
    }

    private BrookLabels() {
    }

    /** All labels of an object of {@code component}, sorted. */
    public static Map<String, String> labels(String cluster, Component component) {
        SortedMap<String, String> labels = new TreeMap<>(selector(cluster, component));
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(PART_OF, PART_OF_VALUE);
        labels.put(CLUSTER, cluster);
        return labels;
    }

    /** The stable selector subset: name, instance, component. Never add to it: selectors are immutable. */
    public static Map<String, String> selector(String cluster, Component component) {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put(NAME, component.appName());
        labels.put(INSTANCE, cluster);
        labels.put(COMPONENT, component.value());
        return labels;
    }
}
