package dev.brook.local;

import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodPorts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one way from a StatefulSet of the broker image (as {@code ZookeeperEnsemble} / {@code BrokerSet} produce it and
 * the operator applies it) to the local pods that run it: what a kubelet does with the pod template, on this machine.
 * {@code brook local}, the integration harness's test kubelet and tests all go through it.
 * <ul>
 *   <li>the agent container's command and args: the role argument is the last of them;</li>
 *   <li>its env values, except the ones {@link LocalProcessRuntime} sets for every pod ({@link #RUNTIME_ENV}: pod
 *       name, bind address, the inputs, data, work and TLS dirs, the health port; a health port given in the template is
 *       kept as the pod's); {@link PodEnvironment#JVM_OPTS} is appended to the runtime's own JVM options;</li>
 *   <li>the ConfigMap mounted at the inputs dir, each key (or {@code items} path) a file, like a mounted volume;</li>
 *   <li>the Secret mounted at the TLS dir, each key a file ({@link PodSpec#tlsFiles()}); a missing Secret gives no files,
 *       and the agent exits saying which file it lacks (a real pod would wait in ContainerCreating);</li>
 *   <li>the data volume: a directory per pod ({@code dataDirs}), which outlives the pod like a PVC;</li>
 *   <li>the pod's own loopback address ({@link LoopbackAddresses}) and its DNS name
 *       {@code <pod>.<serviceName>.<namespace>.svc.<cluster domain>} in the runtime's hosts file.</li>
 * </ul>
 * What a kubelet would also do and this does not: resources, probes (readiness is the agent's own endpoint),
 * security contexts, init containers, volumes other than the inputs, TLS and data volumes. Updates of a mounted Secret
 * reach running pods only through whoever runs them ({@link LocalProcessRuntime#writeTlsFile}), as the kubelet syncs
 * Secret volumes late.
 *
 * @param addresses     the loopback block of this cluster
 * @param dataDirs      pod name to its data volume
 * @param jvmOptions    JVM options for every pod, before the template's (local adaptations such as C1-only JIT)
 * @param clusterDomain the DNS domain of the pods' names, normally {@value #DEFAULT_CLUSTER_DOMAIN}
 */
public record StatefulSetPods(LoopbackAddresses addresses, Function<String, Path> dataDirs, List<String> jvmOptions,
                              String clusterDomain) {
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    /** Set by {@link LocalProcessRuntime} for every pod; the template's values (container paths) have no meaning here. */
    public static final Set<String> RUNTIME_ENV = Set.of(PodEnvironment.POD_NAME, PodEnvironment.BIND_ADDRESS,
            PodEnvironment.INPUTS_DIR, PodEnvironment.DATA_DIR, PodEnvironment.WORK_DIR, PodEnvironment.HEALTH_PORT,
            PodEnvironment.TLS_DIR);

    public StatefulSetPods {
        jvmOptions = List.copyOf(jvmOptions == null ? List.of() : jvmOptions);
        clusterDomain = clusterDomain == null ? DEFAULT_CLUSTER_DOMAIN : clusterDomain;
    }

    public StatefulSetPods(LoopbackAddresses addresses, Function<String, Path> dataDirs, List<String> jvmOptions) {
        this(addresses, dataDirs, jvmOptions, DEFAULT_CLUSTER_DOMAIN);
    }

    /** The replicas of {@code set} (1 when unset, as Kubernetes defaults it). */
    public static int replicas(StatefulSet set) {
        Integer replicas = set.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    /** {@code <set>-<ordinal>}. */
    public static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    /** Every pod of {@code set}, by ordinal. {@code configMaps} finds a ConfigMap of the set's namespace by name (null: none). */
    public List<PodSpec> pods(StatefulSet set, Function<String, ConfigMap> configMaps) {
        return pods(set, configMaps, name -> null);
    }

    /** Every pod of {@code set}, by ordinal; {@code secrets} finds a Secret of the set's namespace by name (null: none). */
    public List<PodSpec> pods(StatefulSet set, Function<String, ConfigMap> configMaps, Function<String, Secret> secrets) {
        List<PodSpec> out = new ArrayList<>();
        for (int n = 0; n < replicas(set); n++) {
            out.add(pod(set, configMaps, secrets, n));
        }
        return out;
    }

    /**
     * The pod {@code ordinal} of {@code set}. A missing inputs ConfigMap gives a pod without inputs: its agent
     * exits with a message naming the missing file, as the real pod would never start.
     */
    public PodSpec pod(StatefulSet set, Function<String, ConfigMap> configMaps, int ordinal) {
        return pod(set, configMaps, name -> null, ordinal);
    }

    /** The pod {@code ordinal} of {@code set}, with the files of the Secret it mounts at the TLS dir. */
    public PodSpec pod(StatefulSet set, Function<String, ConfigMap> configMaps, Function<String, Secret> secrets, int ordinal) {
        String name = podName(set, ordinal);
        Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> commandLine = new ArrayList<>();
        if (container.getCommand() != null) {
            commandLine.addAll(container.getCommand());
        }
        if (container.getArgs() != null) {
            commandLine.addAll(container.getArgs());
        }
        if (commandLine.isEmpty()) {
            throw new IllegalArgumentException("StatefulSet " + set.getMetadata().getName() + ": the container has no command or args");
        }
        String role = commandLine.get(commandLine.size() - 1);
        List<EnvVar> env = container.getEnv() == null ? List.of() : container.getEnv();
        int healthPort = env.stream().filter(e -> PodEnvironment.HEALTH_PORT.equals(e.getName()) && e.getValue() != null)
                .map(e -> Integer.parseInt(e.getValue().trim())).findFirst().orElse(PodPorts.HEALTH);
        PodSpec spec = new PodSpec(name, role, addresses.of(name), null, null, null, null, null, healthPort)
                .withDataDir(dataDirs.apply(name))
                .withJvmOptions(jvmOptions);
        String inputsDir = PodEnvironment.DEFAULT_INPUTS_DIR;
        for (EnvVar e : env) {
            if (e.getValue() == null) {
                continue; // downward API values: the runtime sets the pod name, nothing else uses them
            }
            if (PodEnvironment.INPUTS_DIR.equals(e.getName())) {
                inputsDir = e.getValue();
            }
            if (PodEnvironment.JVM_OPTS.equals(e.getName())) {
                spec = spec.withJvmOptions(Arrays.stream(e.getValue().trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
            } else if (!RUNTIME_ENV.contains(e.getName())) {
                spec = spec.withEnv(e.getName(), e.getValue());
            }
        }
        for (Map.Entry<String, String> file : inputFiles(set, container, inputsDir, configMaps).entrySet()) {
            spec = spec.withInputFile(file.getKey(), file.getValue());
        }
        for (Map.Entry<String, String> file : tlsFiles(tlsSecret(set), secrets).entrySet()) {
            spec = spec.withTlsFile(file.getKey(), file.getValue());
        }
        String namespace = set.getMetadata().getNamespace() == null ? "default" : set.getMetadata().getNamespace();
        return spec.withHostname(name + "." + set.getSpec().getServiceName() + "." + namespace + ".svc." + clusterDomain);
    }

    /** The name of the Secret the agent container mounts at the contract's TLS dir, or null. */
    public static String tlsSecret(StatefulSet set) {
        Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        String volumeName = (container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()).stream()
                .filter(m -> PodEnvironment.DEFAULT_TLS_DIR.equals(m.getMountPath())).map(VolumeMount::getName).findFirst().orElse(null);
        List<Volume> volumes = set.getSpec().getTemplate().getSpec().getVolumes();
        return volumes == null ? null : volumes.stream().filter(v -> v.getName().equals(volumeName) && v.getSecret() != null)
                .map(v -> v.getSecret().getSecretName()).findFirst().orElse(null);
    }

    /** A Secret's keys as files, as a Secret volume shows them (base64 data decoded; stringData as written). */
    public static Map<String, String> tlsFiles(String secretName, Function<String, Secret> secrets) {
        Secret secret = secretName == null ? null : secrets.apply(secretName);
        Map<String, String> out = new java.util.TreeMap<>();
        if (secret == null) {
            return out;
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            out.putAll(secret.getStringData());
        }
        return out;
    }

    /** The files of the ConfigMap volume the container mounts at its inputs dir. */
    private static Map<String, String> inputFiles(StatefulSet set, Container container, String inputsDir,
            Function<String, ConfigMap> configMaps) {
        String volumeName = (container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()).stream()
                .filter(m -> inputsDir.equals(m.getMountPath())).map(VolumeMount::getName).findFirst().orElse(null);
        List<Volume> volumes = set.getSpec().getTemplate().getSpec().getVolumes();
        Volume volume = volumes == null ? null : volumes.stream().filter(v -> v.getName().equals(volumeName) && v.getConfigMap() != null)
                .findFirst().orElse(null);
        if (volume == null) {
            return Map.of();
        }
        ConfigMap configMap = configMaps.apply(volume.getConfigMap().getName());
        if (configMap == null || configMap.getData() == null) {
            return Map.of();
        }
        List<KeyToPath> items = volume.getConfigMap().getItems();
        if (items == null || items.isEmpty()) {
            return configMap.getData();
        }
        Map<String, String> out = new java.util.TreeMap<>();
        for (KeyToPath item : items) {
            String value = configMap.getData().get(item.getKey());
            if (value != null) {
                out.put(item.getPath(), value);
            }
        }
        return out;
    }
}
