package dev.brook.operator.bench;

import static org.awaitility.Awaitility.await;

import dev.brook.local.LocalKafkaCluster;
import dev.brook.operator.api.v1alpha1.Cluster;
import dev.brook.operator.api.v1alpha1.ClusterStatus;
import dev.brook.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

/**
 * A Cluster resource on the mock API whose status.bootstrapServers points at a local Kafka cluster,
 * as the cluster controller would write it. The benchmark profiles keep the cluster controller on
 * another namespace, so nothing overwrites that status.
 */
final class BenchCluster {
    private BenchCluster() {
    }

    static void register(KubernetesClient client, String namespace, String name, LocalKafkaCluster kafka) {
        // The Cluster CRD (and with it the status subresource) may not be registered when its controller watches elsewhere.
        try (InputStream in = Files.newInputStream(RepoPaths.root().resolve("crds").resolve("clusters.brook.dev.yaml"))) {
            var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            if (client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get() == null) {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        cluster.getSpec().getZookeeper().setReplicas(1);
        client.resource(cluster).create();
        var resource = client.resources(Cluster.class).inNamespace(namespace).withName(name);
        Cluster current = resource.get();
        ClusterStatus status = new ClusterStatus();
        status.setBootstrapServers(kafka.bootstrapServers());
        current.setStatus(status);
        client.resource(current).updateStatus();
        await().atMost(Duration.ofSeconds(20)).until(() -> resource.get().getStatus() != null
                && kafka.bootstrapServers().equals(resource.get().getStatus().getBootstrapServers()));
    }
}
