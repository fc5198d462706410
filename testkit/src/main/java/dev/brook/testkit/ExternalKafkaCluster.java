package dev.brook.testkit;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.api.v1alpha1.ClusterStatus;
import dev.brook.api.v1alpha1.SecuritySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A {@code Cluster} resource for a Kafka cluster that runs outside the API (a local cluster on loopback), for tests
 * and benchmarks of Topics and ConsumerGroups that run without the cluster controller: the resource is created and
 * its {@code status.bootstrapServers} written as that controller would write it.
 */
public final class ExternalKafkaCluster {
    private ExternalKafkaCluster() {
    }

    /**
     * Creates the Cluster (one ZooKeeper, plaintext: internal TLS off, or the operator would wait for its own
     * certificate to reach the brokers) and writes its status; returns the stored resource. Callers that read it
     * through another client wait until they see the status.
     */
    public static Cluster register(KubernetesClient client, String namespace, String name, String bootstrapServers) {
        Cluster cluster = new Cluster();
        cluster.setSpec(new ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        cluster.getSpec().getZookeeper().setReplicas(1);
        SecuritySpec security = new SecuritySpec();
        security.setInternalTls(false);
        cluster.getSpec().setSecurity(security);
        client.resource(cluster).create();
        Cluster current = client.resources(Cluster.class).inNamespace(namespace).withName(name).get();
        ClusterStatus status = new ClusterStatus();
        status.setBootstrapServers(bootstrapServers);
        current.setStatus(status);
        return client.resource(current).updateStatus();
    }
}
