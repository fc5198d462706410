package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.BrokerStatus;
import dev.brook.api.v1alpha1.ClusterStatus;
import dev.brook.model.BrookLabels;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterReadiness;
import dev.brook.operator.reconcile.ClusterMetrics;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.reconcile.EventRecorder;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Step 4: what the pods and the brokers themselves say ({@link ClusterReadiness}): the Ready verdict, each
 * broker's status, the gauges. One log line and Event when the reason changes.
 */
@Singleton
public class ReadinessStep {
    private static final Logger LOG = Logger.getLogger(ReadinessStep.class);
    private final EventRecorder events;
    private final ClusterMetrics metrics;

    public ReadinessStep(EventRecorder events, ClusterMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    /** Fills {@code status}'s broker fields and returns the verdict (the caller sets the Ready condition). */
    public ClusterReadiness.Verdict run(ClusterObservation observed, ZookeeperStep.Outcome zookeeper, BrokersStep.Outcome brokers, ClusterStatus status) {
        Set<Integer> readyPods = observed.readyOrdinals(BrookLabels.Component.BROKER);
        Set<Integer> registered = observed.kafka() == null ? null : observed.kafka().registered();
        List<String> underReplicated = observed.kafka() == null ? null : observed.kafka().underReplicated();
        boolean racks = observed.cluster().getSpec().getBrokers() != null && observed.cluster().getSpec().getBrokers().getRack() != null;
        Map<Integer, String> rackOf = racks && observed.kafka() != null ? observed.kafka().racks() : Map.of();
        List<BrokerStatus> brokerStatuses = new ArrayList<>();
        int readyBrokers = 0;
        for (int id = 0; id < brokers.brokers().replicas(); id++) {
            boolean ready = readyPods.contains(id) && registered != null && registered.contains(id);
            readyBrokers += ready ? 1 : 0;
            brokerStatuses.add(new BrokerStatus(id, BrookNames.brokerPod(observed.name(), id), ready, rackOf.get(id)));
        }
        status.setBrokers(brokerStatuses);
        status.setReadyBrokers(readyBrokers);
        status.setReadyZookeepers(zookeeper.ready());

        List<String> refusals = Stream.of(zookeeper.volumes(), brokers.volumes())
                .filter(v -> v != null && v.refusal() != null).map(VolumeClaims.Result::refusal).toList();
        ClusterReadiness.Verdict verdict = ClusterReadiness.evaluate(new ClusterReadiness.Observed(zookeeper.ensemble().replicas(),
                zookeeper.ready(), brokers.brokers().replicas(), readyPods, registered, underReplicated,
                brokers.brokers().pendingExternalExplanations(), observed.kafkaProblem(), brokers.scaling().blocked(), refusals));

        boolean wasReady = Conditions.isTrue(status.getConditions(), Conditions.READY);
        String previousReason = Conditions.find(status.getConditions(), Conditions.READY).map(c -> c.getReason()).orElse(null);
        if (!verdict.reason().equals(previousReason)) {
            LOG.infof("cluster %s: %s (%s): %s", observed.ref(), verdict.ready() ? "ready" : "not ready", verdict.reason(), verdict.message());
            if (verdict.ready() != wasReady || previousReason == null) {
                events.normal(observed.cluster(), verdict.ready() ? "ClusterReady" : verdict.reason(), verdict.message());
            }
        }
        metrics.record(observed.namespace(), observed.name(), readyBrokers, zookeeper.ready(), underReplicated == null ? -1 : underReplicated.size());
        return verdict;
    }
}
