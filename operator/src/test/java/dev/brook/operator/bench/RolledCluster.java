package dev.brook.operator.bench;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.JvmOptions;
import dev.brook.model.BrookNames;
import dev.brook.model.PodTemplateHash;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.testkit.ClusterTimeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * What the roll benchmarks read of the Cluster they roll through the mock API: the resource, the broker
 * StatefulSet's template hash, and whether a roll is complete (the generation observed, {@code RollingRestart}
 * UpToDate, every broker pod on the new hash and Ready, and every ISR full as the {@link KafkaPoller} last saw).
 */
record RolledCluster(KubernetesClient client, String namespace, String name, int brokers) {
    /** The key each roll changes: static in Kafka 3.9.2 (not in DynamicBrokerConfig.AllDynamicConfigs), so the brokers must restart. */
    static final String ROLL_KEY = "offsets.retention.minutes";

    /** The benchmarks' broker config: min.insync.replicas 2, no group rebalance delay, and {@link #ROLL_KEY} at {@code rollValue}. */
    static Map<String, String> brokerConfig(String rollValue) {
        return new TreeMap<>(Map.of("min.insync.replicas", "2", "group.initial.rebalance.delay.ms", "0", ROLL_KEY, rollValue));
    }

    Cluster get() {
        return client.resources(Cluster.class).inNamespace(namespace).withName(name).get();
    }

    String brokerTemplateHash() {
        return Optional.ofNullable(client.apps().statefulSets().inNamespace(namespace).withName(BrookNames.broker(name)).get())
                .map(s -> s.getSpec().getTemplate().getMetadata().getAnnotations()).map(a -> a.get(PodTemplateHash.ANNOTATION)).orElse(null);
    }

    boolean rolled(String newHash, long generation, KafkaPoller poller) {
        Cluster c = get();
        if (c == null || c.getStatus() == null || c.getStatus().getObservedGeneration() == null
                || c.getStatus().getObservedGeneration() < generation
                || !Conditions.find(c.getStatus().getConditions(), "RollingRestart").map(r -> "UpToDate".equals(r.getReason())).orElse(false)) {
            return false;
        }
        return IntStream.range(0, brokers).mapToObj(id -> client.pods().inNamespace(namespace).withName(BrookNames.brokerPod(name, id)).get())
                .allMatch(p -> p != null && newHash.equals(ClusterTimeline.templateHash(p)) && ClusterTimeline.isReady(p)) && poller.inSyncNow();
    }

    static JvmOptions heap(String xms, String xmx) {
        JvmOptions j = new JvmOptions();
        j.setXms(xms);
        j.setXmx(xmx);
        return j;
    }

    /** Closes what a benchmark started, in the order given; nulls (never started) are skipped. */
    static void closeAll(AutoCloseable... started) throws Exception {
        for (AutoCloseable c : started) {
            if (c != null) {
                c.close();
            }
        }
    }
}
