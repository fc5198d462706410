package dev.brook.operator.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.operator.reconcile.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Day-2 changes without a roll, with real processes: scaling the brokers up and down (down waits while the
 * leaving broker holds partitions), and dynamic broker keys applied to the running brokers. Tests run in any
 * order on one cluster.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingHarnessTest {
    private HarnessCluster harness;

    @Inject
    KubernetesClient client;

    @BeforeAll
    void startCluster() {
        harness = HarnessCluster.start(client, "harness-scale", 53);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void scaleUpAddsABrokerAndScaleDownWaitsUntilItsPartitionsAreMovedAway() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(300));
        int startsBefore = harness.kubelet.starts().size();
        harness.edit(c -> c.getSpec().getBrokers().setReplicas(4));
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(harness::cluster,
                c -> Conditions.isTrue(c.getStatus().getConditions(), "Ready") && c.getStatus().getReadyBrokers() == 4
                        && "UpToDate".equals(HarnessCluster.reason(c, "RollingRestart", "UpToDate")));
        assertThat(harness.startsSince(startsBefore)).as("adding a broker restarts no running broker").containsExactly("alpha-broker-3");
        String bootstrap = harness.cluster().getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("on-three", Map.of(0, List.of(3))))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var d = admin.describeTopics(List.of("on-three")).allTopicNames().get(10, TimeUnit.SECONDS).get("on-three");
                return d.partitions().get(0).leader() != null && d.partitions().get(0).leader().id() == 3;
            });
            harness.edit(c -> c.getSpec().getBrokers().setReplicas(3));
            Cluster blocked = await().atMost(Duration.ofSeconds(60)).until(harness::cluster,
                    c -> "ScaleDownBlocked".equals(HarnessCluster.ready(c).getReason()));
            assertThat(HarnessCluster.ready(blocked).getMessage()).contains("on-three-0").contains("kafka-reassign-partitions.sh");
            assertThat(client.apps().statefulSets().inNamespace(harness.namespace).withName("alpha-broker").get().getSpec().getReplicas())
                    .isEqualTo(4);

            admin.alterPartitionReassignments(Map.of(new TopicPartition("on-three", 0),
                    Optional.of(new NewPartitionReassignment(List.of(0))))).all().get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(harness::cluster,
                c -> Conditions.isTrue(c.getStatus().getConditions(), "Ready") && c.getStatus().getReadyBrokers() == 3
                        && "UpToDate".equals(HarnessCluster.reason(c, "RollingRestart", "UpToDate")));
        assertThat(client.apps().statefulSets().inNamespace(harness.namespace).withName("alpha-broker").get().getSpec().getReplicas())
                .isEqualTo(3);
    }

    @Test
    void dynamicKeysReachTheRunningBrokersWithoutARestartAndKafkaRefusalsAreReported() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(300));
        int startsBefore = harness.kubelet.starts().size();
        Map<String, String> base = harness.cluster().getSpec().getBrokers().getConfig();
        Map<String, String> changed = new TreeMap<>(base);
        changed.put("log.retention.ms", "3600000");
        changed.put("log.cleaner.threads", "2");
        harness.setBrokerConfig(changed);
        String bootstrap = harness.cluster().getStatus().getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int id = 0; id < 3; id++) {
                String broker = Integer.toString(id);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> brokerConfig(admin, broker, "log.retention.ms"), e -> "3600000".equals(e.value())
                                && e.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            }
            Condition applied = await().atMost(Duration.ofSeconds(30)).until(() -> dynamicConfigCondition(harness.cluster()),
                    c -> c != null && "Applied".equals(c.getReason()));
            assertThat(applied.getMessage()).contains("log.retention.ms").contains("log.cleaner.threads");

            // A value against the key's own definition in Kafka is refused before it reaches the brokers.
            Map<String, String> notANumber = new TreeMap<>(changed);
            notANumber.put("log.retention.ms", "soon");
            harness.setBrokerConfig(notANumber);
            Condition invalid = await().atMost(Duration.ofSeconds(60)).until(
                    () -> Conditions.find(harness.cluster().getStatus().getConditions(), "Ready").orElse(null),
                    c -> c != null && "InvalidSpec".equals(c.getReason()));
            assertThat(invalid.getMessage()).contains("log.retention.ms").contains("soon");
            assertThat(brokerConfig(admin, "1", "log.retention.ms").value()).isEqualTo("3600000");

            // What only the running brokers can judge is Kafka's to refuse, and its refusal is the condition's message:
            // the cleaner's thread count may at most double at a time (LogCleaner.validateReconfiguration).
            Map<String, String> wrong = new TreeMap<>(changed);
            wrong.put("log.cleaner.threads", "5");
            harness.setBrokerConfig(wrong);
            Condition refused = await().atMost(Duration.ofSeconds(60)).until(() -> dynamicConfigCondition(harness.cluster()),
                    c -> c != null && "Refused".equals(c.getReason()));
            assertThat(refused.getMessage()).contains("log.cleaner.threads").contains("double");
            assertThat(brokerConfig(admin, "1", "log.cleaner.threads").value()).isEqualTo("2");
            assertThat(brokerConfig(admin, "1", "log.retention.ms").value()).isEqualTo("3600000");

            // Removed from the spec: the cluster-wide value goes, the brokers' static one applies again.
            harness.setBrokerConfig(base);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> brokerConfig(admin, "2", "log.retention.ms"),
                    e -> e.source() != ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            await().atMost(Duration.ofSeconds(30)).until(() -> dynamicConfigCondition(harness.cluster()),
                    c -> c != null && "Applied".equals(c.getReason()));
        }
        assertThat(harness.startsSince(startsBefore)).as("no broker restarted").isEmpty();
        assertThat(HarnessCluster.reason(harness.cluster(), "RollingRestart", "UpToDate")).as("no roll").isEqualTo("UpToDate");
    }

    private static ConfigEntry brokerConfig(Admin admin, String broker, String key) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource).get(key);
    }

    private static Condition dynamicConfigCondition(Cluster c) {
        return Conditions.find(c.getStatus().getConditions(), "DynamicBrokerConfig").orElse(null);
    }
}
