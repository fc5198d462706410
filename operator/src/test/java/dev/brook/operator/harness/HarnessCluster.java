package dev.brook.operator.harness;

import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.JvmOptions;
import dev.brook.contract.TlsFiles;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterCertificates;
import dev.brook.model.ClusterTls;
import dev.brook.operator.reconcile.Conditions;
import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * One real cluster of a harness scenario class: the Cluster resource on the mock API, the operator, and the test
 * kubelet running its pods as agent processes on its own loopback block. Each scenario class starts its own (so
 * no class depends on another) and its tests leave it Ready and up to date for the next one, in any order.
 */
final class HarnessCluster implements AutoCloseable {
    static final String NAME = "alpha";
    /** The brokers' settings every scenario starts from. */
    static final Map<String, String> BASE_CONFIG = Map.of("min.insync.replicas", "2", "group.initial.rebalance.delay.ms", "0");
    private static final AtomicInteger STATIC_CHANGES = new AtomicInteger(100);

    final KubernetesClient client;
    final String namespace;
    final TestKubelet kubelet;
    /** From the Cluster's creation to its first Ready. */
    private Duration startedIn;

    private HarnessCluster(KubernetesClient client, String namespace, TestKubelet kubelet) {
        this.client = client;
        this.namespace = namespace;
        this.kubelet = kubelet;
    }

    /** Creates a 3 + 3 cluster in {@code namespace}, its pods on 127.0.{addressBlock}.x, and waits until it is Ready. */
    static HarnessCluster start(KubernetesClient client, String namespace, int addressBlock) {
        return start(client, namespace, addressBlock, c -> {
        });
    }

    /** Like {@link #start(KubernetesClient, String, int)}, with the spec changed by {@code customize} before it is created. */
    static HarnessCluster start(KubernetesClient client, String namespace, int addressBlock, Consumer<Cluster> customize) {
        TestKubelet kubelet = Harness.kubelet(client, namespace, addressBlock);
        Cluster cluster = new Cluster();
        cluster.setSpec(new ClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(namespace).build());
        cluster.getSpec().getZookeeper().setJvmOptions(heap("128m", "192m"));
        cluster.getSpec().getBrokers().setJvmOptions(heap("256m", "384m"));
        cluster.getSpec().getBrokers().setConfig(new TreeMap<>(BASE_CONFIG));
        customize.accept(cluster);
        Instant created = Instant.now();
        client.resource(cluster).create();
        HarnessCluster h = new HarnessCluster(client, namespace, kubelet);
        try {
            h.awaitReady(Duration.ofSeconds(240));
        } catch (RuntimeException | Error e) {
            h.close();
            throw e;
        }
        h.startedIn = Duration.between(created, Instant.now());
        return h;
    }

    Duration startedIn() {
        return startedIn;
    }

    Cluster cluster() {
        return client.resources(Cluster.class).inNamespace(namespace).withName(NAME).get();
    }

    Cluster awaitReady(Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(this::cluster,
                c -> c != null && c.getStatus() != null && Conditions.isTrue(c.getStatus().getConditions(), "Ready"));
    }

    /** Ready, and no roll going on (a roll that never happened counts as up to date). */
    Cluster awaitSettled(Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(this::cluster, c -> c != null && c.getStatus() != null
                && Conditions.isTrue(c.getStatus().getConditions(), "Ready") && reason(c, "RollingRestart", "UpToDate").equals("UpToDate"));
    }

    /** Waits until {@code expectedStarts} pod starts happened and the cluster is Ready with the roll UpToDate. */
    void awaitRolled(Duration timeout, int expectedStarts) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            Cluster c = cluster();
            return kubelet.starts().size() >= expectedStarts && Conditions.isTrue(c.getStatus().getConditions(), "Ready")
                    && "UpToDate".equals(reason(c, "RollingRestart", null));
        });
    }

    void edit(Consumer<Cluster> change) {
        KafkaTestCluster.retryOnConflict(() -> client.resources(Cluster.class).inNamespace(namespace).withName(NAME).edit(c -> {
            change.accept(c);
            return c;
        }));
    }

    void setBrokerConfig(Map<String, String> config) {
        edit(c -> c.getSpec().getBrokers().setConfig(new TreeMap<>(config)));
    }

    /** The base settings plus a static key with a value no earlier change used: every broker must restart. */
    Map<String, String> changedStaticConfig() {
        Map<String, String> config = new TreeMap<>(BASE_CONFIG);
        config.put("log.retention.hours", Integer.toString(STATIC_CHANGES.incrementAndGet()));
        return config;
    }

    /** Pod starts since the {@code from}-th start. */
    List<String> startsSince(int from) {
        List<String> starts = kubelet.starts();
        return starts.subList(from, starts.size());
    }

    /**
     * A ZooKeeper client's settings for this cluster's TLS-only client port: mutual TLS with the operator's certificate
     * and the cluster CA bundle from the operator's Secret, written to files (ZooKeeper reads PEM stores from files).
     */
    ZKClientConfig zookeeperClientConfig() throws java.io.IOException {
        Secret secret = client.secrets().inNamespace(namespace).withName(BrookNames.operatorTls(NAME)).get();
        Map<String, byte[]> files = ClusterCertificates.files(secret);
        Path dir = Files.createDirectories(kubelet.runtime().workRoot().resolve("zookeeper-client-" + namespace));
        Path keyStore = Files.write(dir.resolve(ClusterTls.OPERATOR_KEY_STORE), files.get(ClusterTls.OPERATOR_KEY_STORE));
        Path bundle = Files.write(dir.resolve(TlsFiles.CLUSTER_CA_BUNDLE), files.get(TlsFiles.CLUSTER_CA_BUNDLE));
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        config.setProperty("zookeeper.ssl.keyStore.location", keyStore.toString());
        config.setProperty("zookeeper.ssl.keyStore.type", "PEM");
        config.setProperty("zookeeper.ssl.trustStore.location", bundle.toString());
        config.setProperty("zookeeper.ssl.trustStore.type", "PEM");
        // The probe connects by loopback address, which the servers' certificates do not name.
        config.setProperty("zookeeper.ssl.hostnameVerification", "false");
        return config;
    }

    /** The agent's {@code /status} of {@code pod}, empty while it does not answer or the kubelet has not started (or has removed) it. */
    String status(String pod) {
        return kubelet.runtime().pod(pod)
                .flatMap(p -> dev.brook.local.AgentStatus.read(p.spec().bindAddress(), p.spec().healthPort()))
                .map(dev.brook.local.AgentStatus::json).orElse("");
    }

    String pod(String component, int ordinal) {
        return NAME + "-" + component + "-" + ordinal;
    }

    static Condition ready(Cluster c) {
        return Conditions.find(c.getStatus().getConditions(), "Ready").orElseThrow();
    }

    /** The reason of condition {@code type}, or {@code absent} when the status has none. */
    static String reason(Cluster c, String type, String absent) {
        return Conditions.find(c.getStatus().getConditions(), type).map(Condition::getReason).orElse(absent);
    }

    private static JvmOptions heap(String xms, String xmx) {
        JvmOptions j = new JvmOptions();
        j.setXms(xms);
        j.setXmx(xmx);
        return j;
    }

    /** Deletes the Cluster (so the operator stops reconciling it), then stops every process. */
    @Override
    public void close() {
        try {
            client.resources(Cluster.class).inNamespace(namespace).withName(NAME).delete();
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster() == null);
        } finally {
            kubelet.close();
        }
    }
}
