package dev.brook.agent;

/**
 * A prepared role: inputs parsed, configuration rendered, data volume checked, nothing written yet.
 * {@link #start()} is the first step allowed to write to the data volume.
 */
public interface RoleNode extends NodeHealth {
    /** One line for the log: what this node is. */
    String describe();

    /** The SHA-256 of the inputs text this node was prepared from. */
    String inputsHash();

    /** Writes what the node needs and starts it; returns once it runs, throws {@link AgentFailure} when it cannot. */
    void start();

    /** Blocks until the node has stopped (after {@link #stop()} or on its own). */
    void awaitTermination() throws InterruptedException;

    /** Graceful stop; blocks until done. Called from the SIGTERM hook under a time bound. */
    void stop();
}
