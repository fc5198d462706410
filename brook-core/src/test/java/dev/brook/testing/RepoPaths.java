package dev.brook.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root from a test's working directory (a module folder). */
public final class RepoPaths {
    private RepoPaths() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("crds")) && Files.exists(dir.resolve("operator"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root (with crds/ and operator/) not found above " + Path.of("").toAbsolutePath());
    }
}
