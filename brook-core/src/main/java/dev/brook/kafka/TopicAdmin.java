package dev.brook.kafka;

import dev.brook.model.TopicState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.AlterConfigOp;

/**
 * Topics of one cluster. Every call is for one topic, but calls are merged into one Admin request per kind (describe,
 * create, alter configs, add partitions, delete), up to 100 topics each, with at most one request of a kind in flight
 * per cluster: what arrives while one runs goes in the next. The {@code *Async} calls return at once (the operator's
 * reconciles never wait on Kafka); the plain ones wait for the answer ({@code brook local}).
 * "Already exists" on create and "unknown topic" on delete count as success.
 */
public interface TopicAdmin {
    /** The topic, or null when it does not exist. */
    CompletableFuture<TopicState> describeAsync(String topic);

    /**
     * Creates the topic; partitions/replicationFactor null means the broker defaults. Completes with the topic as
     * Kafka's create answer has it (id, partitions, replication factor, configs), or null when it already existed.
     */
    CompletableFuture<TopicState> createAsync(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config);

    CompletableFuture<Void> alterConfigAsync(String topic, List<AlterConfigOp> ops);

    CompletableFuture<Void> increasePartitionsAsync(String topic, int totalPartitions);

    /** Deletes the topic; completes with false when it did not exist. */
    CompletableFuture<Boolean> deleteAsync(String topic);

    /**
     * Every topic of the cluster but Kafka's internal ones, as Kafka has it now: a few large requests (list, then
     * describe and configs in chunks), for a periodic comparison with what Brook believes.
     */
    CompletableFuture<Map<String, TopicState>> describeAll();

    /** Waits for a call's answer (the Admin client's timeouts bound it). */
    <V> V await(CompletableFuture<V> call, String what);

    default TopicState describe(String topic) {
        return await(describeAsync(topic), "describe topic " + topic);
    }

    default TopicState create(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config) {
        return await(createAsync(topic, partitions, replicationFactor, config), "create topic " + topic);
    }

    default void alterConfig(String topic, List<AlterConfigOp> ops) {
        await(alterConfigAsync(topic, ops), "alter config of topic " + topic);
    }

    default void increasePartitions(String topic, int totalPartitions) {
        await(increasePartitionsAsync(topic, totalPartitions), "add partitions to topic " + topic);
    }

    default boolean delete(String topic) {
        return await(deleteAsync(topic), "delete topic " + topic);
    }

    /** Admin requests made so far (each batch counts once). */
    long requests();
}
