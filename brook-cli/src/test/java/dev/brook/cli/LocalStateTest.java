package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {
    @Test
    void aProcessesFileFromBeforeTlsReadsAsAPlaintextBootstrap(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(LocalState.PROCESSES_FILE), """
                {"cluster": "demo", "namespace": "default", "addressBlock": 77, "bootstrapServers": "127.0.77.101:19092",
                 "brokers": 1, "zookeepers": 1, "inputsHash": "h", "startedAt": "2026-11-30T10:00:00Z", "supervisor": null, "pods": []}
                """);

        LocalState.Processes p = new LocalState(dir).processes().orElseThrow();

        assertThat(p.bootstrapTls()).isFalse();
        assertThat(p.caCertificate()).isNull();
        assertThat(p.bootstrapServers()).isEqualTo("127.0.77.101:19092");
    }
}
