package dev.brook.agent;

import dev.brook.contract.ExitCode;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodPorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Pod-local facts from the environment ({@link PodEnvironment}): who this pod is and where it may
 * bind, read and write. Everything cluster-wide comes from the inputs file instead.
 */
public record PodFacts(String podName, String bindAddress, Path inputsDir, Path dataDir, Path workDir,
                       Optional<String> rack, int healthPort, int metricsPort, Duration shutdownTimeout,
                       Optional<Path> metricsRules, Path tlsDir) {

    public static PodFacts from(Map<String, String> env) {
        String podName = firstNonBlank(env.get(PodEnvironment.POD_NAME), env.get(PodEnvironment.HOSTNAME));
        if (podName == null) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "missing required env " + PodEnvironment.POD_NAME
                    + " (the pod name, e.g. my-cluster-broker-0)");
        }
        String bind = firstNonBlank(env.get(PodEnvironment.BIND_ADDRESS), PodEnvironment.DEFAULT_BIND_ADDRESS);
        Path inputs = Path.of(firstNonBlank(env.get(PodEnvironment.INPUTS_DIR), PodEnvironment.DEFAULT_INPUTS_DIR));
        Path data = Path.of(firstNonBlank(env.get(PodEnvironment.DATA_DIR), PodEnvironment.DEFAULT_DATA_DIR));
        Path work = Path.of(firstNonBlank(env.get(PodEnvironment.WORK_DIR), PodEnvironment.DEFAULT_WORK_DIR));
        Optional<String> rack = Optional.ofNullable(firstNonBlank(env.get(PodEnvironment.RACK), null))
                .or(() -> readRackFile(Path.of(firstNonBlank(env.get(PodEnvironment.RACK_FILE), PodEnvironment.DEFAULT_RACK_FILE))));
        int health = port(env, PodEnvironment.HEALTH_PORT, PodPorts.HEALTH);
        int metrics = port(env, PodEnvironment.METRICS_PORT, PodPorts.METRICS);
        int timeout = integer(env, PodEnvironment.SHUTDOWN_TIMEOUT_SECONDS, PodEnvironment.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
        if (timeout < 1) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, PodEnvironment.SHUTDOWN_TIMEOUT_SECONDS + " must be at least 1, got " + timeout);
        }
        Optional<Path> rules = Optional.ofNullable(firstNonBlank(env.get(PodEnvironment.METRICS_RULES), null)).map(Path::of);
        Path tls = Path.of(firstNonBlank(env.get(PodEnvironment.TLS_DIR), PodEnvironment.DEFAULT_TLS_DIR));
        return new PodFacts(podName, bind, inputs, data, work, rack, health, metrics, Duration.ofSeconds(timeout), rules, tls);
    }

    /** Reads a required inputs file; a missing or unreadable file is an invalid input. */
    public String readInputsFile(String fileName) {
        Path file = inputsDir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "missing required input file " + file);
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "cannot read input file " + file + ": " + e.getMessage());
        }
    }

    private static Optional<String> readRackFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).findFirst();
        } catch (IOException e) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "cannot read rack file " + file + ": " + e.getMessage());
        }
    }

    private static int port(Map<String, String> env, String name, int defaultValue) {
        int port = integer(env, name, defaultValue);
        if (port < 1 || port > 65535) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, name + "=" + port + " is not a port");
        }
        return port;
    }

    private static int integer(Map<String, String> env, String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, name + "='" + value + "' is not an integer");
        }
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b == null || b.isBlank() ? null : b.trim();
    }
}
