package dev.brook.kafka;

import dev.brook.model.TopicState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@link TopicAdmin} on the Kafka Admin client, with requests batched per kind. */
final class KafkaTopicAdmin implements TopicAdmin, AutoCloseable {
    private static final Duration LINGER = Duration.ofMillis(20);
    private static final int MAX_BATCH = 500;

    private record Creation(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config) {
    }

    private record Alteration(String topic, List<AlterConfigOp> ops) {
    }

    private record Growth(String topic, int total) {
    }

    private final Admin admin;
    private final Duration timeout;
    private final AtomicLong requests = new AtomicLong();
    private final RequestBatcher<String, TopicState> describes;
    private final RequestBatcher<Creation, TopicState> creations;
    private final RequestBatcher<Alteration, Void> alterations;
    private final RequestBatcher<Growth, Void> growths;
    private final RequestBatcher<String, Boolean> deletions;

    KafkaTopicAdmin(Admin admin, Duration timeout, ScheduledExecutorService batches) {
        this.admin = admin;
        this.timeout = timeout;
        this.describes = new RequestBatcher<>("describe-topics", this::describeBatch, LINGER, MAX_BATCH, batches);
        this.creations = new RequestBatcher<>("create-topics", this::createBatch, LINGER, MAX_BATCH, batches);
        this.alterations = new RequestBatcher<>("alter-topic-configs", this::alterBatch, LINGER, MAX_BATCH, batches);
        this.growths = new RequestBatcher<>("create-partitions", this::growBatch, LINGER, MAX_BATCH, batches);
        this.deletions = new RequestBatcher<>("delete-topics", this::deleteBatch, LINGER, MAX_BATCH, batches);
    }

    @Override
    public TopicState describe(String topic) {
        return await(describes.submit(topic), "describe topic " + topic);
    }

    @Override
    public TopicState create(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config) {
        return await(creations.submit(new Creation(topic, partitions, replicationFactor, config)), "create topic " + topic);
    }

    @Override
    public void alterConfig(String topic, List<AlterConfigOp> ops) {
        await(alterations.submit(new Alteration(topic, ops)), "alter config of topic " + topic);
    }

    @Override
    public void increasePartitions(String topic, int totalPartitions) {
        await(growths.submit(new Growth(topic, totalPartitions)), "add partitions to topic " + topic);
    }

    @Override
    public boolean delete(String topic) {
        return await(deletions.submit(topic), "delete topic " + topic);
    }

    @Override
    public int brokerCount() {
        requests.incrementAndGet();
        try {
            return admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException("describe cluster: interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaOperationException("describe cluster: " + KafkaFutures.reason(e), e);
        }
    }

    @Override
    public long requests() {
        return requests.get();
    }

    private List<CompletableFuture<TopicState>> describeBatch(List<String> topics) {
        List<String> distinct = topics.stream().distinct().toList();
        requests.addAndGet(2);
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(distinct).topicNameValues();
        List<ConfigResource> resources = distinct.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(resources).values();
        Map<String, CompletableFuture<TopicState>> byTopic = new HashMap<>();
        for (String topic : distinct) {
            CompletableFuture<TopicDescription> d = descriptions.get(topic).toCompletionStage().toCompletableFuture();
            CompletableFuture<Config> c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).toCompletionStage()
                    .toCompletableFuture();
            byTopic.put(topic, d.thenCombine(c, KafkaTopicAdmin::state).exceptionally(e -> {
                if (KafkaFutures.rootCause(e) instanceof UnknownTopicOrPartitionException) {
                    return null;
                }
                throw e instanceof CompletionException ce ? ce : new CompletionException(e);
            }));
        }
        return topics.stream().map(byTopic::get).toList();
    }

    private static TopicState state(TopicDescription d, Config config) {
        int rf = d.partitions().stream().mapToInt(p -> p.replicas().size()).max().orElse(0);
        return state(d.name(), d.topicId(), d.partitions().size(), rf, config);
    }

