package dev.brook.kafka.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.kafka.sync.TopicOutcome.Kind;
import dev.brook.model.DesiredTopic;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicState;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Topic sync's decisions as a table: (what the resource asks, what Brook knew, what Kafka has) -> the
 * outcome once Kafka did what the plan asked. No Kafka: the plan is pure; the create's answer is made up
 * from the create action the way Kafka answers it.
 */
class TopicPlanTest {

    /** One row: the request, Kafka's topic (null: none) and the outcome expected. */
    record Row(String what, TopicRequest request, TopicState kafka, Kind kind, Reason reason, String summary,
               Integer partitionsAfter, Map<String, String> configAfter, boolean adopted) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Row> rows() {
        TopicState twoPartitions = kafka(2, 3, Map.of("retention.ms", "1000"));
        return Stream.of(
                new Row("new resource, no topic: created", request(4, 3, Map.of("retention.ms", "1000"), null, null), null,
                        Kind.CREATED, null, "created", 4, Map.of("retention.ms", "1000"), false),
                new Row("managed topic deleted outside Brook: recreated, told apart by the known id",
                        request(2, 3, Map.of(), "orders", "old-id"), null,
                        Kind.RECREATED, null, "recreated (topic id old-id was deleted outside Brook; the new topic is empty)", 2, Map.of(), false),
                new Row("topic existed, spec matches: adopted as is", request(2, 3, Map.of("retention.ms", "1000"), null, null), twoPartitions,
                        Kind.ADOPTED, null, "adopted existing topic", 2, Map.of("retention.ms", "1000"), true),
                new Row("topic existed with other config: adopted, spec.config made authoritative",
                        request(null, null, Map.of("retention.ms", "2000"), null, null),
                        kafka(2, 3, Map.of("retention.ms", "1000", "max.message.bytes", "200000")),
                        Kind.ADOPTED, null, "adopted existing topic; config: 2 change(s), removed keys not in spec.config: max.message.bytes",
                        2, Map.of("retention.ms", "2000"), true),
                new Row("managed, as the spec asks: unchanged", request(2, 3, Map.of("retention.ms", "1000"), "orders", "id-1"), twoPartitions,
                        Kind.UNCHANGED, null, "unchanged", 2, Map.of("retention.ms", "1000"), false),
                new Row("managed, more partitions and a new key: changed, config first",
                        request(4, 3, Map.of("retention.ms", "1000", "cleanup.policy", "compact"), "orders", "id-1"), twoPartitions,
                        Kind.CHANGED, null, "config: 1 change(s); partitions 2 -> 4", 4,
                        Map.of("retention.ms", "1000", "cleanup.policy", "compact"), false),
                new Row("managed, fewer partitions: refused, topic kept and recorded",
                        request(1, 3, Map.of(), "orders", "id-1"), twoPartitions,
                        Kind.REFUSED, Reason.NotSupported, "refused (NotSupported): spec.partitions 1 is below the 2 partitions of topic orders; "
                                + "Kafka cannot remove partitions. Set spec.partitions to 2 or more, or create a new topic and move the consumers to it",
                        2, null, false),
                new Row("existing topic with another replication factor: refused right after taking it over",
                        request(2, 2, Map.of(), null, null), twoPartitions,
                        Kind.REFUSED, Reason.NotSupported, null, 2, null, true),
                new Row("managed topic renamed in the spec: refused before asking Kafka",
                        new TopicRequest(new DesiredTopic("orders-v2", "kafka", 2, 3, Map.of()), "orders", "id-1"), twoPartitions,
                        Kind.REFUSED, Reason.NotSupported, "refused (NotSupported): spec.topicName cannot change: this resource manages topic "
                                + "'orders'. Set spec.topicName back to 'orders', or create a new Topic resource for 'orders-v2'", null, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        TopicOutcome outcome = sync(row.request(), row.kafka());
        assertThat(outcome.kind()).isEqualTo(row.kind());
        assertThat(outcome.refusal() == null ? null : outcome.refusal().reason()).isEqualTo(row.reason());
        if (row.summary() != null) {
            assertThat(outcome.summary()).isEqualTo(row.summary());
        }
        assertThat(outcome.state() == null ? null : outcome.state().partitions()).isEqualTo(row.partitionsAfter());
        if (row.configAfter() != null) {
            assertThat(outcome.state().dynamicConfig()).isEqualTo(row.configAfter());
        }
        assertThat(outcome.adopted()).isEqualTo(row.adopted());
    }

    @Test
    void theStepsAreDataAnExecutorCanBatch() {
        TopicStep missing = TopicPlan.whenMissing(request(3, 3, Map.of("retention.ms", "5"), null, null));
        assertThat(missing).isEqualTo(new TopicStep.Create(new CreateTopic("orders", 3, 3, Map.of("retention.ms", "5")), null));

        TopicStep grow = TopicPlan.whenPresent(request(5, null, Map.of("retention.ms", "1000"), "orders", "id-1"), kafka(2, 3, Map.of("retention.ms", "1000")));
        assertThat(grow).isInstanceOfSatisfying(TopicStep.Change.class, c -> {
            assertThat(c.changes()).containsExactly(new TopicChange.PartitionsIncreased("orders", 2, 5));
            assertThat(c.applied().state().topicId()).as("the id Kafka gave, not re-described").isEqualTo("id-1");
        });
        assertThat(TopicPlan.beforeKafka(request(5, null, Map.of(), "orders", "id-1"))).isEmpty();
    }

    @Test
    void aTopicBrookCreatedIsNotAdoptedWhenTheStatusDoesNotSayItYet() {
        // e.g. the status write after the create failed: the next reconcile finds the topic without a managed name
        TopicStep step = TopicPlan.whenPresent(request(2, 3, Map.of("retention.ms", "1000"), null, null), kafka(2, 3, Map.of("retention.ms", "1000")), true);
        assertThat(step).isInstanceOfSatisfying(TopicStep.Finished.class, f -> {
            assertThat(f.outcome().kind()).isEqualTo(Kind.UNCHANGED);
            assertThat(f.outcome().adopted()).isFalse();
        });
    }

    @Test
    void kafkasRefusalsBecomeWhatToChangeAndItsFailuresARetry() {
        DesiredTopic desired = new DesiredTopic("orders", "kafka", 1, 4, Map.of());
        Refusal brokers = TopicPlan.refusal("orders", desired, new java.util.concurrent.CompletionException(
                new org.apache.kafka.common.errors.InvalidReplicationFactorException("Replication factor: 4 larger than available brokers: 3.")));
        assertThat(brokers.reason()).isEqualTo(Reason.NotEnoughBrokers);
        assertThat(brokers.message()).isEqualTo("Kafka refused topic orders: Replication factor: 4 larger than available brokers: 3. Set "
                + "spec.replicationFactor to at most the number of brokers of cluster kafka, or add brokers to the cluster");
        Refusal config = TopicPlan.refusal("orders", desired, new dev.brook.kafka.KafkaOperationException("create topic orders",
                new org.apache.kafka.common.errors.InvalidConfigurationException("Invalid value soon for configuration retention.ms")));
        assertThat(config.reason()).isEqualTo(Reason.InvalidSpec);
        assertThat(config.message()).contains("Invalid value soon for configuration retention.ms");
        assertThat(TopicPlan.refusal("orders", desired, new org.apache.kafka.common.errors.TimeoutException("no answer")))
                .as("not a verdict on the spec: try again").isNull();
    }

    /** The plan's three moments, with every action succeeding the way Kafka answers it. */
    private static TopicOutcome sync(TopicRequest request, TopicState kafka) {
        Optional<TopicOutcome> early = TopicPlan.beforeKafka(request);
        if (early.isPresent()) {
            return early.get();
        }
        TopicStep step = kafka == null ? TopicPlan.whenMissing(request) : TopicPlan.whenPresent(request, kafka);
        if (step instanceof TopicStep.Finished f) {
            return f.outcome();
        }
        if (step instanceof TopicStep.Create c) {
            CreateTopic a = c.action();
            return c.created(new TopicState(a.topic(), "new-id", a.partitions() == null ? 1 : a.partitions(),
                    a.replicationFactor() == null ? 1 : a.replicationFactor(), a.config()));
        }
        return ((TopicStep.Change) step).applied();
    }

    private static TopicRequest request(Integer partitions, Integer rf, Map<String, String> config, String managed, String knownId) {
        return new TopicRequest(new DesiredTopic("orders", "kafka", partitions, rf, config), managed, knownId);
    }

    private static TopicState kafka(int partitions, int rf, Map<String, String> dynamic) {
        return new TopicState("orders", "id-1", partitions, rf, dynamic);
    }
}
