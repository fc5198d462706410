package dev.brook.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Metrics Service, ServiceMonitor, PodMonitor, PrometheusRule and the Grafana dashboard. */
class ChartMonitoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each option, alone, adds exactly these objects to the default render. */
    @Test
    void eachOptionAddsExactlyItsObjects() {
        Set<String> base = ChartRenders.defaults().ids();
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("metrics.serviceMonitor.enabled=true", Set.of("ServiceMonitor/brook/brook"));
        expected.put("metrics.podMonitor.enabled=true", Set.of("PodMonitor/brook/brook-kafka"));
        expected.put("dashboards.enabled=true", Set.of("ConfigMap/brook/brook-dashboard"));
        expected.put("prometheusRule.enabled=true", Set.of("PrometheusRule/brook/brook"));
        expected.put("rackAwareness.enabled=true", Set.of("ClusterRole//brook-broker-rack", "ClusterRole//brook-rack-bindings",
                "ClusterRoleBinding//brook-rack-bindings"));
        for (var option : expected.entrySet()) {
            Set<String> ids = ChartRenders.with(option.getKey()).ids();
            Set<String> added = new TreeSet<>(ids);
            added.removeAll(base);
            Set<String> removed = new TreeSet<>(base);
            removed.removeAll(ids);
            assertThat(added).as("added by " + option.getKey()).isEqualTo(option.getValue());
            assertThat(removed).as("removed by " + option.getKey()).isEmpty();
        }
        assertThat(base).noneMatch(id -> id.startsWith("ServiceMonitor") || id.startsWith("PodMonitor")
                || id.startsWith("PrometheusRule") || id.startsWith("ConfigMap"));
    }

    @Test
    void serviceMonitorScrapesTheMetricsService() {
        RenderedChart chart = ChartRenders.allOn();
        ObjectNode sm = chart.one("ServiceMonitor");
        assertThat(MonitoringShapes.violations(sm)).isEmpty();
        Service svc = StrictKubernetesModel.read(chart.one("Service"), Service.class);
        assertThat(sm.at("/metadata/namespace").asText()).isEqualTo("monitoring");
        assertThat(sm.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
        assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(stringMap(sm.at("/spec/selector/matchLabels")));
        assertThat(stringList(sm.at("/spec/namespaceSelector/matchNames"))).containsExactly(svc.getMetadata().getNamespace());
        JsonNode endpoint = sm.at("/spec/endpoints/0");
        assertThat(endpoint.path("port").asText()).isEqualTo(svc.getSpec().getPorts().get(0).getName());
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
        assertThat(endpoint.path("honorLabels").asBoolean()).as("keep the Cluster's namespace label").isTrue();

        // The selector picks the metrics Service only, not any other Service of the release.
        Deployment d = StrictKubernetesModel.read(chart.one("Deployment"), Deployment.class);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainEntry("app.kubernetes.io/component", "operator-metrics");
    }

    @Test
    void podMonitorSelectsBrookPodsButNotTheOperator() {
        RenderedChart chart = ChartRenders.allOn();
        ObjectNode pm = chart.one("PodMonitor");
        assertThat(MonitoringShapes.violations(pm)).isEmpty();
        Map<String, String> selector = stringMap(pm.at("/spec/selector/matchLabels"));
        assertThat(selector).isEqualTo(Map.of("app.kubernetes.io/part-of", "brook", "app.kubernetes.io/managed-by", "brook-operator"));
        Map<String, String> operatorPod = StrictKubernetesModel.read(chart.one("Deployment"), Deployment.class)
                .getSpec().getTemplate().getMetadata().getLabels();
        assertThat(operatorPod.entrySet().containsAll(selector.entrySet())).as("the operator pod is not a Kafka pod").isFalse();
        assertThat(pm.at("/spec/namespaceSelector/any").asBoolean()).as("clusterWide: every namespace").isTrue();
        JsonNode endpoint = pm.at("/spec/podMetricsEndpoints/0");
        assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        List<String> targets = new ArrayList<>();
        endpoint.path("relabelings").forEach(r -> targets.add(r.path("targetLabel").asText()));
        assertThat(targets).as("the dashboard filters broker metrics by cluster").contains("cluster");

        ObjectNode namespaced = ChartRenders.with("metrics.podMonitor.enabled=true", "watchNamespaces={team-a,team-b}").one("PodMonitor");
        assertThat(namespaced.at("/spec/namespaceSelector/any").isMissingNode()).isTrue();
        assertThat(stringList(namespaced.at("/spec/namespaceSelector/matchNames"))).containsExactly("team-a", "team-b");
        ObjectNode defaults = ChartRenders.with("metrics.podMonitor.enabled=true").one("PodMonitor");
        assertThat(stringList(defaults.at("/spec/namespaceSelector/matchNames"))).containsExactly(ChartRenders.NAMESPACE);
    }

    @Test
    void prometheusRuleAlertsOnLagUnderReplicationAndExpiringCertificatesWithTheConfiguredThresholds() {
        ObjectNode rule = ChartRenders.allOn().one("PrometheusRule");
        assertThat(MonitoringShapes.violations(rule)).isEmpty();
        assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
        Map<String, JsonNode> alerts = new HashMap<>();
        rule.at("/spec/groups").forEach(g -> g.path("rules").forEach(r -> alerts.put(r.path("alert").asText(), r)));
        assertThat(alerts).containsOnlyKeys("BrookConsumerGroupLagHigh", "BrookUnderReplicatedPartitions", "BrookCertificateExpiring");

        JsonNode lag = alerts.get("BrookConsumerGroupLagHigh");
        assertThat(lag.path("expr").asText()).contains("brook_consumergroup_total_lag").endsWith("> 5000");
        assertThat(lag.path("for").asText()).isEqualTo("15m");
        assertThat(lag.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(lag.at("/annotations/description").asText()).contains("{{ $labels.group }}").contains("5000");

        JsonNode urp = alerts.get("BrookUnderReplicatedPartitions");
        assertThat(urp.path("expr").asText()).contains("brook_cluster_under_replicated_partitions").endsWith("> 0");
        assertThat(urp.path("for").asText()).isEqualTo("2m");
        assertThat(urp.at("/labels/severity").asText()).isEqualTo("warning");

        JsonNode expiring = alerts.get("BrookCertificateExpiring");
        assertThat(expiring.path("expr").asText()).contains("brook_certificate_expiry_timestamp_seconds").contains("- time()")
                .endsWith("/ 86400 < 7");
        assertThat(expiring.path("for").asText()).isEqualTo("30m");
        assertThat(expiring.at("/labels/severity").asText()).isEqualTo("warning");
        assertThat(expiring.at("/annotations/summary").asText()).contains("{{ $labels.certificate }}");

        ObjectNode defaults = ChartRenders.with("prometheusRule.enabled=true").one("PrometheusRule");
        assertThat(defaults.toString()).contains("brook_consumergroup_total_lag) > 10000").contains("\"for\":\"10m\"")
                .contains("86400 < 14");
    }

    @Test
    void dashboardConfigMapHoldsTheDashboardWithEveryBrookMetric() throws Exception {
        ObjectNode cmNode = ChartRenders.allOn().one("ConfigMap");
        ConfigMap cm = StrictKubernetesModel.read(cmNode, ConfigMap.class);
        assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(cm.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(cm.getData()).containsOnlyKeys("brook-overview.json");
        JsonNode dashboard = JSON.readTree(cm.getData().get("brook-overview.json"));
        assertThat(dashboard).isEqualTo(JSON.readTree(Files.readString(Helm.CHART.resolve("dashboards/brook-overview.json"))));
        assertThat(dashboard.path("uid").asText()).isEqualTo("brook-overview");
        assertThat(dashboard.path("title").asText()).isNotBlank();

        StringBuilder exprs = new StringBuilder();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            JsonNode pos = panel.path("gridPos");
            boxes.add(new int[] {pos.path("x").asInt(), pos.path("y").asInt(), pos.path("w").asInt(), pos.path("h").asInt()});
            assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as("panel fits the 24-column grid").isLessThanOrEqualTo(24);
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title") + " uses the datasource variable").isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title") + " has queries").isNotEmpty();
            panel.path("targets").forEach(t -> {
                assertThat(t.path("expr").asText()).isNotBlank();
                exprs.append(t.path("expr").asText()).append('\n');
            });
        }
        assertThat(exprs.toString()).contains("brook_consumergroup_lag{", "brook_consumergroup_total_lag{",
                "brook_cluster_ready_brokers{", "brook_cluster_ready_zookeepers{", "brook_cluster_under_replicated_partitions{",
                "kafka_network_requests_total{", "kafka_server_brokertopicmetrics_bytesinpersec_total{",
                "kafka_server_brokertopicmetrics_bytesoutpersec_total{");
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertThat(overlap(boxes.get(i), boxes.get(j))).as("panels " + i + " and " + j + " overlap").isFalse();
            }
        }
        Set<String> variables = new TreeSet<>();
        dashboard.at("/templating/list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).contains("datasource", "namespace", "cluster", "group");
    }

    /**
     * The broker metrics the dashboard queries are ones the broker image exports: each kafka_* name
     * must match a rule of broker-image's JMX exporter config (lowercased, $n as a name part).
     */
    @Test
    void dashboardBrokerMetricsAreExportedByTheBrokerImage() throws Exception {
        java.nio.file.Path rulesFile = dev.brook.testing.RepoPaths.root()
                .resolve("broker-image/agent/src/main/image/config/kafka-metrics.yml");
        assertThat(rulesFile).as("the broker image's metrics rules (moved? update this test)").exists();
        JsonNode rules = dev.brook.testing.CrdSchemas.YAML.readTree(rulesFile.toFile());
        assertThat(rules.path("lowercaseOutputName").asBoolean()).isTrue();
        List<java.util.regex.Pattern> exported = new ArrayList<>();
        rules.path("rules").forEach(r -> exported.add(java.util.regex.Pattern.compile(
                r.path("name").asText().toLowerCase().replaceAll("\\$\\d+", "[a-z0-9_]+"))));

        String dashboard = Files.readString(Helm.CHART.resolve("dashboards/brook-overview.json"));
        Set<String> used = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(kafka_[a-z0-9_]+)\\{").matcher(dashboard);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        for (String metric : used) {
            assertThat(exported).as(metric + " is produced by a rule in " + rulesFile.getFileName())
                    .anyMatch(p -> p.matcher(metric).matches());
        }
    }

    private static boolean overlap(int[] a, int[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static List<String> stringList(JsonNode node) {
        List<String> list = new ArrayList<>();
        node.forEach(n -> list.add(n.asText()));
        return list;
    }
}
