package dev.brook.agent;

import dev.brook.contract.ExitCode;

/** A refusal or failure that ends the agent with {@link #exitCode()} and one line: {@link #getMessage()}. */
public final class AgentFailure extends RuntimeException {
    private final ExitCode exitCode;

    public AgentFailure(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public AgentFailure(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
