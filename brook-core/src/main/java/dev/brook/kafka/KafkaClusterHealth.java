package dev.brook.kafka;

import dev.brook.model.KafkaClusterView;
import java.time.Duration;
import java.util.ArrayList;
import dev.brook.model.RollingRestartPlan;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/** {@link ClusterHealth} on the Kafka Admin client: one describeCluster, one listTopics, describeTopics and describeConfigs. */
final class KafkaClusterHealth implements ClusterHealth {
    private final Admin admin;
    private final Duration timeout;

    KafkaClusterHealth(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public KafkaClusterView view() {
        DescribeClusterResult cluster = admin.describeCluster();
        Set<Integer> registered = new TreeSet<>();
        Map<Integer, String> racks = new java.util.TreeMap<>();
        for (Node n : get(cluster.nodes(), "describe cluster")) {
            registered.add(n.id());
            if (n.hasRack()) {
                racks.put(n.id(), n.rack());
            }
        }
        Node controller = get(cluster.controller(), "describe cluster");
        Map<TopicPartition, PartitionReassignment> moving = get(admin.listPartitionReassignments().reassignments(),
                "list partition reassignments");
        return new KafkaClusterView(registered, racks, controller == null || controller.isEmpty() ? -1 : controller.id(), partitions(moving),
                moving.keySet().stream().map(TopicPartition::toString).collect(java.util.stream.Collectors.toSet()), throttled());
    }

    /** Whether the cluster-wide replication rate limit is set (Brook sets it while its moves run). */
    private boolean throttled() {
        ConfigResource defaults = KafkaBrokerConfigAdmin.CLUSTER_DEFAULT;
        Config config = get(admin.describeConfigs(List.of(defaults)).all(), "describe cluster-wide broker configs").get(defaults);
        return config != null && config.entries().stream()
                .anyMatch(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                        && (KafkaPartitionMoves.LEADER_RATE.equals(e.name()) || KafkaPartitionMoves.FOLLOWER_RATE.equals(e.name())));
    }

    private List<RollingRestartPlan.PartitionState> partitions(Map<TopicPartition, PartitionReassignment> moving) {
        Set<String> topics = get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(), "list topics");
        List<RollingRestartPlan.PartitionState> result = new ArrayList<>();
        if (topics.isEmpty()) {
            return result;
        }
        Map<String, TopicDescription> descriptions = get(admin.describeTopics(topics).allTopicNames(), "describe topics");
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all(), "describe topic configs");
        for (TopicDescription d : descriptions.values()) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name()));
            ConfigEntry minIsr = config == null ? null : config.get("min.insync.replicas");
            int min = minIsr == null || minIsr.value() == null ? 1 : Integer.parseInt(minIsr.value());
            for (TopicPartitionInfo p : d.partitions()) {
                PartitionReassignment move = moving.get(new TopicPartition(d.name(), p.partition()));
                List<Integer> adding = move == null ? List.of() : move.addingReplicas();
                result.add(new RollingRestartPlan.PartitionState(d.name(), p.partition(),
                        p.replicas().stream().map(Node::id).filter(id -> !adding.contains(id)).toList(),
                        p.isr().stream().map(Node::id).toList(), min, p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id()));
            }
        }
        result.sort(java.util.Comparator.comparing(RollingRestartPlan.PartitionState::topic)
                .thenComparing(RollingRestartPlan.PartitionState::partition));
        return result;
    }

    private <V> V get(KafkaFuture<V> future, String what) {
        return KafkaFutures.get(future, timeout, what);
    }
}
