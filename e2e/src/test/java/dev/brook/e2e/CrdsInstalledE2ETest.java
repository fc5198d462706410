package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With Brook installed the way the suite installs it (CRDs from {@code crds/} applied server-side, chart with
 * {@code --skip-crds}): the served CRDs are this checkout's, not whatever an earlier run or release left.
 */
@ExtendWith(RealClusterExtension.class)
class CrdsInstalledE2ETest {

    @Test
    void theServedCrdsAreTheOnesInCrdsDirectory(RealCluster k8s) throws Exception {
        List<ObjectNode> files = RealCluster.crdFiles(k8s.repo);
        assertThat(files).as("crds/*.yaml").extracting(f -> f.at("/metadata/name").asText())
                .contains("clusters.brook.dev", "topics.brook.dev", "consumergroups.brook.dev", "users.brook.dev");
        for (ObjectNode file : files) {
            String name = file.at("/metadata/name").asText();
            GenericKubernetesResource served = k8s.client.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition")
                    .withName(name).get();
            assertThat(served).as(name + " installed").isNotNull();
            JsonNode spec = RealCluster.json(served.getAdditionalProperties().get("spec"));
            List<String> differences = new ArrayList<>();
            contains(file.get("spec"), spec, "spec", differences);
            assertThat(differences).as(name + ": served spec differs from crds/ (values the API server added are allowed)").isEmpty();
            assertThat(served.getMetadata().getManagedFields()).as(name + ": the suite's server-side apply owns its spec")
                    .anyMatch(e -> RealCluster.E2E_MANAGER.equals(e.getManager()) && "Apply".equals(e.getOperation())
                            && specOwned(e));
        }
    }

    private static boolean specOwned(ManagedFieldsEntry entry) {
        JsonNode fields = RealCluster.json(entry.getFieldsV1());
        return fields != null && fields.has("f:spec");
    }

    /** Records where {@code actual} lacks or changes something of {@code expected} (numbers compared by value). */
    static void contains(JsonNode expected, JsonNode actual, String path, List<String> differences) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                differences.add(path + ": expected an object, served " + actual);
                return;
            }
            for (Map.Entry<String, JsonNode> e : expected.properties()) {
                contains(e.getValue(), actual.path(e.getKey()), path + "." + e.getKey(), differences);
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                differences.add(path + ": expected " + expected.size() + " items, served " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                contains(expected.get(i), actual.get(i), path + "[" + i + "]", differences);
            }
        } else if (expected.isNumber() && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                differences.add(path + ": expected " + expected + ", served " + actual);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": expected " + expected + ", served " + (actual.isMissingNode() ? "nothing" : actual));
        }
    }
}
