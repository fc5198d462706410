package dev.brook.local;

import dev.brook.contract.PodAddressing;
import dev.brook.contract.PodPaths;
import dev.brook.contract.Role;
import dev.brook.contract.ZookeeperInputs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A detached runtime (what {@code brook local up} uses): its pod outlives {@code close()}, runs in a
 * session of its own, and is stopped later by pid.
 */
class DetachedRuntimeTest {
    private long pid = -1;

    @Test
    void podOutlivesCloseInItsOwnSessionAndStopsBySigterm() throws Exception {
        ZookeeperInputs inputs = ZookeeperInputs.of("det", "brook-test", 1,
                PodAddressing.serviceDomain("det-zookeeper.brook-test.svc.cluster.local"));
        String pod = inputs.pod(0).toString();
        LocalProcessRuntime runtime = LocalProcessRuntime.detached(BrookImage.locate(), Path.of("target", "local-clusters", "detached"));
        assertThat(runtime.isDetached()).isTrue();
        pid = runtime.start(PodSpec.of(pod, Role.ZOOKEEPER, "127.0.6.11")
                .withInputFile(PodPaths.ZOOKEEPER_INPUTS_FILE, inputs.render())
                .withHostname(inputs.addressing().host(inputs.pod(0)))
                .withJvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS)).pid();
        runtime.awaitReady(pod, Duration.ofSeconds(60));
        runtime.close();

        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertThat(handle).isPresent();
        assertThat(handle.get().isAlive()).as("pod still runs after close()").isTrue();
        if (Path.of("/usr/bin/setsid").toFile().canExecute()) {
            assertThat(sessionOf(pid)).as("own session").isEqualTo(pid).isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
        }
        handle.get().destroy();
        assertThat(handle.get().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @AfterEach
    void killLeftovers() {
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Field 6 of /proc/PID/stat (after the parenthesised command): the session id. */
    private static long sessionOf(long pid) throws Exception {
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
