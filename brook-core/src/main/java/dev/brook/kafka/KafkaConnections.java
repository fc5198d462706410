package dev.brook.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One Admin client, and the Kafka-side interfaces built on it, per cluster (keyed by bootstrap
 * servers). Reconcilers of all kinds share them, so every request to one cluster can be batched.
 * The request batchers of every cluster share one scheduler thread ({@code brook-kafka-batches}):
 * a flush only starts Admin requests, whose answers arrive on each Admin client's own thread.
 */
public final class KafkaConnections implements AutoCloseable {
    private final Map<String, KafkaConnection> byBootstrap = new ConcurrentHashMap<>();
    /** The TLS material each connection was made with (its fingerprint; empty for plaintext). */
    private final Map<String, String> tlsOf = new ConcurrentHashMap<>();
    private final Duration requestTimeout;
    private final Duration userSweep;
    private final Duration topicSweep;
    private final ScheduledExecutorService batches;
    private volatile TopicEvents topicEvents;
    private final java.util.concurrent.atomic.AtomicLong closedTopicRequests = new java.util.concurrent.atomic.AtomicLong();

    /** How often the users' state is read whole from Kafka by default (see {@link UserAdmin}). */
    public static final Duration DEFAULT_USER_SWEEP = Duration.ofSeconds(60);
    /** How often every topic of a cluster is read by default (see {@link ClusterTopics}). */
    public static final Duration DEFAULT_TOPIC_SWEEP = Duration.ofMinutes(2);

    /** Which topics of which cluster have a result to show or changed in Kafka ({@link ClusterTopics.Listener}, per cluster). */
    public interface TopicEvents {
        void topicsChanged(String bootstrapServers, Set<String> topics);

        void allTopicsChanged(String bootstrapServers);
    }

    public KafkaConnections(Duration requestTimeout) {
        this(requestTimeout, DEFAULT_USER_SWEEP);
    }

    public KafkaConnections(Duration requestTimeout, Duration userSweep) {
        this(requestTimeout, userSweep, DEFAULT_TOPIC_SWEEP);
    }

    /**
     * @param userSweep  how old the cached state of a cluster's users may get before a pass reads it whole again: changes
     *                   made by hand in Kafka (ACLs, credentials, quotas) are found within it
     * @param topicSweep how often every topic of a cluster is read and compared with what Brook believes (drift made
     *                   with Kafka's own tools is found within it)
     */
    public KafkaConnections(Duration requestTimeout, Duration userSweep, Duration topicSweep) {
        this.requestTimeout = requestTimeout;
        this.userSweep = userSweep;
        this.topicSweep = topicSweep;
        this.batches = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brook-kafka-batches");
            t.setDaemon(true);
            return t;
        });
    }

    public KafkaConnection forBootstrap(String bootstrapServers) {
        return forBootstrap(bootstrapServers, null);
    }

    /**
     * The connection to {@code bootstrapServers}, over TLS when {@code tls} is given. A connection made with other TLS
     * material (a renewed certificate, a new CA bundle) is closed and made again.
     */
    public KafkaConnection forBootstrap(String bootstrapServers, ClientTls tls) {
        String material = tls == null ? "" : tls.fingerprint();
        KafkaConnection existing = byBootstrap.get(bootstrapServers);
        if (existing != null && !material.equals(tlsOf.get(bootstrapServers))) {
            forget(bootstrapServers);
        }
        return byBootstrap.computeIfAbsent(bootstrapServers, b -> {
            tlsOf.put(b, material);
            // Creates get an Admin client of their own, whose one attempt lasts as long as a create may: an attempt that
            // timed out earlier would be sent again, and its "already exists" would make Brook's own topic look adopted.
            // It also keeps a slow create (one call per broker at a time) from holding up reads on the controller.
            Admin admin = createAdmin(readsAndWrites(b, tls));
            Admin creates;
            try {
                creates = createAdmin(creates(b, tls));
            } catch (RuntimeException e) {
                admin.close(Duration.ZERO);
                throw e;
            }
            KafkaConnection connection = new KafkaConnection(b, admin, creates, requestTimeout, userSweep, topicSweep, batches);
            connection.topicWork().listener(new ClusterTopics.Listener() {
                @Override
                public void topicsChanged(Set<String> topics) {
                    TopicEvents events = topicEvents;
                    if (events != null) {
                        events.topicsChanged(b, topics);
                    }
                }

                @Override
                public void allTopicsChanged() {
                    TopicEvents events = topicEvents;
                    if (events != null) {
                        events.allTopicsChanged(b);
                    }
                }
            });
            return connection;
        });
    }

    /** Where every cluster's topic results are reported (the operator's event source); one receiver for all. */
    public void topicEvents(TopicEvents events) {
        this.topicEvents = events;
    }

    /** Closes the connection of a cluster that went away or moved. */
    public void forget(String bootstrapServers) {
        KafkaConnection c = byBootstrap.remove(bootstrapServers);
        tlsOf.remove(bootstrapServers);
        if (c != null) {
            closedTopicRequests.addAndGet(c.topicRequests());
            c.close();
        }
    }

    /** Admin requests made for topics on every cluster so far, closed connections included (a metric). */
    public long topicRequests() {
        return closedTopicRequests.get() + byBootstrap.values().stream().mapToLong(KafkaConnection::topicRequests).sum();
    }

    /**
     * The settings of an Admin client whose every attempt may last {@code attemptTimeout}. Each call is bounded by its
     * own deadline (twice the request timeout unless the call says otherwise).
     */
    private Properties adminProperties(String bootstrap, ClientTls tls, Duration attemptTimeout) {
        Properties p = new Properties();
        if (tls != null) {
            p.putAll(tls.properties());
        }
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "brook-operator");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) attemptTimeout.toMillis());
        // Kafka refuses a call deadline shorter than one attempt.
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(requestTimeout.toMillis() * 2, attemptTimeout.toMillis()));
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 200);
        return p;
    }

    /** The Admin client for every request but creates: one attempt lasts a request timeout. */
    Properties readsAndWrites(String bootstrap, ClientTls tls) {
        return adminProperties(bootstrap, tls, requestTimeout);
    }

    /** The creates' Admin client: one attempt lasts as long as the create may. */
    Properties creates(String bootstrap, ClientTls tls) {
        return adminProperties(bootstrap, tls, KafkaTopicAdmin.createTimeout(requestTimeout));
    }

    private Admin createAdmin(Properties p) {
        String bootstrap = p.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try {
            return Admin.create(p);
        } catch (org.apache.kafka.common.KafkaException e) {
            // e.g. no bootstrap address resolves yet: an expected, retried situation, not a crash.
            throw new KafkaOperationException("cannot connect to " + bootstrap + ": " + KafkaFutures.reason(e), e);
        }
    }

    @Override
    public void close() {
        byBootstrap.values().forEach(KafkaConnection::close);
        byBootstrap.clear();
        batches.shutdownNow();
    }
}
