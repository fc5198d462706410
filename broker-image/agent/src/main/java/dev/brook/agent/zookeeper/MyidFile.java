package dev.brook.agent.zookeeper;

import dev.brook.agent.AgentFailure;
import dev.brook.contract.ExitCode;
import dev.brook.contract.PodPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ZooKeeper's {@code myid} on the data volume. It is written only when absent; an equal one is kept;
 * a different one means the volume belongs to another peer, and the agent refuses to start.
 */
public final class MyidFile {
    /** What {@link #check} found. */
    public enum Found { ABSENT, MATCHES }

    private MyidFile() {
    }

    /** Reads only. */
    public static Found check(Path zookeeperDataDir, int expectedId) {
        Path file = zookeeperDataDir.resolve(PodPaths.MYID_FILE);
        if (!Files.exists(file)) {
            return Found.ABSENT;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new AgentFailure(ExitCode.FOREIGN_DATA, "cannot read " + file + ": " + e.getMessage());
        }
        if (!text.equals(Integer.toString(expectedId))) {
            throw new AgentFailure(ExitCode.FOREIGN_DATA, "data volume belongs to another ZooKeeper server: " + file
                    + " holds myid '" + text + "', this pod is server " + expectedId + " (wrong volume; refusing to start)");
        }
        return Found.MATCHES;
    }

    public static void write(Path zookeeperDataDir, int id) throws IOException {
        Files.createDirectories(zookeeperDataDir);
        Path tmp = zookeeperDataDir.resolve(PodPaths.MYID_FILE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, zookeeperDataDir.resolve(PodPaths.MYID_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
