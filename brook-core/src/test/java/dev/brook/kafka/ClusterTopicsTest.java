package dev.brook.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.kafka.sync.TopicOutcome;
import dev.brook.kafka.sync.TopicRequest;
import dev.brook.model.DesiredTopic;
import dev.brook.model.Reason;
import dev.brook.model.TopicState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcile that never waits: it answers from the cache, hands work to the admin and returns; the answer reaches
 * the listener and the next reconcile shows it. The admin here is a table the test answers by hand (no Kafka, no
 * timing): every call's future stays open until the test completes it.
 */
class ClusterTopicsTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HandAnsweredAdmin admin = new HandAnsweredAdmin();
    private final List<Set<String>> told = new CopyOnWriteArrayList<>();
    private final List<String> toldAll = new CopyOnWriteArrayList<>();
    private final ClusterTopics topics = new ClusterTopics(admin, Duration.ofHours(1), scheduler);

    ClusterTopicsTest() {
        topics.listener(new ClusterTopics.Listener() {
            @Override
            public void topicsChanged(Set<String> names) {
                told.add(names);
            }

            @Override
            public void allTopicsChanged() {
                toldAll.add("all");
            }
        });
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aCreateIsSubmittedAndItsAnswerIsTheTruthShownAtTheNextReconcile() {
        TopicRequest orders = request("orders", 3, null, null);
        assertThat(topics.reconcile(orders)).as("nothing known yet: the cluster's topics are read first")
                .isInstanceOf(ClusterTopics.Progress.InFlight.class);
        admin.describeAll.complete(Map.of());
        assertThat(toldAll).hasSize(1);

        assertThat(topics.reconcile(orders)).isInstanceOf(ClusterTopics.Progress.InFlight.class);
        assertThat(topics.reconcile(orders)).as("in flight: not submitted twice").isInstanceOf(ClusterTopics.Progress.InFlight.class);
        assertThat(admin.creates).hasSize(1);

        admin.creates.get(0).complete(new TopicState("orders", "id-1", 3, 3, Map.of()));
        assertThat(told).containsExactly(Set.of("orders"));
        TopicOutcome created = done(topics.reconcile(orders));
        assertThat(created.kind()).isEqualTo(TopicOutcome.Kind.CREATED);
        assertThat(created.state().topicId()).isEqualTo("id-1");
        assertThat(admin.describes).as("no describe after a create").isEmpty();

        // The status now records it: unchanged, from the cache, no request.
        TopicOutcome again = done(topics.reconcile(request("orders", 3, "orders", "id-1")));
        assertThat(again.kind()).isEqualTo(TopicOutcome.Kind.UNCHANGED);
        assertThat(admin.creates).hasSize(1);
    }

    @Test
    void aStatusWriteLostAfterTheCreateIsNotAnAdoption() {
        load(Map.of());
        TopicRequest orders = request("orders", 1, null, null);
        topics.reconcile(orders);
        admin.creates.get(0).complete(new TopicState("orders", "id-1", 1, 1, Map.of()));
        done(topics.reconcile(orders)); // shown, but say the status write failed: the status still has no topic name
        TopicOutcome retried = done(topics.reconcile(orders));
        assertThat(retried.kind()).isEqualTo(TopicOutcome.Kind.UNCHANGED);
        assertThat(retried.adopted()).isFalse();
    }

    @Test
    void kafkasRefusalIsShownAndItsFailuresAreRetriedQuietlyFirst() {
        load(Map.of());
        TopicRequest tooMany = request("wide", 1, null, null);
        topics.reconcile(tooMany);
        admin.creates.get(0).completeExceptionally(new InvalidReplicationFactorException("Replication factor: 4 larger than available brokers: 3."));
        TopicOutcome refused = done(topics.reconcile(tooMany));
        assertThat(refused.refusal().reason()).isEqualTo(Reason.NotEnoughBrokers);

        TopicRequest slow = request("slow", 1, null, null);
        for (int attempt = 1; attempt <= ClusterTopics.QUIET_RETRIES; attempt++) {
            topics.reconcile(slow);
            admin.creates.get(admin.creates.size() - 1).completeExceptionally(new TimeoutException("no answer"));
            assertThat(topics.reconcile(slow)).as("attempt " + attempt + ": no Ready=False yet")
                    .isInstanceOf(ClusterTopics.Progress.RetryLater.class);
        }
        topics.reconcile(slow);
        admin.creates.get(admin.creates.size() - 1).completeExceptionally(new TimeoutException("no answer"));
        assertThat(done(topics.reconcile(slow)).refusal().reason()).isEqualTo(Reason.KafkaError);

        // The create may have worked although its answer was lost: finding the topic later is not an adoption.
        topics.reconcile(slow);
        admin.creates.get(admin.creates.size() - 1).complete(null); // "already exists"
        admin.describes.get(0).complete(new TopicState("slow", "id-9", 1, 1, Map.of()));
        TopicOutcome found = done(topics.reconcile(slow));
        assertThat(found.adopted()).isFalse();
        assertThat(found.state().topicId()).isEqualTo("id-9");
    }

    @Test
    void aSweepTellsOnlyOfTopicsThatChangedInKafkaAndNeverUndoesANewerAnswer() {
        TopicState a = new TopicState("a", "id-a", 1, 1, Map.of());
        TopicState b = new TopicState("b", "id-b", 1, 1, Map.of("retention.ms", "1"));
        load(Map.of("a", a, "b", b));
        TopicRequest bRequest = request("b", 1, "b", "id-b", Map.of("retention.ms", "1"));
        assertThat(done(topics.reconcile(bRequest)).kind()).isEqualTo(TopicOutcome.Kind.UNCHANGED);

        // A sweep starts; meanwhile Brook changes b, and its answer arrives before the sweep's.
        admin.describeAll = new CompletableFuture<>();
        topics.sweepNow();
        TopicRequest bChanged = request("b", 1, "b", "id-b", Map.of("retention.ms", "2"));
        topics.reconcile(bChanged);
        admin.alters.get(0).complete(null);
        told.clear();
        // The sweep read b before the change, and saw a deleted by hand.
        admin.describeAll.complete(Map.of("b", b));
        assertThat(told).containsExactly(Set.of("a"));
        TopicOutcome bNow = done(topics.reconcile(bChanged));
        assertThat(bNow.state().dynamicConfig()).as("the alter's answer, not the older read").containsEntry("retention.ms", "2");
        assertThat(topics.reconcile(request("a", 1, "a", "id-a"))).as("gone in Kafka: created again")
                .isInstanceOf(ClusterTopics.Progress.InFlight.class);
        admin.creates.get(0).complete(new TopicState("a", "id-a2", 1, 1, Map.of()));
        TopicOutcome recreated = done(topics.reconcile(request("a", 1, "a", "id-a")));
        assertThat(recreated.kind()).isEqualTo(TopicOutcome.Kind.RECREATED);
        assertThat(recreated.replacedTopicId()).isEqualTo("id-a");
    }

    @Test
    void aDeletionIsSubmittedAndItsAnswerReadAtTheNextCall() {
        load(Map.of("old", new TopicState("old", "id-o", 1, 1, Map.of())));
        assertThat(topics.delete("old")).isEqualTo(ClusterTopics.Deletion.IN_FLIGHT);
        assertThat(topics.delete("old")).as("not submitted twice").isEqualTo(ClusterTopics.Deletion.IN_FLIGHT);
        assertThat(admin.deletes).hasSize(1);
        admin.deletes.get(0).complete(true);
        assertThat(told).contains(Set.of("old"));
        assertThat(topics.delete("old")).isEqualTo(ClusterTopics.Deletion.DELETED);
        assertThat(topics.reconcile(request("old", 1, null, null))).as("forgotten: a new resource creates it")
                .isInstanceOf(ClusterTopics.Progress.InFlight.class);
        assertThat(admin.creates).hasSize(1);

        topics.delete("never");
        admin.deletes.get(1).completeExceptionally(new TimeoutException("no answer"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> topics.delete("never")).isInstanceOf(KafkaOperationException.class)
                .hasMessageContaining("no answer");
        topics.delete("never");
        admin.deletes.get(2).complete(false);
        assertThat(topics.delete("never")).isEqualTo(ClusterTopics.Deletion.ALREADY_GONE);
    }

    private void load(Map<String, TopicState> kafka) {
        topics.reconcile(request("warm-up", 1, null, null));
        admin.describeAll.complete(new HashMap<>(kafka));
        admin.creates.clear();
    }

    private static TopicOutcome done(ClusterTopics.Progress progress) {
        assertThat(progress).isInstanceOf(ClusterTopics.Progress.Done.class);
        return ((ClusterTopics.Progress.Done) progress).outcome();
    }

    private static TopicRequest request(String name, int partitions, String managed, String knownId) {
        return request(name, partitions, managed, knownId, Map.of());
    }

    private static TopicRequest request(String name, int partitions, String managed, String knownId, Map<String, String> config) {
        return new TopicRequest(new DesiredTopic(name, "kafka", partitions, null, config), managed, knownId);
    }

    /** Records every call; the test completes each future when and how it wants. */
    static final class HandAnsweredAdmin implements TopicAdmin {
        final List<CompletableFuture<TopicState>> creates = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<TopicState>> describes = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> alters = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> growths = new ArrayList<>();
        final List<CompletableFuture<Boolean>> deletes = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Map<String, TopicState>> describeAll = new CompletableFuture<>();

        @Override
        public CompletableFuture<TopicState> describeAsync(String topic) {
            CompletableFuture<TopicState> f = new CompletableFuture<>();
            describes.add(f);
            return f;
        }

        @Override
        public CompletableFuture<TopicState> createAsync(String topic, Integer partitions, Integer replicationFactor, Map<String, String> config) {
            CompletableFuture<TopicState> f = new CompletableFuture<>();
            creates.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Void> alterConfigAsync(String topic, List<AlterConfigOp> ops) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            alters.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Void> increasePartitionsAsync(String topic, int totalPartitions) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            growths.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Boolean> deleteAsync(String topic) {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            deletes.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Map<String, TopicState>> describeAll() {
            return describeAll;
        }

        @Override
        public <V> V await(CompletableFuture<V> call, String what) {
            return call.join();
        }

        @Override
        public long requests() {
            return 0;
        }
    }
}
