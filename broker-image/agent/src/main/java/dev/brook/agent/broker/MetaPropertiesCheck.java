package dev.brook.agent.broker;

import dev.brook.agent.AgentFailure;
import dev.brook.contract.ExitCode;
import dev.brook.contract.PodPaths;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Kafka's {@code meta.properties} on the data volume: written by Kafka on first start, read here and
 * never written. Another {@code broker.id} (or a KRaft {@code node.id}) means the volume belongs to
 * another broker; the agent refuses to start rather than let Kafka touch it.
 */
public final class MetaPropertiesCheck {
    private MetaPropertiesCheck() {
    }

    /** Returns the volume's cluster.id when meta.properties exists and belongs to {@code brokerId}. Reads only. */
    public static Optional<String> check(Path logDir, int brokerId) {
        Path file = logDir.resolve(PodPaths.META_PROPERTIES_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties meta = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            meta.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new AgentFailure(ExitCode.FOREIGN_DATA, "cannot read " + file + ": " + e.getMessage());
        }
        String storedId = meta.getProperty("broker.id", meta.getProperty("node.id"));
        if (storedId == null) {
            throw new AgentFailure(ExitCode.FOREIGN_DATA, file + " has no broker.id (not a ZooKeeper-mode broker's volume)");
        }
        if (!storedId.trim().equals(Integer.toString(brokerId))) {
            throw new AgentFailure(ExitCode.FOREIGN_DATA, "data volume belongs to another broker: " + file
                    + " holds broker.id " + storedId.trim() + ", this pod is broker " + brokerId
                    + " (wrong volume; refusing to start)");
        }
        return Optional.ofNullable(meta.getProperty("cluster.id")).map(String::trim);
    }
}
