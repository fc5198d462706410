package dev.brook.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.testing.CrdSchemas;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChartDeploymentTest {

    private static Deployment deployment(RenderedChart chart) {
        return StrictKubernetesModel.read(chart.one("Deployment"), Deployment.class);
    }

    private static Container operator(Deployment d) {
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Container c) {
        assertThat(c.getEnv()).allSatisfy(e -> assertThat(e.getValueFrom()).isNull());
        return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static String appVersion() throws Exception {
        return CrdSchemas.YAML.readTree(Helm.CHART.resolve("Chart.yaml").toFile()).path("appVersion").asText();
    }

    @Test
    void chartMetadata() throws Exception {
        var chart = CrdSchemas.YAML.readTree(Helm.CHART.resolve("Chart.yaml").toFile());
        assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
        assertThat(chart.path("name").asText()).isEqualTo("brook");
        assertThat(chart.path("version").asText()).isEqualTo("0.1.0");
        assertThat(appVersion()).isEqualTo("0.1.0");
    }

    @Test
    void oneReplicaOfTheOperatorImageWithItsConfiguration() throws Exception {
        Deployment d = deployment(ChartRenders.defaults());
        assertThat(d.getMetadata().getNamespace()).isEqualTo(ChartRenders.NAMESPACE);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getSelector().getMatchLabels()).isNotEmpty();
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as("selector matches the pod template")
                .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        Container c = operator(d);
        assertThat(c.getImage()).isEqualTo("ghcr.io/brook-dev/brook-operator:" + appVersion());
        assertThat(env(c)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("BROOK_NETWORK_POLICIES_ENABLED", "true"),
                Map.entry("BROOK_OPERATOR_NAMESPACE", ChartRenders.NAMESPACE),
                Map.entry("BROOK_OPERATOR_POD_LABELS", "app.kubernetes.io/name=brook,app.kubernetes.io/instance=brook"),
                Map.entry("QUARKUS_OPERATOR_SDK_NAMESPACES", ChartRenders.NAMESPACE),
                Map.entry("QUARKUS_LOG_CATEGORY__DEV_BROOK__LEVEL", "INFO"),
                Map.entry("BROOK_BROKER_IMAGE", "ghcr.io/brook-dev/brook-broker:" + appVersion()),
                Map.entry("BROOK_CLUSTER_DOMAIN", "cluster.local"),
                Map.entry("BROOK_TOPIC_RESYNC_INTERVAL", "PT2M"),
                Map.entry("BROOK_GROUP_REFRESH_INTERVAL", "PT15S"),
                Map.entry("JAVA_TOOL_OPTIONS", operatorImageJvmOptions())));
        ServiceAccount sa = StrictKubernetesModel.read(ChartRenders.defaults().one("ServiceAccount"), ServiceAccount.class);
        assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(sa.getMetadata().getName());
    }

    @Test
    void hardenedSecurityContext() {
        for (RenderedChart chart : new RenderedChart[] {ChartRenders.defaults(), ChartRenders.allOn()}) {
            PodSpec pod = deployment(chart).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            var sc = operator(deployment(chart)).getSecurityContext();
            assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
            assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
            assertThat(sc.getRunAsNonRoot()).isTrue();
            assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        }
    }

    @Test
    void tmpIsAWritableEmptyDirBecauseTheRootFilesystemIsReadOnly() {
        PodSpec pod = deployment(ChartRenders.defaults()).getSpec().getTemplate().getSpec();
        var mount = operator(deployment(ChartRenders.defaults())).getVolumeMounts().stream()
                .filter(m -> "/tmp".equals(m.getMountPath())).findFirst().orElseThrow(() -> new AssertionError("no /tmp mount"));
        assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getEmptyDir()).isNotNull();
        assertThat(volume.getEmptyDir().getSizeLimit()).isNotNull();
    }

    @Test
    void probesOnTheQuarkusHealthEndpoints() {
        Container c = operator(deployment(ChartRenders.defaults()));
        assertThat(c.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertProbe(c.getLivenessProbe(), "/q/health/live");
        assertProbe(c.getReadinessProbe(), "/q/health/ready");
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as("probe on " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as("probe port names the container port").isEqualTo("http");
        assertThat(probe.getPeriodSeconds()).isPositive();
        assertThat(probe.getTimeoutSeconds()).isPositive();
    }

    /** The operator image (operator/pom.xml, profile images) starts the JVM as the chart does. */
    private static String operatorImageJvmOptions() throws Exception {
        Matcher m = Pattern.compile("<brook.operator.jvm-options>([^<]+)</brook.operator.jvm-options>")
                .matcher(Files.readString(dev.brook.testing.RepoPaths.root().resolve("operator/pom.xml")));
        assertThat(m.find()).as("operator/pom.xml sets brook.operator.jvm-options").isTrue();
        return m.group(1);
    }

    @Test
    void jvmMemoryCapsFitTheMemoryLimit() {
        Container c = operator(deployment(ChartRenders.defaults()));
        String options = env(c).get("JAVA_TOOL_OPTIONS");
        long mib = 1024 * 1024;
        long heap = jvmSize(options, "-Xmx");
        assertThat(jvmSize(options, "-Xms")).as("fixed heap: no growth to find out at 10,000 Topics").isEqualTo(heap);
        long capped = heap + jvmSize(options, "-XX:MaxMetaspaceSize=") + jvmSize(options, "-XX:ReservedCodeCacheSize=")
                + jvmSize(options, "-XX:MaxDirectMemorySize=");
        // Thread stacks, GC structures and malloc arenas come on top of the capped pools: keep 48 MiB for them.
        assertThat(capped + 48 * mib).as("JVM caps + native headroom within the memory limit")
                .isLessThanOrEqualTo(c.getResources().getLimits().get("memory").getNumericalAmount().longValue());
        assertThat(options).contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError").doesNotContain("RAMPercentage");
    }

    private static long jvmSize(String options, String flag) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(flag) + "(\\d+)([kmg])").matcher(options);
        assertThat(m.find()).as(flag + " in " + options).isTrue();
        long unit = switch (m.group(2)) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    @Test
    void resourceRequestsAndLimitsAreSetAndConsistent() {
        for (RenderedChart chart : new RenderedChart[] {ChartRenders.defaults(), ChartRenders.allOn()}) {
            var resources = operator(deployment(chart)).getResources();
            for (String r : new String[] {"cpu", "memory"}) {
                Quantity request = resources.getRequests().get(r);
                Quantity limit = resources.getLimits().get(r);
                assertThat(request).as("request " + r).isNotNull();
                assertThat(limit).as("limit " + r).isNotNull();
                assertThat(limit.getNumericalAmount()).as(r + " limit >= request").isGreaterThanOrEqualTo(request.getNumericalAmount());
            }
        }
    }

    @Test
    void metricsServiceReachesTheOperatorPort() {
        RenderedChart chart = ChartRenders.defaults();
        Deployment d = deployment(chart);
        Service svc = StrictKubernetesModel.read(chart.one("Service"), Service.class);
        assertThat(svc.getSpec().getSelector()).isNotEmpty();
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(svc.getSpec().getSelector());
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo(operator(d).getPorts().get(0).getName());
        });
    }

    @Test
    void everyValueReachesTheDeployment() {
        Deployment d = deployment(ChartRenders.allOn());
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container c = operator(d);
        assertThat(c.getImage()).isEqualTo("ghcr.io/brook-dev/brook-operator:0.1.0-test");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getImagePullSecrets()).extracting("name").containsExactly("brook-registry");
        assertThat(pod.getServiceAccountName()).isEqualTo("brook-operator");
        assertThat(env(c)).containsAllEntriesOf(Map.of(
                "QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES",
                "QUARKUS_LOG_CATEGORY__DEV_BROOK__LEVEL", "DEBUG",
                "BROOK_BROKER_IMAGE", "registry.example.com/brook/brook-broker:0.1.0-test",
                "BROOK_CLUSTER_DOMAIN", "k8s.example.internal",
                "BROOK_RACK_CLUSTER_ROLE", "brook-broker-rack",
                "BROOK_TOPIC_RESYNC_INTERVAL", "PT5M",
                "BROOK_GROUP_REFRESH_INTERVAL", "PT30S",
                "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError",
                "TZ", "UTC"));
        assertThat(c.getResources().getLimits().get("memory")).isEqualTo(new Quantity("768Mi"));
        assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getValue()).isEqualTo("kafka"));
        assertThat(pod.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("example.com/owner", "streaming");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("example.com/tier", "control-plane");
        ServiceAccount sa = StrictKubernetesModel.read(ChartRenders.allOn().one("ServiceAccount"), ServiceAccount.class);
        assertThat(sa.getMetadata().getName()).isEqualTo("brook-operator");
        assertThat(sa.getMetadata().getAnnotations()).containsEntry("example.com/role", "brook");
    }

    @Test
    void watchedNamespacesBecomeTheOperatorsNamespaceList() {
        Deployment d = deployment(ChartRenders.with("watchNamespaces={team-a,team-b}"));
        assertThat(env(operator(d))).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b");
    }
}
