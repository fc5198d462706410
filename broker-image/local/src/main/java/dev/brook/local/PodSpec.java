package dev.brook.local;

import dev.brook.contract.PodPorts;
import dev.brook.contract.Role;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One local "pod": what {@link LocalProcessRuntime#start} needs to run {@code brook-agent <role>} as a
 * child process, the way a kubelet would run the container.
 *
 * @param name        pod name, e.g. {@code c1-broker-0} (becomes {@code BROOK_POD_NAME})
 * @param roleArgument launcher argument, normally {@link Role#argument()} (free text so tests can pass a bad one)
 * @param bindAddress the pod's own loopback address, e.g. {@code 127.0.1.21} ({@code BROOK_BIND_ADDRESS})
 * @param env         extra environment (wins over what the runtime sets)
 * @param inputFiles  file name to content, written into the pod's inputs dir like a mounted ConfigMap
 * @param dataDir     the pod's data volume; null means {@code <runtime work root>/pods/<name>/data}
 * @param jvmOptions  extra JVM options ({@code BROOK_JVM_OPTS})
 * @param hostnames   DNS names that resolve to {@code bindAddress} in every pod (via {@code jdk.net.hosts.file})
 * @param healthPort  the agent's health port on {@code bindAddress}
 * @param tlsFiles    file name to content, written into the pod's TLS dir ({@code BROOK_TLS_DIR}) like a mounted Secret
 */
public record PodSpec(String name, String roleArgument, String bindAddress, SortedMap<String, String> env,
                      SortedMap<String, String> inputFiles, Path dataDir, List<String> jvmOptions,
                      List<String> hostnames, int healthPort, SortedMap<String, String> tlsFiles) {

    public PodSpec {
        env = new TreeMap<>(env == null ? Map.of() : env);
        inputFiles = new TreeMap<>(inputFiles == null ? Map.of() : inputFiles);
        jvmOptions = List.copyOf(jvmOptions == null ? List.of() : jvmOptions);
        hostnames = List.copyOf(hostnames == null ? List.of() : hostnames);
        tlsFiles = new TreeMap<>(tlsFiles == null ? Map.of() : tlsFiles);
    }

    /** A pod without TLS files. */
    public PodSpec(String name, String roleArgument, String bindAddress, SortedMap<String, String> env,
                   SortedMap<String, String> inputFiles, Path dataDir, List<String> jvmOptions, List<String> hostnames, int healthPort) {
        this(name, roleArgument, bindAddress, env, inputFiles, dataDir, jvmOptions, hostnames, healthPort, null);
    }

    /** A pod of {@code role} on {@code bindAddress} with default ports, no inputs yet. */
    public static PodSpec of(String name, Role role, String bindAddress) {
        return new PodSpec(name, role.argument(), bindAddress, null, null, null, null, null, PodPorts.HEALTH);
    }

    public PodSpec withInputFile(String fileName, String content) {
        SortedMap<String, String> files = new TreeMap<>(inputFiles);
        files.put(fileName, content);
        return new PodSpec(name, roleArgument, bindAddress, env, files, dataDir, jvmOptions, hostnames, healthPort, tlsFiles);
    }

    public PodSpec withEnv(String key, String value) {
        SortedMap<String, String> e = new TreeMap<>(env);
        e.put(key, value);
        return new PodSpec(name, roleArgument, bindAddress, e, inputFiles, dataDir, jvmOptions, hostnames, healthPort, tlsFiles);
    }

    public PodSpec withDataDir(Path dir) {
        return new PodSpec(name, roleArgument, bindAddress, env, inputFiles, dir, jvmOptions, hostnames, healthPort, tlsFiles);
    }

    public PodSpec withJvmOptions(List<String> options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(options);
        return new PodSpec(name, roleArgument, bindAddress, env, inputFiles, dataDir, all, hostnames, healthPort, tlsFiles);
    }

    public PodSpec withHostname(String hostname) {
        List<String> all = new ArrayList<>(hostnames);
        all.add(hostname);
        return new PodSpec(name, roleArgument, bindAddress, env, inputFiles, dataDir, jvmOptions, all, healthPort, tlsFiles);
    }

    /** A file in the pod's TLS dir ({@code BROOK_TLS_DIR}), e.g. {@code TlsFiles.podKeyStore(name)}. */
    public PodSpec withTlsFile(String fileName, String content) {
        SortedMap<String, String> files = new TreeMap<>(tlsFiles);
        files.put(fileName, content);
        return new PodSpec(name, roleArgument, bindAddress, env, inputFiles, dataDir, jvmOptions, hostnames, healthPort, files);
    }

    public PodSpec withRoleArgument(String argument) {
        return new PodSpec(name, argument, bindAddress, env, inputFiles, dataDir, jvmOptions, hostnames, healthPort, tlsFiles);
    }
}
