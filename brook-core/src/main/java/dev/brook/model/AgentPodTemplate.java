package dev.brook.model;

import dev.brook.contract.PodEndpoints;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodPaths;
import dev.brook.contract.PodPorts;
import dev.brook.contract.Role;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.JvmOptions;
import dev.brook.api.v1alpha1.StorageSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The StatefulSet both roles share: the broker image's pod contract (launcher + role argument, env,
 * inputs ConfigMap, data volume, health and metrics ports, probes) with a locked-down pod.
 *
 * @param rackTopologyKey node label for broker.rack, or null (then no rack init container, no spread)
 * @param tlsSecret       the Secret mounted at the TLS dir ({@link dev.brook.contract.TlsFiles}), or null without TLS
 */
record AgentPodTemplate(Cluster cluster, Role role, BrookLabels.Component component, String name, int replicas,
                        String image, String inputsConfigMap, String configHash, List<ContainerPort> ports,
                        JvmOptions jvmOptions, ResourceRequirements resources, StorageSpec storage,
                        String defaultStorageSize, int shutdownTimeoutSeconds, String rackTopologyKey,
                        boolean metricsEnabled, String tlsSecret) {

    static final long USER_ID = 1001L;
    /** Grace beyond the agent's own shutdown bound, so the agent (not the kubelet's SIGKILL) ends the stop. */
    static final int GRACE_MARGIN_SECONDS = 30;
    static final String INPUTS_VOLUME = "inputs";
    static final String TMP_VOLUME = "tmp";
    static final String RACK_VOLUME = "rack";
    static final String TLS_VOLUME = "tls";
    static final String TMP_DIR = "/tmp";
    static final String RACK_DIR = "/etc/brook/rack";
    static final String LAUNCHER = PodPaths.IMAGE_HOME + "/" + PodPaths.LAUNCHER;
    /** Init container argument that writes the node's rack label to {@link PodEnvironment#RACK_FILE} (see BrokerSet). */
    static final String RACK_INIT_ARGUMENT = "rack";
    static final String NODE_NAME_ENV = "BROOK_NODE_NAME";
    static final String RACK_TOPOLOGY_KEY_ENV = "BROOK_RACK_TOPOLOGY_KEY";
    static final String HOSTNAME_TOPOLOGY_KEY = "kubernetes.io/hostname";
    /** The service-account token, CA and namespace, for the rack init container only (the usual in-cluster path). */
    static final String API_TOKEN_VOLUME = "api-token";
    static final String API_TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final long API_TOKEN_EXPIRATION_SECONDS = 3607L;

    private String clusterName() {
        return cluster.getMetadata().getName();
    }

    static ContainerPort port(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    StatefulSet statefulSet() {
        Map<String, String> selector = BrookLabels.selector(clusterName(), component);
        return new StatefulSetBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, name, component))
                .withNewSpec()
                    .withServiceName(name)
                    .withReplicas(replicas)
                    .withPodManagementPolicy("Parallel")
                    .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewPersistentVolumeClaimRetentionPolicy()
                        .withWhenDeleted(Boolean.TRUE.equals(storage == null ? null : storage.getDeleteClaim()) ? "Delete" : "Retain")
                        .withWhenScaled("Retain")
                    .endPersistentVolumeClaimRetentionPolicy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(BrookLabels.labels(clusterName(), component))
                            .withAnnotations(podAnnotations())
                        .endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(BrookNames.serviceAccount(clusterName()))
                            // The agent never calls the API; the rack init container gets its own token volume.
                            .withAutomountServiceAccountToken(false)
                            .withTerminationGracePeriodSeconds((long) shutdownTimeoutSeconds + GRACE_MARGIN_SECONDS)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(USER_ID)
                                .withRunAsGroup(USER_ID)
                                .withFsGroup(USER_ID)
                                .withFsGroupChangePolicy("OnRootMismatch")
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withNewAffinity()
                                .withNewPodAntiAffinity()
                                    .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                                        .withWeight(100)
                                        .withNewPodAffinityTerm()
                                            .withTopologyKey(HOSTNAME_TOPOLOGY_KEY)
                                            .withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
                                        .endPodAffinityTerm()
                                    .endPreferredDuringSchedulingIgnoredDuringExecution()
                                .endPodAntiAffinity()
                            .endAffinity()
                            .withTopologySpreadConstraints(rackTopologyKey == null ? List.of() : List.of(
                                    new io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder()
                                            .withMaxSkew(1)
                                            .withTopologyKey(rackTopologyKey)
                                            // Soft: a zone without room (or a zonal volume) must not leave a broker Pending.
                                            .withWhenUnsatisfiable("ScheduleAnyway")
                                            .withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
                                            .build()))
                            .withInitContainers(rackTopologyKey == null ? List.of() : List.of(rackInitContainer()))
                            .withContainers(agentContainer())
                            .withVolumes(volumes())
                        .endSpec()
                    .endTemplate()
                    .withVolumeClaimTemplates(dataClaim())
                .endSpec()
                .build();
    }

    PodDisruptionBudget podDisruptionBudget() {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, name, component))
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector().withMatchLabels(BrookLabels.selector(clusterName(), component)).endSelector()
                .endSpec()
                .build();
    }

    private Map<String, String> podAnnotations() {
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put(BrookLabels.CONFIG_HASH_ANNOTATION, configHash);
        if (metricsEnabled) {
            annotations.put(BrookLabels.PROMETHEUS_SCRAPE, "true");
            annotations.put(BrookLabels.PROMETHEUS_PORT, Integer.toString(PodPorts.METRICS));
            annotations.put(BrookLabels.PROMETHEUS_PATH, PodEndpoints.METRICS);
        }
        return annotations;
    }

    private Container agentContainer() {
        List<ContainerPort> allPorts = new ArrayList<>(ports);
        allPorts.add(port("health", PodPorts.HEALTH));
        allPorts.add(port("metrics", PodPorts.METRICS));
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(mount(INPUTS_VOLUME, PodEnvironment.DEFAULT_INPUTS_DIR, true));
        mounts.add(mount(BrookNames.DATA_VOLUME, PodEnvironment.DEFAULT_DATA_DIR, false));
        mounts.add(mount(TMP_VOLUME, TMP_DIR, false));
        if (rackTopologyKey != null) {
            mounts.add(mount(RACK_VOLUME, RACK_DIR, true));
        }
        if (tlsSecret != null) {
            mounts.add(mount(TLS_VOLUME, PodEnvironment.DEFAULT_TLS_DIR, true));
        }
        return new ContainerBuilder()
                .withName(role.argument())
                .withImage(image)
                .withCommand(LAUNCHER)
                .withArgs(role.argument())
                .withEnv(env())
                .withPorts(allPorts)
                .withVolumeMounts(mounts)
                .withResources(resources)
                .withSecurityContext(containerSecurityContext())
                // /healthz answers 200 while the node starts and recovers logs; the startup probe only
                // covers the JVM coming up (10 minutes), then liveness takes over.
                .withStartupProbe(httpProbe(PodEndpoints.LIVENESS, 5, 120))
                .withLivenessProbe(httpProbe(PodEndpoints.LIVENESS, 10, 6))
                .withReadinessProbe(httpProbe(PodEndpoints.READINESS, 5, 3))
                .build();
    }

    /**
     * Writes the value of the node label {@link #rackTopologyKey} to the rack file before the agent starts.
     * Only this container mounts a service-account token ({@link #API_TOKEN_DIR}); the ServiceAccount needs
     * {@code get} on Nodes (see BrokerSet's javadoc).
     */
    private Container rackInitContainer() {
        return new ContainerBuilder()
                .withName("rack")
                .withImage(image)
                .withCommand(LAUNCHER)
                .withArgs(RACK_INIT_ARGUMENT)
                .withEnv(
                        fieldEnv(NODE_NAME_ENV, "spec.nodeName"),
                        env(RACK_TOPOLOGY_KEY_ENV, rackTopologyKey),
                        env(PodEnvironment.RACK_FILE, PodEnvironment.DEFAULT_RACK_FILE))
                .withVolumeMounts(mount(RACK_VOLUME, RACK_DIR, false), mount(TMP_VOLUME, TMP_DIR, false),
                        mount(API_TOKEN_VOLUME, API_TOKEN_DIR, true))
                .withResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("64Mi"))
                        .addToLimits("memory", new Quantity("128Mi")).build())
                .withSecurityContext(containerSecurityContext())
                .build();
    }

    private List<EnvVar> env() {
        List<EnvVar> env = new ArrayList<>();
        env.add(fieldEnv(PodEnvironment.POD_NAME, "metadata.name"));
        env.add(env(PodEnvironment.INPUTS_DIR, PodEnvironment.DEFAULT_INPUTS_DIR));
        env.add(env(PodEnvironment.DATA_DIR, PodEnvironment.DEFAULT_DATA_DIR));
        env.add(env(PodEnvironment.WORK_DIR, PodEnvironment.DEFAULT_WORK_DIR));
        env.add(env(PodEnvironment.HEALTH_PORT, Integer.toString(PodPorts.HEALTH)));
        env.add(env(PodEnvironment.METRICS_PORT, Integer.toString(PodPorts.METRICS)));
        env.add(env(PodEnvironment.SHUTDOWN_TIMEOUT_SECONDS, Integer.toString(shutdownTimeoutSeconds)));
        String heap = heapOptions(jvmOptions);
        if (heap != null) {
            env.add(env(PodEnvironment.HEAP_OPTS, heap));
        }
        String jvm = systemProperties(jvmOptions);
        if (jvm != null) {
            env.add(env(PodEnvironment.JVM_OPTS, jvm));
        }
        if (jvmOptions != null && Boolean.FALSE.equals(jvmOptions.getClassDataArchive())) {
            env.add(env(PodEnvironment.CLASS_DATA, PodEnvironment.CLASS_DATA_OFF));
        }
        if (rackTopologyKey != null) {
            env.add(env(PodEnvironment.RACK_FILE, PodEnvironment.DEFAULT_RACK_FILE));
        }
        env.sort(Comparator.comparing(EnvVar::getName));
        return env;
    }

    /** {@code -Xms.. -Xmx..} from the spec, or null for the launcher's default. */
    static String heapOptions(JvmOptions jvm) {
        if (jvm == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (jvm.getXms() != null && !jvm.getXms().isBlank()) {
            parts.add("-Xms" + jvm.getXms());
        }
        if (jvm.getXmx() != null && !jvm.getXmx().isBlank()) {
            parts.add("-Xmx" + jvm.getXmx());
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    /** {@code -Dk=v ...} sorted by key, or null. The launcher splits on spaces: values must not contain any. */
    static String systemProperties(JvmOptions jvm) {
        if (jvm == null || jvm.getSystemProperties() == null || jvm.getSystemProperties().isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(jvm.getSystemProperties()).forEach((k, v) -> parts.add("-D" + k + "=" + v));
        return String.join(" ", parts);
    }

    private List<Volume> volumes() {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(INPUTS_VOLUME)
                .withNewConfigMap().withName(inputsConfigMap).endConfigMap().build());
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        if (tlsSecret != null) {
            // Kubernetes rewrites the files in place when the Secret changes: renewed certificates reach a running pod.
            volumes.add(new VolumeBuilder().withName(TLS_VOLUME).withNewSecret().withSecretName(tlsSecret).endSecret().build());
        }
        if (rackTopologyKey != null) {
            volumes.add(new VolumeBuilder().withName(RACK_VOLUME).withNewEmptyDir().endEmptyDir().build());
            // What automountServiceAccountToken would mount, but only where it is mounted: the rack init container.
            volumes.add(new VolumeBuilder().withName(API_TOKEN_VOLUME).withNewProjected()
                    .addNewSource().withNewServiceAccountToken().withPath("token")
                        .withExpirationSeconds(API_TOKEN_EXPIRATION_SECONDS).endServiceAccountToken().endSource()
                    .addNewSource().withNewConfigMap().withName("kube-root-ca.crt")
                        .addNewItem().withKey("ca.crt").withPath("ca.crt").endItem().endConfigMap().endSource()
                    .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace")
                        .withNewFieldRef().withApiVersion("v1").withFieldPath("metadata.namespace").endFieldRef()
                        .endItem().endDownwardAPI().endSource()
                    .endProjected().build());
        }
        return volumes;
    }

    private PersistentVolumeClaim dataClaim() {
        String size = storage == null || storage.getSize() == null ? defaultStorageSize : storage.getSize();
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                    .withName(BrookNames.DATA_VOLUME)
                    .withLabels(BrookLabels.labels(clusterName(), component))
                .endMetadata()
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withStorageClassName(storage == null ? null : storage.getStorageClassName())
                    .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec()
                .build();
    }

    private static SecurityContext containerSecurityContext() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(USER_ID)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    private static Probe httpProbe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("health")).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly).build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef()
                .withApiVersion("v1").withFieldPath(fieldPath).endFieldRef().endValueFrom().build();
    }
}
