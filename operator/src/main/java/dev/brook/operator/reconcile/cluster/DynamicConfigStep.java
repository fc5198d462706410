package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.kafka.BrokerConfigAdmin;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.KafkaRefusals;
import dev.brook.model.BrokerSet;
import dev.brook.model.ClusterConditions;
import dev.brook.model.DynamicConfigDiff;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.reconcile.EventRecorder;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.SortedMap;
import org.jboss.logging.Logger;

/**
 * Step 3: the spec's dynamic broker keys on the running brokers, without a restart (their pod template hash
 * leaves these keys out): cluster-wide defaults made to match the spec ({@link DynamicConfigDiff}). Kafka judges
 * the values; its refusal is the {@code DynamicBrokerConfig} condition, and nothing else changes.
 */
@Singleton
public class DynamicConfigStep {
    private static final Logger LOG = Logger.getLogger(DynamicConfigStep.class);
    private final KafkaConnections kafka;
    private final EventRecorder events;

    public DynamicConfigStep(KafkaConnections kafka, EventRecorder events) {
        this.kafka = kafka;
        this.events = events;
    }

    /** The condition to set, or null to leave it as it is (brokers not answering, or nothing to say). */
    public Condition run(ClusterObservation observed, BrokerSet brokers, List<Condition> previous) {
        if (observed.kafka() == null) {
            return null;
        }
        String type = ClusterConditions.Type.DynamicBrokerConfig.name();
        SortedMap<String, String> desired = brokers.dynamicConfig();
        boolean present = Conditions.find(previous, type).isPresent();
        DynamicConfigDiff diff = null;
        try {
            BrokerConfigAdmin admin = kafka.forBootstrap(brokers.replicationBootstrapServers(), observed.operatorTls()).brokerConfig();
            diff = DynamicConfigDiff.of(desired, admin.clusterDefaults());
            if (!diff.isEmpty()) {
                admin.alterClusterDefaults(diff.set(), diff.remove());
                LOG.infof("cluster %s: broker config changed on the running brokers, no restart: %s", observed.ref(), diff.describe());
                events.normal(observed.cluster(), "BrokerConfigUpdated", "applied to the running brokers without a restart: " + diff.describe());
            }
        } catch (KafkaOperationException e) {
            if (!KafkaRefusals.isConfigRefusal(e)) {
                LOG.debugf("cluster %s: dynamic broker config not checked now: %s", observed.ref(), e.getMessage());
                return null;
            }
            // Values are checked against their keys' definitions before (ClusterValidation); what Kafka still refuses
            // depends on the running brokers, and its message need not name the key: say which change it refused.
            String change = diff == null ? "" : " (" + diff.describe() + ")";
            String message = "Kafka refused spec.brokers.config" + change + ": " + e.getCause().getMessage()
                    + "; correct the value (the running brokers keep their current settings)";
            if (!Conditions.find(previous, type).map(c -> message.equals(c.getMessage())).orElse(false)) {
                LOG.infof("cluster %s: dynamic broker config refused by Kafka: %s", observed.ref(), e.getCause().getMessage());
                events.warning(observed.cluster(), "BrokerConfigRefused", message);
            }
            return new Condition(type, Condition.FALSE, ClusterConditions.Reason.Refused.name(), message);
        }
        if (desired.isEmpty() && !present) {
            return null;
        }
        String message = desired.isEmpty() ? "no dynamic broker keys in spec.brokers.config"
                : "applied to the running brokers without a restart: " + String.join(", ", desired.keySet());
        return new Condition(type, Condition.TRUE, ClusterConditions.Reason.Applied.name(), message);
    }
}
