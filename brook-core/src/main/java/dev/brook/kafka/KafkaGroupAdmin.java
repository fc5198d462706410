package dev.brook.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@link GroupAdmin} on the Kafka Admin client. */
final class KafkaGroupAdmin implements GroupAdmin {
    private final Admin admin;
    private final Duration timeout;

    KafkaGroupAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public Map<String, GroupSnapshot> snapshot(Map<String, Set<String>> topicsByGroup) {
        if (topicsByGroup.isEmpty()) {
            return Map.of();
        }
        Set<String> groups = topicsByGroup.keySet();
        Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(groups).describedGroups();
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        var offsetsResult = admin.listConsumerGroupOffsets(specs);

        Map<String, Map<TopicPartition, Long>> committedByGroup = new HashMap<>();
        Map<String, ConsumerGroupDescription> descriptions = new HashMap<>();
        for (String g : groups) {
            descriptions.put(g, getOrNull(described.get(g), "describe group " + g));
            Map<TopicPartition, OffsetAndMetadata> committed = getOrNull(offsetsResult.partitionsToOffsetAndMetadata(g),
                    "committed offsets of group " + g);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            if (committed != null) {
                committed.forEach((tp, om) -> {
                    if (om != null) {
                        offsets.put(tp, om.offset());
                    }
                });
            }
            committedByGroup.put(g, offsets);
        }

        // Every partition of the declared topics, plus every partition with a committed offset.
        Set<String> declaredTopics = new TreeSet<>();
        topicsByGroup.values().forEach(declaredTopics::addAll);
        Map<String, Integer> counts = existingPartitionCounts(declaredTopics);
        Map<String, Set<TopicPartition>> partitionsByGroup = new HashMap<>();
        Set<TopicPartition> all = new java.util.HashSet<>();
        for (String g : groups) {
            Set<TopicPartition> ps = new TreeSet<>(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
            for (String t : topicsByGroup.get(g)) {
                for (int p = 0; p < counts.getOrDefault(t, 0); p++) {
                    ps.add(new TopicPartition(t, p));
                }
            }
            ps.addAll(committedByGroup.get(g).keySet());
            partitionsByGroup.put(g, ps);
            all.addAll(ps);
        }
        Map<TopicPartition, Long> ends = listOffsets(all, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = listOffsets(all, OffsetSpec.earliest());

        Map<String, GroupSnapshot> result = new TreeMap<>();
        for (String g : groups) {
            ConsumerGroupDescription d = descriptions.get(g);
            Map<TopicPartition, Long> committed = committedByGroup.get(g);
            boolean exists = d != null && !(d.state() == ConsumerGroupState.DEAD && committed.isEmpty())
                    && !(d.state() == ConsumerGroupState.UNKNOWN && committed.isEmpty());
            List<GroupSnapshot.PartitionOffsets> rows = new ArrayList<>();
            for (TopicPartition tp : partitionsByGroup.get(g)) {
                Long end = ends.get(tp);
                if (end == null) {
                    continue;
                }
                Long c = committed.get(tp);
                long from = c != null ? c : starts.getOrDefault(tp, 0L);
                rows.add(new GroupSnapshot.PartitionOffsets(tp.topic(), tp.partition(), c, end, Math.max(0, end - from)));
            }
            String state = exists ? stateName(d.state()) : GroupSnapshot.UNKNOWN;
            result.put(g, new GroupSnapshot(g, state, d == null ? 0 : d.members().size(), rows));
        }
        return result;
    }

    private static String stateName(ConsumerGroupState state) {
        return switch (state) {
            case STABLE -> "Stable";
            case EMPTY -> "Empty";
            case PREPARING_REBALANCE -> "PreparingRebalance";
            case COMPLETING_REBALANCE -> "CompletingRebalance";
            case DEAD -> "Dead";
            case ASSIGNING -> "Assigning";
            case RECONCILING -> "Reconciling";
            default -> GroupSnapshot.UNKNOWN;
        };
    }

    private Map<String, Integer> existingPartitionCounts(Collection<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> counts = new HashMap<>();
        admin.describeTopics(topics).topicNameValues().forEach((t, f) -> {
            TopicDescription d = getOrNull(f, "describe topic " + t);
            if (d != null) {
                counts.put(t, d.partitions().size());
            }
        });
        return counts;
    }

    @Override
    public Map<String, Integer> partitionCounts(Collection<String> topics) {
        Map<String, Integer> counts = new TreeMap<>();
        admin.describeTopics(topics).topicNameValues().forEach((t, f) -> counts.put(t, get(f, "describe topic " + t).partitions().size()));
        return counts;
    }

    @Override
    public Map<TopicPartition, Long> earliestOffsets(Collection<String> topics) {
        return listOffsets(partitionsOf(topics), OffsetSpec.earliest());
    }

    @Override
    public Map<TopicPartition, Long> latestOffsets(Collection<String> topics) {
        return listOffsets(partitionsOf(topics), OffsetSpec.latest());
    }

    @Override
    public Map<TopicPartition, Long> offsetsForTimestamp(Collection<String> topics, long timestampMillis) {
        Set<TopicPartition> partitions = partitionsOf(topics);
        Map<TopicPartition, Long> byTime = listOffsets(partitions, OffsetSpec.forTimestamp(timestampMillis));
        Map<TopicPartition, Long> ends = listOffsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> result = new HashMap<>();
        // Kafka answers -1 when no record is at or after the time: the group then starts at the end.
        partitions.forEach(tp -> result.put(tp, byTime.getOrDefault(tp, -1L) >= 0 ? byTime.get(tp) : ends.get(tp)));
        return result;
    }

    @Override
    public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
        get(admin.alterConsumerGroupOffsets(groupId, commit).all(), "commit offsets of group " + groupId);
    }

    @Override
    public boolean deleteGroup(String groupId) {
        try {
            admin.deleteConsumerGroups(List.of(groupId)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw new KafkaOperationException("delete group " + groupId + ": " + KafkaFutures.reason(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException("delete group " + groupId + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new KafkaOperationException("delete group " + groupId + ": " + KafkaFutures.reason(e), e);
        }
    }

    private Set<TopicPartition> partitionsOf(Collection<String> topics) {
        Set<TopicPartition> partitions = new java.util.HashSet<>();
        partitionCounts(topics).forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                partitions.add(new TopicPartition(t, p));
            }
        });
        return partitions;
    }

    private Map<TopicPartition, Long> listOffsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        ListOffsetsResult result = admin.listOffsets(request);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            ListOffsetsResult.ListOffsetsResultInfo info = getOrNull(result.partitionResult(tp), "offsets of " + tp);
            if (info != null) {
                offsets.put(tp, info.offset());
            }
        }
        return offsets;
    }

    private <V> V get(KafkaFuture<V> future, String what) {
        return KafkaFutures.get(future, timeout, what);
    }

    /** Like {@link #get} but "does not exist" answers are null. */
    private <V> V getOrNull(KafkaFuture<V> future, String what) {
        try {
            return get(future, what);
        } catch (KafkaOperationException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException || e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }
}
