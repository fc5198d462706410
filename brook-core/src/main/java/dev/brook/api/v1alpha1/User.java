package dev.brook.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Kafka user (its credentials, ACLs and quotas), declared as a Kubernetes resource. */
@Group(Cluster.GROUP)
@Version(Cluster.VERSION)
@ShortNames("bku")
@Categories("kafka")
@AdditionalPrinterColumn(name = "Cluster", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.cluster")
@AdditionalPrinterColumn(name = "Authentication", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.authentication.type")
@AdditionalPrinterColumn(name = "Principal", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.principal")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class User extends CustomResource<UserSpec, UserStatus> implements Namespaced {

    /** The Kafka user name this resource asks for: spec.userName, else metadata.name. */
    public String kafkaUserName() {
        String name = getSpec() == null ? null : getSpec().getUserName();
        return name != null ? name : getMetadata().getName();
    }

    /** The principal Kafka sees for this user, however it logs in. */
    public String principal() {
        return "User:" + kafkaUserName();
    }

    // No initSpec()/initStatus(): see Topic.
}
