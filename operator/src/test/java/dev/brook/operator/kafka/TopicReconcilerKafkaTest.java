package dev.brook.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.DeletionPolicy;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.testing.CrdSchemas;
import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Topic resources against a real 3-broker cluster: create, update, refuse, adopt, conflict, delete, recreate, drift. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@io.quarkus.test.junit.TestProfile(dev.brook.operator.testing.WithoutClusterControllerProfile.class)
class TopicReconcilerKafkaTest {
    private static final String NS = "topics";
    private static final Duration WAIT = Duration.ofSeconds(30);
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.brook.operator.testing.SharedKafka SHARED = new dev.brook.operator.testing.SharedKafka("topics", 41);

    @Inject
    KubernetesClient client;
    @Inject
    dev.brook.kafka.KafkaConnections connections;

    private final CrdSchemas schemas = CrdSchemas.committed();

    private void ensureCluster() {
        if (client.resources(dev.brook.api.v1alpha1.Cluster.class).inNamespace(NS).withName("kafka").get() == null) {
            KafkaTestCluster.register(client, NS, "kafka", SHARED.cluster());
        }
    }

    @Test
    void createsThenGrowsAndReconfiguresATopic() throws Exception {
        ensureCluster();
        apply("create-me", t -> {
            t.getSpec().setPartitions(3);
            t.getSpec().setReplicationFactor(3);
            t.getSpec().setConfig(Map.of("retention.ms", "3600000"));
        });
        Topic ready = awaitReason("create-me", "Reconciled");
        assertThat(ready.getStatus().getTopicId()).isNotBlank();
        assertThat(ready.getStatus().getPartitions()).isEqualTo(3);
        assertThat(ready.getStatus().getReplicationFactor()).isEqualTo(3);
        assertThat(schemas.violations(ready)).isEmpty();
        assertThat(describe("create-me").partitions()).hasSize(3);
        assertThat(topicConfig("create-me").get("retention.ms").value()).isEqualTo("3600000");

        edit("create-me", t -> {
            t.getSpec().setPartitions(5);
            t.getSpec().setConfig(Map.of("retention.ms", "7200000", "cleanup.policy", "compact"));
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(describe("create-me").partitions()).hasSize(5);
            assertThat(topicConfig("create-me").get("retention.ms").value()).isEqualTo("7200000");
            assertThat(topicConfig("create-me").get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(get("create-me").getStatus().getPartitions()).isEqualTo(5);
        });
    }

    @Test
    void refusesWhatKafkaCannotDoAndChangesNothing() throws Exception {
        ensureCluster();
        apply("refuse-me", t -> {
            t.getSpec().setPartitions(4);
            t.getSpec().setReplicationFactor(2);
        });
        awaitReason("refuse-me", "Reconciled");

        edit("refuse-me", t -> t.getSpec().setPartitions(2));
        Topic refused = awaitReason("refuse-me", "NotSupported");
        assertThat(ready(refused).getMessage()).contains("spec.partitions 2").contains("4 or more");
        assertThat(describe("refuse-me").partitions()).hasSize(4);

        edit("refuse-me", t -> {
            t.getSpec().setPartitions(4);
            t.getSpec().setReplicationFactor(3);
        });
        assertThat(ready(awaitReason("refuse-me", "NotSupported")).getMessage()).contains("spec.replicationFactor 3");

        edit("refuse-me", t -> {
            t.getSpec().setReplicationFactor(2);
            t.getSpec().setTopicName("refuse-me-renamed");
        });
        assertThat(ready(awaitReason("refuse-me", "NotSupported")).getMessage()).contains("spec.topicName cannot change");
        assertThat(SHARED.admin().listTopics().names().get()).contains("refuse-me").doesNotContain("refuse-me-renamed");

        apply("too-replicated", t -> t.getSpec().setReplicationFactor(4));
        assertThat(ready(awaitReason("too-replicated", "NotEnoughBrokers")).getMessage()).contains("larger than available brokers: 3")
                .contains("spec.replicationFactor");
        assertThat(SHARED.admin().listTopics().names().get()).doesNotContain("too-replicated");
    }

    @Test
    void adoptsAnExistingTopicWithoutLosingRecords() throws Exception {
        ensureCluster();
        SHARED.admin().createTopics(List.of(new NewTopic("adopt-me", 2, (short) 3)
                .configs(Map.of("retention.ms", "1000000", "max.message.bytes", "200000")))).all().get(10, TimeUnit.SECONDS);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", SHARED.cluster().bootstrapServers(), "acks", "all"),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("adopt-me", "k", "kept")).get(10, TimeUnit.SECONDS);
        }
        String idBefore = describe("adopt-me").topicId().toString();
        apply("adopt-me", t -> {
            t.getSpec().setPartitions(2);
            t.getSpec().setConfig(Map.of("retention.ms", "2000000"));
        });
        Topic adopted = awaitReason("adopt-me", "Reconciled");
        assertThat(adopted.getStatus().getTopicId()).isEqualTo(idBefore);
        await().atMost(WAIT).untilAsserted(() -> {
            Config config = topicConfig("adopt-me");
            assertThat(config.get("retention.ms").value()).isEqualTo("2000000");
            // spec.config is authoritative: a key set outside Brook goes back to the broker default.
            assertThat(config.get("max.message.bytes").source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        });
        var end = SHARED.admin().listOffsets(Map.of(new org.apache.kafka.common.TopicPartition("adopt-me", 0),
                org.apache.kafka.clients.admin.OffsetSpec.latest(), new org.apache.kafka.common.TopicPartition("adopt-me", 1),
                org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
        assertThat(end.values().stream().mapToLong(i -> i.offset()).sum()).isEqualTo(1);
        assertThat(eventsFor("adopt-me")).extracting(Event::getReason).contains("TopicAdopted", "ConfigReverted");
    }

    @Test
    void secondClaimOnATopicNameConflictsAndTheFirstKeepsWorking() throws Exception {
        ensureCluster();
        apply("claim-first", t -> {
            t.getSpec().setTopicName("claimed");
            t.getSpec().setPartitions(1);
        });
        awaitReason("claim-first", "Reconciled");
        apply("claim-second", t -> {
            t.getSpec().setTopicName("claimed");
            t.getSpec().setPartitions(3);
        });
        assertThat(ready(awaitReason("claim-second", "TopicNameConflict")).getMessage()).contains("claim-first");
        edit("claim-first", t -> t.getSpec().setPartitions(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(describe("claimed").partitions()).hasSize(2));
        assertThat(ready(get("claim-first")).getReason()).isEqualTo("Reconciled");

        // Deleting the loser (deletionPolicy Delete) must not delete the winner's topic.
        client.resources(Topic.class).inNamespace(NS).withName("claim-second").delete();
        await().atMost(WAIT).until(() -> get("claim-second") == null);
        assertThat(SHARED.admin().listTopics().names().get()).contains("claimed");
    }

    @Test
    void deletionPolicyDecidesWhetherTheTopicGoes() throws Exception {
        ensureCluster();
        apply("delete-me", t -> t.getSpec().setPartitions(1));
        apply("retain-me", t -> {
            t.getSpec().setPartitions(1);
            t.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
        });
        awaitReason("delete-me", "Reconciled");
        awaitReason("retain-me", "Reconciled");
        client.resources(Topic.class).inNamespace(NS).withName("delete-me").delete();
        client.resources(Topic.class).inNamespace(NS).withName("retain-me").delete();
        await().atMost(WAIT).until(() -> get("delete-me") == null && get("retain-me") == null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(SHARED.admin().listTopics().names().get()).doesNotContain("delete-me"));
        assertThat(SHARED.admin().listTopics().names().get()).contains("retain-me");
    }

    @Test
    void aTopicDeletedBehindBrooksBackIsRecreatedAndConfigDriftIsRepaired() throws Exception {
        ensureCluster();
        apply("recreate-me", t -> {
            t.getSpec().setPartitions(2);
            t.getSpec().setConfig(Map.of("retention.ms", "5000000"));
        });
        String firstId = awaitReason("recreate-me", "Reconciled").getStatus().getTopicId();

        // Drift made with Kafka's own tools is repaired within the resync interval (2 s in tests).
        SHARED.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "recreate-me"), List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET)))).all().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(topicConfig("recreate-me").get("retention.ms").value()).isEqualTo("5000000"));

        SHARED.admin().deleteTopics(List.of("recreate-me")).all().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> {
            Topic t = get("recreate-me");
            assertThat(t.getStatus().getTopicId()).isNotEqualTo(firstId);
            assertThat(describe("recreate-me").partitions()).hasSize(2);
        });
        assertThat(eventsFor("recreate-me")).extracting(Event::getReason).contains("TopicRecreated");
    }

    @Test
    void manyTopicsAtOnceShareCreateRequestsOneRefusalFailsNoOtherAndNothingFlaps() throws Exception {
        ensureCluster();
        int count = 60;
        var connection = connections.forBootstrap(SHARED.cluster().bootstrapServers());
        long createsBefore = connection.topicWriteRequests().get("create");
        Set<String> flapped = java.util.concurrent.ConcurrentHashMap.newKeySet();
        var watch = client.resources(Topic.class).inNamespace(NS).inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Topic t) {
                onUpdate(null, t);
            }

            @Override
            public void onUpdate(Topic before, Topic t) {
                if (t.getMetadata().getName().startsWith("many-") && !t.getMetadata().getName().equals("many-wide") && t.getStatus() != null
                        && Conditions.find(t.getStatus().getConditions(), "Ready").map(c -> "False".equals(c.getStatus())).orElse(false)) {
                    flapped.add(t.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Topic t, boolean unknown) {
            }
        });
        try {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String name = "many-" + i;
                    sent.add(pool.submit(() -> apply(name, t -> t.getSpec().setPartitions(1))));
                }
                sent.add(pool.submit(() -> apply("many-wide", t -> t.getSpec().setReplicationFactor(4))));
                for (var f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < count; i++) {
                awaitReason("many-" + i, "Reconciled");
            }
            assertThat(ready(awaitReason("many-wide", "NotEnoughBrokers")).getMessage()).contains("larger than available brokers");
            assertThat(flapped).as("Topics that showed Ready=False while their create was in flight").isEmpty();
            assertThat(SHARED.admin().listTopics().names().get(10, TimeUnit.SECONDS)).hasSizeGreaterThanOrEqualTo(count)
                    .doesNotContain("many-wide");
            long creates = connection.topicWriteRequests().get("create") - createsBefore;
            System.out.printf("%d Topics (and one refused) created in %d CreateTopics requests%n", count, creates);
            // One request of a kind in flight per cluster: what arrives while a create runs goes together in the next.
            assertThat(creates).as("CreateTopics requests for %d topics", count + 1).isLessThanOrEqualTo(count / 2);
        } finally {
            watch.close();
        }
    }

    @Test
    void topicOnAMissingClusterSaysSo() {
        Topic t = new Topic();
        t.setSpec(new dev.brook.api.v1alpha1.TopicSpec());
        t.setMetadata(new ObjectMetaBuilder().withName("orphan").withNamespace(NS).build());
        t.getSpec().setCluster("nowhere");
        client.resource(t).create();
        assertThat(ready(awaitReason("orphan", "ClusterNotFound")).getMessage()).contains("nowhere");
    }

    private void apply(String name, Consumer<Topic> spec) {
        Topic t = new Topic();
        t.setSpec(new dev.brook.api.v1alpha1.TopicSpec());
        t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        t.getSpec().setCluster("kafka");
        spec.accept(t);
        client.resource(t).create();
    }

    private void edit(String name, Consumer<Topic> change) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(Topic.class).inNamespace(NS).withName(name).edit(t -> {
            change.accept(t);
            return t;
        }));
    }

    private Topic get(String name) {
        return client.resources(Topic.class).inNamespace(NS).withName(name).get();
    }

    private static Condition ready(Topic t) {
        return Conditions.find(t.getStatus().getConditions(), "Ready").orElseThrow();
    }

    private Topic awaitReason(String name, String reason) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> get(name),
                t -> t != null && t.getStatus() != null && t.getStatus().getObservedGeneration() != null
                        && t.getStatus().getObservedGeneration().equals(t.getMetadata().getGeneration())
                        && Conditions.find(t.getStatus().getConditions(), "Ready").map(c -> reason.equals(c.getReason())).orElse(false));
    }

    private List<Event> eventsFor(String name) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    private static TopicDescription describe(String topic) throws Exception {
        return SHARED.admin().describeTopics(Set.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return SHARED.admin().describeConfigs(Set.of(r)).all().get(10, TimeUnit.SECONDS).get(r);
    }
}
