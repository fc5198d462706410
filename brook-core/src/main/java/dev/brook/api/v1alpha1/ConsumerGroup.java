package dev.brook.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Kafka consumer group, watched (state, lag) and managed (offset resets) as a Kubernetes resource. */
@Group(Cluster.GROUP)
@Version(Cluster.VERSION)
@ShortNames("bkcg")
@Categories("kafka")
@AdditionalPrinterColumn(name = "Cluster", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.cluster")
@AdditionalPrinterColumn(name = "State", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.state")
@AdditionalPrinterColumn(name = "Members", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.members")
@AdditionalPrinterColumn(name = "Lag", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.totalLag")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class ConsumerGroup extends CustomResource<ConsumerGroupSpec, ConsumerGroupStatus> implements Namespaced {

    /** The Kafka group.id: spec.groupId, else metadata.name. */
    public String kafkaGroupId() {
        String id = getSpec() == null ? null : getSpec().getGroupId();
        return id != null ? id : getMetadata().getName();
    }

    // No initSpec()/initStatus(): fabric8's constructor calls them, and JOSDK adds its finalizer by server-side
    // applying a fresh instance (no-argument constructor, then name, namespace and finalizer) with force. A spec
    // returned here would be sent with that patch and overwrite the user's fields; spec defaults live in the model.
}
