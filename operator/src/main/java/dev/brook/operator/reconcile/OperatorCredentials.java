package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.contract.TlsFiles;
import dev.brook.kafka.ClientTls;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterCertificates;
import dev.brook.model.ClusterTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's identity towards each cluster with internal TLS: its client certificate and the cluster CA bundle
 * from the {@code <cluster>-operator-tls} Secret, as inline PEM for the Admin clients (mutual TLS on the replication
 * listener). The Cluster reconcile hands over what it just wrote ({@link #remember}), so Topic and ConsumerGroup
 * reconciles never read the Secret; after a restart the first use reads it once. A connection made with older
 * material is rebuilt by {@link dev.brook.kafka.KafkaConnections}, so a renewed certificate or a new bundle is used
 * from the next request on.
 */
@Singleton
public class OperatorCredentials {
    private final KubernetesClient client;
    private final Map<String, ClientTls> byCluster = new ConcurrentHashMap<>();
    private final Map<String, Boolean> liveTls = new ConcurrentHashMap<>();

    public OperatorCredentials(KubernetesClient client) {
        this.client = client;
    }

    /** What the Cluster reconcile saw the pods run with (their inputs); null when none exist yet. */
    public void observed(Cluster cluster, Boolean internalTls) {
        if (internalTls == null) {
            liveTls.remove(key(cluster));
        } else {
            liveTls.put(key(cluster), internalTls);
        }
    }

    /**
     * Whether the operator must reach {@code cluster}'s brokers over mutual TLS: as its pods run (a refused switch
     * between plaintext and TLS changes nothing that runs), or as its spec says before the first Cluster reconcile.
     */
    public boolean usesTls(Cluster cluster) {
        Boolean live = liveTls.get(key(cluster));
        return live != null ? live : ClusterTls.internal(cluster);
    }

    /** The material for {@code cluster}'s Admin clients: null for plaintext clusters, empty while a TLS one lacks it. */
    public Optional<ClientTls> tlsFor(Cluster cluster) {
        return usesTls(cluster) ? forCluster(cluster) : Optional.empty();
    }

    /** The material to reach {@code cluster}'s brokers with; empty while its Secret does not exist (or is incomplete). */
    public Optional<ClientTls> forCluster(Cluster cluster) {
        String key = key(cluster);
        ClientTls known = byCluster.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Secret secret = client.secrets().inNamespace(cluster.getMetadata().getNamespace())
                .withName(BrookNames.operatorTls(cluster.getMetadata().getName())).get();
        Optional<ClientTls> read = secret == null ? Optional.empty() : from(ClusterCertificates.files(secret));
        read.ifPresent(tls -> byCluster.put(key, tls));
        return read;
    }

    /** What the Cluster reconcile wrote into the operator's Secret (file name to content). */
    public void remember(Cluster cluster, Map<String, byte[]> operatorSecret) {
        from(operatorSecret).ifPresentOrElse(tls -> byCluster.put(key(cluster), tls), () -> byCluster.remove(key(cluster)));
    }

    public void forget(Cluster cluster) {
        byCluster.remove(key(cluster));
        liveTls.remove(key(cluster));
    }

    static Optional<ClientTls> from(Map<String, byte[]> files) {
        byte[] bundle = files == null ? null : files.get(TlsFiles.CLUSTER_CA_BUNDLE);
        byte[] keyStore = files == null ? null : files.get(ClusterTls.OPERATOR_KEY_STORE);
        if (bundle == null || keyStore == null) {
            return Optional.empty();
        }
        return Optional.of(ClientTls.of(new String(bundle, StandardCharsets.UTF_8), new String(keyStore, StandardCharsets.UTF_8)));
    }

    private static String key(Cluster cluster) {
        return cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
    }
}
