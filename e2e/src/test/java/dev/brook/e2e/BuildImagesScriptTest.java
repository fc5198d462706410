package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * e2e/build-images.sh builds for the machine it runs on (kind on an arm64 laptop needs arm64 images), a
 * tarball for one platform only, and several platforms only when pushing to a registry. Checked with
 * {@code --dry-run}, which prints the build commands: no cluster, no build.
 */
class BuildImagesScriptTest {

    @Test
    void buildsForTheMachinesOwnArchitecture() throws Exception {
        assertThat(dryRun(Map.of("BROOK_HOST_ARCH", "aarch64")).output()).contains("-Djib.from.platforms=linux/arm64")
                .doesNotContain("jib:build");
        assertThat(dryRun(Map.of("BROOK_HOST_ARCH", "x86_64")).output()).contains("-Djib.from.platforms=linux/amd64");
    }

    @Test
    void severalPlatformsOnlyWhenPushingToARegistry() throws Exception {
        Result tar = dryRun(Map.of("BROOK_IMAGE_PLATFORMS", "linux/amd64,linux/arm64"));
        assertThat(tar.exit()).isEqualTo(2);
        assertThat(tar.output()).contains("one platform").contains("BROOK_IMAGE_PUSH=true");

        Result push = dryRun(Map.of("BROOK_IMAGE_PLATFORMS", "linux/amd64,linux/arm64", "BROOK_IMAGE_PUSH", "true",
                "BROOK_OPERATOR_IMAGE", "registry.example/brook-operator:1", "BROOK_BROKER_IMAGE", "registry.example/brook-broker:1"));
        assertThat(push.exit()).isZero();
        assertThat(push.output()).contains("jib:build").contains("-Djib.from.platforms=linux/amd64,linux/arm64")
                .contains("-Dbrook.image.tar.phase=none").contains("registry.example/brook-broker:1");
    }

    private record Result(int exit, String output) {
    }

    private static Result dryRun(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", Examples.repoRoot().resolve("e2e/build-images.sh").toString(), "--dry-run"))
                .redirectErrorStream(true);
        builder.environment().put("BROOK_BROKER_BUILD", "jib");
        builder.environment().remove("BROOK_IMAGE_PLATFORMS");
        builder.environment().remove("BROOK_IMAGE_PUSH");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
