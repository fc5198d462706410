package dev.brook.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code brook local} keeps in its data dir between commands.
 * <ul>
 *   <li>{@value #MANIFESTS_FILE}: the Kubernetes objects the pods run from (the ConfigMaps and StatefulSets of
 *       {@code ZookeeperEnsemble} and {@code BrokerSet} with brook local's adaptations); written by {@code up},
 *       read by the supervisor.</li>
 *   <li>{@value #PROCESSES_FILE}: the running cluster (supervisor, pids, restarts, last exits, addresses, ports);
 *       written by {@code up} before it starts the {@link LocalSupervisor supervisor}, then only by the supervisor;
 *       removed by {@code down}.</li>
 *   <li>{@value #SUPERVISOR_LOG}: the supervisor's decisions, one line each (appended).</li>
 *   <li>{@value #APPLIED_FILE}: the resources last applied and the offset resets done; kept across {@code down}/{@code up}.</li>
 *   <li>{@value #TLS_DIR}/: the cluster's TLS Secrets ({@link LocalSecrets}): CAs, the pods' key stores, the CA bundle
 *       clients trust, and Secrets of the user's own (a CA, a listener's certificate, a user's password); kept across
 *       {@code down}/{@code up}.</li>
 *   <li>{@value #USERS_DIR}/: each User's Secret ({@code <User name>/<file>}): its certificate or password and its
 *       client configurations, which name these files; kept across {@code down}/{@code up}.</li>
 * </ul>
 */
public final class LocalState {
    public static final String PROCESSES_FILE = "processes.json";
    public static final String APPLIED_FILE = "applied.json";
    public static final String MANIFESTS_FILE = "manifests.yaml";
    public static final String SUPERVISOR_LOG = "supervisor.log";
    public static final String TLS_DIR = "tls";
    public static final String USERS_DIR = "users";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One pod of the cluster, as the supervisor last saw it.
     *
     * @param pid          its process while it runs; 0 before its first start and while it waits to be restarted
     * @param startedAt    when its current (or last) process started
     * @param restarts     how often the supervisor started it again after it exited (a kubelet's restartCount)
     * @param lastExitCode the exit code of its last process (128 + n after signal n, e.g. 137 after kill -9); null when
     *                     it never exited, or when the process was not the supervisor's child (adopted), so its code is unknown
     * @param lastExitAt   when the supervisor saw it exit, or null
     */
    public record Pod(String name, String role, String address, long pid, int healthPort, String logFile,
                      String startedAt, int restarts, Integer lastExitCode, String lastExitAt) {
        /** A pod before its first start. */
        public static Pod pending(String name, String role, String address, int healthPort, String logFile) {
            return new Pod(name, role, address, 0, healthPort, logFile, null, 0, null, null);
        }

        public boolean exitedBefore() {
            return lastExitAt != null;
        }
    }

    /** The supervisor process: its pid and the start time of that process (so a reused pid is never taken for it). */
    public record Supervisor(long pid, String startedAt) {
    }

    /**
     * The running cluster; {@code supervisor} is null until the supervisor has started.
     *
     * @param bootstrapTls  whether the bootstrap listener speaks TLS (false in state files written before brook local had
     *                      TLS: their clusters were plaintext)
     * @param caCertificate the CA bundle (PEM file) that TLS bootstrap's certificates are checked against; null when plaintext
     * @param adminBootstrap where brook local's own client connects (the replication listener), null when it uses
     *                      {@code bootstrapServers} (plaintext clusters, and state files written before it had one)
     * @param adminKeyStore the key store (PEM file: the operator's certificate) its own client presents there, or null
     */
    public record Processes(String cluster, String namespace, int addressBlock, String bootstrapServers, boolean bootstrapTls,
                            String caCertificate, String adminBootstrap, String adminKeyStore, int brokers, int zookeepers,
                            String inputsHash, String startedAt, Supervisor supervisor, List<Pod> pods) {
        public Processes withSupervisor(Supervisor s) {
            return new Processes(cluster, namespace, addressBlock, bootstrapServers, bootstrapTls, caCertificate, adminBootstrap,
                    adminKeyStore, brokers, zookeepers, inputsHash, startedAt, s, pods);
        }

        public Processes withPods(List<Pod> p) {
            return new Processes(cluster, namespace, addressBlock, bootstrapServers, bootstrapTls, caCertificate, adminBootstrap,
                    adminKeyStore, brokers, zookeepers, inputsHash, startedAt, supervisor, List.copyOf(p));
        }

        public Optional<Pod> pod(String name) {
            return pods.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    /** The objects of {@value #MANIFESTS_FILE}: ConfigMaps by name, StatefulSets in start order. */
    public record Manifests(List<ConfigMap> configMaps, List<StatefulSet> statefulSets) {
        public Manifests {
            configMaps = List.copyOf(configMaps);
            statefulSets = List.copyOf(statefulSets);
        }

        public ConfigMap configMap(String name) {
            return configMaps.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * The resources applied (as JSON of the Topic / ConsumerGroup / User / Cluster resources), per group id the last
     * offset reset id applied (what {@code status.lastAppliedResetId} holds on Kubernetes), and per User the fingerprint
     * of the SCRAM password Kafka was last given ({@code status.credentialFingerprint}; never the password).
     */
    public record Applied(Map<String, Object> cluster, Map<String, Map<String, Object>> topics,
                          Map<String, Map<String, Object>> groups, Map<String, String> lastAppliedResetIds,
                          Map<String, Map<String, Object>> users, Map<String, String> credentialFingerprints) {
        public Applied {
            topics = new TreeMap<>(topics == null ? Map.of() : topics);
            groups = new TreeMap<>(groups == null ? Map.of() : groups);
            lastAppliedResetIds = new TreeMap<>(lastAppliedResetIds == null ? Map.of() : lastAppliedResetIds);
            users = new TreeMap<>(users == null ? Map.of() : users);
            credentialFingerprints = new TreeMap<>(credentialFingerprints == null ? Map.of() : credentialFingerprints);
        }

        public static Applied empty() {
            return new Applied(null, null, null, null, null, null);
        }

        public Applied withCluster(Map<String, Object> c) {
            return new Applied(c, topics, groups, lastAppliedResetIds, users, credentialFingerprints);
        }
    }

    private final Path dataDir;

    public LocalState(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path podsRoot() {
        return dataDir.resolve("pods");
    }

    public Optional<Processes> processes() {
        return read(PROCESSES_FILE, Processes.class);
    }

    public void writeProcesses(Processes p) {
        write(PROCESSES_FILE, p);
    }

    public void removeProcesses() {
        try {
            Files.deleteIfExists(dataDir.resolve(PROCESSES_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster's TLS Secrets, {@code <data dir>/}{@value #TLS_DIR}. */
    public LocalSecrets secrets() {
        return new LocalSecrets(dataDir.resolve(TLS_DIR));
    }

    /** The users' Secrets, {@code <data dir>/}{@value #USERS_DIR}: one directory per User with its files. */
    public LocalSecrets userSecrets() {
        return LocalSecrets.forUsers(dataDir.resolve(USERS_DIR));
    }

    /** Whether an earlier {@code up} wrote {@value #MANIFESTS_FILE} (it stays after {@code down}). */
    public boolean hasManifests() {
        return Files.isRegularFile(dataDir.resolve(MANIFESTS_FILE));
    }

    public Path supervisorLog() {
        return dataDir.resolve(SUPERVISOR_LOG);
    }

    /** Writes the objects as a multi-document YAML file, in the given order. */
    public void writeManifests(List<HasMetadata> objects) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(MANIFESTS_FILE + ".tmp");
            try (SequenceWriter writer = YAML.writer().writeValues(tmp.toFile())) {
                for (HasMetadata o : objects) {
                    writer.write(o);
                }
            }
            Files.move(tmp, dataDir.resolve(MANIFESTS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(MANIFESTS_FILE), e);
        }
    }

    /** The ConfigMaps and StatefulSets of {@value #MANIFESTS_FILE}; other kinds are refused. */
    public Manifests manifests() {
        Path file = dataDir.resolve(MANIFESTS_FILE);
        List<ConfigMap> configMaps = new ArrayList<>();
        List<StatefulSet> sets = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                String kind = doc.path("kind").asText();
                switch (kind) {
                    case "ConfigMap" -> configMaps.add(YAML.treeToValue(doc, ConfigMap.class));
                    case "StatefulSet" -> sets.add(YAML.treeToValue(doc, StatefulSet.class));
                    default -> throw new IllegalStateException(file + ": kind '" + kind + "' is not run locally (ConfigMap, StatefulSet)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Manifests(configMaps, sets);
    }

    public Applied applied() {
        return read(APPLIED_FILE, Applied.class).orElse(Applied.empty());
    }

    public void writeApplied(Applied a) {
        write(APPLIED_FILE, a);
    }

    private <T> Optional<T> read(String file, Class<T> type) {
        Path p = dataDir.resolve(file);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(p.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " (delete it if the cluster is not running)", e);
        }
    }

    private void write(String file, Object value) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(file + ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, dataDir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(file), e);
        }
    }

    /** Converts a resource to plain JSON maps for {@link Applied}, and back. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(Object resource) {
        return LocalResources.JSON.convertValue(resource, Map.class);
    }

    static <T> T fromMap(Map<String, Object> map, Class<T> type) {
        return JSON.convertValue(map, type);
    }

    static List<Pod> alive(List<Pod> pods) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods) {
            if (PodProcesses.isRunning(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
