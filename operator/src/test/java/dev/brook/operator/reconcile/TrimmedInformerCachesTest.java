package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.ConsumerGroupSpec;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.TopicSpec;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserSpec;
import dev.brook.model.BrookLabels;
import dev.brook.model.TopicClaims;
import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every informer the operator runs (each controller's own, the Cluster's secondary informers, the User's Secrets, the
 * Cluster directory) keeps objects without managedFields and kubectl's last-applied annotation, while the API server
 * (here the mock) still has both; reconciles still write status, and the Topic claims index still answers.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class TrimmedInformerCachesTest {
    private static final String NS = "trimmed";
    private static final String KEPT = "example.com/team";

    @Inject
    KubernetesClient client;

    @Inject
    Operator operator;

    @Inject
    ClusterDirectory clusters;

    @Test
    void cachesHoldNoManagedFieldsNorLastAppliedAndReconcilesStillWork() {
        Topic topic = new Topic();
        topic.setMetadata(bulkyMetadata("orders"));
        topic.setSpec(new TopicSpec());
        topic.getSpec().setCluster("absent");
        client.resource(topic).create();

        ConsumerGroup group = new ConsumerGroup();
        group.setMetadata(bulkyMetadata("billing"));
        group.setSpec(new ConsumerGroupSpec());
        group.getSpec().setCluster("absent");
        client.resource(group).create();

        User user = new User();
        user.setMetadata(bulkyMetadata("alice"));
        user.setSpec(new UserSpec());
        user.getSpec().setCluster("absent");
        user.getSpec().setAuthentication(new UserAuthentication());
        user.getSpec().getAuthentication().setType(UserAuthentication.Type.SCRAM_SHA_512);
        client.resource(user).create();

        Cluster cluster = new Cluster();
        cluster.setMetadata(bulkyMetadata("bulky"));
        cluster.setSpec(new ClusterSpec());
        client.resource(cluster).create();

        // Secondary informers select Brook's label: a Secret (User and Cluster informers) and a ConfigMap (Cluster's).
        ObjectMeta labelled = bulkyMetadata("labelled");
        labelled.setLabels(Map.of(BrookLabels.MANAGED_BY, BrookLabels.MANAGED_BY_VALUE));
        client.resource(new SecretBuilder().withMetadata(labelled).addToStringData("k", "v").build()).create();
        client.resource(new ConfigMapBuilder().withMetadata(labelled).addToData("k", "v").build()).create();

        // The API server keeps both (else this test would prove nothing).
        Topic stored = client.resources(Topic.class).inNamespace(NS).withName("orders").get();
        assertThat(stored.getMetadata().getManagedFields()).isNotEmpty();
        assertThat(stored.getMetadata().getAnnotations()).containsKey(TrimmedItemStore.LAST_APPLIED);

        // Reconciles run on the trimmed copies and their status patches land.
        awaitObservedGeneration(Topic.class, "orders", 1);
        awaitObservedGeneration(ConsumerGroup.class, "billing", 1);
        awaitObservedGeneration(User.class, "alice", 1);
        awaitObservedGeneration(Cluster.class, "bulky", 1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(cached(Topic.class)).extracting(o -> o.getMetadata().getName()).contains("orders");
            assertThat(cached(ConsumerGroup.class)).extracting(o -> o.getMetadata().getName()).contains("billing");
            assertThat(cached(User.class)).extracting(o -> o.getMetadata().getName()).contains("alice");
            assertThat(cached(Cluster.class)).extracting(o -> o.getMetadata().getName()).contains("bulky");
            assertThat(cached(Secret.class)).extracting(o -> o.getMetadata().getName()).contains("labelled");
            assertThat(cached(ConfigMap.class)).extracting(o -> o.getMetadata().getName()).contains("labelled");
        });
        assertTrimmed(everyCachedObject().toList());

        // A spec change goes through the informer's update path: still trimmed, still reconciled, still indexed.
        KafkaTestCluster.retryOnConflict(() -> client.resources(Topic.class).inNamespace(NS).withName("orders").edit(t -> {
            t.getSpec().setPartitions(6);
            t.getMetadata().setManagedFields(bulkyMetadata("orders").getManagedFields());
            return t;
        }));
        awaitObservedGeneration(Topic.class, "orders", 2);
        List<Topic> claimants = topicController().getEventSourceManager().getControllerEventSource()
                .byIndex(TopicReconciler.CLAIMS_INDEX, TopicClaims.indexKey(stored));
        assertThat(claimants).hasSize(1);
        assertThat(claimants.get(0).getSpec().getPartitions()).isEqualTo(6);
        assertTrimmed(claimants);

        // The directory the Topic and ConsumerGroup reconcilers ask for Clusters has its own informer.
        Cluster directoryCopy = clusters.lookup(NS, "bulky").cluster();
        assertThat(directoryCopy).isNotNull();
        assertTrimmed(List.of(directoryCopy));
    }

    private static ObjectMeta bulkyMetadata(String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(NS)
                .withAnnotations(Map.of(TrimmedItemStore.LAST_APPLIED, "{\"apiVersion\":\"brook.dev/v1alpha1\",\"metadata\":{\"name\":\""
                        + name + "\"}}", KEPT, "payments"))
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl-client-side-apply").withOperation("Update")
                        .withApiVersion("v1").withFieldsType("FieldsV1")
                        .withFieldsV1(fieldsOfAnnotation(KEPT))
                        .build())
                .build();
    }

    private static FieldsV1 fieldsOfAnnotation(String key) {
        FieldsV1 fields = new FieldsV1();
        fields.setAdditionalProperty("f:metadata", Map.of("f:annotations", Map.of("f:" + key, Map.of())));
        return fields;
    }

    private static void assertTrimmed(List<? extends HasMetadata> objects) {
        assertThat(objects).isNotEmpty().allSatisfy(o -> {
            assertThat(o.getMetadata().getManagedFields()).as("managedFields of %s", o.getMetadata().getName()).isNullOrEmpty();
            Map<String, String> annotations = o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
            assertThat(annotations).as("annotations of %s", o.getMetadata().getName()).doesNotContainKey(TrimmedItemStore.LAST_APPLIED);
        });
        // Only the bookkeeping goes: the user's own annotation stays.
        objects.stream().filter(o -> NS.equals(o.getMetadata().getNamespace()) && o.getMetadata().getAnnotations() != null
                && o.getMetadata().getName().matches("orders|billing|alice|bulky|labelled"))
                .forEach(o -> assertThat(o.getMetadata().getAnnotations()).containsEntry(KEPT, "payments"));
    }

    /** Every object in every informer of every controller, in this test's namespace. */
    private Stream<HasMetadata> everyCachedObject() {
        return informers().flatMap(source -> source.list(NS, o -> true)).map(HasMetadata.class::cast);
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> List<R> cached(Class<R> kind) {
        return informers().filter(source -> source.resourceType().equals(kind))
                .flatMap(source -> ((ManagedInformerEventSource<R, ?, ?>) source).list(NS, o -> true)).toList();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Stream<ManagedInformerEventSource> informers() {
        return operator.getRegisteredControllers().stream()
                .flatMap(c -> ((Controller<?>) c).getEventSourceManager().allEventSources().stream())
                .filter(ManagedInformerEventSource.class::isInstance)
                .map(ManagedInformerEventSource.class::cast);
    }

    @SuppressWarnings("unchecked")
    private Controller<Topic> topicController() {
        RegisteredController<?> controller = operator.getRegisteredController("topic").orElseThrow();
        return (Controller<Topic>) controller;
    }

    private <T extends CustomResource<?, ? extends dev.brook.api.v1alpha1.BrookStatus>> void awaitObservedGeneration(Class<T> kind,
            String name, long generation) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            T read = client.resources(kind).inNamespace(NS).withName(name).get();
            assertThat(read.getStatus()).isNotNull();
            assertThat(read.getStatus().getObservedGeneration()).isEqualTo(generation);
        });
    }
}
