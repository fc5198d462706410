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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
        // Two rounds of requests, each bounded by the Admin client's API timeout (twice the request timeout).
        return KafkaFutures.get(snapshotAsync(topicsByGroup), timeout.multipliedBy(5), "read consumer groups");
    }

    @Override
    public CompletableFuture<Map<String, GroupSnapshot>> snapshotAsync(Map<String, Set<String>> topicsByGroup) {
        if (topicsByGroup.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Set<String> groups = new TreeSet<>(topicsByGroup.keySet());
        // Round 1, all at once: the groups, their committed offsets, the declared topics' partitions.
        Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(groups).describedGroups();
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        var offsetsResult = admin.listConsumerGroupOffsets(specs);
        Map<String, CompletableFuture<ConsumerGroupDescription>> descriptions = new HashMap<>();
        Map<String, CompletableFuture<Map<TopicPartition, OffsetAndMetadata>>> committed = new HashMap<>();
        for (String g : groups) {
            descriptions.put(g, orNull(described.get(g), "describe group " + g));
            committed.put(g, orNull(offsetsResult.partitionsToOffsetAndMetadata(g), "committed offsets of group " + g));
        }
        Set<String> declaredTopics = new TreeSet<>();
        topicsByGroup.values().forEach(declaredTopics::addAll);
        Map<String, CompletableFuture<TopicDescription>> topics = new HashMap<>();
        if (!declaredTopics.isEmpty()) {
            admin.describeTopics(declaredTopics).topicNameValues().forEach((t, f) -> topics.put(t, orNull(f, "describe topic " + t)));
        }
        List<CompletableFuture<?>> round1 = new ArrayList<>();
        round1.addAll(descriptions.values());
        round1.addAll(committed.values());
        round1.addAll(topics.values());
        return CompletableFuture.allOf(round1.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            Map<String, Map<TopicPartition, Long>> committedByGroup = new HashMap<>();
            for (String g : groups) {
                Map<TopicPartition, Long> offsets = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> c = committed.get(g).join();
                if (c != null) {
                    c.forEach((tp, om) -> {
                        if (om != null) {
                            offsets.put(tp, om.offset());
                        }
                    });
                }
                committedByGroup.put(g, offsets);
            }
            Map<String, Integer> counts = new HashMap<>();
            topics.forEach((t, f) -> {
                TopicDescription d = f.join();
                if (d != null) {
                    counts.put(t, d.partitions().size());
                }
            });
            // Every partition of the declared topics, plus every partition with a committed offset.
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
            // Round 2: end and start offsets of those partitions.
            CompletableFuture<Map<TopicPartition, Long>> ends = listOffsetsAsync(all, OffsetSpec.latest());
            CompletableFuture<Map<TopicPartition, Long>> starts = listOffsetsAsync(all, OffsetSpec.earliest());
            return ends.thenCombine(starts, (e, s) -> {
                Map<String, GroupSnapshot> result = new TreeMap<>();
                for (String g : groups) {
                    result.put(g, groupSnapshot(g, descriptions.get(g).join(), committedByGroup.get(g), partitionsByGroup.get(g), e, s));
                }
                return result;
            });
        });
    }

    private static GroupSnapshot groupSnapshot(String g, ConsumerGroupDescription d, Map<TopicPartition, Long> committed,
            Set<TopicPartition> partitions, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts) {
        boolean exists = d != null && !(d.state() == ConsumerGroupState.DEAD && committed.isEmpty())
                && !(d.state() == ConsumerGroupState.UNKNOWN && committed.isEmpty());
        List<GroupSnapshot.PartitionOffsets> rows = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long end = ends.get(tp);
            if (end == null) {
                continue;
            }
            Long c = committed.get(tp);
            long from = c != null ? c : starts.getOrDefault(tp, 0L);
            rows.add(new GroupSnapshot.PartitionOffsets(tp.topic(), tp.partition(), c, end, Math.max(0, end - from)));
        }
        String state = exists ? stateName(d.state()) : GroupSnapshot.UNKNOWN;
        return new GroupSnapshot(g, state, d == null ? 0 : d.members().size(), rows);
    }

    private CompletableFuture<Map<TopicPartition, Long>> listOffsetsAsync(Set<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        ListOffsetsResult result = admin.listOffsets(request);
        Map<TopicPartition, CompletableFuture<ListOffsetsResult.ListOffsetsResultInfo>> each = new HashMap<>();
        partitions.forEach(tp -> each.put(tp, orNull(result.partitionResult(tp), "offsets of " + tp)));
        return CompletableFuture.allOf(each.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            each.forEach((tp, f) -> {
                ListOffsetsResult.ListOffsetsResultInfo info = f.join();
                if (info != null) {
                    offsets.put(tp, info.offset());
                }
            });
            return offsets;
        });
    }

    /** Kafka's future as a CompletableFuture where "does not exist" is null and other failures name the request. */
    private static <V> CompletableFuture<V> orNull(KafkaFuture<V> future, String what) {
        return future.toCompletionStage().toCompletableFuture().handle((v, e) -> {
            if (e == null) {
                return v;
            }
            Throwable root = KafkaFutures.rootCause(e);
            if (root instanceof UnknownTopicOrPartitionException || root instanceof GroupIdNotFoundException) {
                return null;
            }
            throw new CompletionException(new KafkaOperationException(what + ": " + KafkaFutures.reason(root), root));
        });
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
