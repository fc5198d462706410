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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
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

/** {@link TopicAdmin} on the Kafka Admin client, with requests batched per kind, one of a kind in flight. */
final class KafkaTopicAdmin implements TopicAdmin, AutoCloseable {
    private static final Duration LINGER = Duration.ofMillis(20);
    /** Topics per request: large enough that a thousand topics take ten requests, small enough that one answer is quick. */
    private static final int MAX_BATCH = 100;
    /** Topics per request of a whole read (describe and configs): bounds the memory of one answer. */
    private static final int SWEEP_CHUNK = 1000;

    private record Creation(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config) {
    }

    private record Alteration(String topic, List<AlterConfigOp> ops) {
    }

    private record Growth(String topic, int total) {
    }

    private final Admin admin;
    /** Creates only: its request timeout is {@link #createTimeout}. */
    private final Admin createAdmin;
    private final Duration timeout;
    private final AtomicLong requests = new AtomicLong();
    private final RequestBatcher<String, TopicState> describes;
    private final RequestBatcher<Creation, TopicState> creations;
    private final RequestBatcher<Alteration, Void> alterations;
    private final RequestBatcher<Growth, Void> growths;
    private final RequestBatcher<String, Boolean> deletions;

    /**
     * How long a create may take. In ZooKeeper mode a create is answered once every partition has a leader: seconds for a
     * batch of a hundred on a busy cluster, so it gets more than one request's timeout. The Admin client must give one
     * attempt at least this long (the creates' own Admin client, see {@link KafkaConnections}): an attempt that times out
     * earlier is sent again, and the second attempt's "already exists" would look like someone else's topic.
     */
    static Duration createTimeout(Duration requestTimeout) {
        return requestTimeout.multipliedBy(3);
    }

    KafkaTopicAdmin(Admin admin, Admin creates, Duration timeout, ScheduledExecutorService batches) {
        this.admin = admin;
        this.createAdmin = creates;
        this.timeout = timeout;
        this.describes = new RequestBatcher<>("describe-topics", this::describeBatch, LINGER, MAX_BATCH, batches);
        this.creations = new RequestBatcher<>("create-topics", this::createBatch, LINGER, MAX_BATCH, batches);
        this.alterations = new RequestBatcher<>("alter-topic-configs", this::alterBatch, LINGER, MAX_BATCH, batches);
        this.growths = new RequestBatcher<>("create-partitions", this::growBatch, LINGER, MAX_BATCH, batches);
        this.deletions = new RequestBatcher<>("delete-topics", this::deleteBatch, LINGER, MAX_BATCH, batches);
    }

    @Override
    public CompletableFuture<TopicState> describeAsync(String topic) {
        return describes.submit(topic);
    }

    @Override
    public CompletableFuture<TopicState> createAsync(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config) {
        return creations.submit(new Creation(topic, partitions, replicationFactor, config));
    }

    @Override
    public CompletableFuture<Void> alterConfigAsync(String topic, List<AlterConfigOp> ops) {
        return alterations.submit(new Alteration(topic, ops));
    }

    @Override
    public CompletableFuture<Void> increasePartitionsAsync(String topic, int totalPartitions) {
        return growths.submit(new Growth(topic, totalPartitions));
    }

    @Override
    public CompletableFuture<Boolean> deleteAsync(String topic) {
        return deletions.submit(topic);
    }

    @Override
    public CompletableFuture<Map<String, TopicState>> describeAll() {
        requests.incrementAndGet();
        return admin.listTopics().names().toCompletionStage().toCompletableFuture().thenCompose(names -> {
            List<String> sorted = names.stream().sorted().toList();
            CompletableFuture<Map<String, TopicState>> all = CompletableFuture.completedFuture(new HashMap<>());
            // One chunk after the other: a cluster's every topic at once would be one very large answer.
            for (int from = 0; from < sorted.size(); from += SWEEP_CHUNK) {
                List<String> chunk = sorted.subList(from, Math.min(sorted.size(), from + SWEEP_CHUNK));
                all = all.thenCompose(known -> describeChunk(chunk).thenApply(states -> {
                    known.putAll(states);
                    return known;
                }));
            }
            return all;
        });
    }

    /** The topics of one chunk that still exist (a topic deleted since the list is left out). */
    private CompletableFuture<Map<String, TopicState>> describeChunk(List<String> chunk) {
        List<CompletableFuture<TopicState>> states = describeBatch(chunk);
        return CompletableFuture.allOf(states.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            Map<String, TopicState> out = new HashMap<>();
            for (CompletableFuture<TopicState> f : states) {
                // a per-topic failure other than "unknown topic" fails the whole read: the caller keeps what it knew
                TopicState state = f.join();
                if (state != null) {
                    out.put(state.name(), state);
                }
            }
            return out;
        });
    }

    @Override
    public long requests() {
        return requests.get();
    }

    /** Requests per kind of write (batches made so far): tests and benchmarks show how well topics share them. */
    Map<String, Long> writeRequests() {
        return Map.of("create", creations.batches(), "alter-config", alterations.batches(), "create-partitions", growths.batches(),
                "delete", deletions.batches());
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
        for (ConfigEntry e : config.entries()) {
            if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && e.value() != null) {
                dynamic.put(e.name(), e.value());
            }
        }
        return new TopicState(name, topicId.toString(), partitions, rf, dynamic);
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
        int createMs = (int) createTimeout(timeout).toMillis();
        CreateTopicsResult result = createAdmin.createTopics(newTopics, new CreateTopicsOptions().timeoutMs(createMs));
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

    /**
     * Bounded by Kafka's own timeouts already; this bound only guards against a future that never completes. A call may
     * wait for the request in flight before it (a create: three request timeouts) and then for its own.
     */
    @Override
    public <V> V await(CompletableFuture<V> future, String what) {
        return KafkaFutures.get(future, timeout.multipliedBy(7), what);
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
