package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.model.BrookLabels;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterConditions;
import dev.brook.model.ClusterDefaults;
import dev.brook.model.Platform;
import dev.brook.model.PodTemplateHash;
import dev.brook.model.RollingRestartPlan;
import dev.brook.model.ZookeeperEnsemble;
import dev.brook.model.ZookeeperResize;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.reconcile.EventRecorder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.readiness.Readiness;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Step 1: the ZooKeeper ensemble, resized one server at a time ({@link ZookeeperResize}, from the live StatefulSet,
 * its server list and its pods). Applies the ensemble's objects, grows its volumes, moves the leadership off a
 * server about to be removed, and reports the {@code ZookeeperScaling} condition.
 */
@Singleton
public class ZookeeperStep {
    private static final Logger LOG = Logger.getLogger(ZookeeperStep.class);
    private final ClusterApply apply;
    private final PodRestarts restarts;
    private final EventRecorder events;
    private final Platform platform;

    /**
     * @param scaling the ZookeeperScaling condition to set, or null to leave it as it is
     * @param ready   ZooKeeper pods ready (of the ensemble's size)
     */
    public record Outcome(ZookeeperEnsemble ensemble, ZookeeperResize resize, int ready, Condition scaling, VolumeClaims.Result volumes) {
    }

    public ZookeeperStep(ClusterApply apply, PodRestarts restarts, EventRecorder events, Platform platform) {
        this.apply = apply;
        this.restarts = restarts;
        this.events = events;
        this.platform = platform;
    }

    public Outcome run(ClusterObservation observed, List<Condition> previous) {
        int desired = ClusterDefaults.zookeeperReplicas(observed.cluster().getSpec());
        ZookeeperResize resize = resize(observed, desired, Conditions.isTrue(previous, ClusterConditions.Type.ZookeeperScaling.name()));
        ZookeeperEnsemble ensemble = ZookeeperEnsemble.resizing(observed.cluster(), platform, resize);
        VolumeClaims.Result volumeResult = apply.applyAll(observed, ensemble.objects(), observed.zookeeperSet(),
                BrookLabels.Component.ZOOKEEPER, "spec.zookeeper.storage");
        Condition scaling = condition(observed, previous, resize, desired);
        if (resize.moveLeaderFrom() >= 0) {
            restarts.carryOut(observed, RollingRestartPlan.Decision.restartFor(BrookNames.zookeeperPod(observed.name(), resize.moveLeaderFrom()),
                    "it leads and is about to be removed from the ensemble"), 0);
        }
        int ready = (int) observed.readyOrdinals(BrookLabels.Component.ZOOKEEPER).stream().filter(i -> i < ensemble.replicas()).count();
        return new Outcome(ensemble, resize, ready, scaling, volumeResult);
    }

    /** The next resize step from what runs: the StatefulSet, its server list and the pods. */
    private ZookeeperResize resize(ClusterObservation observed, int desired, boolean resizing) {
        StatefulSet live = observed.zookeeperSet();
        if (live == null || live.getSpec().getReplicas() == null) {
            return ZookeeperResize.steady(desired);
        }
        int liveReplicas = live.getSpec().getReplicas();
        if (liveReplicas == desired && !resizing) {
            return ZookeeperResize.steady(desired);
        }
        int liveServers = observed.zookeeperServers() == null ? liveReplicas : observed.zookeeperServers();
        String liveHash = PodTemplateHash.of(live);
        boolean settled = liveHash != null;
        for (int i = 0; i < liveServers && settled; i++) {
            Optional<Pod> pod = observed.pod(BrookNames.zookeeperPod(observed.name(), i));
            settled = pod.isPresent() && Readiness.isPodReady(pod.get()) && liveHash.equals(ClusterObservation.templateHash(pod.get()));
        }
        int leader = -1;
        if (desired < liveReplicas) {
            // Shrinking: the server to remove must not lead (ask only it).
            String last = BrookNames.zookeeperPod(observed.name(), liveReplicas - 1);
            boolean lastReady = observed.pod(last).map(Readiness::isPodReady).orElse(false);
            if (lastReady && observed.agents().leading(last)) {
                leader = liveReplicas - 1;
            }
        }
        return ZookeeperResize.next(desired, liveReplicas, liveServers, settled, resizing, leader);
    }

    private Condition condition(ClusterObservation observed, List<Condition> previous, ZookeeperResize resize, int desired) {
        String type = ClusterConditions.Type.ZookeeperScaling.name();
        Optional<Condition> current = Conditions.find(previous, type);
        if (resize.step() == null) {
            if (current.isEmpty() || Condition.FALSE.equals(current.get().getStatus())) {
                return null;
            }
            LOG.infof("cluster %s: ZooKeeper ensemble resized to %d servers", observed.ref(), desired);
            events.normal(observed.cluster(), "ZookeeperResized", "the ensemble has " + desired + " servers");
            return new Condition(type, Condition.FALSE, ClusterConditions.Reason.Done.name(), "the ensemble has " + desired + " servers");
        }
        if (!current.map(c -> resize.step().equals(c.getMessage())).orElse(false)) {
            LOG.infof("cluster %s: ZooKeeper %s (StatefulSet replicas %d, server list %d)", observed.ref(), resize.step(), resize.replicas(),
                    resize.servers());
            events.normal(observed.cluster(), "ZookeeperResizing", resize.step());
        }
        return new Condition(type, Condition.TRUE, ClusterConditions.Reason.Resizing.name(), resize.step());
    }
}
