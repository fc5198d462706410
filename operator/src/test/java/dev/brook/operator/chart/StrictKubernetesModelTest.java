package dev.brook.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.testing.CrdSchemas;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The validators used on rendered objects fail on the mistakes they exist to catch. */
class StrictKubernetesModelTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: op
              labels: {app.kubernetes.io/name: brook}
            spec:
              replicas: 1
              selector: {matchLabels: {app: op}}
              template:
                metadata: {labels: {app: op}}
                spec:
                  containers:
                    - name: op
                      image: example/op:1
                      env: [{name: A, value: "1"}]
                      ports: [{name: http, containerPort: 8080}]
                      livenessProbe: {httpGet: {path: /q/health/live, port: http}}
                      resources: {limits: {cpu: "1", memory: 512Mi}}
            """;

    private static ObjectNode deployment() {
        try {
            return (ObjectNode) CrdSchemas.YAML.readTree(DEPLOYMENT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    @Test
    void acceptsAWellFormedDeployment() {
        assertThat(StrictKubernetesModel.violations(deployment())).isEmpty();
    }

    @Test
    void refusesAnUnknownFieldDeepInside() {
        ObjectNode d = deployment();
        ((ObjectNode) container(d).path("livenessProbe")).put("httpGett", "x");
        assertThat(StrictKubernetesModel.violations(d)).singleElement(InstanceOfAssertFactories.STRING).contains("httpGett");
    }

    @Test
    void refusesANumberWhereTheApiWantsAString() {
        ObjectNode d = deployment();
        ((ObjectNode) container(d).path("env").get(0)).put("value", 1);
        assertThat(StrictKubernetesModel.violations(d)).singleElement(InstanceOfAssertFactories.STRING).contains("env");
    }

    @Test
    void refusesAStringWhereTheApiWantsANumber() {
        ObjectNode d = deployment();
        ((ObjectNode) d.path("spec")).put("replicas", "1");
        assertThat(StrictKubernetesModel.violations(d)).singleElement(InstanceOfAssertFactories.STRING).contains("replicas");
    }

    @Test
    void refusesAKindTheChartShouldNotRenderAndBadLabels() {
        ObjectNode d = deployment();
        d.put("apiVersion", "extensions/v1beta1");
        ((ObjectNode) d.at("/metadata/labels")).put("bad value", "a b");
        assertThat(StrictKubernetesModel.violations(d))
                .anySatisfy(v -> assertThat(v).contains("no typed model for extensions/v1beta1 Deployment"))
                .anySatisfy(v -> assertThat(v).contains("invalid label key 'bad value'"))
                .anySatisfy(v -> assertThat(v).contains("invalid value of label"));
    }

    @Test
    void monitoringShapesRefuseTyposAndBadDurations() throws Exception {
        JsonNode serviceMonitor = CrdSchemas.YAML.readTree("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: sm}
                spec:
                  selector: {matchLabels: {a: b}}
                  endpoints: [{port: http, path: /q/metrics, interval: 30s}]
                """);
        assertThat(MonitoringShapes.violations(serviceMonitor)).isEmpty();
        ((ObjectNode) serviceMonitor.at("/spec/endpoints/0")).put("interval", "30 seconds");
        ((ObjectNode) serviceMonitor.at("/spec/endpoints/0")).put("honorLabel", true);
        ((ObjectNode) serviceMonitor.at("/spec/selector")).remove("matchLabels");
        assertThat(MonitoringShapes.violations(serviceMonitor))
                .anySatisfy(v -> assertThat(v).contains("interval must be a Prometheus duration"))
                .anySatisfy(v -> assertThat(v).contains("honorLabel is not a field"))
                .anySatisfy(v -> assertThat(v).contains("selector must not be empty"));

        JsonNode rule = CrdSchemas.YAML.readTree("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: r}
                spec:
                  groups: [{name: g, rules: [{alert: A, expr: "up == 0", for: 5m, labels: {severity: 1}}]}]
                """);
        assertThat(MonitoringShapes.violations(rule)).singleElement(InstanceOfAssertFactories.STRING).contains("severity must be a string");
    }
}
