package dev.brook.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Kafka topic, declared as a Kubernetes resource. */
@Group(Cluster.GROUP)
@Version(Cluster.VERSION)
@ShortNames("bkt")
@Categories("kafka")
@AdditionalPrinterColumn(name = "Cluster", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.cluster")
@AdditionalPrinterColumn(name = "Partitions", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.partitions")
@AdditionalPrinterColumn(name = "RF", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.replicationFactor")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class Topic extends CustomResource<TopicSpec, TopicStatus> implements Namespaced {

    /** The Kafka topic name this resource asks for: spec.topicName, else metadata.name. */
    public String kafkaTopicName() {
        String name = getSpec() == null ? null : getSpec().getTopicName();
        return name != null ? name : getMetadata().getName();
    }

    // No initSpec()/initStatus(): fabric8's constructor calls them, and JOSDK adds its finalizer by server-side
    // applying a fresh instance (no-argument constructor, then name, namespace and finalizer) with force. A spec
    // returned here would be sent with that patch and overwrite the user's fields; spec defaults live in the model.
}
