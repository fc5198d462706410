package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterConditions;
import dev.brook.model.ClusterRoll;
import dev.brook.model.PodTemplateHash;
import dev.brook.model.RollingRestartPlan;
import dev.brook.model.ZookeeperRollPlan;
import dev.brook.operator.reconcile.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Step 5: pods whose template is outdated are restarted ({@link ClusterRoll}: ZooKeeper first, then the
 * brokers, one pod at a time, never below {@code min.insync.replicas}); the {@code RollingRestart} condition says
 * what happens, and the roll is looked at again soon while it moves. A restarted broker gets the leadership it prefers back
 * once it is in sync, before the next restart, so leaders move where the roll puts them and not later at Kafka's choosing.
 */
@Singleton
public class RollingRestartStep {
    private static final Logger LOG = Logger.getLogger(RollingRestartStep.class);
    private final PodRestarts restarts;
    private final KafkaConnections kafka;

    /**
     * @param condition the RollingRestart condition to set, or null to leave it as it is
     * @param nextCheck when to look again while the roll is not done, else null
     */
    public record Outcome(RollingRestartPlan.Decision decision, Condition condition, Duration nextCheck) {
    }

    public RollingRestartStep(PodRestarts restarts, KafkaConnections kafka) {
        this.restarts = restarts;
        this.kafka = kafka;
    }

    public Outcome run(ClusterObservation observed, ZookeeperStep.Outcome zookeeper, BrokersStep.Outcome brokers, List<Condition> previous) {
        String type = ClusterConditions.Type.RollingRestart.name();
        ClusterRoll roll = new ClusterRoll(PodTemplateHash.of(zookeeper.ensemble().statefulSet()), zookeeperPods(observed, zookeeper),
                zookeeper.resize().step(), brokerInput(observed, brokers), Conditions.isTrue(previous, type));
        RollingRestartPlan.Decision decision = roll.next();
        if (decision.kind() == RollingRestartPlan.Kind.ELECT) {
            // Kafka moves the leaders before electLeaders answers, so the roll goes on in the same reconcile (another
            // reconcile costs seconds on a busy operator); if Kafka refused, it goes on without them all the same.
            moveLeadershipBack(observed, decision);
            decision = roll.withoutLeaderRestore().next();
        }
        restarts.carryOut(observed, decision, roll.outdatedBefore(decision));
        Condition condition = ClusterRoll.condition(decision, Conditions.find(previous, type).isPresent());
        if (decision.kind() == RollingRestartPlan.Kind.DONE) {
            restarts.rollDone(observed.ref());
            return new Outcome(decision, condition, null);
        }
        return new Outcome(decision, condition, restarts.nextCheck(observed.ref(), decision));
    }

    /**
     * Moves the leadership of the decision's partitions back to their preferred leaders (brokers restarted and in sync).
     * When Kafka does not, the roll does not wait on it (availability does not depend on leadership); it is tried again
     * after the next restart.
     */
    private void moveLeadershipBack(ClusterObservation observed, RollingRestartPlan.Decision decision) {
        Set<String> names = Set.copyOf(decision.blocking());
        List<RollingRestartPlan.PartitionState> partitions = observed.kafka().partitions().stream().filter(p -> names.contains(p.toString())).toList();
        try {
            var failed = kafka.forBootstrap(BrookNames.replicationBootstrap(observed.name(), observed.cluster().getMetadata().getNamespace()),
                    observed.operatorTls()).moves().electPreferredLeaders(partitions);
            if (failed.isEmpty()) {
                LOG.infof("cluster %s: rolling restart: %s: %d partition(s)", observed.ref(), decision.reason(), partitions.size());
                return;
            }
            LOG.infof("cluster %s: rolling restart: leadership not moved back for %d of %d partition(s), going on without: %s",
                    observed.ref(), failed.size(), partitions.size(), ClusterRoll.shortList(failed.entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
        } catch (KafkaOperationException e) {
            LOG.infof("cluster %s: rolling restart: leadership not moved back, going on without: %s", observed.ref(), e.getMessage());
        }
    }

    private static List<ZookeeperRollPlan.ZookeeperPod> zookeeperPods(ClusterObservation observed, ZookeeperStep.Outcome zookeeper) {
        String hash = PodTemplateHash.of(zookeeper.ensemble().statefulSet());
        List<ZookeeperRollPlan.ZookeeperPod> pods = new ArrayList<>();
        for (int i = 0; i < zookeeper.ensemble().replicas(); i++) {
            String name = BrookNames.zookeeperPod(observed.name(), i);
            Optional<Pod> pod = observed.pod(name);
            boolean ready = pod.map(Readiness::isPodReady).orElse(false);
            // With TLS, a ready server whose Secret holds a newer certificate than it serves must restart to serve it.
            boolean staleCertificate = ready && observed.operatorTls() != null && observed.agents().zookeeper(name)
                    .map(dev.brook.local.AgentStatus::tlsFilesChangedSinceStart).orElse(false);
            boolean outdated = pod.isPresent() && (!hash.equals(ClusterObservation.templateHash(pod.get())) || staleCertificate);
            pods.add(new ZookeeperRollPlan.ZookeeperPod(i, name, pod.isPresent(), ready, outdated && observed.agents().leading(name),
                    pod.map(ClusterObservation::templateHash).orElse(null), staleCertificate));
        }
        return pods;
    }

    private static RollingRestartPlan.Input brokerInput(ClusterObservation observed, BrokersStep.Outcome brokers) {
        String hash = PodTemplateHash.of(brokers.brokers().statefulSet());
        List<RollingRestartPlan.BrokerPod> pods = new ArrayList<>();
        Set<Integer> recovering = new TreeSet<>();
        for (int id = 0; id < brokers.brokers().replicas(); id++) {
            String name = BrookNames.brokerPod(observed.name(), id);
            Optional<Pod> pod = observed.pod(name);
            boolean ready = pod.map(Readiness::isPodReady).orElse(false);
            String podHash = pod.map(ClusterObservation::templateHash).orElse(null);
            pods.add(new RollingRestartPlan.BrokerPod(id, name, pod.isPresent(), ready, podHash,
                    pod.flatMap(ContainerTermination::lastFailure).orElse(null)));
            if (pod.isPresent() && !ready && !hash.equals(podHash) && observed.agents().recovering(name)) {
                recovering.add(id);
            }
        }
        int controller = observed.kafka() == null ? -1 : observed.kafka().controller();
        return new RollingRestartPlan.Input(hash, pods, controller, observed.kafka() == null ? null : observed.kafka().partitions(), recovering,
                dev.brook.model.ClusterDefaults.maxParallelRestarts(observed.cluster().getSpec()),
                observed.kafka() == null ? java.util.Map.of() : observed.kafka().racks(),
                dev.brook.model.ClusterDefaults.restoresLeadersInRolls(observed.cluster().getSpec()));
    }
}
