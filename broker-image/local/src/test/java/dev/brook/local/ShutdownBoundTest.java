package dev.brook.local;

import dev.brook.contract.ExitCode;
import dev.brook.contract.PodEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM is bounded: a broker whose graceful stop cannot finish is halted after
 * BROOK_SHUTDOWN_TIMEOUT_SECONDS with exit code 7, and says so in its log.
 *
 * <p>The stop is made to hang for real, not by luck of timing: the broker's only ZooKeeper is frozen
 * (SIGSTOP), so its sockets stay open and nothing answers. A broker's graceful stop always ends by
 * closing its ZooKeeper session, and that close waits for an answer until the client gives the
 * connection up, which takes two thirds of the session timeout without a reply. This broker runs with
 * a session timeout of 60 s (ZooKeeper grants at most 40 s, 20 ticks), so the close hangs for at least
 * 13 s after the freeze on a quiet machine and on a busy one alike, far beyond the 1 s bound. (A killed
 * ZooKeeper would not do: the client sees the refused connection at once and the stop finishes in
 * ~200 ms.)
 */
class ShutdownBoundTest {
    @Test
    void brokerThatCannotStopGracefullyIsHaltedAfterTheBound() throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.builder("bound").namespace("brook-test").addressBlock(4)
                .zookeepers(1).brokers(1).workDir(Path.of("target", "local-clusters", "bound"))
                .jvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS).start()) {
            LocalProcessRuntime runtime = cluster.runtime();
            String broker = cluster.brokerPod(0);
            String zookeeper = cluster.zookeeperPod(0);
            // Restart the broker with a 1 s bound and a long ZooKeeper session (right after a kill -9: the agent
            // must first wait for the previous session's /brokers/ids/0 to expire).
            runtime.kill(broker);
            runtime.start(cluster.brokerSpec(0, Map.of("zookeeper.session.timeout.ms", "60000"))
                    .withEnv(PodEnvironment.SHUTDOWN_TIMEOUT_SECONDS, "1"));
            runtime.awaitReady(broker, Duration.ofSeconds(60));
            try (ClusterProbe probe = new ClusterProbe(cluster.bootstrapServers())) {
                probe.createTopic("stuck", 1, 1, 1);
            }

            runtime.pause(zookeeper);
            try {
                long begin = System.nanoTime();
                int exit = runtime.stop(broker, Duration.ofSeconds(30));
                long tookMs = (System.nanoTime() - begin) / 1_000_000;

                assertThat(exit).isEqualTo(ExitCode.SHUTDOWN_TIMEOUT.code());
                // From SIGTERM: the 1 s bound, then Runtime.halt. The upper bound leaves 9 s for a loaded machine
                // to schedule the agent's timer and the halt; only a bound that is not enforced would exceed it.
                assertThat(tookMs).isBetween(1_000L, 10_000L);
            } finally {
                runtime.resume(zookeeper);
            }
            assertThat(Files.readString(runtime.pod(broker).orElseThrow().logFile(), StandardCharsets.UTF_8))
                    .contains("is still held by the previous session")
                    .contains("stale registration /brokers/ids/0 expired after")
                    .contains("SIGTERM, stopping broker gracefully (bound 1000 ms)")
                    .contains("graceful stop exceeded 1000 ms; halting with exit code 7");
        }
    }
}
