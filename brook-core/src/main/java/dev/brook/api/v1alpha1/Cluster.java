package dev.brook.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Kafka cluster (ZooKeeper mode) with its ZooKeeper ensemble. */
@Group(Cluster.GROUP)
@Version(Cluster.VERSION)
@ShortNames("bkc")
@Categories("kafka")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Brokers", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.readyBrokers")
@AdditionalPrinterColumn(name = "ZooKeepers", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.readyZookeepers")
@AdditionalPrinterColumn(name = "Bootstrap", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.bootstrapServers", priority = 1)
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class Cluster extends CustomResource<ClusterSpec, ClusterStatus> implements Namespaced {
    public static final String GROUP = "brook.dev";
    public static final String VERSION = "v1alpha1";

    // No initSpec()/initStatus(): fabric8's constructor calls them, and JOSDK adds its finalizer by server-side
    // applying a fresh instance (no-argument constructor, then name, namespace and finalizer) with force. A spec
    // returned here would be sent with that patch and overwrite the user's fields; spec defaults live in the model.
}