    private static TopicState state(String name, Uuid topicId, int partitions, int rf, Config config) {
        Map<String, String> dynamic = new TreeMap<>();
        Map<String, String> all = new TreeMap<>();
        for (ConfigEntry e : config.entries()) {
            if (e.value() != null) {
                all.put(e.name(), e.value());
            }
            if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && e.value() != null) {
                dynamic.put(e.name(), e.value());
            }
        }
        return new TopicState(name, topicId.toString(), partitions, rf, dynamic, all);
    }

    /**
     * Creates the topics; each future has the topic as Kafka's create answer describes it (id, partitions,
     * replication factor, configs), so nothing needs to be described right after (other brokers may not know
     * the topic yet), or null when the topic already existed.
     */
    private List<CompletableFuture<TopicState>> createBatch(List<Creation> batch) {
        requests.incrementAndGet();
        Map<String, Creation> unique = new LinkedHashMap<>();
        batch.forEach(c -> unique.putIfAbsent(c.topic(), c));
        List<NewTopic> newTopics = new ArrayList<>();
        for (Creation c : unique.values()) {
            NewTopic t = new NewTopic(c.topic(), Optional.ofNullable(c.partitions()),
                    Optional.ofNullable(c.replicationFactor()).map(Integer::shortValue));
            t.configs(c.config());
            newTopics.add(t);
        }
        CreateTopicsResult result = admin.createTopics(newTopics);
        Map<String, CompletableFuture<TopicState>> byTopic = new HashMap<>();
        for (String topic : unique.keySet()) {
            byTopic.put(topic, result.values().get(topic).toCompletionStage().toCompletableFuture()
                    .thenCompose(v -> created(result, topic))
                    .exceptionally(e -> {
                        if (KafkaFutures.rootCause(e) instanceof TopicExistsException) {
                            return null;
                        }
                        throw e instanceof CompletionException ce ? ce : new CompletionException(e);
                    }));
        }
        return batch.stream().map(c -> byTopic.get(c.topic())).toList();
    }

    /** The created topic from the create answer; described when the answer lacks it (an id of zero, no configs). */
    private CompletableFuture<TopicState> created(CreateTopicsResult result, String topic) {
        CompletableFuture<Uuid> id = result.topicId(topic).toCompletionStage().toCompletableFuture();
        CompletableFuture<Integer> partitions = result.numPartitions(topic).toCompletionStage().toCompletableFuture();
        CompletableFuture<Integer> rf = result.replicationFactor(topic).toCompletionStage().toCompletableFuture();
        CompletableFuture<Config> config = result.config(topic).toCompletionStage().toCompletableFuture();
        return CompletableFuture.allOf(id, partitions, rf, config)
                .thenApply(v -> Uuid.ZERO_UUID.equals(id.join()) ? null : state(topic, id.join(), partitions.join(), rf.join(), config.join()))
                .exceptionally(e -> null)
                .thenCompose(state -> state != null ? CompletableFuture.completedFuture(state) : describes.submit(topic).thenApply(d -> {
                    if (d == null) {
                        throw new CompletionException(new KafkaOperationException("topic " + topic + " was created but is not visible yet"));
                    }
                    return d;
                }));
    }

    private List<CompletableFuture<Void>> alterBatch(List<Alteration> batch) {
        requests.incrementAndGet();
        Map<ConfigResource, List<AlterConfigOp>> ops = new LinkedHashMap<>();
        for (Alteration a : batch) {
            ops.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, a.topic()), r -> new ArrayList<>()).addAll(a.ops());
        }
        Map<ConfigResource, KafkaFuture<Void>> results = admin.incrementalAlterConfigs(new LinkedHashMap<>(ops)).values();
        return batch.stream().map(a -> results.get(new ConfigResource(ConfigResource.Type.TOPIC, a.topic()))
                .toCompletionStage().toCompletableFuture()).toList();
    }

    private List<CompletableFuture<Void>> growBatch(List<Growth> batch) {
        requests.incrementAndGet();
        Map<String, NewPartitions> growth = new LinkedHashMap<>();
        batch.forEach(g -> growth.put(g.topic(), NewPartitions.increaseTo(g.total())));
        Map<String, KafkaFuture<Void>> results = admin.createPartitions(growth).values();
        return batch.stream().map(g -> results.get(g.topic()).toCompletionStage().toCompletableFuture()).toList();
    }

    private List<CompletableFuture<Boolean>> deleteBatch(List<String> topics) {
        requests.incrementAndGet();
        Map<String, KafkaFuture<Void>> results = admin.deleteTopics(topics.stream().distinct().toList()).topicNameValues();
        return topics.stream().map(t -> results.get(t).toCompletionStage().toCompletableFuture()
                .thenApply(v -> true)
                .exceptionally(e -> {
                    if (KafkaFutures.rootCause(e) instanceof UnknownTopicOrPartitionException) {
                        return false;
                    }
                    throw e instanceof CompletionException ce ? ce : new CompletionException(e);
                })).toList();
    }

    private <V> V await(CompletableFuture<V> future, String what) {
        return KafkaFutures.get(future, timeout.multipliedBy(2), what);
    }

    @Override
    public void close() {
        describes.close();
        creations.close();
        alterations.close();
        growths.close();
        deletions.close();
    }
}
