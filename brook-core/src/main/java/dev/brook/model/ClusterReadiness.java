package dev.brook.model;

import dev.brook.api.v1alpha1.Condition;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides a Cluster's Ready condition from what was observed: ZooKeeper pods ready, broker pods
 * ready, brokers registered (Admin API), under-replicated partitions (Admin API) and external
 * addresses still unknown. Ready is True only when every ZooKeeper and broker is ready, every broker
 * is registered and no partition is under-replicated; never guessed from pod phase alone.
 */
public final class ClusterReadiness {
    /** Observations; {@code registered} and {@code underReplicated} are null when Kafka could not be asked. */
    public record Observed(int zookeeperReplicas, int readyZookeepers, int brokerReplicas, Set<Integer> readyBrokerPods,
                           Set<Integer> registered, List<String> underReplicated,
                           List<String> pendingExternalAddresses, String kafkaProblem) {
    }

    public record Verdict(String status, String reason, String message) {
        public boolean ready() {
            return Condition.TRUE.equals(status);
        }
    }

    public static final String ZOOKEEPER_NOT_READY = "ZookeeperNotReady";
    public static final String BROKERS_STARTING = "BrokersStarting";
    public static final String UNDER_REPLICATED = "UnderReplicatedPartitions";
    public static final String EXTERNAL_PENDING = "ExternalAddressesPending";
    public static final String READY = "Ready";

    private ClusterReadiness() {
    }

    public static boolean hasQuorum(int replicas, int ready) {
        return ready > replicas / 2;
    }

    public static Verdict evaluate(Observed o) {
        if (!hasQuorum(o.zookeeperReplicas(), o.readyZookeepers())) {
            return no(ZOOKEEPER_NOT_READY, o.readyZookeepers() + " of " + o.zookeeperReplicas()
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
            return no(BROKERS_STARTING, (o.brokerReplicas() - missing.size()) + " of " + o.brokerReplicas()
                    + " brokers ready and registered; waiting for broker(s) " + missing + why);
        }
        if (o.underReplicated() == null) {
            return no(BROKERS_STARTING, "brokers registered, but partition health could not be read: " + o.kafkaProblem());
        }
        if (o.readyZookeepers() < o.zookeeperReplicas()) {
            return no(ZOOKEEPER_NOT_READY, o.readyZookeepers() + " of " + o.zookeeperReplicas()
                    + " ZooKeeper pods ready; the ensemble has a quorum and serves, but cannot lose another server");
        }
        if (!o.underReplicated().isEmpty()) {
            List<String> shown = o.underReplicated().subList(0, Math.min(10, o.underReplicated().size()));
            return no(UNDER_REPLICATED, o.underReplicated().size() + " partition(s) under-replicated: " + String.join(", ", shown)
                    + (o.underReplicated().size() > shown.size() ? ", ..." : ""));
        }
        if (!o.pendingExternalAddresses().isEmpty()) {
            return no(EXTERNAL_PENDING, "external addresses not assigned yet: " + String.join("; ", o.pendingExternalAddresses())
                    + ". Those listeners are not advertised until every broker has one");
        }
        return new Verdict(Condition.TRUE, READY, o.brokerReplicas() + " brokers ready and registered, "
                + o.readyZookeepers() + " of " + o.zookeeperReplicas() + " ZooKeepers ready, no under-replicated partitions");
    }

    private static Verdict no(String reason, String message) {
        return new Verdict(Condition.FALSE, reason, message);
    }
}
