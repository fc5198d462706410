package dev.brook.cli;

import dev.brook.local.LocalProcessRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What {@code brook local up} shows while the supervisor it launched starts the pods, and when it gives up. */
final class StartProgress {
    private static final Duration POLL = Duration.ofMillis(200);
    private final LocalState state;
    private final PrintStream out;

    StartProgress(LocalState state, PrintStream out) {
        this.state = state;
        this.out = out;
    }

    /**
     * Follows the supervisor while it starts the pods, StatefulSet by StatefulSet, and prints what happens: each pod's
     * start (or that it was adopted), then a dot per ready pod. Fails when the supervisor exits, when a pod exits
     * before it was ready (with its last log lines), or at {@code deadline}.
     */
    void await(Process supervisor, Instant begin, Instant deadline) {
        List<List<String>> waves = new ArrayList<>();
        List<String> zookeepers = new ArrayList<>();
        List<String> brokers = new ArrayList<>();
        for (LocalState.Pod pod : state.processes().orElseThrow().pods()) {
            ("broker".equals(pod.role()) ? brokers : zookeepers).add(pod.name());
        }
        waves.add(zookeepers);
        waves.add(brokers);
        // The supervisor records itself once it has taken over what processes.json names (adopted the running pods).
        while (state.processes().map(LocalState.Processes::supervisor).map(LocalState.Supervisor::pid).orElse(0L) != supervisor.pid()) {
            if (!supervisor.isAlive()) {
                throw supervisorExited(supervisor);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the supervisor did not start within the --wait bound; see " + state.supervisorLog());
            }
            sleep(POLL);
        }
        Set<String> announced = new HashSet<>();
        for (List<String> wave : waves) {
            if (wave.isEmpty()) {
                continue;
            }
            String what = wave == zookeepers ? "ZooKeeper" : "brokers";
            Set<String> ready = new HashSet<>();
            boolean waiting = false;
            while (ready.size() < wave.size()) {
                if (!supervisor.isAlive()) {
                    if (waiting) {
                        out.println();
                    }
                    throw supervisorExited(supervisor);
                }
                LocalState.Processes now = state.processes().orElseThrow(() -> new IllegalStateException(
                        LocalState.PROCESSES_FILE + " disappeared from " + state.dataDir()));
                for (String name : wave) {
                    LocalState.Pod pod = now.pod(name).orElseThrow();
                    boolean startedNow = pod.startedAt() != null && !Instant.parse(pod.startedAt()).isBefore(begin);
                    if (pod.pid() > 0 && announced.add(name)) {
                        out.println("  " + (startedNow ? "started " : "adopted ") + name + " on " + pod.address() + " (pid " + pod.pid() + ")");
                    }
                    if (!ready.contains(name) && pod.exitedBefore() && !Instant.parse(pod.lastExitAt()).isBefore(begin)) {
                        if (waiting) {
                            out.println();
                        }
                        throw new IllegalStateException("pod " + name + " exited with code "
                                + (pod.lastExitCode() == null ? "unknown" : pod.lastExitCode()) + " before becoming ready; last log lines:\n"
                                + LocalProcessRuntime.tail(Path.of(pod.logFile()), 15));
                    }
                }
                boolean allStarted = wave.stream().allMatch(announced::contains);
                if (allStarted && !waiting) {
                    out.print("  waiting for " + what + " ");
                    out.flush();
                    waiting = true;
                }
                if (waiting) {
                    for (String name : wave) {
                        LocalState.Pod pod = now.pod(name).orElseThrow();
                        if (!ready.contains(name) && pod.pid() > 0 && PodProcesses.isReady(pod)) {
                            ready.add(name);
                            out.print(".");
                            out.flush();
                        }
                    }
                }
                if (ready.size() < wave.size()) {
                    if (Instant.now().isAfter(deadline)) {
                        if (waiting) {
                            out.println();
                        }
                        throw new IllegalStateException(what + " not ready within the --wait bound");
                    }
                    sleep(POLL);
                }
            }
            out.println(" " + wave.size() + "/" + wave.size() + " ready (" + LocalPlatform.seconds(begin) + ")");
        }
    }

    private IllegalStateException supervisorExited(Process supervisor) {
        return new IllegalStateException("the supervisor exited with code " + supervisor.exitValue() + "; last lines of "
                + state.supervisorLog() + ":\n" + LocalProcessRuntime.tail(state.supervisorLog(), 15));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
