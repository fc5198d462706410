package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftTest {

    @Test
    void whatTheApiServerAddsIsNotDrift() {
        Service live = new ServiceBuilder(service()).editMetadata().withResourceVersion("42").withUid("u")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}").endMetadata()
                .editSpec().withClusterIP("10.0.0.7").withSessionAffinity("None").editFirstPort().withProtocol("TCP").endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus().build();
        assertThat(Drift.between(service(), live)).isEmpty();
    }

    @Test
    void aChangedFieldBrookSetsIsDriftAndNamed() {
        StatefulSet scaled = new StatefulSetBuilder(statefulSet("1Gi")).editSpec().withReplicas(5).endSpec().build();
        assertThat(Drift.between(statefulSet("1Gi"), scaled)).contains("spec.replicas: has 5, want 3");

        Service edited = new ServiceBuilder(service()).editSpec().editFirstPort().withPort(9999).endPort().endSpec().build();
        assertThat(Drift.between(service(), edited)).hasValueSatisfying(d -> assertThat(d).startsWith("spec.ports[0].port: has 9999"));

        Service relabelled = new ServiceBuilder(service()).editMetadata().addToLabels("app.kubernetes.io/component", "other").endMetadata().build();
        assertThat(Drift.between(service(), relabelled)).hasValueSatisfying(d -> assertThat(d).startsWith("metadata.labels"));

        Service withoutPort = new ServiceBuilder(service()).editSpec().withPorts().endSpec().build();
        assertThat(Drift.between(service(), withoutPort)).hasValueSatisfying(d -> assertThat(d).startsWith("spec.ports"));
    }

    @Test
    void quantitiesCompareByAmountAndEmptyCollectionsMatchAbsentOnes() {
        StatefulSet canonical = statefulSet("1024Mi");
        assertThat(Drift.between(statefulSet("1Gi"), canonical)).isEmpty();
        assertThat(Drift.between(statefulSet("2Gi"), canonical)).hasValueSatisfying(d -> assertThat(d).contains("memory"));

        Service wantsNoSelector = new ServiceBuilder(service()).editSpec().withSelector(Map.of()).endSpec().build();
        Service noSelector = new ServiceBuilder(service()).editSpec().withSelector(null).endSpec().build();
        assertThat(Drift.between(wantsNoSelector, noSelector)).isEmpty();
    }

    private static Service service() {
        return new ServiceBuilder().withNewMetadata().withName("c1-zookeeper-client").withNamespace("ns")
                .addToLabels("app.kubernetes.io/component", "zookeeper").endMetadata()
                .withNewSpec().withSelector(Map.of("app.kubernetes.io/component", "zookeeper"))
                .addNewPort().withName("client").withPort(2181).endPort().endSpec().build();
    }

    private static StatefulSet statefulSet(String memory) {
        return new StatefulSetBuilder().withNewMetadata().withName("c1-zookeeper").withNamespace("ns").endMetadata()
                .withNewSpec().withReplicas(3).withNewTemplate().withNewSpec().addNewContainer().withName("zookeeper").withImage("brook:1")
                .withNewResources().addToRequests("memory", new Quantity(memory)).endResources().endContainer().endSpec().endTemplate()
                .endSpec().build();
    }
}
