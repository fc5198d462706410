package dev.brook.contract;

/** Exit codes of {@code brook-agent}. Every non-zero exit also prints one line naming the problem. */
public enum ExitCode {
    /** Clean exit ({@code --version}, or a role that stopped by itself without error). */
    OK(0),
    /** A bug or an unexpected failure; the line carries the exception. */
    INTERNAL_ERROR(1),
    /** Unknown role or bad command-line arguments. */
    USAGE(2),
    /** A required input (env var, inputs file, field) is missing or malformed. */
    INVALID_INPUT(3),
    /** The user's Kafka configuration sets a key that Brook owns. */
    OWNED_KEY(4),
    /** The data volume belongs to another node or cluster ({@code myid} or {@code meta.properties}). */
    FOREIGN_DATA(5),
    /** ZooKeeper or Kafka failed to start or stopped on its own with an error. */
    STARTUP_FAILED(6),
    /** SIGTERM: the graceful shutdown exceeded {@link PodEnvironment#SHUTDOWN_TIMEOUT_SECONDS}; the JVM was halted. */
    SHUTDOWN_TIMEOUT(7),
    /** SIGTERM: graceful shutdown finished in time (the JVM's own code for a signal-initiated exit, 128+15). */
    TERMINATED(143);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
