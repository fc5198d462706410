package dev.brook.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.testing.CrdSchemas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartLintTest {

    @Test
    void lintsCleanWithDefaultValues() {
        Helm.Result lint = Helm.helm("lint", "--strict", Helm.CHART.toString());
        assertThat(lint.exitCode()).as(lint.describe()).isZero();
        assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
    }

    @Test
    void lintsCleanWithEveryOptionOn() {
        Helm.Result lint = Helm.helm("lint", "--strict", Helm.CHART.toString(), "-f", ChartRenders.ALL_ON);
        assertThat(lint.exitCode()).as(lint.describe()).isZero();
        assertThat(lint.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
    }

    /** ci/all-on-values.yaml really turns every option on: each switch that is off by default. */
    @Test
    void allOnValuesTurnOnEverySwitchThatIsOffByDefault() throws Exception {
        JsonNode defaults = CrdSchemas.YAML.readTree(Helm.CHART.resolve("values.yaml").toFile());
        JsonNode allOn = CrdSchemas.YAML.readTree(Helm.CHART.resolve("ci/all-on-values.yaml").toFile());
        List<String> switches = new ArrayList<>();
        collectFalseSwitches(defaults, "", switches);
        assertThat(switches).as("switches off by default").contains("/clusterWide", "/rackAwareness/enabled",
                "/metrics/serviceMonitor/enabled", "/metrics/podMonitor/enabled", "/dashboards/enabled",
                "/prometheusRule/enabled");
        for (String pointer : switches) {
            assertThat(allOn.at(pointer).asBoolean(false)).as("ci/all-on-values.yaml sets " + pointer + ": true").isTrue();
        }
    }

    /** Security settings are not options: all-on keeps them hardened. */
    private static final List<String> NOT_OPTIONS = List.of("/securityContext", "/podSecurityContext");

    private static void collectFalseSwitches(JsonNode node, String path, List<String> out) {
        node.fields().forEachRemaining(e -> {
            if (NOT_OPTIONS.contains(path + "/" + e.getKey())) {
                return;
            }
            if (e.getValue().isBoolean() && !e.getValue().booleanValue()) {
                out.add(path + "/" + e.getKey());
            } else if (e.getValue().isObject()) {
                collectFalseSwitches(e.getValue(), path + "/" + e.getKey(), out);
            }
        });
    }

    @Test
    void refusesContradictoryOrInvalidNamespaceSettings() {
        Helm.Result both = Helm.helm("template", "x", Helm.CHART.toString(), "--set", "clusterWide=true",
                "--set", "watchNamespaces={team-a}");
        assertThat(both.exitCode()).isNotZero();
        assertThat(both.stderr()).contains("clusterWide=true watches every namespace");

        Helm.Result invalid = Helm.helm("template", "x", Helm.CHART.toString(), "--set", "watchNamespaces={Team_A}");
        assertThat(invalid.exitCode()).isNotZero();
        assertThat(invalid.stderr()).contains("\"Team_A\" is not a valid namespace name");
    }
}
