package dev.brook.operator.testing;

import dev.brook.local.LocalKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real 3-broker Kafka cluster (and an Admin client on it) for a whole test class: started before its
 * first test, closed after its last. Register it as {@code @RegisterExtension static final SharedKafka}.
 */
public final class SharedKafka implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final int addressBlock;
    private LocalKafkaCluster cluster;
    private Admin admin;

    /** @param addressBlock the third octet of the cluster's loopback addresses (one per test class) */
    public SharedKafka(String name, int addressBlock) {
        this.name = name;
        this.addressBlock = addressBlock;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = KafkaTestCluster.start(name, addressBlock);
        admin = KafkaTestCluster.admin(cluster);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    public LocalKafkaCluster cluster() {
        return cluster;
    }

    public Admin admin() {
        return admin;
    }
}
