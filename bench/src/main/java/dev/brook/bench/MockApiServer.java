package dev.brook.bench;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.testkit.ExternalKafkaCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fabric8 mock Kubernetes API server in CRUD mode, plain HTTP on 127.0.0.1 and a free port, hosted by the
 * benchmark so the operator (its own process) and the benchmark's clients share one store. Its dispatcher counts writes.
 */
final class MockApiServer implements AutoCloseable {
    private final KubernetesMockServer server;
    private final ApiWriteCounter writes;
    private final KubernetesClient client;

    private MockApiServer(KubernetesMockServer server, ApiWriteCounter writes) {
        this.server = server;
        this.writes = writes;
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withTrustCerts(true)
                .withUserAgent(ApiWriteCounter.BENCH_USER_AGENT)
                .withRequestTimeout(60_000)
                .build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    static MockApiServer start() {
        ApiWriteCounter writes = new ApiWriteCounter();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), writes, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new MockApiServer(server, writes);
    }

    String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    KubernetesClient client() {
        return client;
    }

    ApiWriteCounter writes() {
        return writes;
    }

    /** Registers every CRD of crds/ (as the Helm chart installs them): the status subresource needs them. */
    void registerCrds(Path crdDir) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(crdDir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no CRDs in " + crdDir);
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
    }

    /**
     * A plaintext Cluster whose status points at a running Kafka cluster, as the cluster controller would write it
     * (that controller watches another namespace, so nothing overwrites it).
     */
    void registerCluster(String namespace, String name, String bootstrapServers) {
        ExternalKafkaCluster.register(client, namespace, name, bootstrapServers);
        var resource = client.resources(Cluster.class).inNamespace(namespace).withName(name);
        Deadline deadline = Deadline.in(Duration.ofSeconds(20), "status.bootstrapServers of Cluster " + namespace + "/" + name);
        while (true) {
            Cluster seen = resource.get();
            if (seen.getStatus() != null && bootstrapServers.equals(seen.getStatus().getBootstrapServers())) {
                return;
            }
            deadline.pause(Duration.ofMillis(100));
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
