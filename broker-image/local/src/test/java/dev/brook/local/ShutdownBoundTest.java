package dev.brook.local;

import dev.brook.contract.ExitCode;
import dev.brook.contract.PodEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM is bounded: a broker whose graceful stop cannot finish (its ZooKeeper is gone, so the
 * controlled shutdown cannot complete) is halted after BROOK_SHUTDOWN_TIMEOUT_SECONDS with exit code 7,
 * and says so in its log.
 */
class ShutdownBoundTest {
    @Test
    void brokerThatCannotStopGracefullyIsHaltedAfterTheBound() throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.builder("bound").namespace("brook-test").addressBlock(4)
                .zookeepers(1).brokers(1).workDir(Path.of("target", "local-clusters", "bound"))
                .jvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS).start()) {
            LocalProcessRuntime runtime = cluster.runtime();
            String broker = cluster.brokerPod(0);
            // Restart the broker with a 1 s bound (right after a kill -9: the agent must first wait for the
            // previous session's /brokers/ids/0 to expire), then take its ZooKeeper away.
            runtime.kill(broker);
            runtime.start(runtime.pod(broker).orElseThrow().spec().withEnv(PodEnvironment.SHUTDOWN_TIMEOUT_SECONDS, "1"));
            runtime.awaitReady(broker, Duration.ofSeconds(60));
            // The only replica of a partition cannot hand off leadership: controlled shutdown retries
            // (3 x 1 s backoff), longer than the 1 s bound; without ZooKeeper it cannot finish at all.
            try (ClusterProbe probe = new ClusterProbe(cluster.bootstrapServers())) {
                probe.createTopic("stuck", 1, 1, 1);
            }
            runtime.kill(cluster.zookeeperPod(0));

            long begin = System.nanoTime();
            int exit = runtime.stop(broker, Duration.ofSeconds(30));
            long tookMs = (System.nanoTime() - begin) / 1_000_000;

            assertThat(exit).isEqualTo(ExitCode.SHUTDOWN_TIMEOUT.code());
            assertThat(tookMs).isBetween(1_000L, 10_000L);
            assertThat(Files.readString(runtime.pod(broker).orElseThrow().logFile(), StandardCharsets.UTF_8))
                    .contains("is still held by the previous session")
                    .contains("stale registration /brokers/ids/0 expired after")
                    .contains("SIGTERM, stopping broker gracefully (bound 1000 ms)")
                    .contains("graceful stop exceeded 1000 ms; halting with exit code 7");
        }
    }
}
