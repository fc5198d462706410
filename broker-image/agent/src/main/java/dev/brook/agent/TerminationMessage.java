package dev.brook.agent;

import dev.brook.contract.PodEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one line of a refusal or failure, written where the operator can read it after the exit: Kubernetes
 * copies the container's termination log into {@code lastState.terminated.message}, so a broker that fails to
 * start during a roll is named with its reason in the Cluster's status instead of only in its log.
 */
final class TerminationMessage {
    /** Kubernetes keeps at most 4096 bytes of a termination message. */
    private static final int MAX_CHARS = 4000;

    private TerminationMessage() {
    }

    /** Best effort: an agent that cannot write the file still exits with its code and its line on stderr. */
    static void write(Map<String, String> env, String line) {
        Path file = Path.of(env.getOrDefault(PodEnvironment.TERMINATION_LOG, PodEnvironment.DEFAULT_TERMINATION_LOG));
        boolean configured = env.containsKey(PodEnvironment.TERMINATION_LOG);
        // The default path exists only in a container; elsewhere (a developer's shell) there is nothing to write.
        if (!configured && !Files.isWritable(file)) {
            return;
        }
        String text = line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
        try {
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println("brook-agent: (could not write the termination message to " + file + ": " + e.getMessage() + ")");
        }
    }
}
