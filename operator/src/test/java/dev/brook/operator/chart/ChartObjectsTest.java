package dev.brook.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.testing.CrdSchemas;
import dev.brook.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every object the chart renders is one the API server would accept; the CRDs are crds/ itself. */
class ChartObjectsTest {
    private static final List<String> STANDARD_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of", "helm.sh/chart");

    private static List<String> violations(RenderedChart chart) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : chart.objects()) {
            problems.addAll(MonitoringShapes.isMonitoring(o) ? MonitoringShapes.violations(o) : StrictKubernetesModel.violations(o));
        }
        return problems;
    }

    @Test
    void defaultRenderIsValidAndSmall() {
        RenderedChart chart = ChartRenders.defaults();
        assertThat(violations(chart)).isEmpty();
        assertThat(chart.ids()).containsExactlyInAnyOrder(
                "ServiceAccount/brook/brook", "Role/brook/brook", "RoleBinding/brook/brook",
                "ClusterRole//brook-cluster-reads", "ClusterRoleBinding//brook-cluster-reads",
                "Service/brook/brook-metrics", "Deployment/brook/brook");
    }

    @Test
    void everyObjectOfTheAllOnRenderIsValid() {
        RenderedChart chart = ChartRenders.allOn();
        assertThat(violations(chart)).isEmpty();
        assertThat(chart.objects()).extracting(o -> o.path("kind").asText()).contains("Deployment", "ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Service", "ServiceMonitor", "PodMonitor", "PrometheusRule",
                "ConfigMap", "CustomResourceDefinition");
    }

    @Test
    void otherValueCombinationsRenderValidObjects() {
        for (RenderedChart chart : List.of(
                ChartRenders.with("watchNamespaces={team-a,team-b}", "metrics.podMonitor.enabled=true"),
                ChartRenders.with("rackAwareness.enabled=true", "serviceAccount.create=false", "serviceAccount.name=existing"),
                ChartRenders.with("fullnameOverride=kafka-operator", "nameOverride=brook-op", "jvmOptions=",
                        "metrics.service.port=9090", "dashboards.enabled=true", "prometheusRule.enabled=true"))) {
            assertThat(violations(chart)).isEmpty();
        }
    }

    @Test
    void everyObjectCarriesTheStandardLabels() {
        for (ObjectNode o : ChartRenders.allOn().objects()) {
            if ("CustomResourceDefinition".equals(o.path("kind").asText())) {
                continue; // crds/ files are installed as they are
            }
            JsonNode labels = o.at("/metadata/labels");
            for (String label : STANDARD_LABELS) {
                assertThat(labels.path(label).asText()).as(RenderedChart.id(o) + " label " + label).isNotBlank();
            }
            assertThat(labels.path("app.kubernetes.io/part-of").asText()).isEqualTo("brook");
            assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
            assertThat(labels.path("team").asText()).as("commonLabels on " + RenderedChart.id(o)).isEqualTo("streaming");
        }
    }

    @Test
    void chartCrdsDirectoryIsTheRepositoryCrdsDirectory() throws IOException {
        Path chartCrds = Helm.CHART.resolve("crds");
        Path repoCrds = RepoPaths.root().resolve("crds");
        assertThat(Files.isSameFile(chartCrds, repoCrds))
                .as("helm/brook/crds must be the symlink ../../crds (recreate: ln -sfn ../../crds helm/brook/crds)")
                .isTrue();
    }

    @Test
    void renderedCrdsAreExactlyTheFilesInCrdsDirectory() throws IOException {
        Map<String, JsonNode> expected = new TreeMap<>();
        try (Stream<Path> files = Files.list(RepoPaths.root().resolve("crds"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (ObjectNode doc : CrdSchemas.readYamlDocuments(f)) {
                    expected.put(doc.at("/metadata/name").asText(), doc);
                }
            }
        }
        assertThat(expected).containsKeys("clusters.brook.dev", "topics.brook.dev", "consumergroups.brook.dev", "users.brook.dev");

        for (RenderedChart chart : List.of(ChartRenders.defaultsWithCrds(), ChartRenders.allOn())) {
            Map<String, JsonNode> rendered = new TreeMap<>();
            chart.ofKind("CustomResourceDefinition").forEach(c -> rendered.put(c.at("/metadata/name").asText(), c));
            assertThat(rendered).isEqualTo(expected);
            for (JsonNode crd : rendered.values()) {
                CustomResourceDefinition typed = StrictKubernetesModel.read(crd, CustomResourceDefinition.class);
                assertThat(typed.getSpec().getGroup()).isEqualTo("brook.dev");
            }
        }
        assertThat(ChartRenders.defaults().ofKind("CustomResourceDefinition")).as("CRDs only with --include-crds").isEmpty();
    }

    @Test
    void packagedChartContainsTheCrdFilesThemselves(@org.junit.jupiter.api.io.TempDir Path out) throws IOException {
        Helm.Result packaged = Helm.helm("package", Helm.CHART.toString(), "--destination", out.toString());
        assertThat(packaged.exitCode()).as(packaged.describe()).isZero();
        Path tgz = out.resolve("brook-0.1.0.tgz");
        assertThat(tgz).exists();
        Helm.Result shown = Helm.helm("show", "crds", tgz.toString());
        assertThat(shown.exitCode()).as(shown.describe()).isZero();
        for (String file : List.of("clusters.brook.dev.yaml", "topics.brook.dev.yaml", "consumergroups.brook.dev.yaml", "users.brook.dev.yaml")) {
            String content = Files.readString(RepoPaths.root().resolve("crds").resolve(file));
            assertThat(shown.stdout()).as("packaged chart holds crds/" + file + " byte for byte").contains(content.strip());
        }
    }
}
