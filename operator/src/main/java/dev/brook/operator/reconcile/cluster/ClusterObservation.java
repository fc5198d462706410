package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.kafka.ClientTls;
import dev.brook.contract.PodName;
import dev.brook.model.BrookLabels;
import dev.brook.model.KafkaClusterView;
import dev.brook.model.PodTemplateHash;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Everything one reconcile of a Cluster knows, read once at its start: the live StatefulSets, pods,
 * ZooKeeper server list and Services from the informers, and one view of Kafka (when a broker can answer).
 * The steps decide from this record only; agent statuses (a ZooKeeper's peer state, a broker's log recovery)
 * are asked per pod, only where a decision needs them.
 *
 * @param zookeeperSet      the live ZooKeeper StatefulSet, or null
 * @param brokerSet         the live broker StatefulSet, or null
 * @param pods              the cluster's pods, without those being deleted (they are being recreated)
 * @param zookeeperServers  the server list size the ZooKeeper pods are given now (their inputs ConfigMap), or null
 * @param liveInternalTls   whether the pods are given internal TLS now (their inputs ConfigMaps), or null before any exist
 * @param operatorTls       the operator's material for the brokers' replication listener, null for plaintext brokers
 * @param kafka             what the brokers said, or null when they were not asked or did not answer
 * @param kafkaProblem      why {@code kafka} is null after asking, or null
 */
public record ClusterObservation(Cluster cluster, Context<Cluster> context, StatefulSet zookeeperSet, StatefulSet brokerSet,
                                 List<Pod> pods, Integer zookeeperServers, Boolean liveInternalTls, ClientTls operatorTls,
                                 List<Service> services,
                                 KafkaClusterView kafka,
                                 String kafkaProblem, AgentStatuses agents) {

    public String ref() {
        return cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
    }

    public String name() {
        return cluster.getMetadata().getName();
    }

    public String namespace() {
        return cluster.getMetadata().getNamespace();
    }

    public long generation() {
        return cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
    }

    public Optional<Pod> pod(String name) {
        return pods.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst();
    }

    /** Ordinals of the component's ready pods. */
    public Set<Integer> readyOrdinals(BrookLabels.Component component) {
        Set<Integer> ready = new TreeSet<>();
        pods.stream().filter(isComponent(component)).filter(Readiness::isPodReady).forEach(p -> ready.add(ordinal(p)));
        return ready;
    }

    /** The StatefulSet's replicas, or 0 when it does not exist. */
    public static int replicas(StatefulSet set) {
        return set == null || set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
    }

    public static String templateHash(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(PodTemplateHash.ANNOTATION);
    }

    static Predicate<Pod> isComponent(BrookLabels.Component component) {
        return p -> p.getMetadata().getLabels() != null && component.value().equals(p.getMetadata().getLabels().get(BrookLabels.COMPONENT));
    }

    static int ordinal(Pod pod) {
        try {
            return PodName.parse(pod.getMetadata().getName()).ordinal();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
