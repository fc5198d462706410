package dev.brook.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoriesTest {
    @Test
    void deletesTheTreeButNotWhatALinkPointsTo(@TempDir Path dir) throws Exception {
        Path outside = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("keep.txt"), "keep");
        Path root = Files.createDirectories(dir.resolve("root/a/b"));
        Files.writeString(root.resolve("f.txt"), "x");
        Files.createSymbolicLink(dir.resolve("root/link"), outside.getParent());

        Directories.deleteTree(dir.resolve("root"));

        assertThat(dir.resolve("root")).doesNotExist();
        assertThat(outside).hasContent("keep");
        Directories.deleteTree(dir.resolve("root")); // nothing there: nothing to do
    }
}
