package dev.brook.cli;

import dev.brook.model.BrokerSet;
import dev.brook.model.ZookeeperEnsemble;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How {@code brook local} stops a cluster of one data dir: {@code down}, and {@code up} cleaning up after a failed start. */
final class LocalShutdown {
    private final LocalState state;
    private final PrintStream out;

    LocalShutdown(LocalState state, PrintStream out) {
        this.state = state;
        this.out = out;
    }

    /**
     * The supervisor first (so nothing restarts while the pods stop), then the pods as it recorded them (brokers, then
     * ZooKeeper; see {@link #stopAll}), then any process started from this data dir that no record names. Returns what
     * still runs.
     */
    List<String> stopEverything(boolean quiet) {
        List<ProcessHandle> supervisors = new ArrayList<>(SupervisorProcess.allOf(state.dataDir()));
        state.processes().flatMap(SupervisorProcess::find).filter(h -> !supervisors.contains(h)).ifPresent(supervisors::add);
        for (ProcessHandle supervisor : supervisors) {
            boolean killed = SupervisorProcess.stop(supervisor);
            if (!quiet) {
                out.println("  supervisor (pid " + supervisor.pid() + ") " + (killed ? "killed" : "stopped"));
            }
        }
        List<LocalState.Pod> pods = state.processes().map(LocalState.Processes::pods).orElse(List.of());
        stopAll(pods, quiet);
        List<ProcessHandle> strays = PodProcesses.allUnder(state.podsRoot());
        for (ProcessHandle stray : strays) {
            boolean killed = PodProcesses.stop(stray, Duration.ofSeconds(BrokerSet.SHUTDOWN_TIMEOUT_SECONDS + 10));
            if (!quiet) {
                out.println("  process " + stray.pid() + " of " + state.podsRoot() + " (not recorded) " + (killed ? "killed" : "stopped"));
            }
        }
        List<String> left = new ArrayList<>();
        supervisors.stream().filter(ProcessHandle::isAlive).forEach(h -> left.add("supervisor (pid " + h.pid() + ")"));
        LocalState.alive(pods).forEach(x -> left.add(x.name() + " (pid " + x.pid() + ")"));
        PodProcesses.allUnder(state.podsRoot()).forEach(h -> left.add("pid " + h.pid()));
        return left;
    }

    /** SIGTERM to the brokers, then to ZooKeeper (each bounded, then SIGKILL); returns the pods still running. */
    private List<LocalState.Pod> stopAll(List<LocalState.Pod> pods, boolean quiet) {
        List<LocalState.Pod> brokers = pods.stream().filter(p -> "broker".equals(p.role())).toList();
        List<LocalState.Pod> zookeepers = pods.stream().filter(p -> !"broker".equals(p.role())).toList();
        stopGroup(brokers, Duration.ofSeconds(BrokerSet.SHUTDOWN_TIMEOUT_SECONDS + 10), quiet);
        stopGroup(zookeepers, Duration.ofSeconds(ZookeeperEnsemble.SHUTDOWN_TIMEOUT_SECONDS + 10), quiet);
        return LocalState.alive(pods);
    }

    private void stopGroup(List<LocalState.Pod> pods, Duration grace, boolean quiet) {
        List<Thread> threads = new ArrayList<>();
        for (LocalState.Pod pod : pods) {
            Thread t = new Thread(() -> {
                long begin = System.nanoTime();
                if (!PodProcesses.isRunning(pod)) {
                    return;
                }
                boolean killed = PodProcesses.stop(pod, grace);
                if (!quiet) {
                    synchronized (out) {
                        out.println("  " + pod.name() + (killed ? " killed after " : " stopped in ")
                                + String.format("%.1f s", (System.nanoTime() - begin) / 1e9));
                    }
                }
            }, "stop-" + pod.name());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
