package dev.brook.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.brook.model.BrookLabels;
import dev.brook.operator.reconcile.ResourceApplier;
import dev.brook.operator.testing.ReconcilePasses;
import dev.brook.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * GitOps: applying the same manifests twice changes nothing. The examples (Cluster, Topic,
 * ConsumerGroup, Users) are applied as a GitOps tool would (create, then an update carrying the user's
 * fields again, like a server-side apply of the same file), the operator reconciles, and the same
 * files are applied again. Then:
 * <ul>
 *   <li>each spec is byte-for-byte the user's (no default written back, no status in spec) and its
 *       {@code metadata.generation} did not move;</li>
 *   <li>the operator writes nothing more: the resourceVersions of the three resources and of every
 *       object the Cluster owns (StatefulSets, Services, ConfigMaps, PodDisruptionBudgets,
 *       ServiceAccounts) stay put while each kind is reconciled twice more, and no new Event appears.</li>
 * </ul>
 * The cluster controller runs without a kubelet here, so the Cluster never becomes Ready (it waits
 * for ZooKeeper) and re-reconciles every few seconds: exactly the situation where a careless
 * reconciler would rewrite its objects or its status.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ApplyTwiceIdempotenceTest {
    private static final String NS = "gitops";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] KINDS = {"Cluster", "Topic", "ConsumerGroup", "User"};
    /** Bounds two passes of every kind: the Cluster requeues every 3 s, the Topic, the ConsumerGroup and the Users retry every 10 s. */
    private static final Duration TWO_PASSES = Duration.ofSeconds(120);

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry meters;

    @Test
    void applyingTheExamplesTwiceChangesNothing() throws IOException {
        List<ObjectNode> manifests = examples();
        assertThat(manifests).extracting(m -> m.path("kind").asText()).contains("Cluster", "Topic", "ConsumerGroup");

        // 1. First apply, then let the operator reconcile everything once.
        manifests.forEach(this::apply);
        String cluster = nameOf(manifests, "Cluster");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.apps().statefulSets().inNamespace(NS).withName(cluster + "-zookeeper").get()).isNotNull();
            for (ObjectNode m : manifests) {
                GenericKubernetesResource live = live(m).get();
                assertThat(readyConditionObservedGeneration(live)).as(describe(m) + " reconciled (Ready condition for this generation)")
                        .isEqualTo(live.getMetadata().getGeneration());
            }
        });

        // 2. The operator wrote nothing into any spec: it is exactly what the user applied.
        Map<String, Long> generations = new TreeMap<>();
        for (ObjectNode m : manifests) {
            GenericKubernetesResource live = live(m).get();
            JsonNode liveSpec = JSON.valueToTree(live.getAdditionalProperties().get("spec"));
            assertThat(liveSpec).as(describe(m) + " spec after the operator reconciled it").isEqualTo(m.get("spec"));
            assertThat(statusKeysIn(liveSpec, "spec")).as(describe(m) + ": status fields in spec").isEmpty();
            assertThat(live.getAdditionalProperties()).as(describe(m) + " has a status (the operator reports there)").containsKey("status");
            generations.put(describe(m), live.getMetadata().getGeneration());
        }
        awaitQuiet(cluster);

        // 3. Apply the very same files again.
        manifests.forEach(this::apply);
        for (ObjectNode m : manifests) {
            GenericKubernetesResource live = live(m).get();
            assertThat(live.getMetadata().getGeneration()).as(describe(m) + " generation after the second apply")
                    .isEqualTo(generations.get(describe(m)));
            assertThat((Object) JSON.valueToTree(live.getAdditionalProperties().get("spec"))).isEqualTo(m.get("spec"));
        }

        // 4. Nothing is written afterwards: not the resources, not their status, not the Cluster's objects, no Event.
        Map<String, String> before = versions(manifests, cluster);
        assertThat(before.keySet()).as("objects owned by the Cluster")
                .anyMatch(k -> k.startsWith("StatefulSet/")).anyMatch(k -> k.startsWith("Service/"))
                .anyMatch(k -> k.startsWith("ConfigMap/"));
        int events = eventCount();
        new ReconcilePasses(meters).await(2, TWO_PASSES, KINDS);
        assertThat(versions(manifests, cluster)).as("resourceVersions after two more reconciles of each kind").isEqualTo(before);
        assertThat(eventCount()).as("Events in " + NS).isEqualTo(events);
        for (ObjectNode m : manifests) {
            assertThat(live(m).get().getMetadata().getGeneration()).as(describe(m) + " generation at the end")
                    .isEqualTo(generations.get(describe(m)));
        }
    }

    @Test
    void serverSideApplyUsesOneFixedFieldManager() {
        // Documented in the README's GitOps section: the operator's writes are owned by this manager;
        // users' manifests own spec (the operator never writes spec, see the test above).
        assertThat(ResourceApplier.FIELD_MANAGER).isEqualTo("brook-operator");
    }

    /**
     * Applies a manifest: create when absent, else write the user's fields (spec, labels, annotations)
     * again onto the live object, as a server-side apply of the same file does, and send it even though
     * nothing changed, so the server sees a write and the operator a watch event. (Not a JSON merge
     * patch: the mock server's merge patch appends to arrays instead of replacing them, observed with
     * fabric8 7.4.0, which would change {@code spec.brokers.listeners} and fake a spec change.)
     */
    private void apply(ObjectNode manifest) {
        Resource<GenericKubernetesResource> resource = live(manifest);
        GenericKubernetesResource desired = Serialization.unmarshal(manifest.toString(), GenericKubernetesResource.class);
        if (resource.get() == null) {
            desired.getMetadata().setNamespace(NS);
            client.resource(desired).create();
            return;
        }
        // The operator writes status meanwhile: an update may meet a newer resourceVersion (409) and is made again.
        dev.brook.operator.testing.KafkaTestCluster.retryOnConflict(() -> {
            GenericKubernetesResource live = resource.get();
            if (desired.getMetadata().getLabels() != null) {
                live.getMetadata().setLabels(new TreeMap<>(live.getMetadata().getLabels() == null ? Map.of() : live.getMetadata().getLabels()));
                live.getMetadata().getLabels().putAll(desired.getMetadata().getLabels());
            }
            if (desired.getMetadata().getAnnotations() != null) {
                live.getMetadata().setAnnotations(new TreeMap<>(live.getMetadata().getAnnotations() == null ? Map.of()
                        : live.getMetadata().getAnnotations()));
                live.getMetadata().getAnnotations().putAll(desired.getMetadata().getAnnotations());
            }
            live.getAdditionalProperties().put("spec", desired.getAdditionalProperties().get("spec"));
            client.resource(live).update();
        });
    }

    private Resource<GenericKubernetesResource> live(ObjectNode manifest) {
        return client.genericKubernetesResources(manifest.path("apiVersion").asText(), manifest.path("kind").asText())
                .inNamespace(NS).withName(manifest.at("/metadata/name").asText());
    }

    /**
     * Waits until the operator has written everything it has to write after the first apply: the
     * Topic and the ConsumerGroup learn the Cluster's bootstrap address at their next retry and report
     * the new reason once, so resourceVersions must stay the same while every kind reconciles twice.
     */
    private void awaitQuiet(String cluster) throws IOException {
        List<ObjectNode> manifests = examples();
        ReconcilePasses passes = new ReconcilePasses(meters);
        await().atMost(Duration.ofSeconds(300)).until(() -> {
            Map<String, String> before = versions(manifests, cluster);
            passes.await(2, TWO_PASSES, KINDS);
            return versions(manifests, cluster).equals(before);
        });
    }

    /** resourceVersion of each applied resource and of every object labelled as the Cluster's. */
    private Map<String, String> versions(List<ObjectNode> manifests, String cluster) {
        Map<String, String> versions = new TreeMap<>();
        for (ObjectNode m : manifests) {
            versions.put(describe(m), live(m).get().getMetadata().getResourceVersion());
        }
        List<HasMetadata> owned = new ArrayList<>();
        owned.addAll(client.apps().statefulSets().inNamespace(NS).withLabel(BrookLabels.CLUSTER, cluster).list().getItems());
        owned.addAll(client.services().inNamespace(NS).withLabel(BrookLabels.CLUSTER, cluster).list().getItems());
        owned.addAll(client.configMaps().inNamespace(NS).withLabel(BrookLabels.CLUSTER, cluster).list().getItems());
        owned.addAll(client.policy().v1().podDisruptionBudget().inNamespace(NS).withLabel(BrookLabels.CLUSTER, cluster).list().getItems());
        owned.addAll(client.serviceAccounts().inNamespace(NS).withLabel(BrookLabels.CLUSTER, cluster).list().getItems());
        owned.forEach(o -> versions.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        return versions;
    }

    private int eventCount() {
        return client.v1().events().inNamespace(NS).list().getItems().size();
    }

    private static Long readyConditionObservedGeneration(GenericKubernetesResource live) {
        JsonNode conditions = JSON.valueToTree(live.getAdditionalProperties().get("status")).path("conditions");
        for (JsonNode c : conditions) {
            if ("Ready".equals(c.path("type").asText())) {
                return c.path("observedGeneration").isMissingNode() ? null : c.path("observedGeneration").asLong();
            }
        }
        return null;
    }

    /** Paths of fields that belong in status (conditions, observedGeneration, ...) found anywhere under {@code node}. */
    private static List<String> statusKeysIn(JsonNode node, String path) {
        List<String> found = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String here = path + "." + field.getKey();
                if (List.of("status", "conditions", "observedGeneration", "lastTransitionTime", "bootstrapServers", "readyBrokers",
                        "lastAppliedResetId", "topicId").contains(field.getKey())) {
                    found.add(here);
                }
                found.addAll(statusKeysIn(field.getValue(), here));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(statusKeysIn(node.get(i), path + "[" + i + "]"));
            }
        }
        return found;
    }

    private static String describe(ObjectNode manifest) {
        return manifest.path("kind").asText() + "/" + manifest.at("/metadata/name").asText();
    }

    private static String nameOf(List<ObjectNode> manifests, String kind) {
        return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).map(m -> m.at("/metadata/name").asText())
                .findFirst().orElseThrow();
    }

    /** Every document of examples/*.yaml, as the user wrote it. */
    private static List<ObjectNode> examples() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<ObjectNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepoPaths.root().resolve("examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    for (Iterator<ObjectNode> it = yaml.readValues(parser, ObjectNode.class); it.hasNext();) {
                        ObjectNode doc = it.next();
                        if (doc != null && doc.hasNonNull("kind")) {
                            docs.add(doc);
                        }
                    }
                }
            }
        }
        return docs;
    }
}
