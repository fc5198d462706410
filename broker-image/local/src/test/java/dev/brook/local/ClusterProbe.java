package dev.brook.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Reads partition leadership and ISR from a real cluster through the Kafka Admin client. */
final class ClusterProbe implements AutoCloseable {
    private final Admin admin;

    ClusterProbe(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** With extra client settings, e.g. TLS. */
    ClusterProbe(String bootstrapServers, Map<String, ?> extra) {
        Properties props = new Properties();
        props.putAll(extra);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        admin = Admin.create(props);
    }

    Admin admin() {
        return admin;
    }

    void createTopic(String name, int partitions, int replicationFactor, int minInsyncReplicas) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) replicationFactor)
                        .configs(Map.of("min.insync.replicas", Integer.toString(minInsyncReplicas)))))
                .all().get(30, TimeUnit.SECONDS);
        awaitFullIsr(List.of(name), replicationFactor, Duration.ofSeconds(30));
    }

    TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }

    /** Partition to leader broker id; -1 for a partition without leader. */
    Map<Integer, Integer> leaders(String topic) throws Exception {
        Map<Integer, Integer> out = new TreeMap<>();
        for (TopicPartitionInfo p : describe(topic).partitions()) {
            out.put(p.partition(), p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id());
        }
        return out;
    }

    int registeredBrokers() throws Exception {
        return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
    }

    void awaitFullIsr(Collection<String> topics, int replicas, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.isr().size() != replicas || p.leader() == null || p.leader().isEmpty()) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    boolean inIsrEverywhere(String topic, int brokerId) throws Exception {
        for (TopicPartitionInfo p : describe(topic).partitions()) {
            if (p.isr().stream().map(Node::id).noneMatch(id -> id == brokerId)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
