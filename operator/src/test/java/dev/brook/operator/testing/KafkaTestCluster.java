package dev.brook.operator.testing;

import dev.brook.local.LocalKafkaCluster;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.testkit.ExternalKafkaCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real local Kafka cluster (through the agent) plus a {@code Cluster} resource on the mock API whose
 * status points at it, for Topic and ConsumerGroup tests that do not need the cluster controller.
 */
public final class KafkaTestCluster {
    private KafkaTestCluster() {
    }

    /** 1 ZooKeeper + 3 brokers on 127.0.{block}.x, replication-ready defaults for tests. */
    public static LocalKafkaCluster start(String name, int addressBlock) {
        return LocalKafkaCluster.builder(name)
                .zookeepers(1)
                .brokers(3)
                .addressBlock(addressBlock)
                .jvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS)
                .brokerConfig("offsets.topic.replication.factor", "3")
                .brokerConfig("group.initial.rebalance.delay.ms", "0")
                .startTimeout(Duration.ofSeconds(90))
                .start();
    }

    /**
     * Creates the Cluster resource and sets status.bootstrapServers to the local cluster, as the
     * cluster controller would (run these tests with {@link WithoutClusterControllerProfile}).
     */
    public static Cluster register(KubernetesClient client, String namespace, String name, LocalKafkaCluster kafka) {
        return register(client, namespace, name, kafka.bootstrapServers());
    }

    /** The same for any bootstrap address (e.g. a {@link SilentBroker}). */
    public static Cluster register(KubernetesClient client, String namespace, String name, String bootstrapServers) {
        // With the cluster controller elsewhere, nothing may have registered the Cluster CRD (and with it
        // the status subresource) on the mock server: register it from crds/.
        try (var in = java.nio.file.Files.newInputStream(dev.brook.testing.RepoPaths.root().resolve("crds").resolve("clusters.brook.dev.yaml"))) {
            var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            if (client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get() == null) {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ExternalKafkaCluster.register(client, namespace, name, bootstrapServers);
        var resource = client.resources(Cluster.class).inNamespace(namespace).withName(name);
        await().atMost(Duration.ofSeconds(20)).until(() -> bootstrapServers.equals(resource.get().getStatus().getBootstrapServers()));
        return resource.get();
    }

    /** Runs a read-modify-write of a resource again when the API answers 409 (the operator wrote status meanwhile). */
    public static void retryOnConflict(Runnable change) {
        for (int attempt = 1; ; attempt++) {
            try {
                change.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    public static Admin admin(LocalKafkaCluster kafka) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(p);
    }
}
