package dev.brook.kafka;

import dev.brook.model.KafkaClusterView;

/** What the brokers say about the cluster: one view per call (who is registered, the controller, every partition). */
public interface ClusterHealth {
    /**
     * One read of the cluster: describeCluster, then every topic (internal ones too) with its partitions and
     * its effective {@code min.insync.replicas}.
     *
     * @throws KafkaOperationException when the brokers do not answer in time
     */
    KafkaClusterView view();
}
