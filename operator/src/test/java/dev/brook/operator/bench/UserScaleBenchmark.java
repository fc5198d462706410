package dev.brook.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.AclResource;
import dev.brook.api.v1alpha1.AclRule;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserSpec;
import dev.brook.kafka.KafkaConnection;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.UserAdmin;
import dev.brook.model.UserCredentials;
import dev.brook.model.UserSecret;
import dev.brook.operator.reconcile.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * bench/users: N User resources (SCRAM-SHA-512 with a generated password, 3 ACLs each) to Ready against the real
 * operator (fabric8 mock API, CRUD mode) and a real 3-broker local cluster with Kafka's ACL authorizer, read against
 * Kafka's own floor for the same writes ({@link UserFloor}) on the same cluster in the same run. Order, after a small
 * warm-up of both: floor 1, operator 1, operator 2, floor 2; every arm has its own user names and ACL resources, and
 * Kafka is not cleaned between arms. At the end Kafka is read back (every arm's SCRAM credentials and exact ACLs) and one
 * operator user logs in with its Secret's client.properties. Runs only with -Dbrook.bench=true (see bench/users).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BenchProfiles.Defaults.class)
@EnabledIfSystemProperty(named = "brook.bench", matches = "true")
class UserScaleBenchmark {
    private static final String NS = "bench-users";
    private static final String CLUSTER = "kafka";
    private static final int USERS = Integer.getInteger("brook.bench.users", 1000);
    private static final int WARMUP = Math.min(20, USERS);
    private static final int CREATE_THREADS = 8;
    private static final Duration ARM_TIMEOUT = Duration.ofMinutes(Integer.getInteger("brook.bench.arm-timeout-minutes", 30));
    /** An operator arm also ends (failed) when no User became Ready for this long. */
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(Integer.getInteger("brook.bench.stall-minutes", 5));
    /** How long Kafka may take to show every arm's credentials and ACLs on the broker that answers the read-back. */
    private static final Duration VISIBLE_TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> OPERATOR_ARMS = List.of("o1", "o2");
    private static final List<String> FLOOR_ARMS = List.of("f1", "f2");
    private static final int PROBE_CALLS = 3;
    private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(10);

    @RegisterExtension
    static final UserBenchKafka KAFKA = new UserBenchKafka("bench-users", 75);

    @Inject
    KubernetesClient client;
    @Inject
    KafkaConnections connections;
    @Inject
    MeterRegistry registry;

    /** One arm's numbers. */
    record Arm(String label, int users, long millis, long requests, PhaseMeter.Result meter) {
        double usersPerSecond() {
            return users * 1000.0 / millis;
        }
    }

    static String userName(String arm, int i) {
        return String.format(Locale.ROOT, "%s-%04d", arm, i);
    }

    /** The topic and the group a user's ACLs name. */
    static String resourceName(String arm, int i) {
        return "bench-" + userName(arm, i);
    }

    @Test
    void usersToReadyAgainstKafkasFloor() throws Exception {
        BenchReport report = new BenchReport("users", "Brook bench/users: " + USERS + " User resources (SCRAM-SHA-512, generated "
                + "password, 3 ACLs each) vs Kafka's floor, 3-broker Kafka 3.9.2 (ZooKeeper mode, AclAuthorizer) on loopback");
        report.line("machine: " + BenchReport.machine());
        report.line("operator settings: concurrent-reconciliation-threads=32, user resync PT2M, user Admin batch linger 20 ms "
                + "(max 1000 users per pass, passes of a cluster one at a time)");
        report.line("each User: topic bench-<user> Write+Describe, group bench-<user> Read (literal, host *, allow)");
        report.line("floor: plain Admin client, per " + UserFloor.BATCH + " users one alterUserScramCredentials (SCRAM-SHA-512, 4096 "
                + "iterations) + one createAcls (300 bindings) in flight together, batches one after another; no reads");
        report.line("order: warm-up (" + WARMUP + " floor users, " + WARMUP + " Users), floor 1, operator 1, operator 2, floor 2; one "
                + "cluster, Kafka NOT cleaned between arms (each arm has its own users and ACL resources; later arms write into, and "
                + "the operator's per-pass describeAcls reads, everything earlier arms left)");
        report.line("security shortcut: the operator and the floor use the plaintext CLIENT listener as User:ANONYMOUS, the only super "
                + "user (users log in on a SASL_PLAINTEXT SCRAM listener)");
        report.line("note: the test JVM hosts the operator AND the fabric8 mock API server AND the benchmark's clients; JVM CPU and heap "
                + "are of that whole JVM");

        try {
            run(report);
        } finally {
            report.line("load average at end: " + BenchReport.loadAverage());
            report.write(Path.of("target", "bench-users", "users.txt"));
        }
    }

    private void run(BenchReport report) throws Exception {
        KAFKA.register(client, NS, CLUSTER);
        KafkaConnection connection = connections.forBootstrap(KAFKA.cluster().bootstrapServers());
        UserAdmin users = connection.users();
        ReadyTracker tracker = new ReadyTracker();
        SharedIndexInformer<User> informer = client.resources(User.class).inNamespace(NS).inform(tracker);
        ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
        List<Arm> arms = new ArrayList<>();
        try {
            // Warm-up: JIT, the Admin connections, the informers; not reported.
            UserFloor.run(KAFKA.admin(), "wf", WARMUP);
            createAndAwait(pool, tracker, users, "wo", WARMUP, WARMUP_TIMEOUT, WARMUP_TIMEOUT);
            report.line("warm-up done; load average " + BenchReport.loadAverage());
            readProbe(report, "after the warm-up");

            arms.add(floorArm(report, "floor 1", FLOOR_ARMS.get(0)));
            arms.add(operatorArm(report, pool, tracker, users, "operator 1", OPERATOR_ARMS.get(0)));
            arms.add(operatorArm(report, pool, tracker, users, "operator 2", OPERATOR_ARMS.get(1)));
            arms.add(floorArm(report, "floor 2", FLOOR_ARMS.get(1)));
        } finally {
            pool.shutdownNow();
        }
        try {
            summary(report, arms);
            report.line("");
            report.line("-- Ready=True -> Ready=False flaps over the whole run (all Users): "
                    + (tracker.flaps.isEmpty() ? "none" : tracker.flaps.toString()));
            verifyKafka(report);
            verifyResources(report);
            loginCheck(report);
            readProbe(report, "at the end");
        } finally {
            informer.close();
        }
    }

    private Arm floorArm(BenchReport report, String label, String arm) throws Exception {
        System.out.printf("[bench] %s: %d users straight from the Admin client%n", label, USERS);
        UserFloor.Result r;
        PhaseMeter.Result meter;
        try (PhaseMeter m = new PhaseMeter(() -> 0)) {
            r = UserFloor.run(KAFKA.admin(), arm, USERS);
            meter = m.stop();
        }
        Arm result = new Arm(label, USERS, r.millis(), r.requests(), meter);
        report.line("");
        report.line("-- " + label + " (users " + userName(arm, 0) + ".." + userName(arm, USERS - 1) + ")");
        report.row("all written (first request -> last answer)", BenchReport.secs(r.millis()));
        report.row("users per second", String.format(Locale.ROOT, "%.1f /s", result.usersPerSecond()));
        report.row("Admin requests (per user)", r.requests() + String.format(Locale.ROOT, " (%.3f)", (double) r.requests() / USERS));
        cpu(report, meter);
        return result;
    }

    private Arm operatorArm(BenchReport report, ExecutorService pool, ReadyTracker tracker, UserAdmin users, String label, String arm)
            throws Exception {
        long passes0 = passes(users);
        long requests0 = users.requests();
        long reconciles0 = reconciles();
        double reconcileSeconds0 = reconcileSeconds();
        PhaseMeter.Result meter;
        Created created;
        try (PhaseMeter m = new PhaseMeter(users::requests)) {
            try {
                created = createAndAwait(pool, tracker, users, arm, USERS, ARM_TIMEOUT, STALL_TIMEOUT);
            } catch (org.awaitility.core.ConditionTimeoutException | Stalled e) {
                long ready = tracker.ready(arm);
                double seconds = m.stop().wall().toMillis() / 1000.0;
                report.line("");
                report.line(String.format(Locale.ROOT, "-- %s: NOT all Ready (%s): %d of %d Ready after %.0f s (%.2f users/s); in the arm "
                        + "%d passes, %d Admin requests, %d User reconciles; Ready=False seen before Ready %s; flaps %s", label,
                        e instanceof Stalled ? "no new Ready for " + STALL_TIMEOUT.toMinutes() + " min" : "arm timeout "
                                + ARM_TIMEOUT.toMinutes() + " min", ready, USERS, seconds, ready / seconds, passes(users) - passes0,
                        users.requests() - requests0, reconciles() - reconciles0, tracker.notReady(arm), tracker.flaps));
                afterFailure(report, arm);
                throw e;
            }
            meter = m.stop();
        }
        long passes = passes(users) - passes0;
        long reconciles = reconciles() - reconciles0;
        double reconcileSeconds = reconcileSeconds() - reconcileSeconds0;
        List<Long> times = tracker.readyTimes(arm, created.t0());
        long all = times.get(times.size() - 1);
        Arm result = new Arm(label, USERS, all, meter.adminRequests(), meter);
        report.line("");
        report.line("-- " + label + " (Users " + userName(arm, 0) + ".." + userName(arm, USERS - 1) + ", API creates from "
                + CREATE_THREADS + " threads)");
        report.row("API creates sent", BenchReport.secs(created.sendMillis()));
        report.row("first Ready (from first create)", BenchReport.secs(times.get(0)));
        report.row("50% / 90% Ready", BenchReport.secs(times.get(times.size() / 2)) + " / "
                + BenchReport.secs(times.get(Math.max(0, (int) Math.ceil(times.size() * 0.9) - 1))));
        report.row("all Ready (Ready=True, observedGeneration=1)", BenchReport.secs(all));
        report.row("users per second (first create -> last Ready)", String.format(Locale.ROOT, "%.1f /s", result.usersPerSecond()));
        report.row("Admin requests (per user)", meter.adminRequests() + String.format(Locale.ROOT, " (%.3f)",
                (double) meter.adminRequests() / USERS));
        report.row("passes (user Admin batches)", passes < 0 ? "?" : passes + String.format(Locale.ROOT,
                " (%.1f reconciles per pass; wall ÷ passes %.2f s)", passes == 0 ? 0.0 : (double) reconciles / passes,
                passes == 0 ? 0.0 : all / 1000.0 / passes));
        report.row("User reconciles (all Users; > N = resyncs/retries)", reconciles + String.format(Locale.ROOT,
                ", mean %.0f ms each", reconciles == 0 ? 0.0 : reconcileSeconds * 1000 / reconciles));
        report.row("Ready=False seen before Ready (distinct user/reason)", tracker.notReady(arm).isEmpty() ? "none"
                : tracker.notReady(arm).toString());
        cpu(report, meter);
        return result;
    }

    private static void cpu(BenchReport report, PhaseMeter.Result r) {
        report.row("CPU: Kafka JVMs (1 ZK + 3 brokers) / test JVM", String.format(Locale.ROOT, "%.1f s / %.1f s (wall %.1f s)",
                r.kafkaCpuSeconds(), r.jvmCpuSeconds(), r.wall().toMillis() / 1000.0));
        report.row("test JVM heap: sampled peak / after-GC max / GCs", BenchReport.mib(r.sampledPeakHeap()) + " / "
                + (r.maxAfterGc() == 0 ? "-" : BenchReport.mib(r.maxAfterGc())) + " / " + r.gcCount() + " (" + r.gcMillis() + " ms)");
    }

    private static void summary(BenchReport report, List<Arm> arms) {
        report.line("");
        report.line("-- summary (" + USERS + " users per arm, in run order)");
        report.line(String.format(Locale.ROOT, "  %-11s %9s %10s %10s %10s %12s %12s", "arm", "wall s", "users/s", "requests",
                "req/user", "Kafka CPU s", "JVM CPU s"));
        for (Arm a : arms) {
            report.line(String.format(Locale.ROOT, "  %-11s %9.2f %10.1f %10d %10.3f %12.1f %12.1f", a.label(), a.millis() / 1000.0,
                    a.usersPerSecond(), a.requests(), (double) a.requests() / a.users(), a.meter().kafkaCpuSeconds(),
                    a.meter().jvmCpuSeconds()));
        }
        Arm f1 = arms.get(0);
        Arm o1 = arms.get(1);
        Arm o2 = arms.get(2);
        Arm f2 = arms.get(3);
        double floorMean = (f1.usersPerSecond() + f2.usersPerSecond()) / 2;
        double operatorMean = (o1.usersPerSecond() + o2.usersPerSecond()) / 2;
        report.row("operator ÷ floor, users/s (mean of 2 each)", String.format(Locale.ROOT, "%.3f (%.1f / %.1f)", operatorMean / floorMean,
                operatorMean, floorMean));
        report.row("operator 1 ÷ floor 1, operator 2 ÷ floor 2", String.format(Locale.ROOT, "%.3f, %.3f",
                o1.usersPerSecond() / f1.usersPerSecond(), o2.usersPerSecond() / f2.usersPerSecond()));
        report.row("drift: floor 2 ÷ floor 1, operator 2 ÷ operator 1", String.format(Locale.ROOT, "%.2f, %.2f",
                f2.usersPerSecond() / f1.usersPerSecond(), o2.usersPerSecond() / o1.usersPerSecond()));
    }

    /** Every arm's users have their SCRAM-SHA-512 credential and exactly their 3 ACLs in Kafka. */
    private static void verifyKafka(BenchReport report) throws Exception {
        // A write is answered once it is in ZooKeeper; each broker's ACL cache follows by change notification, and the
        // read-back may go to any broker: read until it shows everything (bounded).
        long t0 = System.nanoTime();
        AtomicInteger reads = new AtomicInteger();
        List<String> lastMissing = new ArrayList<>();
        try {
            await().atMost(VISIBLE_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
                reads.incrementAndGet();
                lastMissing.clear();
                lastMissing.addAll(missing(readScram(), readAcls()));
                return lastMissing.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            report.line("");
            report.line("-- Kafka did NOT show everything within " + VISIBLE_TIMEOUT + ": " + lastMissing);
        }
        Map<String, UserScramCredentialsDescription> scram = readScram();
        Collection<AclBinding> acls = readAcls();
        Map<String, Set<AclBinding>> byPrincipal = new HashMap<>();
        acls.forEach(b -> byPrincipal.computeIfAbsent(b.entry().principal(), p -> new HashSet<>()).add(b));
        report.line("");
        report.line("-- verified in Kafka (describeUserScramCredentials + describeAcls of everything: " + scram.size()
                + " SCRAM users, " + acls.size() + " ACLs in the cluster; complete on read " + reads.get()
                + String.format(Locale.ROOT, ", after %.1f s)", (System.nanoTime() - t0) / 1e9));
        for (String arm : List.of(FLOOR_ARMS.get(0), OPERATOR_ARMS.get(0), OPERATOR_ARMS.get(1), FLOOR_ARMS.get(1))) {
            int credentials = 0;
            int exact = 0;
            int bindings = 0;
            for (int i = 0; i < USERS; i++) {
                String user = userName(arm, i);
                UserScramCredentialsDescription d = scram.get(user);
                if (d != null && d.credentialInfos().stream().anyMatch(c -> c.mechanism() == ScramMechanism.SCRAM_SHA_512)) {
                    credentials++;
                }
                Set<AclBinding> held = byPrincipal.getOrDefault("User:" + user, Set.of());
                bindings += held.size();
                if (held.equals(new HashSet<>(UserFloor.acls(user, resourceName(arm, i))))) {
                    exact++;
                }
            }
            report.row("arm " + arm + ": SCRAM-SHA-512 credentials / ACLs", credentials + " of " + USERS + " / " + bindings + " of "
                    + 3 * USERS + " (users with exactly their 3: " + exact + ")");
            assertThat(credentials).as("SCRAM credentials of arm %s", arm).isEqualTo(USERS);
            assertThat(bindings).as("ACLs of arm %s", arm).isEqualTo(3 * USERS);
            assertThat(exact).as("users of arm %s with exactly their ACLs", arm).isEqualTo(USERS);
        }
    }

    /**
     * The three reads every pass of the operator's user interface makes, alone, from the benchmark's Admin client: each
     * {@value #PROBE_CALLS} times one after another; mean latency and Kafka CPU (all 4 JVMs) per call.
     */
    private static void readProbe(BenchReport report, String when) throws Exception {
        Map<String, java.util.concurrent.Callable<Integer>> reads = new java.util.LinkedHashMap<>();
        reads.put("describeAcls(ANY)", () -> readAcls().size());
        reads.put("describeUserScramCredentials()", () -> readScram().size());
        reads.put("describeClientQuotas(all)", () -> KAFKA.admin().describeClientQuotas(
                org.apache.kafka.common.quota.ClientQuotaFilter.all()).entities().get(2, TimeUnit.MINUTES).size());
        report.line("");
        report.line("-- the operator's per-pass reads, alone, " + when + " (" + PROBE_CALLS + " calls each; load average "
                + BenchReport.loadAverage() + ")");
        for (var e : reads.entrySet()) {
            double cpu0 = PhaseMeter.childrenCpuSeconds();
            long t0 = System.nanoTime();
            int size = 0;
            for (int i = 0; i < PROBE_CALLS; i++) {
                size = e.getValue().call();
            }
            double ms = (System.nanoTime() - t0) / 1e6 / PROBE_CALLS;
            double cpu = (PhaseMeter.childrenCpuSeconds() - cpu0) / PROBE_CALLS;
            report.row(e.getKey(), String.format(Locale.ROOT, "%d entries: %.0f ms, Kafka CPU %.2f s per call", size, ms, cpu));
        }
    }

    /** What Kafka holds of an arm that did not finish (writes of passes whose callers had given up count too), and the reads' cost. */
    private static void afterFailure(BenchReport report, String arm) {
        try {
            Map<String, UserScramCredentialsDescription> scram = readScram();
            Set<AclBinding> held = new HashSet<>(readAcls());
            int credentials = 0;
            int complete = 0;
            for (int i = 0; i < USERS; i++) {
                String user = userName(arm, i);
                boolean hasCredential = scram.containsKey(user);
                credentials += hasCredential ? 1 : 0;
                complete += hasCredential && held.containsAll(UserFloor.acls(user, resourceName(arm, i))) ? 1 : 0;
            }
            report.row("arm " + arm + " in Kafka now (Ready or not)", credentials + " SCRAM credentials, " + complete
                    + " users with credential and all 3 ACLs");
            readProbe(report, "when the arm was given up");
        } catch (Exception | AssertionError e) {
            report.line("(could not read Kafka after the failure: " + e + ")");
        }
    }

    private static Map<String, UserScramCredentialsDescription> readScram() throws Exception {
        return KAFKA.admin().describeUserScramCredentials().all().get(2, TimeUnit.MINUTES);
    }

    private static Collection<AclBinding> readAcls() throws Exception {
        return KAFKA.admin().describeAcls(AclBindingFilter.ANY).values().get(2, TimeUnit.MINUTES);
    }

    /** Per arm, what Kafka's answers lack: "arm: x credentials, y ACLs missing"; empty when complete. */
    private static List<String> missing(Map<String, UserScramCredentialsDescription> scram, Collection<AclBinding> acls) {
        Set<AclBinding> held = new HashSet<>(acls);
        List<String> out = new ArrayList<>();
        for (String arm : List.of(FLOOR_ARMS.get(0), OPERATOR_ARMS.get(0), OPERATOR_ARMS.get(1), FLOOR_ARMS.get(1))) {
            int credentials = 0;
            int bindings = 0;
            for (int i = 0; i < USERS; i++) {
                String user = userName(arm, i);
                UserScramCredentialsDescription d = scram.get(user);
                if (d == null || d.credentialInfos().stream().noneMatch(c -> c.mechanism() == ScramMechanism.SCRAM_SHA_512)) {
                    credentials++;
                }
                bindings += (int) UserFloor.acls(user, resourceName(arm, i)).stream().filter(b -> !held.contains(b)).count();
            }
            if (credentials + bindings > 0) {
                out.add(arm + ": " + credentials + " credentials, " + bindings + " ACLs missing");
            }
        }
        return out;
    }

    /** Each operator User's status and Secret. */
    private void verifyResources(BenchReport report) {
        for (String arm : OPERATOR_ARMS) {
            int good = 0;
            for (int i = 0; i < USERS; i++) {
                User u = client.resources(User.class).inNamespace(NS).withName(userName(arm, i)).get();
                Secret s = client.secrets().inNamespace(NS).withName(userName(arm, i)).get();
                if (u.getStatus() != null && Integer.valueOf(3).equals(u.getStatus().getAcls()) && u.getStatus().getCredentialFingerprint() != null
                        && Conditions.isTrue(u.getStatus().getConditions(), Conditions.READY) && s != null && UserSecret.ownedBy(s, u)
                        && s.getData().containsKey(UserCredentials.PASSWORD) && s.getData().containsKey(UserCredentials.JAVA_CONFIG)) {
                    good++;
                }
            }
            report.row("arm " + arm + ": Ready, status.acls=3, fingerprint, own Secret", good + " of " + USERS);
            assertThat(good).as("complete Users of arm %s", arm).isEqualTo(USERS);
        }
    }

    /** The last operator user logs in on the SCRAM listener with its Secret's client.properties: writes its topic, not another's. */
    private void loginCheck(BenchReport report) throws Exception {
        String arm = OPERATOR_ARMS.get(1);
        String user = userName(arm, USERS - 1);
        String own = resourceName(arm, USERS - 1);
        String other = resourceName(arm, 0);
        KAFKA.admin().createTopics(List.of(new NewTopic(own, 1, (short) 3), new NewTopic(other, 1, (short) 3))).all()
                .get(60, TimeUnit.SECONDS);
        Secret secret = client.secrets().inNamespace(NS).withName(user).get();
        Properties props = new Properties();
        props.load(new StringReader(new String(Base64.getDecoder().decode(secret.getData().get(UserCredentials.JAVA_CONFIG)),
                StandardCharsets.UTF_8)));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> produce(props, own));
        assertThatThrownBy(() -> produce(props, other)).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        report.row("login check (" + user + ", Secret's client.properties)", "writes " + own + " over SASL_PLAINTEXT SCRAM-SHA-512; "
                + "refused on " + other);
    }

    private static void produce(Properties props, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "bench")).get(30, TimeUnit.SECONDS);
        }
    }

    record Created(long t0, long sendMillis) {
    }

    /** No User of an arm became Ready for {@link #STALL_TIMEOUT}. */
    static final class Stalled extends RuntimeException {
        Stalled(String message) {
            super(message);
        }
    }

    /** Creates Users {@code arm-0000..} from the pool and waits until every one is Ready=True at generation 1. */
    private Created createAndAwait(ExecutorService pool, ReadyTracker tracker, UserAdmin users, String arm, int n, Duration timeout,
            Duration stall) throws Exception {
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> client.resource(user(arm, index)).create()));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        long sendMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[bench] %s: %d creates sent in %d ms; waiting for Ready%n", arm, n, sendMillis);
        long[] nextLog = {System.nanoTime()};
        long[] progress = {-1, System.nanoTime()}; // Ready count, when it last grew
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .conditionEvaluationListener(c -> {
                    if (System.nanoTime() >= nextLog[0]) {
                        nextLog[0] = System.nanoTime() + 5_000_000_000L;
                        System.out.printf(Locale.ROOT, "[bench] %s %5.1f s: %d/%d Ready, not-ready seen %s; totals: %d reconciles, "
                                + "%d passes, %d Admin requests%n", arm, (System.nanoTime() - t0) / 1e9, tracker.ready(arm), n,
                                tracker.notReady(arm), reconciles(), passes(users), users.requests());
                    }
                })
                .until(() -> {
                    long ready = tracker.ready(arm);
                    if (ready != progress[0]) {
                        progress[0] = ready;
                        progress[1] = System.nanoTime();
                    } else if (System.nanoTime() - progress[1] > stall.toNanos()) {
                        throw new Stalled(arm + ": " + ready + " of " + n + " Ready, none new for " + stall);
                    }
                    return ready >= n;
                });
        return new Created(t0, sendMillis);
    }

    private static User user(String arm, int i) {
        User u = new User();
        u.setMetadata(new ObjectMetaBuilder().withName(userName(arm, i)).withNamespace(NS).build());
        UserSpec spec = new UserSpec();
        spec.setCluster(CLUSTER);
        UserAuthentication authentication = new UserAuthentication();
        authentication.setType(UserAuthentication.Type.SCRAM_SHA_512);
        spec.setAuthentication(authentication);
        String resource = resourceName(arm, i);
        spec.setAcls(new ArrayList<>(List.of(
                new AclRule(new AclResource(AclResource.Type.TOPIC, resource, AclResource.PatternType.LITERAL),
                        List.of(AclRule.Operation.Write, AclRule.Operation.Describe)),
                new AclRule(new AclResource(AclResource.Type.GROUP, resource, AclResource.PatternType.LITERAL),
                        List.of(AclRule.Operation.Read)))));
        u.setSpec(spec);
        return u;
    }

    /** Passes the user interface has made (its batcher's batches; read by reflection, -1 if that fails). */
    private static long passes(UserAdmin users) {
        return users.passes();
    }

    private long reconciles() {
        return registry.find("brook_reconcile").tag("kind", "User").timers().stream().mapToLong(Timer::count).sum();
    }

    private double reconcileSeconds() {
        return registry.find("brook_reconcile").tag("kind", "User").timers().stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
    }

    /**
     * Watches every User: when each first is Ready=True at generation 1, the distinct Ready=False reasons each showed
     * before that, and Ready=True -> Ready=False transitions afterwards (flaps).
     */
    static final class ReadyTracker implements ResourceEventHandler<User> {
        private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
        private final Map<String, Boolean> lastReady = new ConcurrentHashMap<>();
        private final Map<String, Boolean> sawNotReady = new ConcurrentHashMap<>();
        private final Map<String, Map<String, AtomicInteger>> notReady = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> flaps = new ConcurrentHashMap<>();

        @Override
        public void onAdd(User u) {
            check(u);
        }

        @Override
        public void onUpdate(User old, User u) {
            check(u);
        }

        @Override
        public void onDelete(User u, boolean unknown) {
        }

        private static String arm(String name) {
            return name.substring(0, name.indexOf('-'));
        }

        private void check(User u) {
            long now = System.nanoTime();
            if (u.getStatus() == null || u.getStatus().getObservedGeneration() == null || u.getStatus().getObservedGeneration() != 1L) {
                return;
            }
            Condition ready = Conditions.find(u.getStatus().getConditions(), Conditions.READY).orElse(null);
            if (ready == null) {
                return;
            }
            String name = u.getMetadata().getName();
            boolean isTrue = Condition.TRUE.equals(ready.getStatus());
            Boolean before = lastReady.put(name, isTrue);
            if (isTrue) {
                readyAt.putIfAbsent(name, now);
            } else if (Boolean.TRUE.equals(before)) {
                flaps.computeIfAbsent(ready.getReason(), r -> new AtomicInteger()).incrementAndGet();
                System.out.printf("[bench] flap: %s Ready=False %s: %s%n", name, ready.getReason(), ready.getMessage());
            } else if (!readyAt.containsKey(name) && sawNotReady.putIfAbsent(name + "/" + ready.getReason(), true) == null) {
                int seen = notReady.computeIfAbsent(arm(name), a -> new ConcurrentHashMap<>())
                        .computeIfAbsent(ready.getReason(), r -> new AtomicInteger()).incrementAndGet();
                if (seen <= 5) {
                    System.out.printf("[bench] not ready: %s %s: %s%n", name, ready.getReason(), ready.getMessage());
                }
            }
        }

        long ready(String arm) {
            return readyAt.keySet().stream().filter(n -> n.startsWith(arm + "-")).count();
        }

        Map<String, AtomicInteger> notReady(String arm) {
            return notReady.getOrDefault(arm, Map.of());
        }

        List<Long> readyTimes(String arm, long t0) {
            return readyAt.entrySet().stream().filter(e -> e.getKey().startsWith(arm + "-")).map(e -> (e.getValue() - t0) / 1_000_000)
                    .sorted().toList();
        }
    }
}
