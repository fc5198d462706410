package dev.brook.kafka;

import dev.brook.model.TopicState;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;

/**
 * Topics of one cluster. Every call is for one topic, but calls made at about the same time are
 * merged into one Admin request per kind (describe, create, alter configs, add partitions, delete).
 * "Already exists" on create and "unknown topic" on delete count as success.
 */
public interface TopicAdmin {
    /** The topic, or null when it does not exist. */
    TopicState describe(String topic);

    /**
     * Creates the topic; partitions/replicationFactor null means the broker defaults. Returns the topic as
     * Kafka's create answer has it (id, partitions, replication factor, configs), or null when it already existed.
     */
    TopicState create(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config);

    void alterConfig(String topic, List<AlterConfigOp> ops);

    void increasePartitions(String topic, int totalPartitions);

    /** Deletes the topic; returns false when it did not exist. */
    boolean delete(String topic);

    /** Number of brokers registered now. */
    int brokerCount();

    /** Admin requests made so far (each batch counts once). */
    long requests();
}
