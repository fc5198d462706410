package dev.brook.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Builds {@code broker-image/Dockerfile} with podman from the Maven-built tree and runs the image:
 * {@code --version}, and a bad input refused with one line under a non-root user on a read-only root.
 * Skipped, saying why, where podman or a local JRE base image is not available (no registry is
 * reachable from CI; see ../shared/STACK.md for building the base). Base image: env
 * {@code BROOK_TEST_BASE_IMAGE}, default {@code localhost/brook-jre:17}.
 */
class BrokerImageContainerTest {
    private static final String IMAGE = "localhost/brook-broker:test";
    private static final List<String> PODMAN_FLAGS = List.of("--runtime", "runc", "--ulimit", "nofile=20000:20000",
            "--ulimit", "nproc=1000:1000");
    private static String base;

    @BeforeAll
    static void buildImage() throws Exception {
        assumeTrue(run(List.of("podman", "--version")).exit == 0,
                "podman is not installed: container image test skipped (apt-get install podman buildah runc)");
        base = System.getenv().getOrDefault("BROOK_TEST_BASE_IMAGE", "localhost/brook-jre:17");
        assumeTrue(run(List.of("podman", "image", "exists", base)).exit == 0,
                "local base image " + base + " is missing (no registry here): container image test skipped;"
                        + " build one as ../shared/STACK.md describes or set BROOK_TEST_BASE_IMAGE");
        Path context = BrookImage.locate().home().resolve("../../..").normalize();
        List<String> build = new ArrayList<>(List.of("podman", "build"));
        build.addAll(PODMAN_FLAGS);
        build.addAll(List.of("--pull=never", "--build-arg", "BASE_IMAGE=" + base, "-t", IMAGE,
                "-f", context.resolve("Dockerfile").toString(), context.toString()));
        Result result = run(build);
        assertThat(result.exit).as("podman build output:\n" + result.output).isZero();
    }

    @Test
    void versionRunsInTheImage() throws Exception {
        Result result = run(podmanRun(List.of(), "--version"));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("brook-agent").contains("Kafka 3.9.2").contains("ZooKeeper 3.8.4");
    }

    @Test
    void missingInputIsRefusedWithOneLineAsNonRootOnAReadOnlyRoot() throws Exception {
        Result result = run(podmanRun(List.of("-e", "BROOK_POD_NAME=c1-broker-0"), "broker"));
        assertThat(result.exit).isEqualTo(3);
        assertThat(result.output.strip().lines().toList()).hasSize(1);
        assertThat(result.output).contains("brook-agent: missing required input file /etc/brook/inputs/broker-inputs.properties");
    }

    private static List<String> podmanRun(List<String> extra, String argument) {
        List<String> cmd = new ArrayList<>(List.of("podman", "run", "--rm"));
        cmd.addAll(PODMAN_FLAGS);
        cmd.addAll(List.of("--pull=never", "--user", "1001", "--read-only", "--tmpfs", "/tmp"));
        cmd.addAll(extra);
        cmd.add(IMAGE);
        cmd.add(argument);
        return cmd;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws InterruptedException {
        try {
            Path out = Files.createTempFile("podman-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(p.exitValue(), output);
        } catch (IOException notInstalled) {
            return new Result(-1, notInstalled.getMessage());
        }
    }
}
