package dev.brook.kafka;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;

/** The Kafka-side interfaces of one cluster, sharing one Admin client. */
public final class KafkaConnection implements AutoCloseable {
    private final String bootstrapServers;
    private final Admin admin;
    private final Admin creates;
    private final KafkaTopicAdmin topics;
    private final KafkaGroupAdmin groups;
    private final KafkaClusterHealth health;
    private final KafkaBrokerConfigAdmin brokerConfig;
    private final KafkaUserAdmin users;
    private final ClusterTopics topicWork;
    private final PartitionMoves moves;

    KafkaConnection(String bootstrapServers, Admin admin, Admin creates, Duration timeout, Duration userSweep, Duration topicSweep,
            ScheduledExecutorService batches) {
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
        this.creates = creates;
        this.topics = new KafkaTopicAdmin(admin, creates, timeout, batches);
        this.groups = new KafkaGroupAdmin(admin, timeout);
        this.health = new KafkaClusterHealth(admin, timeout);
        this.brokerConfig = new KafkaBrokerConfigAdmin(admin, timeout);
        this.users = new KafkaUserAdmin(admin, timeout, userSweep, batches);
        this.topicWork = new ClusterTopics(topics, topicSweep, batches);
        this.moves = new KafkaPartitionMoves(admin, timeout);
    }

    public String bootstrapServers() { return bootstrapServers; }
    public TopicAdmin topics() { return topics; }
    public GroupAdmin groups() { return groups; }
    public ClusterHealth health() { return health; }
    public BrokerConfigAdmin brokerConfig() { return brokerConfig; }
    public UserAdmin users() { return users; }
    public PartitionMoves moves() { return moves; }
    /** The operator's view of this cluster's topics: reconciles that never wait on Kafka. */
    public ClusterTopics topicWork() { return topicWork; }

    /** Admin requests made to this cluster by the topic interface (benchmarks report it). */
    public long topicRequests() { return topics.requests(); }

    /** Admin write requests for topics per kind ("create", "alter-config", "create-partitions", "delete"). */
    public java.util.Map<String, Long> topicWriteRequests() { return topics.writeRequests(); }

    @Override
    public void close() {
        topicWork.close();
        topics.close();
        users.close();
        admin.close(Duration.ofSeconds(5));
        creates.close(Duration.ofSeconds(5));
    }
}
