package dev.brook.operator.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.operator.reconcile.ClusterReconciler;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.ReconcilePasses;
import dev.brook.testkit.PacedProducer;
import dev.brook.testkit.ReadBack;
import dev.brook.testkit.Verification;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rolling restarts with real processes: a config change rolls the brokers under acks=all load without losing a
 * record (controller last), a roll holds while partitions are under-replicated, and an operator that forgets
 * what it remembers mid-roll finishes it from the cluster's state. Tests run in any order on one cluster.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingRestartHarnessTest {
    private HarnessCluster harness;

    @Inject
    KubernetesClient client;

    @Inject
    ClusterReconciler clusterReconciler;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    void startCluster() {
        harness = HarnessCluster.start(client, "harness-roll", 52);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aConfigChangeRollsTheBrokersUnderLoadControllerLastWithoutLosingARecord() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(360));
        String bootstrap = harness.cluster().getStatus().getBootstrapServers();
        int controller;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("rolling", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
            controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id();
        }
        PacedProducer.warmUp(bootstrap, "rolling", 3);
        int startsBefore = harness.kubelet.starts().size();
        try (PacedProducer load = PacedProducer.to(bootstrap, "rolling").rate(200).start()) {
            // The roll starts under load: records are being acknowledged before the change.
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 200);
            Instant begin = Instant.now();
            harness.setBrokerConfig(harness.changedStaticConfig());
            harness.awaitRolled(Duration.ofSeconds(360), startsBefore + 3);
            System.out.printf("HARNESS: rolling restart of 3 brokers under load took %d ms%n", Duration.between(begin, Instant.now()).toMillis());
            // Each restarted broker got its preferred leadership back before the roll went on, the last one (the controller,
            // whose restart leaves it leading nothing) before the roll ended; Kafka's own rebalance would take minutes.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.describeTopics(List.of("rolling")).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get("rolling").partitions()).as("every partition led by its preferred leader")
                        .allMatch(p -> p.leader() != null && p.leader().id() == p.replicas().get(0).id()));
            }
            // The producer goes on after the roll: records sent to the restarted brokers are acknowledged too.
            long afterRoll = load.acknowledged();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= afterRoll + 200);
            load.stop();
            assertThat(load.failed()).as("failed sends").isZero();
            assertThat(load.acknowledged()).isGreaterThan(100);
            Verification read = ReadBack.of(load, Duration.ofSeconds(90));
            assertThat(read.found()).as("%s", read).isEqualTo(load.acknowledged());
            assertThat(read.readChecksum()).isEqualTo(load.acknowledgedChecksum());
        }
        List<String> restarted = harness.startsSince(startsBefore);
        assertThat(restarted).containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
        assertThat(restarted.get(2)).as("the controller (broker %d) restarts last", controller).isEqualTo("alpha-broker-" + controller);
        Condition roll = Conditions.find(harness.cluster().getStatus().getConditions(), "RollingRestart").orElseThrow();
        assertThat(roll.getReason()).isEqualTo("UpToDate");
    }

    @Test
    void aRollHoldsWhilePartitionsAreUnderReplicatedAndContinuesWhenTheyRecover() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(360));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                harness.cluster().getStatus().getBootstrapServers()))) {
            // Replicated partitions that broker 2's absence leaves under-replicated (whatever ran before in this class).
            admin.createTopics(List.of(new NewTopic("held", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        int startsBefore = harness.kubelet.starts().size();
        harness.kubelet.hold("alpha-broker-2");
        harness.kubelet.crash("alpha-broker-2");
        // The change comes once the operator has seen the broker go (Kafka notices a dead broker only
        // after its ZooKeeper session expires; a change made before that is a different scenario).
        await().atMost(Duration.ofSeconds(30)).until(harness::cluster, c -> c.getStatus().getBrokers().stream()
                .anyMatch(b -> b.getId() == 2 && !b.getReady()));
        harness.setBrokerConfig(harness.changedStaticConfig());
        // The roll restarts the broker that is down first (it serves nothing), then holds: Waiting while that broker is
        // starting, Postponed if something else is out of sync; either way the message names the partitions.
        Cluster held = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(harness::cluster,
                c -> Conditions.find(c.getStatus().getConditions(), "RollingRestart")
                        .map(r -> List.of("Postponed", "Waiting").contains(r.getReason()) && r.getMessage().contains("under-replicated"))
                        .orElse(false));
        Condition roll = Conditions.find(held.getStatus().getConditions(), "RollingRestart").orElseThrow();
        assertThat(roll.getMessage()).containsPattern("[\\w.-]+-\\d+");
        // While broker 2 is down no ready broker is restarted: the operator decides again several times and holds each time.
        new ReconcilePasses(meters).await(3, Duration.ofSeconds(180), "Cluster");
        assertThat(harness.startsSince(startsBefore)).isEmpty();
        harness.kubelet.release("alpha-broker-2");
        harness.awaitRolled(Duration.ofSeconds(360), startsBefore + 3);
        assertThat(harness.startsSince(startsBefore)).containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
    }

    @Test
    void anOperatorThatLosesItsMemoryInTheMiddleOfARollFinishesItWithoutRestartingABrokerTwice() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(360));
        int startsBefore = harness.kubelet.starts().size();
        harness.setBrokerConfig(harness.changedStaticConfig());
        // Right after the first restart decision (the deleted pod may still be in the informer cache), the
        // operator forgets everything it keeps in memory, as a new process would; it must go on from the
        // cluster's state alone. (JOSDK's Operator.stop() closes its client, so the Quarkus operator cannot be
        // stopped and started again inside this JVM; pods being deleted are skipped like missing ones, which is
        // what a new process listing a terminating pod needs.)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> harness.kubelet.starts().size() > startsBefore
                || "Restarting".equals(HarnessCluster.reason(harness.cluster(), "RollingRestart", null)));
        clusterReconciler.forgetProcessMemory();
        harness.awaitRolled(Duration.ofSeconds(360), startsBefore + 3);
        // A second restart would come from a later decision: let the operator decide again a few times first.
        new ReconcilePasses(meters).await(3, Duration.ofSeconds(180), "Cluster");
        assertThat(harness.startsSince(startsBefore)).as("each broker restarted exactly once")
                .containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
    }
}
