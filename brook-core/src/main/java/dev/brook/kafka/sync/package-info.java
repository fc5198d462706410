/**
 * The one sync path of Topics and ConsumerGroup offset resets, used by the operator's reconcilers and by
 * {@code brook local} alike. Each has a pure plan (what the resource asks, what Kafka has -> the action to
 * take or the final outcome: {@link dev.brook.kafka.sync.TopicPlan}, {@link dev.brook.kafka.sync.OffsetResetPlan})
 * and an executor that runs the actions through the admin interfaces ({@link dev.brook.kafka.sync.TopicSync},
 * {@link dev.brook.kafka.sync.OffsetResetSync}). The outcomes are typed values
 * ({@link dev.brook.kafka.sync.TopicOutcome}, {@link dev.brook.kafka.sync.OffsetResetOutcome}); the operator turns
 * them into status, conditions and Events, {@code brook local} into a printed line. Refusal messages are
 * written here (and in the model classes the plans use), once.
 */
package dev.brook.kafka.sync;
