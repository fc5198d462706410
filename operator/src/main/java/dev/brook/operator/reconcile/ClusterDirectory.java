package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the Cluster a Topic or ConsumerGroup names, from an informer cache per namespace (started
 * on first use, so namespaced RBAC suffices), instead of one API read per reconcile.
 */
@Singleton
public class ClusterDirectory {
    /** Where a Cluster's brokers answer, or why they cannot be reached yet. */
    public record Lookup(Cluster cluster, String bootstrapServers, Refusal problem) {
        public boolean reachable() {
            return problem == null;
        }
    }

    private final KubernetesClient client;
    private final Map<String, SharedIndexInformer<Cluster>> informers = new ConcurrentHashMap<>();

    public ClusterDirectory(KubernetesClient client) {
        this.client = client;
    }

    public Lookup lookup(String namespace, String name) {
        SharedIndexInformer<Cluster> informer = informers.computeIfAbsent(namespace,
                ns -> client.resources(Cluster.class).inNamespace(ns).inform());
        Cluster cluster = informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
        if (cluster == null) {
            return new Lookup(null, null, new Refusal(Reason.ClusterNotFound, "Cluster " + name + " does not exist in namespace "
                    + namespace + "; create it or correct spec.cluster"));
        }
        String bootstrap = cluster.getStatus() == null ? null : cluster.getStatus().getBootstrapServers();
        if (bootstrap == null || bootstrap.isBlank()) {
            return new Lookup(cluster, null, new Refusal(Reason.ClusterNotReady, "Cluster " + name
                    + " has no bootstrap address yet; waiting for its brokers"));
        }
        return new Lookup(cluster, bootstrap, null);
    }

    @PreDestroy
    void stop() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
