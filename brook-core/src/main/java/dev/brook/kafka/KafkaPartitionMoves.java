package dev.brook.kafka;

import dev.brook.model.ReassignmentPlan;
import dev.brook.model.RollingRestartPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/** {@link PartitionMoves} on the Kafka Admin client. */
final class KafkaPartitionMoves implements PartitionMoves {
    static final String LEADER_RATE = "leader.replication.throttled.rate";
    static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";
    /** Topics per describe of their configs when looking for throttle marks. */
    private static final int CHUNK = 1000;

    private final Admin admin;
    private final Duration timeout;

    KafkaPartitionMoves(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public void start(Collection<ReassignmentPlan.Partition> moves, long bytesPerSecond) {
        Map<ConfigResource, Collection<AlterConfigOp>> throttle = new LinkedHashMap<>();
        String rate = Long.toString(bytesPerSecond);
        // The cluster-wide default (what kafka-configs.sh --entity-default sets): any broker takes the change, one that is
        // gone or about to go included, and no broker keeps a rate after the moves that a later broker with its id would inherit.
        throttle.put(KafkaBrokerConfigAdmin.CLUSTER_DEFAULT, List.of(
                new AlterConfigOp(new ConfigEntry(LEADER_RATE, rate), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(FOLLOWER_RATE, rate), AlterConfigOp.OpType.SET)));
        // '*': Kafka throttles only replicas that are out of sync, so in-sync replication of these topics goes on at full speed
        // and only the copies that catch up (the moves) share the rate.
        for (String topic : new TreeSet<>(moves.stream().map(ReassignmentPlan.Partition::topic).toList())) {
            throttle.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(LEADER_REPLICAS, "*"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry(FOLLOWER_REPLICAS, "*"), AlterConfigOp.OpType.SET)));
        }
        KafkaFutures.get(admin.incrementalAlterConfigs(throttle).all(), timeout, "set the replication throttle");
        Map<TopicPartition, Optional<NewPartitionReassignment>> reassignments = new LinkedHashMap<>();
        for (ReassignmentPlan.Partition p : moves) {
            reassignments.put(new TopicPartition(p.topic(), p.partition()), Optional.of(new NewPartitionReassignment(p.replicas())));
        }
        KafkaFutures.get(admin.alterPartitionReassignments(reassignments).all(), timeout, "reassign " + reassignments.size() + " partition(s)");
    }

    @Override
    public void finish(Set<String> topics) {
        Map<ConfigResource, Collection<AlterConfigOp>> remove = new LinkedHashMap<>();
        remove.put(KafkaBrokerConfigAdmin.CLUSTER_DEFAULT, List.of(
                new AlterConfigOp(new ConfigEntry(LEADER_RATE, ""), AlterConfigOp.OpType.DELETE),
                new AlterConfigOp(new ConfigEntry(FOLLOWER_RATE, ""), AlterConfigOp.OpType.DELETE)));
        List<String> all = new ArrayList<>(new TreeSet<>(topics));
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<ConfigResource> chunk = all.subList(from, Math.min(all.size(), from + CHUNK)).stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = KafkaFutures.get(admin.describeConfigs(chunk).all(), timeout, "describe topic configs");
            configs.forEach((resource, config) -> {
                List<AlterConfigOp> ops = new ArrayList<>();
                for (String key : List.of(LEADER_REPLICAS, FOLLOWER_REPLICAS)) {
                    ConfigEntry e = config.get(key);
                    if (e != null && e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                        ops.add(new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE));
                    }
                }
                if (!ops.isEmpty()) {
                    remove.put(resource, ops);
                }
            });
        }
        KafkaFutures.get(admin.incrementalAlterConfigs(remove).all(), timeout, "remove the replication throttle");
        try {
            KafkaFutures.get(admin.electLeaders(ElectionType.PREFERRED, null).all(), timeout, "elect preferred leaders");
        } catch (KafkaOperationException e) {
            // Partitions led by their preferred leader already answer "not needed"; only other failures matter.
            if (!(KafkaFutures.rootCause(e) instanceof ElectionNotNeededException)) {
                throw e;
            }
        }
    }

    @Override
    public Map<String, String> electPreferredLeaders(Collection<RollingRestartPlan.PartitionState> partitions) {
        Set<TopicPartition> which = new java.util.HashSet<>();
        partitions.forEach(p -> which.add(new TopicPartition(p.topic(), p.partition())));
        Map<TopicPartition, Optional<Throwable>> answers = KafkaFutures.get(admin.electLeaders(ElectionType.PREFERRED, which).partitions(),
                timeout, "elect preferred leaders");
        Map<String, String> failed = new java.util.TreeMap<>();
        answers.forEach((tp, error) -> error.filter(e -> !(e instanceof ElectionNotNeededException))
                .ifPresent(e -> failed.put(tp.toString(), e.getClass().getSimpleName() + ": " + e.getMessage())));
        return failed;
    }

    @Override
    public Map<String, Long> partitionBytes(Set<Integer> brokers) {
        Map<String, Long> sizes = new java.util.HashMap<>();
        var dirs = KafkaFutures.get(admin.describeLogDirs(brokers).allDescriptions(), timeout, "describe log dirs");
        dirs.values().forEach(byDir -> byDir.values().forEach(dir -> dir.replicaInfos().forEach(
                (tp, replica) -> sizes.merge(tp.toString(), replica.size(), Math::max))));
        return sizes;
    }
}
