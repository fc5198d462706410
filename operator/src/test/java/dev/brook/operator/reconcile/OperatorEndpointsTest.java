package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Topic;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Health and Prometheus metrics, as the Helm chart's probes and ServiceMonitor use them. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorEndpointsTest {
    @TestHTTPResource("/q/health")
    URI health;
    @TestHTTPResource("/q/metrics")
    URI metrics;
    @Inject
    KubernetesClient client;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\": \"UP\"");
    }

    @Test
    void reconciliationsAreCountedPerKind() {
        Topic topic = new Topic();
        topic.setSpec(new dev.brook.api.v1alpha1.TopicSpec());
        topic.setMetadata(new ObjectMetaBuilder().withName("counted").withNamespace("metrics").build());
        topic.getSpec().setCluster("demo");
        client.resource(topic).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).containsPattern("brook_reconcile_seconds_count\\{[^}]*kind=\"Topic\",outcome=\"success\"");
            assertThat(body).contains("operator_sdk_controllers_execution_reconcile_success_total{controller=\"topic\"");
            // Per controller, not per resource: a series per Topic would grow the operator's heap with the Topics.
            assertThat(body).doesNotContain("\"counted\"");
        });
    }
}
