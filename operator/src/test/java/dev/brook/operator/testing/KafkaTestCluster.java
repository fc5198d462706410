package dev.brook.operator.testing;

import dev.brook.local.LocalKafkaCluster;
import dev.brook.operator.api.v1alpha1.Cluster;
import dev.brook.operator.api.v1alpha1.ClusterStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    /** Creates the Cluster resource and sets its status.bootstrapServers to the local cluster. */
    public static Cluster register(KubernetesClient client, String namespace, String name, LocalKafkaCluster kafka) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        cluster.getSpec().getZookeeper().setReplicas(1);
        Cluster created = client.resource(cluster).create();
        ClusterStatus status = new ClusterStatus();
        status.setBootstrapServers(kafka.bootstrapServers());
        created.setStatus(status);
        return client.resource(created).updateStatus();
    }

    public static Admin admin(LocalKafkaCluster kafka) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(p);
    }
}
