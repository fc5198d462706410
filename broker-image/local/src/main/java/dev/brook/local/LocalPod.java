package dev.brook.local;

import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * A started local pod: one {@code brook-agent} JVM (the launcher {@code exec}s java, so the process is the JVM).
 *
 * @param spec      what it was started from
 * @param process   the child process
 * @param dataDir   its data volume
 * @param logFile   stdout and stderr, appended across restarts
 * @param startedAt when it was launched
 */
public record LocalPod(PodSpec spec, Process process, Path dataDir, Path logFile, Instant startedAt) {
    public String name() {
        return spec.name();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has exited. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }
}
