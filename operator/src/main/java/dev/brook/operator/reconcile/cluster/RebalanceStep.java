package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.RebalanceStatus;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.PartitionMoves;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterConditions;
import dev.brook.model.ClusterDefaults;
import dev.brook.model.Rebalance;
import dev.brook.model.RollingRestartPlan;
import dev.brook.operator.reconcile.EventRecorder;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Step 6: partitions follow the brokers. After a scale-up they move onto the new brokers, before a scale-down off the
 * leaving ones ({@link Rebalance} decides, {@link PartitionMoves} does it through Kafka's reassignment API, throttled).
 * Kafka runs the moves; this step starts them, reports their progress and, once Kafka reports none, removes the throttle.
 */
@Singleton
public class RebalanceStep {
    private static final Logger LOG = Logger.getLogger(RebalanceStep.class);
    /** How soon to look again while partitions move or moves are owed. */
    static final Duration WHILE_MOVING = Duration.ofSeconds(5);

    private final KafkaConnections kafka;
    private final EventRecorder events;
    private final Clock clock;

    /** @param nextCheck when to reconcile again for the moves, or null */
    public record Outcome(RebalanceStatus status, Condition condition, Duration nextCheck) {
    }

    public RebalanceStep(KafkaConnections kafka, EventRecorder events, Clock clock) {
        this.kafka = kafka;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param current  the broker StatefulSet's replicas before this reconcile
     * @param previous status.rebalance
     * @param rolling  a rolling restart is in progress
     */
    public Outcome run(ClusterObservation observed, BrokersStep.Outcome brokers, int current, RebalanceStatus previous, boolean rolling) {
        Cluster cluster = observed.cluster();
        Rebalance decision = Rebalance.decide(ClusterDefaults.automaticRebalance(cluster.getSpec()),
                ClusterDefaults.rebalanceThrottle(cluster.getSpec()), ClusterDefaults.brokerReplicas(cluster.getSpec()), current,
                brokers.scaling().change() != null && brokers.scaling().scalingUp(), observed.kafka(), previous, rolling, clock.instant());
        if (decision.action() == Rebalance.Action.NONE) {
            return new Outcome(decision.status(), decision.condition(), decision.status() != null ? WHILE_MOVING : null);
        }
        String name = cluster.getMetadata().getName();
        PartitionMoves moves = kafka.forBootstrap(BrookNames.replicationBootstrap(name, cluster.getMetadata().getNamespace()),
                observed.operatorTls()).moves();
        try {
            if (decision.action() == Rebalance.Action.START) {
                try {
                    decision.status().setBytesToCopy(Rebalance.bytesToCopy(decision.moves(), observed.kafka(),
                            moves.partitionBytes(observed.kafka().registered())));
                } catch (KafkaOperationException e) {
                    LOG.debugf("cluster %s: partition sizes not read, the moves start without them: %s", observed.ref(), e.getMessage());
                }
                moves.start(decision.moves().values(), decision.status().getThrottleBytesPerSecond());
                LOG.infof("cluster %s: %s", observed.ref(), decision.event());
                events.normal(cluster, "RebalanceStarted", decision.event());
            } else {
                Set<String> topics = observed.kafka().partitions().stream().map(RollingRestartPlan.PartitionState::topic)
                        .collect(Collectors.toCollection(TreeSet::new));
                moves.finish(topics);
                LOG.infof("cluster %s: %s", observed.ref(), decision.event());
                events.normal(cluster, "RebalanceFinished", decision.event());
            }
        } catch (KafkaOperationException e) {
            // Nothing is recorded as done: the same decision is made again at the next reconcile.
            String what = decision.action() == Rebalance.Action.START ? "starting the moves" : "removing the throttle after the moves";
            LOG.infof("cluster %s: rebalance: %s failed, retried shortly: %s", observed.ref(), what, e.getMessage());
            Condition failed = new Condition(ClusterConditions.Type.Rebalancing.name(), Condition.TRUE,
                    ClusterConditions.Reason.WaitingForBrokers.name(), what + " failed, retried shortly: " + e.getMessage());
            return new Outcome(previous, failed, WHILE_MOVING);
        }
        return new Outcome(decision.status(), decision.condition(), WHILE_MOVING);
    }
}
