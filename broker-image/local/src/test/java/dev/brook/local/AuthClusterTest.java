package dev.brook.local;

import dev.brook.contract.Listener;
import dev.brook.kafka.ClientTls;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Authentication and authorization with real processes, rendered the way the operator renders them: a TLS cluster
 * (1 ZooKeeper + 2 brokers on 127.0.34.x) with Kafka's ACL authorizer, a listener that authenticates clients by a
 * certificate from the clients CA (principal {@code User:<CN>}) and one with SCRAM-SHA-512 (principal
 * {@code User:<name>}, re-authentication every 3 s). Credentials and ACLs are written with the Admin API as a super
 * user, as the operator will for {@code User} resources. Each test uses users and topics of its own.
 */
class AuthClusterTest {
    private static final String MTLS = "MTLS";
    private static final String SCRAM = "SCRAM";
    private static final long REAUTH_MS = 3_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestPki pki;
    private static LocalKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        pki = new TestPki("auth").withClientsCa();
        long begin = System.nanoTime();
        cluster = LocalKafkaCluster.builder("auth").namespace("brook-test").addressBlock(34).zookeepers(1).brokers(2)
                .workDir(Path.of("target", "local-clusters", "auth"))
                .jvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS)
                .startTimeout(Duration.ofSeconds(120))
                .authenticatedListener(MTLS, 9095, Listener.AUTH_TLS, 0)
                .authenticatedListener(SCRAM, 9096, Listener.AUTH_SCRAM, REAUTH_MS)
                // Brook's brokers and operator by their whole DN (inter-broker listener), an admin user by name.
                .authorization(List.of("User:" + pki.brokerSubject().distinguishedName(), "User:CN=brook-operator,O=brook-test", "User:admin"))
                .tls(pki).start();
        System.out.printf("secured cluster (1 ZooKeeper + 2 brokers) ready in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        admin = Admin.create(tlsUser("admin")); // a super user by name, on the listener that maps a certificate's CN
        admin.createTopics(List.of(new NewTopic("a", 1, (short) 2), new NewTopic("b", 1, (short) 2), new NewTopic("c", 1, (short) 2),
                new NewTopic("d", 1, (short) 2))).all().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aScramUserWithReadOnTopicAReadsItAndIsRefusedOnBAndCannotWrite() throws Exception {
        scramUser("alice", "alice-secret");
        allow("User:alice", "a", AclOperation.READ);
        produce(tlsUser("admin"), "a", "for-alice");
        // Credentials and ACLs reach every broker through ZooKeeper a moment after they are written.
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(readAll(scram("alice", "alice-secret"), "a")).contains("for-alice"));
        assertThatThrownBy(() -> readAll(scram("alice", "alice-secret"), "b")).isInstanceOf(TopicAuthorizationException.class);
        // Refused before any record: the idempotent producer's InitProducerId (cluster) or the produce (topic).
        assertThatThrownBy(() -> produce(scram("alice", "alice-secret"), "a", "nope"))
                .satisfies(e -> assertThat(causedBy(e, AuthorizationException.class)).as("%s", e).isTrue());
    }

    @Test
    void aTlsUserIsUserCnAndSharesTheAclsOfTheScramUserOfTheSameName() throws Exception {
        scramUser("bob", "bob-secret");
        allow("User:bob", "c", AclOperation.WRITE);
        allow("User:bob", "c", AclOperation.READ);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> produce(scram("bob", "bob-secret"), "c", "by-scram-bob"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> produce(tlsUser("bob"), "c", "by-tls-bob"));
        assertThat(readAll(tlsUser("bob"), "c")).contains("by-scram-bob", "by-tls-bob");
        assertThatThrownBy(() -> produce(tlsUser("eve"), "c", "nope")).satisfies(e -> assertThat(causedBy(e, AuthorizationException.class)).as("%s", e).isTrue());
    }

    @Test
    void aSuperUserMayDoAnythingAndAnAnonymousClientNothing() throws Exception {
        produce(tlsUser("admin"), "b", "by-admin");
        assertThat(readAll(tlsUser("admin"), "b")).contains("by-admin");
        Map<String, Object> anonymous = new HashMap<>(trustOnly());
        anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        assertThatThrownBy(() -> produce(anonymous, "b", "nope")).satisfies(e -> assertThat(causedBy(e, AuthorizationException.class)).as("%s", e).isTrue());
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefused() throws Exception {
        scramUser("carol", "carol-secret");
        allow("User:carol", "a", AclOperation.READ);
        assertThatThrownBy(() -> readAll(scram("carol", "wrong"), "a")).isInstanceOf(SaslAuthenticationException.class);
        assertThatThrownBy(() -> readAll(scram("nobody", "carol-secret"), "a")).isInstanceOf(SaslAuthenticationException.class);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(readAll(scram("carol", "carol-secret"), "a")).isNotNull());
    }

    @Test
    void anAclAddedLaterTakesEffectWithoutARestart() throws Exception {
        scramUser("dan", "dan-secret");
        long pid = cluster.runtime().pod(cluster.brokerPod(0)).orElseThrow().pid();
        // Authenticated (once the credential has arrived), but not authorized.
        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> produce(scram("dan", "dan-secret"), "d", "early"))
                .satisfies(e -> assertThat(causedBy(e, AuthorizationException.class)).as("%s", e).isTrue()));
        allow("User:dan", "d", AclOperation.WRITE);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> produce(scram("dan", "dan-secret"), "d", "allowed"));
        assertThat(cluster.runtime().pod(cluster.brokerPod(0)).orElseThrow().pid()).isEqualTo(pid);
    }

    @Test
    void afterAPasswordChangeTheOldOneFailsAndAnOpenProducerIsCutOffWithinTheReauthenticationInterval() throws Exception {
        scramUser("frank", "old-secret");
        allow("User:frank", "d", AclOperation.WRITE);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> produce(scram("frank", "old-secret"), "d", "works"));
        Map<String, Object> old = scram("frank", "old-secret");
        old.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        old.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        old.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        try (KafkaProducer<String, String> open = new KafkaProducer<>(old, new StringSerializer(), new StringSerializer())) {
            await().atMost(WAIT).ignoreExceptions().until(() -> open.send(new ProducerRecord<>("d", "before")).get(30, TimeUnit.SECONDS) != null);
            scramUser("frank", "new-secret");
            long rotated = System.nanoTime();
            // A busy connection logs in again before REAUTH_MS runs out; with the old password that fails and the broker
            // closes it: Kafka's client counts the failure, and the producer's records then expire (it cannot connect again).
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    open.send(new ProducerRecord<>("d", "keeps-the-connection-busy")); // answered or expired later
                } catch (RuntimeException failed) {
                    // expected once it is cut off
                }
                return failedLogins(open) > 0;
            });
            long cutOff = (System.nanoTime() - rotated) / 1_000_000;
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> open.send(new ProducerRecord<>("d", "after")).get(30, TimeUnit.SECONDS));
            System.out.printf("open SCRAM producer failed to log in again %d ms after the password change (re-authentication every "
                    + "%d ms); its next send: %s%n", cutOff, REAUTH_MS, failure);
            assertThat(failure).as("the open producer can no longer send").isNotNull();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> produce(scram("frank", "old-secret"), "d", "nope"))
                .satisfies(e -> assertThat(causedBy(e, SaslAuthenticationException.class)).as("%s", e).isTrue()));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> produce(scram("frank", "new-secret"), "d", "with-the-new-one"));
    }

    /** Failed (re-)authentications the producer's network client counted. */
    private static double failedLogins(KafkaProducer<?, ?> producer) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("failed-reauthentication-total") || e.getKey().name().equals("failed-authentication-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void scramUser(String name, String password) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
    }

    private static void allow(String principal, String topic, AclOperation operation) throws Exception {
        admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)))).all().get(30, TimeUnit.SECONDS);
    }

    private static Map<String, Object> trustOnly() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.certificates", pki.clusterCaBundle());
        return props;
    }

    private static Map<String, Object> scram(String user, String password) {
        Map<String, Object> props = trustOnly();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(SCRAM));
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return props;
    }

    private static Map<String, Object> tlsUser(String commonName) {
        Map<String, Object> props = new HashMap<>(ClientTls.of(pki.clusterCaBundle(), pki.user(commonName).keyStorePem()).properties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(MTLS));
        return props;
    }

    private static void produce(Map<String, Object> props, String topic, String value) throws Exception {
        Map<String, Object> p = new HashMap<>(props);
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Everything in partition 0 of {@code topic}, read without a group (so no group ACL is involved). */
    private static List<String> readAll(Map<String, Object> props, String topic) {
        Map<String, Object> c = new HashMap<>(props);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (consumer.position(partition, Duration.ofSeconds(30)) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
