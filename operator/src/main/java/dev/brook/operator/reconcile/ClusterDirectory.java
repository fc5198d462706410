package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.kafka.ClientTls;
import dev.brook.kafka.KafkaConnection;
import dev.brook.kafka.KafkaConnections;
import dev.brook.model.BrookNames;
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
 * on first use, so namespaced RBAC suffices), instead of one API read per reconcile. One informer per namespace, each
 * with its own {@link TrimmedItemStore}.
 */
@Singleton
public class ClusterDirectory {
    /**
     * Where a Cluster's brokers answer the operator, or why they cannot be reached yet.
     *
     * @param tls the operator's TLS material for them, null for a plaintext cluster
     */
    public record Lookup(Cluster cluster, String bootstrapServers, ClientTls tls, Refusal problem) {
        public boolean reachable() {
            return problem == null;
        }

        /** The shared connection to these brokers (rebuilt when the TLS material changed). */
        public KafkaConnection connection(KafkaConnections kafka) {
            return kafka.forBootstrap(bootstrapServers, tls);
        }
    }

    private final KubernetesClient client;
    private final Map<String, SharedIndexInformer<Cluster>> informers = new ConcurrentHashMap<>();

    private final OperatorCredentials credentials;

    public ClusterDirectory(KubernetesClient client, OperatorCredentials credentials) {
        this.client = client;
        this.credentials = credentials;
    }

    public Lookup lookup(String namespace, String name) {
        SharedIndexInformer<Cluster> informer = informers.computeIfAbsent(namespace,
                ns -> client.resources(Cluster.class).inNamespace(ns).runnableInformer(0).itemStore(new TrimmedItemStore<>()).run());
        Cluster cluster = informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
        if (cluster == null) {
            return new Lookup(null, null, null, new Refusal(Reason.ClusterNotFound, "Cluster " + name + " does not exist in namespace "
                    + namespace + "; create it or correct spec.cluster"));
        }
        String bootstrap = cluster.getStatus() == null ? null : cluster.getStatus().getBootstrapServers();
        if (bootstrap == null || bootstrap.isBlank()) {
            return new Lookup(cluster, null, null, new Refusal(Reason.ClusterNotReady, "Cluster " + name
                    + " has no bootstrap address yet; waiting for its brokers"));
        }
        if (!credentials.usesTls(cluster)) {
            return new Lookup(cluster, bootstrap, null, null);
        }
        // Internal TLS: the replication listener, over mutual TLS with the operator's own certificate, whatever the
        // client listeners are (their TLS and, later, authentication are the users').
        return credentials.forCluster(cluster)
                .map(tls -> new Lookup(cluster, BrookNames.replicationBootstrap(name, namespace), tls, null))
                .orElseGet(() -> new Lookup(cluster, null, null, new Refusal(Reason.ClusterNotReady, "the operator's certificate for "
                        + "Cluster " + name + " is not issued yet; waiting for the Cluster's reconcile")));
    }

    @PreDestroy
    void stop() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
