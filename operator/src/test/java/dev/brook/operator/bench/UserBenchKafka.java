package dev.brook.operator.bench;

import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.AuthorizationSpec;
import dev.brook.api.v1alpha1.BrokersSpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterStatus;
import dev.brook.api.v1alpha1.ListenerAuthentication;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerStatus;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.contract.Listener;
import dev.brook.local.LocalKafkaCluster;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterCertificates;
import dev.brook.operator.testing.KafkaTestCluster;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.Subject;
import dev.brook.pki.Validity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * bench/users' Kafka: 1 ZooKeeper + 3 brokers (plaintext) with Kafka's ACL authorizer and a second client listener that
 * takes SCRAM-SHA-512 (SASL_PLAINTEXT), on 127.0.{block}.x, started before the class and closed after it; plus an Admin
 * client on the plaintext CLIENT listener. That listener does not authenticate, so its clients are {@code User:ANONYMOUS},
 * and {@code User:ANONYMOUS} is the only super user: the operator's and the floor's Admin clients (and the brokers on
 * the plaintext inter-broker listener) must be allowed everything. A benchmark shortcut: a real Brook cluster names its
 * operator and brokers by certificate DN over mutual TLS.
 *
 * <p>{@link #register} puts a matching {@code Cluster} on the mock API, as the cluster controller would: the listener
 * with {@code authentication: scram-sha-512} in its spec, its bootstrap address in status.listeners, the CLIENT
 * listener's in status.bootstrapServers, and the {@code <cluster>-cluster-ca-cert} Secret the User reconciler copies
 * into each user's Secret.
 */
final class UserBenchKafka implements BeforeAllCallback, AfterAllCallback {
    /** The listener's name in Kafka and its port; the Cluster resource calls it {@value #SPEC_LISTENER}. */
    static final String SCRAM_LISTENER = "SCRAM";
    static final int SCRAM_PORT = 9096;
    static final String SPEC_LISTENER = "scram";
    static final String SUPER_USER = "User:ANONYMOUS";

    private final String name;
    private final int addressBlock;
    private LocalKafkaCluster cluster;
    private Admin admin;

    UserBenchKafka(String name, int addressBlock) {
        this.name = name;
        this.addressBlock = addressBlock;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = LocalKafkaCluster.builder(name)
                .zookeepers(1)
                .brokers(3)
                .addressBlock(addressBlock)
                .jvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS)
                .brokerConfig("offsets.topic.replication.factor", "3")
                .brokerConfig("group.initial.rebalance.delay.ms", "0")
                .authenticatedListener(SCRAM_LISTENER, SCRAM_PORT, Listener.AUTH_SCRAM, 0)
                .authorization(List.of(SUPER_USER))
                .startTimeout(Duration.ofSeconds(120))
                .start();
        admin = KafkaTestCluster.admin(cluster);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    LocalKafkaCluster cluster() {
        return cluster;
    }

    Admin admin() {
        return admin;
    }

    /** bootstrap.servers of the SCRAM listener. */
    String scramBootstrap() {
        return cluster.bootstrapServers(SCRAM_LISTENER);
    }

    /**
     * The Cluster resource (through {@link KafkaTestCluster#register}, then its spec and status extended for users) and
     * its cluster CA Secret.
     */
    Cluster register(KubernetesClient client, String namespace, String clusterName) {
        KafkaTestCluster.register(client, namespace, clusterName, cluster);
        var resource = client.resources(Cluster.class).inNamespace(namespace).withName(clusterName);
        KafkaTestCluster.retryOnConflict(() -> resource.edit(c -> {
            ListenerSpec scram = new ListenerSpec(SPEC_LISTENER, SCRAM_PORT, ListenerType.INTERNAL);
            scram.setTls(false);
            ListenerAuthentication auth = new ListenerAuthentication();
            auth.setType(ListenerAuthentication.Type.SCRAM_SHA_512);
            auth.setAllowPlaintext(true);
            auth.setReauthenticationSeconds(0);
            scram.setAuthentication(auth);
            if (c.getSpec().getBrokers() == null) {
                c.getSpec().setBrokers(new BrokersSpec());
            }
            c.getSpec().getBrokers().setListeners(new ArrayList<>(List.of(scram)));
            AuthorizationSpec authorization = new AuthorizationSpec();
            authorization.setType(AuthorizationSpec.Type.SIMPLE);
            authorization.setSuperUsers(List.of(SUPER_USER));
            c.getSpec().getSecurity().setAuthorization(authorization);
            return c;
        }));
        KafkaTestCluster.retryOnConflict(() -> {
            Cluster current = resource.get();
            ClusterStatus status = current.getStatus() == null ? new ClusterStatus() : current.getStatus();
            status.setBootstrapServers(cluster.bootstrapServers());
            status.setListeners(new ArrayList<>(List.of(new ListenerStatus(SPEC_LISTENER, "internal", scramBootstrap()))));
            current.setStatus(status);
            client.resource(current).updateStatus();
        });
        CertificateAuthority ca = CertificateAuthority.create(Subject.of(clusterName + "-cluster-ca-0"),
                Validity.of(Instant.now().minusSeconds(60), Duration.ofDays(365)));
        client.resource(new SecretBuilder().withNewMetadata().withName(BrookNames.clusterCaCert(clusterName)).withNamespace(namespace)
                .endMetadata().withType("Opaque")
                .withData(Map.of(ClusterCertificates.CA_CERT, Base64.getEncoder().encodeToString(ca.certificatePem().getBytes(StandardCharsets.UTF_8))))
                .build()).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Cluster c = resource.get();
            return c.getStatus() != null && c.getStatus().getListeners() != null && !c.getStatus().getListeners().isEmpty()
                    && c.getSpec().getBrokers() != null && c.getSpec().getBrokers().getListeners() != null
                    && !c.getSpec().getBrokers().getListeners().isEmpty();
        });
        return resource.get();
    }
}
