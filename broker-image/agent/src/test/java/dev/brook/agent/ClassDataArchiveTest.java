package dev.brook.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's bookkeeping; the dump itself needs a JVM started by the launcher (-XX:+RecordDynamicDumpInfo) and is
 * exercised with real brokers (NodeFailureTest). This test JVM was not started that way, so the JVM refuses the dump.
 */
class ClassDataArchiveTest {
    @TempDir
    Path data;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ClassDataArchive.ARCHIVE_PROPERTY);
    }

    @Test
    void onlyARunTheLauncherAskedWritesAnArchive() {
        assertThat(ClassDataArchive.requested()).isEmpty();
        Path file = data.resolve("class-data").resolve("broker-123.jsa");
        System.setProperty(ClassDataArchive.ARCHIVE_PROPERTY, file.toString());
        assertThat(ClassDataArchive.requested()).hasValueSatisfying(a -> assertThat(a.file()).isEqualTo(file));
    }

    /** The launcher is a shell script: it must use the names the agent and the operator use. */
    @Test
    void theLauncherUsesTheContractsNames() throws IOException {
        String launcher = Files.readString(Path.of("src/main/image/bin/brook-agent"));
        assertThat(launcher).contains("-D" + ClassDataArchive.ARCHIVE_PROPERTY + "=")
                .contains("${" + dev.brook.contract.PodEnvironment.CLASS_DATA + ":-on}\" != " + dev.brook.contract.PodEnvironment.CLASS_DATA_OFF);
    }

    @Test
    void aRefusedDumpLeavesNoArchiveAndClearsTheRolesStaleOnes() throws IOException {
        Path dir = Files.createDirectories(data.resolve("class-data"));
        Files.writeString(dir.resolve("broker-111.jsa"), "another JDK's");
        Files.writeString(dir.resolve("broker-123.jsa.partial"), "a stop cut short");
        Files.writeString(dir.resolve("zookeeper-111.jsa"), "another role's");
        System.setProperty(ClassDataArchive.ARCHIVE_PROPERTY, dir.resolve("broker-123.jsa").toString());

        assertThatThrownBy(() -> ClassDataArchive.requested().orElseThrow().write())
                .isInstanceOf(IOException.class).hasMessageContaining("RecordDynamicDumpInfo");

        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("zookeeper-111.jsa");
        }
    }
}
