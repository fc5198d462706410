package dev.brook.operator.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.AclResource;
import dev.brook.api.v1alpha1.AclRule;
import dev.brook.api.v1alpha1.AuthorizationSpec;
import dev.brook.api.v1alpha1.ListenerAuthentication;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.api.v1alpha1.PasswordSource;
import dev.brook.api.v1alpha1.SecuritySpec;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserQuotas;
import dev.brook.api.v1alpha1.UserSpec;
import dev.brook.model.ClusterCertificates;
import dev.brook.model.UserCredentials;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.KafkaTestCluster;
import dev.brook.testing.CrdSchemas;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Users end to end with real processes: a Cluster with a mutual-TLS listener, a SCRAM listener (re-authentication every
 * 3 s) and Kafka's ACL authorizer, run by the test kubelet; User resources on the mock API; clients configured only
 * from what the user's Secret holds (its client.properties, with the files written where it says). One cluster for
 * the class; each test uses its own users and topics, so they run in any order.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserHarnessTest {
    private static final String NS = "harness-users";
    private static final Duration READY = Duration.ofSeconds(90);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @Inject
    KubernetesClient client;

    private HarnessCluster harness;
    private Path files;
    private final CrdSchemas schemas = CrdSchemas.committed();

    @BeforeAll
    void startCluster() throws IOException {
        harness = HarnessCluster.start(client, NS, 55, c -> {
            c.getSpec().getZookeeper().setReplicas(1);
            c.getSpec().getBrokers().setReplicas(2);
            c.getSpec().getBrokers().setConfig(new java.util.TreeMap<>(Map.of("min.insync.replicas", "1",
                    "group.initial.rebalance.delay.ms", "0", "offsets.topic.replication.factor", "2")));
            ListenerSpec mtls = new ListenerSpec("mtls", 9093, ListenerType.INTERNAL);
            mtls.setTls(true);
            mtls.setAuthentication(authentication(ListenerAuthentication.Type.TLS));
            ListenerSpec scram = new ListenerSpec("scram", 9094, ListenerType.INTERNAL);
            scram.setTls(true);
            ListenerAuthentication sasl = authentication(ListenerAuthentication.Type.SCRAM_SHA_512);
            sasl.setReauthenticationSeconds(3);
            scram.setAuthentication(sasl);
            c.getSpec().getBrokers().setListeners(List.of(mtls, scram));
            SecuritySpec security = new SecuritySpec();
            AuthorizationSpec authorization = new AuthorizationSpec();
            authorization.setType(AuthorizationSpec.Type.SIMPLE);
            authorization.setSuperUsers(List.of("User:boss"));
            security.setAuthorization(authorization);
            c.getSpec().setSecurity(security);
        });
        files = Files.createDirectories(harness.kubelet.runtime().workRoot().resolve("user-files-" + NS));
        create(user("boss", UserAuthentication.Type.SCRAM_SHA_512, List.of()));
        awaitReady("boss");
        try (Admin admin = Admin.create(config("boss"))) {
            admin.createTopics(List.of("a", "b", "orders", "rotated", "gone", "slow", "healed").stream().map(t -> new NewTopic(t, 1, (short) 2)).toList())
                    .all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aReaderReadsItsTopicIsRefusedElsewhereAndCannotWriteAWriterWritesAndASuperUserDoesBoth() throws Exception {
        create(user("reader", UserAuthentication.Type.TLS, List.of(acl(AclResource.Type.TOPIC, "orders", AclRule.Operation.Read,
                AclRule.Operation.Describe), group("reader-"))));
        create(user("writer", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "orders", AclRule.Operation.Write,
                AclRule.Operation.Describe))));
        User reader = awaitReady("reader");
        awaitReady("writer");
        assertThat(reader.getStatus().getPrincipal()).isEqualTo("User:reader");
        assertThat(reader.getStatus().getAcls()).isEqualTo(3);
        assertThat(reader.getStatus().getCertificateNotAfter()).isNotBlank();
        assertThat(schemas.violations(reader)).isEmpty();
        Map<String, byte[]> secret = secretFiles("reader");
        assertThat(secret).containsKeys(UserCredentials.CA_CERT, UserCredentials.USER_CERT, UserCredentials.USER_KEY,
                UserCredentials.USER_P12, UserCredentials.USER_P12_PASSWORD, UserCredentials.JAVA_CONFIG, UserCredentials.LIBRDKAFKA_CONFIG,
                UserCredentials.BOOTSTRAP_PREFIX + "mtls", UserCredentials.BOOTSTRAP_PREFIX + "scram");
        assertThat(new String(secret.get(UserCredentials.LIBRDKAFKA_CONFIG), StandardCharsets.UTF_8))
                .contains("security.protocol=ssl", "ssl.certificate.location=" + UserCredentials.MOUNT_PATH + "/user.crt");

        eventually(() -> produce("writer", "orders", 5));
        eventually(() -> assertThat(consume("reader", "orders", "reader-1", 5)).containsExactly("v0", "v1", "v2", "v3", "v4"));
        refused(() -> consume("reader", "b", "reader-2", 1), AuthorizationException.class);
        refused(() -> produce("reader", "orders", 1), AuthorizationException.class);
        refused(() -> produce("writer", "b", 1), AuthorizationException.class);
        produce("boss", "b", 3);
        assertThat(consume("boss", "b", "boss-group", 3)).hasSize(3);
        assertThat(get("writer").getStatus().getCredentialFingerprint()).startsWith("pbkdf2-sha512:");
    }

    @Test
    void anAclAddedToAUserTakesEffectWithoutARestart() throws Exception {
        create(user("late", UserAuthentication.Type.TLS, List.of(group("late-"))));
        awaitReady("late");
        produce("boss", "a", 1);
        refused(() -> consume("late", "a", "late-1", 1), AuthorizationException.class);
        int starts = harness.kubelet.starts().size();
        edit("late", u -> u.getSpec().getAcls().add(acl(AclResource.Type.TOPIC, "a", AclRule.Operation.Read, AclRule.Operation.Describe)));
        await().atMost(READY).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> !consume("late", "a", "late-1", 1).isEmpty());
        assertThat(harness.kubelet.starts()).as("no pod restarted").hasSize(starts);
    }

    @Test
    void switchingFromTlsToScramKeepsThePrincipalAndItsAcls() throws Exception {
        create(user("shifter", UserAuthentication.Type.TLS, List.of(acl(AclResource.Type.TOPIC, "a", AclRule.Operation.Read,
                AclRule.Operation.Describe), group("shifter-"))));
        awaitReady("shifter");
        produce("boss", "a", 1);
        eventually(() -> assertThat(consume("shifter", "a", "shifter-1", 1)).isNotEmpty());
        edit("shifter", u -> u.getSpec().getAuthentication().setType(UserAuthentication.Type.SCRAM_SHA_512));
        await().atMost(READY).until(() -> secretFiles("shifter").containsKey(UserCredentials.PASSWORD) && isReady(get("shifter")));
        assertThat(get("shifter").getStatus().getPrincipal()).isEqualTo("User:shifter");
        assertThat(new String(secretFiles("shifter").get(UserCredentials.JAVA_CONFIG), StandardCharsets.UTF_8)).contains("SASL_SSL");
        eventually(() -> assertThat(consume("shifter", "a", "shifter-2", 1)).as("same ACLs over SCRAM").isNotEmpty());
    }

    @Test
    void aRotatedPasswordRefusesTheOldOneAndCutsAnOpenProducerWithinTheReauthenticationInterval() throws Exception {
        client.resource(new SecretBuilder().withNewMetadata().withName("rotor-password").withNamespace(NS).endMetadata()
                .withData(data("password", "first-password-1")).build()).create();
        User rotor = user("rotor", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "rotated",
                AclRule.Operation.Write, AclRule.Operation.Describe)));
        PasswordSource source = new PasswordSource();
        source.setSecretName("rotor-password");
        rotor.getSpec().getAuthentication().setPassword(source);
        create(rotor);
        awaitReady("rotor");
        Properties old = config("rotor");
        assertThat(old.getProperty("sasl.jaas.config")).contains("first-password-1");
        Properties wrong = new Properties();
        wrong.putAll(old);
        wrong.put("sasl.jaas.config", old.getProperty("sasl.jaas.config").replace("first-password-1", "not-the-password"));
        refused(() -> produce(wrong, "rotated", 1), SaslAuthenticationException.class);

        eventually(() -> produce(old, "rotated", 1));
        Properties openConfig = new Properties();
        openConfig.putAll(old);
        openConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        openConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        openConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        openConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        KafkaProducer<String, String> open = producer(openConfig);
        try {
            open.send(new ProducerRecord<>("rotated", "k", "before")).get(30, TimeUnit.SECONDS);
            String fingerprint = get("rotor").getStatus().getCredentialFingerprint();
            java.time.Instant rotated = java.time.Instant.now();
            client.secrets().inNamespace(NS).withName("rotor-password").edit(s -> {
                s.setData(data("password", "second-password-2"));
                return s;
            });
            await().atMost(READY).until(() -> !fingerprint.equals(get("rotor").getStatus().getCredentialFingerprint()));
            assertThat(get("rotor").getStatus().getCredentialFingerprint()).doesNotContain("second-password-2");
            eventually(() -> refused(() -> produce(old, "rotated", 1), SaslAuthenticationException.class));
            eventually(() -> produce(config("rotor"), "rotated", 1));
            java.time.Instant newPasswordWorks = java.time.Instant.now();
            // The open producer logged in with the old password: at its next re-authentication (every 3 s) Kafka refuses it
            // and its sends stop succeeding (they time out: the client does not surface a failed re-authentication).
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    open.send(new ProducerRecord<>("rotated", "k", "after")).get(10, TimeUnit.SECONDS);
                    return false;
                } catch (ExecutionException | java.util.concurrent.TimeoutException | org.apache.kafka.common.KafkaException e) {
                    return true;
                }
            });
            java.time.Instant cut = java.time.Instant.now();
            System.out.printf("USERS: open producer with the rotated-away password cut off %d ms after the Secret changed, "
                    + "%d ms after the new password first worked (re-authentication every 3 s)%n",
                    Duration.between(rotated, cut).toMillis(), Duration.between(newPasswordWorks, cut).toMillis());
        } finally {
            open.close(Duration.ZERO);
        }
    }

    @Test
    void deletingAUserRemovesItsCredentialAndAclsFromKafka() throws Exception {
        create(user("leaver", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "gone", AclRule.Operation.Write,
                AclRule.Operation.Describe))));
        awaitReady("leaver");
        Properties leaver = config("leaver");
        eventually(() -> produce(leaver, "gone", 1));
        client.resources(User.class).inNamespace(NS).withName("leaver").delete();
        await().atMost(READY).until(() -> get("leaver") == null);
        try (Admin admin = Admin.create(config("boss"))) {
            assertThat(aclsOf(admin, "User:leaver")).isEmpty();
            assertThat(admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS)).doesNotContainKey("leaver");
        }
        eventually(() -> refused(() -> produce(leaver, "gone", 1), SaslAuthenticationException.class));
    }

    @Test
    void aProduceQuotaThrottlesTheUser() throws Exception {
        User slow = user("slow", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "slow", AclRule.Operation.Write,
                AclRule.Operation.Describe)));
        UserQuotas quotas = new UserQuotas();
        quotas.setProducerByteRate(2048L);
        slow.getSpec().setQuotas(quotas);
        create(slow);
        awaitReady("slow");
        try (Admin admin = Admin.create(config("boss"))) {
            await().atMost(READY).until(() -> admin.describeClientQuotas(org.apache.kafka.common.quota.ClientQuotaFilter.all()).entities()
                    .get(30, TimeUnit.SECONDS).entrySet().stream().anyMatch(e -> "slow".equals(e.getKey().entries().get("user"))
                            && Double.valueOf(2048).equals(e.getValue().get("producer_byte_rate"))));
        }
        Properties p = config("slow");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        KafkaProducer<String, String> producer = producer(p);
        try {
            String value = "x".repeat(4096);
            eventually(() -> producer.send(new ProducerRecord<>("slow", value)).get(10, TimeUnit.SECONDS));
            // 200 KB against 2 KB/s: Kafka answers with a throttle time, which the client reports. Assert that, not how
            // long sending took.
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("slow", value));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> metric(producer.metrics(), "produce-throttle-time-max") > 0);
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void aclsDeletedByHandInKafkaComeBack() throws Exception {
        create(user("healer", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "healed", AclRule.Operation.Write,
                AclRule.Operation.Describe))));
        awaitReady("healer");
        try (Admin admin = Admin.create(config("boss"))) {
            assertThat(aclsOf(admin, "User:healer")).hasSize(2);
            admin.deleteAcls(List.of(new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter("User:healer", null,
                    AclOperation.ANY, AclPermissionType.ANY)))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> aclsOf(admin, "User:healer").isEmpty());
            await().atMost(READY).until(() -> aclsOf(admin, "User:healer").size() == 2);
        }
        eventually(() -> produce("healer", "healed", 1));
    }

    @Test
    void aSecondUserForTheSameNameIsRefusedAndChangesNothing() {
        create(user("owner", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "a", AclRule.Operation.Describe))));
        awaitReady("owner");
        User second = user("impostor", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "b",
                AclRule.Operation.Read)));
        second.getSpec().setUserName("owner");
        create(second);
        User refused = awaitReason("impostor", "UserNameConflict");
        assertThat(Conditions.find(refused.getStatus().getConditions(), "Ready").orElseThrow().getMessage()).contains("User owner");
        assertThat(client.secrets().inNamespace(NS).withName("impostor").get()).isNull();
    }

    @Test
    void aManagedUserNameCannotBeRenamedAndKeepsWorking() throws Exception {
        create(user("steady", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "healed", AclRule.Operation.Write,
                AclRule.Operation.Describe))));
        awaitReady("steady");
        edit("steady", u -> u.getSpec().setUserName("someone-else"));
        User refused = awaitReason("steady", "NotSupported");
        assertThat(Conditions.find(refused.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
                .contains("manages Kafka user 'steady'");
        assertThat(refused.getStatus().getUserName()).isEqualTo("steady");
        eventually(() -> produce("steady", "healed", 1));
    }

    @Test
    void aSecretThatIsNotTheUsersIsNeverOverwritten() {
        client.resource(new SecretBuilder().withNewMetadata().withName("squatter").withNamespace(NS).endMetadata()
                .withData(data("mine", "keep me")).build()).create();
        create(user("squatter", UserAuthentication.Type.SCRAM_SHA_512, List.of()));
        User refused = awaitReason("squatter", "SecretProblem");
        assertThat(Conditions.find(refused.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
                .contains("Secret squatter exists and is not this User's");
        assertThat(secretFiles("squatter")).containsOnlyKeys("mine");
    }

    @Test
    void anInvalidSpecIsRefusedWithTheFieldAndNothingIsWritten() {
        create(user("confused", UserAuthentication.Type.TLS, List.of(acl(AclResource.Type.GROUP, "g", AclRule.Operation.Write))));
        User refused = awaitReason("confused", "InvalidSpec");
        assertThat(Conditions.find(refused.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
                .contains("spec.acls[0].operations: Write does not apply to group");
        assertThat(client.secrets().inNamespace(NS).withName("confused").get()).isNull();
    }

    @Test
    void aSecretDeletedByHandIsWrittenAgainAndKafkaFollowsTheNewPassword() throws Exception {
        create(user("phoenix", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "healed", AclRule.Operation.Write,
                AclRule.Operation.Describe))));
        awaitReady("phoenix");
        String before = new String(secretFiles("phoenix").get(UserCredentials.PASSWORD), StandardCharsets.UTF_8);
        client.secrets().inNamespace(NS).withName("phoenix").delete();
        await().atMost(READY).until(() -> secretFiles("phoenix").containsKey(UserCredentials.PASSWORD));
        assertThat(new String(secretFiles("phoenix").get(UserCredentials.PASSWORD), StandardCharsets.UTF_8)).isNotEqualTo(before);
        eventually(() -> produce("phoenix", "healed", 1));
    }

    @Test
    void retainLeavesTheCredentialAndAclsInKafka() throws Exception {
        User keeper = user("keeper", UserAuthentication.Type.SCRAM_SHA_512, List.of(acl(AclResource.Type.TOPIC, "healed",
                AclRule.Operation.Describe)));
        keeper.getSpec().setDeletionPolicy(dev.brook.api.v1alpha1.DeletionPolicy.Retain);
        create(keeper);
        awaitReady("keeper");
        client.resources(User.class).inNamespace(NS).withName("keeper").delete();
        await().atMost(READY).until(() -> get("keeper") == null);
        try (Admin admin = Admin.create(config("boss"))) {
            assertThat(aclsOf(admin, "User:keeper")).hasSize(1);
            assertThat(admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS)).containsKey("keeper");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The call fails, and {@code type} is the failure or one of its causes (Kafka wraps errors differently per client). */
    private static void refused(ThrowingCall call, Class<? extends Throwable> type) {
        try {
            call.run();
        } catch (Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (type.isInstance(c)) {
                    return;
                }
            }
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + t, t);
        }
        throw new AssertionError("expected " + type.getSimpleName() + ", but the call succeeded");
    }

    /** A positive check that may need a moment: Kafka's brokers learn new credentials and ACLs from ZooKeeper. */
    private static void eventually(ThrowingCall call) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(call::run);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    private static Map<String, String> data(String key, String value) {
        return Map.of(key, java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static ListenerAuthentication authentication(ListenerAuthentication.Type type) {
        ListenerAuthentication a = new ListenerAuthentication();
        a.setType(type);
        return a;
    }

    private static User user(String name, UserAuthentication.Type type, List<AclRule> acls) {
        User u = new User();
        u.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        UserSpec spec = new UserSpec();
        spec.setCluster(HarnessCluster.NAME);
        UserAuthentication authentication = new UserAuthentication();
        authentication.setType(type);
        spec.setAuthentication(authentication);
        spec.setAcls(new ArrayList<>(acls));
        u.setSpec(spec);
        return u;
    }

    private static AclRule acl(AclResource.Type type, String name, AclRule.Operation... operations) {
        return new AclRule(new AclResource(type, name, AclResource.PatternType.LITERAL), List.of(operations));
    }

    private static AclRule group(String prefix) {
        return new AclRule(new AclResource(AclResource.Type.GROUP, prefix, AclResource.PatternType.PREFIX), List.of(AclRule.Operation.Read));
    }

    private void create(User user) {
        client.resource(user).create();
    }

    private User get(String name) {
        return client.resources(User.class).inNamespace(NS).withName(name).get();
    }

    private void edit(String name, java.util.function.Consumer<User> change) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(User.class).inNamespace(NS).withName(name).edit(u -> {
            change.accept(u);
            return u;
        }));
    }

    private User awaitReady(String name) {
        return await().atMost(READY).pollInterval(Duration.ofMillis(250)).until(() -> get(name), u -> u != null && isReady(u)
                && u.getStatus().getObservedGeneration() != null && u.getStatus().getObservedGeneration().equals(u.getMetadata().getGeneration()));
    }

    /** Waits until the User's Ready condition has {@code reason}. */
    private User awaitReason(String name, String reason) {
        return await().atMost(READY).pollInterval(Duration.ofMillis(250)).until(() -> get(name),
                u -> u != null && u.getStatus() != null && reason.equals(readyReason(u)));
    }

    private static boolean isReady(User u) {
        return u != null && u.getStatus() != null && Conditions.isTrue(u.getStatus().getConditions(), "Ready");
    }

    private static String readyReason(User u) {
        return Conditions.find(u.getStatus().getConditions(), "Ready").map(c -> c.getReason()).orElse("");
    }

    private Map<String, byte[]> secretFiles(String user) {
        Secret secret = client.secrets().inNamespace(NS).withName(user).get();
        return secret == null ? Map.of() : ClusterCertificates.files(secret);
    }

    /**
     * The user's client.properties as a client would use it: the Secret's files written to a directory (as a mounted
     * Secret would be), the configuration's paths pointing there.
     */
    private Properties config(String user) throws IOException {
        Map<String, byte[]> secret = secretFiles(user);
        Path dir = Files.createDirectories(files.resolve(user + "-" + CLIENTS.incrementAndGet()));
        for (var e : secret.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        String text = new String(secret.get(UserCredentials.JAVA_CONFIG), StandardCharsets.UTF_8).replace(UserCredentials.MOUNT_PATH, dir.toString());
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    private void produce(String user, String topic, int count) throws Exception {
        produce(config(user), topic, count);
    }

    private static void produce(Properties config, String topic, int count) throws Exception {
        Properties p = new Properties();
        p.putAll(config);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = producer(p)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static KafkaProducer<String, String> producer(Properties config) {
        Properties p = new Properties();
        p.putAll(config);
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Reads from the beginning until {@code atLeast} records arrived or 20 s passed; authorization errors are thrown. */
    private List<String> consume(String user, String topic, String group, int atLeast) throws Exception {
        Properties p = config(user);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    private static Collection<AclBinding> aclsOf(Admin admin, String principal) throws Exception {
        return admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(principal, null,
                AclOperation.ANY, AclPermissionType.ANY))).values().get(30, TimeUnit.SECONDS);
    }

    private static double metric(Map<org.apache.kafka.common.MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).filter(v -> !Double.isNaN(v)).max().orElse(0);
    }
}
