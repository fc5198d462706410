package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real cluster the e2e suite runs against (KUBECONFIG): a client, one namespace per run, the
 * chart installed with the real {@code helm} binary, and bounded waits on Brook's {@code Ready}
 * condition (what {@code kubectl wait --for=condition=Ready} does).
 */
final class RealCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RELEASE = "brook";

    final KubernetesClient client = new KubernetesClientBuilder().build();
    final String namespace;
    final Path repo = repoRoot();

    RealCluster(String namespacePrefix) {
        this.namespace = namespacePrefix + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        log("namespace " + namespace + " created");
    }

    /** Environment or system property, else the default: image names and timeouts are configurable. */
    static String setting(String name, String defaultValue) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? defaultValue : value;
    }

    static Duration timeout(String name, Duration defaultValue) {
        return Duration.parse(setting(name, defaultValue.toString()));
    }

    static void log(String line) {
        System.out.println("[e2e] " + line);
    }

    /** {@code helm install} of helm/brook into this namespace, with the operator and broker images under test. */
    void installChart() throws IOException, InterruptedException {
        String helm = setting("BROOK_HELM", null);
        if (helm == null) {
            helm = run(List.of("bash", repo.resolve("helm/tools/helm-binary.sh").toString()), Duration.ofMinutes(3)).trim();
        }
        String operatorImage = setting("BROOK_OPERATOR_IMAGE", "localhost/brook-operator:dev");
        String brokerImage = setting("BROOK_BROKER_IMAGE", "localhost/brook-broker:dev");
        List<String> command = new ArrayList<>(List.of(helm, "upgrade", "--install", RELEASE, repo.resolve("helm/brook").toString(),
                "--namespace", namespace, "--wait", "--timeout", "5m",
                "--set", "image.repository=" + repositoryOf(operatorImage), "--set", "image.tag=" + tagOf(operatorImage),
                "--set", "image.pullPolicy=" + setting("BROOK_IMAGE_PULL_POLICY", "IfNotPresent"),
                "--set", "brokerImage.repository=" + repositoryOf(brokerImage), "--set", "brokerImage.tag=" + tagOf(brokerImage),
                "--set", "logLevel=DEBUG", "--set", "groupRefreshInterval=PT5S"));
        String kubeconfig = System.getenv("KUBECONFIG");
        command.addAll(List.of("--kubeconfig", kubeconfig.split(java.io.File.pathSeparator)[0]));
        log("helm install: " + String.join(" ", command));
        log(run(command, Duration.ofMinutes(6)));
    }

    void uninstallChart() {
        try {
            String helm = setting("BROOK_HELM", null);
            if (helm == null) {
                helm = run(List.of("bash", repo.resolve("helm/tools/helm-binary.sh").toString()), Duration.ofMinutes(3)).trim();
            }
            log(run(List.of(helm, "uninstall", RELEASE, "--namespace", namespace, "--wait", "--timeout", "3m",
                    "--kubeconfig", System.getenv("KUBECONFIG").split(java.io.File.pathSeparator)[0]), Duration.ofMinutes(4)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            log("helm uninstall failed: " + e.getMessage());
        }
    }

    /**
     * The examples as a user applies them, made to fit a laptop cluster (kind, k3d): smaller requests
     * and volumes, no rack awareness (needs the chart's node-reading option) and only the internal
     * listener (a NodePort listener waits for node addresses). Three ZooKeepers and three brokers stay:
     * the rolling restart under acks=all needs min.insync.replicas=2 of 3.
     */
    List<ObjectNode> examples() throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var files = Files.list(repo.resolve("examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Iterator<ObjectNode> it = yaml.readValues(new YAMLFactory().createParser(file.toFile()), ObjectNode.class); it.hasNext();) {
                    ObjectNode doc = it.next();
                    if (doc != null && doc.hasNonNull("kind")) {
                        docs.add(doc);
                    }
                }
            }
        }
        for (ObjectNode doc : docs) {
            if ("Cluster".equals(doc.path("kind").asText())) {
                ObjectNode spec = (ObjectNode) doc.get("spec");
                ObjectNode zk = (ObjectNode) spec.get("zookeeper");
                zk.set("resources", JSON.readTree("{\"requests\":{\"cpu\":\"50m\",\"memory\":\"256Mi\"},\"limits\":{\"memory\":\"384Mi\"}}"));
                zk.set("jvmOptions", JSON.readTree("{\"xms\":\"64m\",\"xmx\":\"128m\"}"));
                ObjectNode brokers = (ObjectNode) spec.get("brokers");
                brokers.set("resources", JSON.readTree("{\"requests\":{\"cpu\":\"100m\",\"memory\":\"640Mi\"},\"limits\":{\"memory\":\"768Mi\"}}"));
                brokers.set("jvmOptions", JSON.readTree("{\"xms\":\"256m\",\"xmx\":\"384m\"}"));
                ((ObjectNode) brokers.get("storage")).put("size", "1Gi");
                brokers.remove("rack");
                brokers.set("listeners", JSON.readTree("[{\"name\":\"plain\",\"port\":9092,\"type\":\"internal\"}]"));
            }
        }
        return docs;
    }

    /** Server-side apply of a manifest with the given field manager (as Argo CD or {@code kubectl apply --server-side} would). */
    GenericKubernetesResource apply(ObjectNode manifest, String fieldManager) {
        GenericKubernetesResource object = Serialization.unmarshal(manifest.toString(), GenericKubernetesResource.class);
        object.getMetadata().setNamespace(namespace);
        return client.resource(object).fieldManager(fieldManager).forceConflicts().serverSideApply();
    }

    Resource<GenericKubernetesResource> resource(String kind, String name) {
        return client.genericKubernetesResources("brook.dev/v1alpha1", kind).inNamespace(namespace).withName(name);
    }

    static JsonNode json(Object o) {
        return JSON.valueToTree(o);
    }

    static JsonNode status(GenericKubernetesResource r) {
        return r == null ? JSON.createObjectNode() : json(r.getAdditionalProperties().get("status"));
    }

    /** The Ready condition is True for the current generation (kubectl wait --for=condition=Ready). */
    static boolean isReady(GenericKubernetesResource r) {
        if (r == null) {
            return false;
        }
        for (JsonNode c : status(r).path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText())
                        && c.path("observedGeneration").asLong(-1) == r.getMetadata().getGeneration();
            }
        }
        return false;
    }

    static String readyLine(GenericKubernetesResource r) {
        for (JsonNode c : status(r).path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return c.path("status").asText() + " " + c.path("reason").asText() + ": " + c.path("message").asText();
            }
        }
        return "no Ready condition yet";
    }

    /** Waits, bounded, until the resource satisfies {@code condition}; fails with its last Ready condition. */
    GenericKubernetesResource waitFor(String kind, String name, Predicate<GenericKubernetesResource> condition, Duration timeout) {
        log("waiting up to " + timeout.toSeconds() + " s for " + kind + "/" + name);
        try {
            return resource(kind, name).waitUntilCondition(r -> r != null && condition.test(r), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            GenericKubernetesResource last = resource(kind, name).get();
            throw new AssertionError(kind + "/" + name + " not as expected within " + timeout.toSeconds() + " s; Ready: "
                    + (last == null ? "resource missing" : readyLine(last)), e);
        }
    }

    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out;
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
        }
        out = p.getInputStream().readAllBytes();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + " exit code; output:\n" + text).isZero();
        return text;
    }

    static String repositoryOf(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    static String tagOf(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("helm/brook/Chart.yaml")) && Files.exists(dir.resolve("examples"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    /** Deletes the namespace unless BROOK_E2E_KEEP=true (to look at what a failed run left). */
    @Override
    public void close() {
        if (Boolean.parseBoolean(setting("BROOK_E2E_KEEP", "false"))) {
            log("namespace " + namespace + " kept (BROOK_E2E_KEEP=true)");
        } else {
            client.namespaces().withName(namespace).delete();
            log("namespace " + namespace + " deleted");
        }
        client.close();
    }
}
