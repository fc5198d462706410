package dev.brook.model;

import dev.brook.api.v1alpha1.Condition;
import dev.brook.model.ClusterConditions.Reason;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides a Cluster's Ready condition from what was observed: ZooKeeper pods ready, broker pods
 * ready, brokers registered (Admin API), under-replicated partitions (Admin API) and external
 * addresses still unknown. Ready is True only when every ZooKeeper and broker is ready, every broker
 * is registered and no partition is under-replicated; never guessed from pod phase alone. A refused
 * part of the spec (a scale-down that must wait, a storage change volumes cannot take) comes first: the
 * cluster keeps running as it was, and the condition says what to change.
 */
public final class ClusterReadiness {
    /**
     * Observations; {@code registered} and {@code underReplicated} are null when Kafka could not be asked.
     *
     * @param scaleDownBlocked why removing brokers waits ({@link BrokerScaling#blocked()}), or null
     * @param refusals         parts of the spec the running cluster cannot take (volume changes), with what to do
     */
    public record Observed(int zookeeperReplicas, int readyZookeepers, int brokerReplicas, Set<Integer> readyBrokerPods,
                           Set<Integer> registered, List<String> underReplicated,
                           List<String> pendingExternalAddresses, String kafkaProblem, String scaleDownBlocked, List<String> refusals) {
        public Observed(int zookeeperReplicas, int readyZookeepers, int brokerReplicas, Set<Integer> readyBrokerPods,
                        Set<Integer> registered, List<String> underReplicated, List<String> pendingExternalAddresses, String kafkaProblem) {
            this(zookeeperReplicas, readyZookeepers, brokerReplicas, readyBrokerPods, registered, underReplicated,
                    pendingExternalAddresses, kafkaProblem, null, List.of());
        }
    }

    public record Verdict(String status, String reason, String message) {
        public boolean ready() {
            return Condition.TRUE.equals(status);
        }

        public Condition condition() {
            return new Condition(ClusterConditions.Type.Ready.name(), status, reason, message);
        }
    }

    private ClusterReadiness() {
    }

    public static boolean hasQuorum(int replicas, int ready) {
        return ready > replicas / 2;
    }

    public static Verdict evaluate(Observed o) {
        if (o.scaleDownBlocked() != null) {
            return no(Reason.ScaleDownBlocked, o.scaleDownBlocked());
        }
        if (!o.refusals().isEmpty()) {
            return no(Reason.NotSupported, String.join("; ", o.refusals()) + " (the running cluster is left as it is)");
        }
        if (!hasQuorum(o.zookeeperReplicas(), o.readyZookeepers())) {
            return no(Reason.ZookeeperNotReady, o.readyZookeepers() + " of " + o.zookeeperReplicas()
                    + " ZooKeeper pods ready; a quorum needs " + (o.zookeeperReplicas() / 2 + 1));
        }
        SortedSet<Integer> missing = new TreeSet<>();
        for (int id = 0; id < o.brokerReplicas(); id++) {
            if (!o.readyBrokerPods().contains(id) || o.registered() == null || !o.registered().contains(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            String why = o.registered() == null && o.kafkaProblem() != null ? "; Kafka not reachable: " + o.kafkaProblem() : "";
            return no(Reason.BrokersStarting, (o.brokerReplicas() - missing.size()) + " of " + o.brokerReplicas()
                    + " brokers ready and registered; waiting for broker(s) " + missing + why);
        }
        if (o.underReplicated() == null) {
            return no(Reason.BrokersStarting, "brokers registered, but partition health could not be read: " + o.kafkaProblem());
        }
        if (o.readyZookeepers() < o.zookeeperReplicas()) {
            return no(Reason.ZookeeperNotReady, o.readyZookeepers() + " of " + o.zookeeperReplicas()
                    + " ZooKeeper pods ready; the ensemble has a quorum and serves, but cannot lose another server");
        }
        if (!o.underReplicated().isEmpty()) {
            List<String> shown = o.underReplicated().subList(0, Math.min(10, o.underReplicated().size()));
            return no(Reason.UnderReplicatedPartitions, o.underReplicated().size() + " partition(s) under-replicated: " + String.join(", ", shown)
                    + (o.underReplicated().size() > shown.size() ? ", ..." : ""));
        }
        if (!o.pendingExternalAddresses().isEmpty()) {
            return no(Reason.ExternalAddressesPending, "external addresses not assigned yet: " + String.join("; ", o.pendingExternalAddresses())
                    + ". Those listeners are not advertised until every broker has one");
        }
        return new Verdict(Condition.TRUE, Reason.Ready.name(), o.brokerReplicas() + " brokers ready and registered, "
                + o.readyZookeepers() + " of " + o.zookeeperReplicas() + " ZooKeepers ready, no under-replicated partitions");
    }

    private static Verdict no(Reason reason, String message) {
        return new Verdict(Condition.FALSE, reason.name(), message);
    }
}
