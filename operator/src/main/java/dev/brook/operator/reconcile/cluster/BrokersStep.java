package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.model.BrokerScaling;
import dev.brook.model.BrokerSet;
import dev.brook.model.BrookLabels;
import dev.brook.model.ClusterDefaults;
import dev.brook.model.ExternalAddresses;
import dev.brook.model.Platform;
import dev.brook.model.Rebalance;
import dev.brook.model.ZookeeperResize;
import dev.brook.operator.reconcile.DeepCopies;
import dev.brook.operator.reconcile.EventRecorder;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Step 2: the brokers, once the ensemble has a quorum (or when they already exist: a running cluster is never
 * held back). How many run is {@link BrokerScaling}'s decision (a scale-down waits while the leaving brokers hold
 * partitions); external listeners advertise the addresses learned from their Services (and the brokers' nodes).
 */
@Singleton
public class BrokersStep {
    private static final Logger LOG = Logger.getLogger(BrokersStep.class);
    private final ClusterApply apply;
    private final NodeAddresses nodes;
    private final EventRecorder events;
    private final Platform platform;

    /** @param volumes what the volumes step did, or null when the brokers were not applied (no quorum yet) */
    public record Outcome(BrokerSet brokers, BrokerScaling scaling, VolumeClaims.Result volumes) {
    }

    public BrokersStep(ClusterApply apply, NodeAddresses nodes, EventRecorder events, Platform platform) {
        this.apply = apply;
        this.nodes = nodes;
        this.events = events;
        this.platform = platform;
    }

    public Outcome run(ClusterObservation observed, ZookeeperResize resize, boolean quorum) {
        Cluster cluster = observed.cluster();
        int current = ClusterObservation.replicas(observed.brokerSet());
        int desired = ClusterDefaults.brokerReplicas(cluster.getSpec());
        boolean automatic = ClusterDefaults.automaticRebalance(cluster.getSpec());
        String drainRefusal = automatic && desired < current && observed.kafka() != null ? Rebalance.drainRefusal(desired, observed.kafka()) : null;
        BrokerScaling scaling = BrokerScaling.decide(desired, current, observed.kafka() == null ? null : observed.kafka().partitions(),
                observed.kafkaProblem(), automatic, drainRefusal);
        if (scaling.change() != null && scaling.scalingUp()) {
            LOG.infof("cluster %s: scaling %s", observed.ref(), scaling.change());
            events.normal(cluster, "ScalingUp", scaling.change() + (automatic
                    ? "; existing partitions move onto the new brokers once they are ready (see the Rebalancing condition)"
                    : "; new topics can use the new brokers; spec.brokers.rebalance.automatic is false, so move existing partitions "
                            + "onto them with kafka-reassign-partitions.sh"));
        } else if (scaling.change() != null) {
            LOG.infof("cluster %s: scaling %s: the removed brokers hold no partitions", observed.ref(), scaling.change());
            events.normal(cluster, "ScalingDown", scaling.change());
        }
        Cluster effective = cluster;
        if (scaling.replicas() != ClusterDefaults.brokerReplicas(cluster.getSpec())) {
            effective = DeepCopies.copy(cluster, Cluster.class);
            effective.getSpec().getBrokers().setReplicas(scaling.replicas());
        }
        BrokerSet brokers = BrokerSet.from(effective, externalAddresses(observed), platform, resize.servers());
        if (!quorum && observed.brokerSet() == null) {
            LOG.debugf("cluster %s: waiting for a ZooKeeper quorum before starting brokers", observed.ref());
            return new Outcome(brokers, scaling, null);
        }
        return new Outcome(brokers, scaling, apply.applyAll(observed, brokers.objects(), observed.brokerSet(), BrookLabels.Component.BROKER,
                "spec.brokers.storage"));
    }

    /** Addresses of external listeners from the Services Brook created (and, for NodePorts, the brokers' nodes). */
    private ExternalAddresses externalAddresses(ClusterObservation observed) {
        boolean external = ClusterDefaults.listeners(observed.cluster().getSpec()).stream().anyMatch(l -> l.getType() != ListenerType.INTERNAL);
        if (!external) {
            return ExternalAddresses.none();
        }
        Map<Integer, String> nodeAddresses = new HashMap<>();
        for (Pod p : observed.pods()) {
            if (ClusterObservation.isComponent(BrookLabels.Component.BROKER).test(p) && p.getSpec() != null && p.getSpec().getNodeName() != null) {
                nodes.of(p.getSpec().getNodeName()).ifPresent(a -> nodeAddresses.put(ClusterObservation.ordinal(p), a));
            }
        }
        return ExternalAddresses.learn(observed.cluster(), observed.services(), nodeAddresses);
    }
}
