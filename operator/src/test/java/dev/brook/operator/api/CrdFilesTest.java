package dev.brook.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.testing.RepoPaths;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * crds/ is generated from the Java API (the Quarkus build writes target/kubernetes/*-v1.yml before
 * tests run). This test fails when the committed files drift; refresh them with
 * {@code ./mvnw -pl operator test -Dtest=CrdFilesTest -Dcrds.update=true}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class CrdFilesTest {
    private static final String REFRESH = "./mvnw -pl operator test -Dtest=CrdFilesTest -Dcrds.update=true";

    @Test
    void committedCrdsMatchTheGeneratedOnes() throws IOException {
        Path crds = RepoPaths.root().resolve("crds");
        Map<String, String> generated = generated();
        assertThat(generated).as("generated CRDs").containsOnlyKeys("clusters.brook.dev.yaml", "topics.brook.dev.yaml",
                "consumergroups.brook.dev.yaml", "users.brook.dev.yaml");
        if (Boolean.getBoolean("crds.update")) {
            try (Stream<Path> old = Files.list(crds)) {
                for (Path p : old.toList()) {
                    if (!generated.containsKey(p.getFileName().toString())) {
                        Files.delete(p);
                    }
                }
            }
            for (var e : generated.entrySet()) {
                Files.writeString(crds.resolve(e.getKey()), e.getValue());
            }
        }
        Map<String, String> committed = new TreeMap<>();
        try (Stream<Path> files = Files.list(crds)) {
            for (Path p : files.toList()) {
                committed.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        assertThat(committed).as("crds/ differs from the CRDs generated from the Java API; run: " + REFRESH)
                .isEqualTo(generated);
    }

    private static Map<String, String> generated() throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("target", "kubernetes"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".brook.dev-v1.yml")).toList()) {
                String name = p.getFileName().toString().replace("-v1.yml", ".yaml");
                result.put(name, Files.readString(p));
            }
        }
        return result;
    }
}
