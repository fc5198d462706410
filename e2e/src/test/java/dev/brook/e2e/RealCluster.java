package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Brook installed on the real cluster the suite runs against (KUBECONFIG), once per test JVM
 * ({@link RealClusterExtension} shares it; any test class may be the first to ask for it):
 * a fresh namespace {@code brook-e2e-<id>}, the CRDs from {@code crds/} applied server-side (Helm never
 * upgrades {@code crds/}, so a reused cluster would otherwise keep old ones), and the chart installed there
 * with {@code --skip-crds} as release {@code <namespace>} (unique, so the chart's cluster-scoped objects never
 * collide with a kept earlier run). {@link #close()} deletes the Brook resources first (their finalizers need
 * the operator), then uninstalls the chart, then deletes the namespace, each wait bounded.
 */
final class RealCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Field manager of the suite's own server-side applies of the CRDs. */
    static final String E2E_MANAGER = "brook-e2e";
    static final String API_VERSION = "brook.dev/v1alpha1";
    /** Brook's kinds, in deletion order: a ConsumerGroup's and a Topic's finalizers need their Cluster running. */
    /** Brook's kinds, in the order they are deleted: a Cluster last (Topics and Users with policy Delete need it). */
    static final List<String> KINDS = List.of("ConsumerGroup", "Topic", "User", "Cluster");
    static final Duration CLEANUP = timeout("BROOK_E2E_CLEANUP_TIMEOUT", Duration.ofMinutes(5));

    final KubernetesClient client = new KubernetesClientBuilder().build();
    final String namespace;
    final String release;
    final Path repo = Examples.repoRoot();
    private final AtomicBoolean failed = new AtomicBoolean();
    private String helm;

    private RealCluster() {
        this.namespace = "brook-e2e-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        this.release = namespace;
    }

    /** Namespace, CRDs and chart; on failure cleans up (unless kept, see {@link #close()}) and rethrows. */
    static RealCluster install() {
        RealCluster k8s = new RealCluster();
        try {
            k8s.client.resource(new NamespaceBuilder().withNewMetadata().withName(k8s.namespace).endMetadata().build()).create();
            log("namespace " + k8s.namespace + " created");
            k8s.applyCrds();
            k8s.installChart();
            return k8s;
        } catch (Exception | AssertionError e) {
            k8s.markFailed();
            try {
                k8s.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof AssertionError a) {
                throw a;
            }
            throw new IllegalStateException("installing Brook failed", e);
        }
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

    /** A test failed: with BROOK_E2E_KEEP=on-failure everything stays for a look. */
    void markFailed() {
        failed.set(true);
    }

    private boolean keep() {
        String keep = setting("BROOK_E2E_KEEP", "false");
        return "true".equalsIgnoreCase(keep) || ("on-failure".equalsIgnoreCase(keep) && failed.get());
    }

    /**
     * Server-side apply (field manager {@value #E2E_MANAGER}, forced) of every CRD in {@code crds/}, as users
     * upgrading do with {@code kubectl apply --server-side -f crds/}, then waits until each is Established.
     */
    void applyCrds() throws IOException {
        List<String> names = new ArrayList<>();
        for (ObjectNode doc : crdFiles(repo)) {
            GenericKubernetesResource crd = Serialization.unmarshal(doc.toString(), GenericKubernetesResource.class);
            client.resource(crd).fieldManager(E2E_MANAGER).forceConflicts().serverSideApply();
            names.add(crd.getMetadata().getName());
        }
        log("CRDs applied server-side (field manager " + E2E_MANAGER + "): " + names);
        for (String name : names) {
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(crd -> crd != null
                    && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                    2, TimeUnit.MINUTES);
        }
    }

    /** The CRD documents of {@code crds/*.yaml}. */
    static List<ObjectNode> crdFiles(Path repo) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (var files = Files.list(repo.resolve("crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                YAMLFactory yaml = new YAMLFactory();
                for (Iterator<ObjectNode> it = new ObjectMapper(yaml).readValues(yaml.createParser(file.toFile()), ObjectNode.class);
                        it.hasNext();) {
                    ObjectNode doc = it.next();
                    if (doc != null && "CustomResourceDefinition".equals(doc.path("kind").asText())) {
                        docs.add(doc);
                    }
                }
            }
        }
        return docs;
    }

    /** {@code helm install --skip-crds} of helm/brook into this namespace, with the operator and broker images under test. */
    private void installChart() throws IOException, InterruptedException {
        String operatorImage = setting("BROOK_OPERATOR_IMAGE", "localhost/brook-operator:dev");
        String brokerImage = setting("BROOK_BROKER_IMAGE", "localhost/brook-broker:dev");
        List<String> command = new ArrayList<>(List.of(helm(), "install", release, repo.resolve("helm/brook").toString(),
                "--namespace", namespace, "--skip-crds", "--wait", "--timeout", "5m",
                "--set", "image.repository=" + repositoryOf(operatorImage), "--set", "image.tag=" + tagOf(operatorImage),
                "--set", "image.pullPolicy=" + setting("BROOK_IMAGE_PULL_POLICY", "IfNotPresent"),
                "--set", "brokerImage.repository=" + repositoryOf(brokerImage), "--set", "brokerImage.tag=" + tagOf(brokerImage),
                "--set", "logLevel=DEBUG", "--set", "groupRefreshInterval=PT5S"));
        log("helm install: " + String.join(" ", command));
        log(run(command, Duration.ofMinutes(6)));
    }

    private String helm() throws IOException, InterruptedException {
        if (helm == null) {
            String configured = setting("BROOK_HELM", null);
            helm = configured != null ? configured
                    : run(List.of("bash", repo.resolve("helm/tools/helm-binary.sh").toString()), Duration.ofMinutes(3)).trim();
        }
        return helm;
    }

    /**
     * Server-side apply of a manifest into this namespace with the given field manager (as Argo CD or
     * {@code kubectl apply --server-side} would).
     */
    GenericKubernetesResource apply(ObjectNode manifest, String fieldManager) {
        GenericKubernetesResource object = Serialization.unmarshal(manifest.toString(), GenericKubernetesResource.class);
        object.getMetadata().setNamespace(namespace);
        return client.resource(object).fieldManager(fieldManager).forceConflicts().serverSideApply();
    }

    Resource<GenericKubernetesResource> resource(String kind, String name) {
        return client.genericKubernetesResources(API_VERSION, kind).inNamespace(namespace).withName(name);
    }

    private List<GenericKubernetesResource> all(String kind) {
        return client.genericKubernetesResources(API_VERSION, kind).inNamespace(namespace).list().getItems();
    }

    /**
     * Deletes every ConsumerGroup, then every Topic, then every Cluster in the namespace and waits (bounded by
     * BROOK_E2E_CLEANUP_TIMEOUT per kind) until each kind is gone: the operator's finalizers must have run.
     *
     * @return what was still there when a wait ran out (empty when all went)
     */
    List<String> deleteBrookResources() {
        List<String> left = new ArrayList<>();
        for (String kind : KINDS) {
            List<GenericKubernetesResource> items;
            try {
                items = all(kind);
            } catch (KubernetesClientException e) {
                log("cannot list " + kind + " (" + e.getCode() + "), nothing to delete");
                continue;
            }
            if (items.isEmpty()) {
                continue;
            }
            log("deleting " + items.size() + " " + kind + "(s)");
            client.genericKubernetesResources(API_VERSION, kind).inNamespace(namespace).delete();
            if (!waitUntil(() -> all(kind).isEmpty(), CLEANUP)) {
                all(kind).forEach(r -> left.add(kind + "/" + r.getMetadata().getName() + " (finalizers "
                        + r.getMetadata().getFinalizers() + ", Ready: " + readyLine(r) + ")"));
            }
        }
        return left;
    }

    /**
     * Reconciles of {@code kind} the operator has finished so far, read from its Prometheus endpoint
     * ({@code brook_reconcile_seconds_count}) through the API server's proxy to the chart's metrics Service.
     */
    long reconciles(String kind) {
        List<Service> services = client.services().inNamespace(namespace)
                .withLabel("app.kubernetes.io/instance", release).withLabel("app.kubernetes.io/component", "operator-metrics")
                .list().getItems();
        assertThat(services).as("the chart's metrics Service").hasSize(1);
        String text = client.raw("/api/v1/namespaces/" + namespace + "/services/" + services.get(0).getMetadata().getName()
                + ":http/proxy/q/metrics");
        assertThat(text).as("operator metrics through the API server proxy").isNotNull();
        return reconcileCount(text, kind);
    }

    private static final Pattern RECONCILE_COUNT = Pattern.compile("^brook_reconcile_seconds_count\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);

    /** The sum of {@code brook_reconcile_seconds_count} over the outcomes of {@code kind} in a Prometheus text page. */
    static long reconcileCount(String prometheusText, String kind) {
        double sum = 0;
        Matcher m = RECONCILE_COUNT.matcher(prometheusText);
        while (m.find()) {
            if (m.group(1).contains("kind=\"" + kind + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return (long) sum;
    }

    /** Waits (bounded) until the operator has finished at least {@code passes} more reconciles of {@code kind}. */
    void awaitReconciles(String kind, int passes, Duration timeout) {
        long before = reconciles(kind);
        log("waiting up to " + timeout.toSeconds() + " s for " + passes + " more " + kind + " reconciles (now " + before + ")");
        if (!waitUntil(() -> reconciles(kind) >= before + passes, timeout)) {
            throw new AssertionError("the operator did not reconcile " + kind + " " + passes + " more times within "
                    + timeout.toSeconds() + " s (" + before + " -> " + reconciles(kind) + ")");
        }
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

    /** Polls {@code done} every 2 s until it holds or {@code timeout} passes; errors while polling count as "not yet". */
    static boolean waitUntil(BooleanSupplier done, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(done::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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

    /**
     * Cleans up in the only order that cannot hang: Brook resources first (the operator removes their
     * finalizers), then the chart, then the namespace. BROOK_E2E_KEEP=true keeps everything, =on-failure keeps
     * it when a test failed. Whatever went wrong is reported after every step has run.
     */
    @Override
    public void close() {
        if (keep()) {
            log("namespace " + namespace + " and release " + release + " kept (BROOK_E2E_KEEP=" + setting("BROOK_E2E_KEEP", "") + ")");
            client.close();
            return;
        }
        List<String> problems = new ArrayList<>();
        try {
            List<String> left = deleteBrookResources();
            if (!left.isEmpty()) {
                problems.add("not deleted within " + CLEANUP.toSeconds() + " s: " + left);
            }
            uninstallChart(problems);
            releaseStuckResources(problems);
            client.namespaces().withName(namespace).delete();
            if (waitUntil(() -> client.namespaces().withName(namespace).get() == null, CLEANUP)) {
                log("namespace " + namespace + " deleted");
            } else {
                problems.add("namespace " + namespace + " still there after " + CLEANUP.toSeconds() + " s");
            }
        } catch (RuntimeException e) {
            problems.add(e.toString());
        } finally {
            client.close();
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cleanup of " + namespace + ": " + String.join("; ", problems));
        }
    }

    private void uninstallChart(List<String> problems) {
        try {
            log(run(List.of(helm(), "uninstall", release, "--namespace", namespace, "--wait", "--timeout", "3m"), Duration.ofMinutes(4)));
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            problems.add("helm uninstall failed: " + e.getMessage());
        }
    }

    /**
     * Brook resources still there once the operator is gone keep their finalizers forever and would block
     * the namespace: remove the finalizers (already reported as a problem by {@link #deleteBrookResources}).
     */
    private void releaseStuckResources(List<String> problems) {
        for (String kind : KINDS) {
            try {
                for (GenericKubernetesResource r : all(kind)) {
                    problems.add("finalizers of " + kind + "/" + r.getMetadata().getName() + " removed by the suite");
                    resource(kind, r.getMetadata().getName()).edit(live -> {
                        live.getMetadata().setFinalizers(List.of());
                        return live;
                    });
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    problems.add("listing " + kind + ": " + e.getMessage());
                }
            }
        }
    }
}
