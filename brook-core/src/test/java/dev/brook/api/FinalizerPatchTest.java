package dev.brook.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.testing.CrdSchemas;
import dev.brook.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With server-side apply (production), JOSDK 5.2.1 adds its finalizer by applying, with force, a fresh
 * instance of the resource: {@code getClass().getConstructor().newInstance()}, then a new ObjectMeta with
 * name and namespace, then the finalizer ({@code ReconciliationDispatcher.addFinalizerWithSSA}). Whatever
 * that instance carries besides is applied too and owned by the operator's field manager: a spec made by
 * the constructor would overwrite the user's (a Topic's {@code deletionPolicy: Retain} turned into
 * {@code Delete}). The patch must hold nothing but the finalizer, for every kind Brook serves.
 */
class FinalizerPatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFinalizerPatchOfEveryKindCarriesNoSpecAndNoStatus() throws Exception {
        List<String> kinds = servedKinds();
        assertThat(kinds).contains("Cluster", "Topic", "ConsumerGroup");
        for (String kind : kinds) {
            Class<?> type = Class.forName(Cluster.class.getPackageName() + "." + kind);
            HasMetadata fresh = (HasMetadata) type.getConstructor().newInstance();
            ObjectMeta meta = new ObjectMeta();
            meta.setName("demo");
            meta.setNamespace("team");
            fresh.setMetadata(meta);
            fresh.addFinalizer("clusters.brook.dev/finalizer");

            JsonNode patch = JSON.readTree(Serialization.asJson(fresh));
            List<String> fields = new ArrayList<>();
            patch.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("%s: top-level fields of the finalizer patch", kind).containsExactlyInAnyOrder("apiVersion", "kind", "metadata");
            List<String> metadata = new ArrayList<>();
            patch.path("metadata").fieldNames().forEachRemaining(metadata::add);
            assertThat(metadata).as("%s: metadata of the finalizer patch", kind).containsExactlyInAnyOrder("name", "namespace", "finalizers");
        }
    }

    /** Every kind with a committed CRD: a new kind is checked without touching this test. */
    private static List<String> servedKinds() throws IOException {
        List<String> kinds = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepoPaths.root().resolve("crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (var doc : CrdSchemas.readYamlDocuments(file)) {
                    kinds.add(doc.at("/spec/names/kind").asText());
                }
            }
        }
        return kinds;
    }
}
