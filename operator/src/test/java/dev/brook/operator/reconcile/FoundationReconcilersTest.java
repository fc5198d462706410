package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.DeletionPolicy;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.testing.CrdSchemas;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator against the fabric8 mock API (CRUD mode): each kind round-trips and gets an honest status. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class FoundationReconcilersTest {
    private static final String NS = "foundation";

    @Inject
    KubernetesClient client;

    private final CrdSchemas schemas = CrdSchemas.committed();

    @Test
    void clusterRoundTripsWithJavaDefaultsAndGetsObservedGeneration() {
        Cluster cluster = new Cluster();
        cluster.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName("rt").withNamespace(NS).build());
        client.resource(cluster).create();

        Cluster read = client.resources(Cluster.class).inNamespace(NS).withName("rt").get();
        assertThat(read.getSpec().getVersion()).isEqualTo("3.9.2");
        assertThat(read.getSpec().getZookeeper().getReplicas()).isEqualTo(3);
        assertThat(read.getSpec().getBrokers().getReplicas()).isEqualTo(3);
        assertThat(read.getSpec().getMetrics().getEnabled()).isTrue();

        Cluster reconciled = awaitObserved(Cluster.class, "rt", 1);
        Condition ready = Conditions.find(reconciled.getStatus().getConditions(), "Ready").orElseThrow();
        assertThat(ready.getStatus()).isNotEqualTo(Condition.TRUE);
        assertThat(ready.getLastTransitionTime()).isNotBlank();
        assertThat(schemas.violations(reconciled)).isEmpty();
    }

    @Test
    void clusterWithABrookOwnedKeyIsReportedNamingTheKey() {
        Cluster cluster = new Cluster();
        cluster.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName("owned").withNamespace(NS).build());
        cluster.getSpec().getBrokers().setConfig(Map.of("log.dirs", "/tmp/x", "num.io.threads", "8"));
        cluster.getSpec().setVersion("3.8.0");
        client.resource(cluster).create();

        Cluster reconciled = awaitObserved(Cluster.class, "owned", 1);
        Condition ready = Conditions.find(reconciled.getStatus().getConditions(), "Ready").orElseThrow();
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.brokers.config.log.dirs").contains("spec.version")
                .doesNotContain("num.io.threads");
    }

    @Test
    void topicDefaultsRoundTripAndSpecChangesBumpObservedGeneration() {
        Topic topic = new Topic();
        topic.setSpec(new dev.brook.api.v1alpha1.TopicSpec());
        topic.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace(NS).build());
        topic.getSpec().setCluster("demo");
        client.resource(topic).create();
        Topic read = client.resources(Topic.class).inNamespace(NS).withName("orders").get();
        assertThat(read.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);
        assertThat(read.kafkaTopicName()).isEqualTo("orders");
        awaitObserved(Topic.class, "orders", 1);

        // The operator writes status meanwhile: an edit may meet a newer resourceVersion (409) and is made again.
        dev.brook.operator.testing.KafkaTestCluster.retryOnConflict(() -> client.resources(Topic.class).inNamespace(NS).withName("orders")
                .edit(t -> {
                    t.getSpec().setPartitions(6);
                    return t;
                }));
        Topic reconciled = awaitObserved(Topic.class, "orders", 2);
        assertThat(reconciled.getStatus().getConditions()).hasSize(1);
        assertThat(schemas.violations(reconciled)).isEmpty();
    }

    @Test
    void topicNamedDotDotIsReportedAsInvalid() {
        Topic topic = new Topic();
        topic.setSpec(new dev.brook.api.v1alpha1.TopicSpec());
        topic.setMetadata(new ObjectMetaBuilder().withName("dots").withNamespace(NS).build());
        topic.getSpec().setCluster("demo");
        topic.getSpec().setTopicName("..");
        client.resource(topic).create();
        Topic reconciled = awaitObserved(Topic.class, "dots", 1);
        Condition ready = Conditions.find(reconciled.getStatus().getConditions(), "Ready").orElseThrow();
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.topicName");
    }

    @Test
    void consumerGroupDefaultsRoundTrip() {
        ConsumerGroup group = new ConsumerGroup();
        group.setSpec(new dev.brook.api.v1alpha1.ConsumerGroupSpec());
        group.setMetadata(new ObjectMetaBuilder().withName("billing").withNamespace(NS).build());
        group.getSpec().setCluster("demo");
        client.resource(group).create();
        ConsumerGroup read = client.resources(ConsumerGroup.class).inNamespace(NS).withName("billing").get();
        assertThat(read.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
        assertThat(read.kafkaGroupId()).isEqualTo("billing");
        ConsumerGroup reconciled = awaitObserved(ConsumerGroup.class, "billing", 1);
        assertThat(schemas.violations(reconciled)).isEmpty();
    }

    private <T extends io.fabric8.kubernetes.client.CustomResource<?, ? extends dev.brook.api.v1alpha1.BrookStatus>> T awaitObserved(
            Class<T> type, String name, long generation) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
                () -> client.resources(type).inNamespace(NS).withName(name).get(),
                r -> r.getStatus() != null && r.getStatus().getObservedGeneration() != null
                        && r.getStatus().getObservedGeneration() == generation
                        && Conditions.find(r.getStatus().getConditions(), "Ready").isPresent());
    }
}
