package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child JVM {@link KafkaAccess} starts finds {@link KafkaTraffic} and the test kit's producer on its
 * classpath (no cluster needed: zero records to a closed port).
 */
class KafkaTrafficLaunchTest {
    @Test
    void theClientJvmRunsKafkaTrafficWithTheTestKit(@TempDir Path dir) throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        Process process = new ProcessBuilder(KafkaAccess.clientCommand(hosts, "produce", "127.0.0.1:1", "launch-check", "0"))
                .redirectErrorStream(true).start();
        Map<String, String> result = new KafkaAccess.Traffic(process).result(Duration.ofSeconds(120));
        assertThat(result).containsEntry("sent", "0").containsEntry("acked", "0").containsEntry("failed", "0");
    }
}
