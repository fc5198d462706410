package dev.brook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
 * {@value #PROCESSES_FILE}: the running cluster (pids, addresses, ports); written by {@code up}, removed by {@code down}.
 * {@value #APPLIED_FILE}: the resources last applied and the offset resets done; kept across {@code down}/{@code up}.
 */
public final class LocalState {
    public static final String PROCESSES_FILE = "processes.json";
    public static final String APPLIED_FILE = "applied.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One started pod. */
    public record Pod(String name, String role, String address, long pid, int healthPort, String logFile) {
    }

    /** The running cluster. */
    public record Processes(String cluster, String namespace, int addressBlock, String bootstrapServers, int brokers,
                            int zookeepers, String inputsHash, String startedAt, List<Pod> pods) {
    }

    /**
     * The resources applied (as JSON of the Topic / ConsumerGroup / Cluster resources) and, per group id, the
     * last offset reset id applied (what {@code status.lastAppliedResetId} holds on Kubernetes).
     */
    public record Applied(Map<String, Object> cluster, Map<String, Map<String, Object>> topics,
                          Map<String, Map<String, Object>> groups, Map<String, String> lastAppliedResetIds) {
        public Applied {
            topics = new TreeMap<>(topics == null ? Map.of() : topics);
            groups = new TreeMap<>(groups == null ? Map.of() : groups);
            lastAppliedResetIds = new TreeMap<>(lastAppliedResetIds == null ? Map.of() : lastAppliedResetIds);
        }

        public static Applied empty() {
            return new Applied(null, null, null, null);
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
