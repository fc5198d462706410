package dev.brook.cli;

import dev.brook.local.AgentStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pods of a detached cluster, seen from a later command or from the supervisor: by pid (checked to still be that
 * pod's JVM, so a reused pid is never signalled) and by the agent's health endpoints.
 */
final class PodProcesses {
    private PodProcesses() {
    }

    /** The pod's process, if it still runs and is still the agent of that pod. */
    static Optional<ProcessHandle> handle(LocalState.Pod pod) {
        if (pod.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pod.pid()).filter(ProcessHandle::isAlive).filter(h -> isThatPod(h, pod));
    }

    static boolean isRunning(LocalState.Pod pod) {
        return handle(pod).isPresent();
    }

    private static boolean isThatPod(ProcessHandle h, LocalState.Pod pod) {
        // The pod JVM's command line names its own work dir: -Djava.io.tmpdir=<data dir>/pods/<pod>/work.
        Path podDir = Path.of(pod.logFile()).getParent();
        return h.info().commandLine().map(c -> c.contains(tmpdirOption(podDir.resolve("work")))).orElse(true);
    }

    private static String tmpdirOption(Path dir) {
        return "-Djava.io.tmpdir=" + dir;
    }

    /**
     * Every process started for a pod under {@code podsRoot}, recorded or not (a pod started just before its supervisor
     * was killed, an older run): found by the work dir on its command line.
     */
    static List<ProcessHandle> allUnder(Path podsRoot) {
        String marker = tmpdirOption(podsRoot.toAbsolutePath().normalize()) + "/";
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    /** SIGTERM; after {@code grace}, SIGKILL. Returns true when it had to kill. */
    static boolean stop(LocalState.Pod pod, Duration grace) {
        return handle(pod).map(h -> stop(h, grace)).orElse(false);
    }

    /** SIGTERM; after {@code grace}, SIGKILL (then waits up to 10 s for the exit). Returns true when it had to kill. */
    static boolean stop(ProcessHandle h, Duration grace) {
        if (!h.isAlive()) {
            return false;
        }
        h.destroy();
        try {
            h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (Exception timeoutOrInterrupt) {
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller's final check
            }
            return true;
        }
    }

    static boolean isReady(LocalState.Pod pod) {
        return AgentStatus.isReady(pod.address(), pod.healthPort());
    }
}
