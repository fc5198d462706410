package dev.brook.cli;

import dev.brook.contract.PodName;
import dev.brook.local.AgentStatus;
import dev.brook.local.BrookImage;
import dev.brook.local.LocalPod;
import dev.brook.local.LocalProcessRuntime;
import dev.brook.local.PodSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * brook local's kubelet: one detached process per data dir that keeps the cluster's pods running, as the kubelet
 * keeps a StatefulSet's pods running on Kubernetes ({@code restartPolicy: Always}).
 * <ul>
 *   <li>Started by {@code up} ({@link SupervisorProcess#launch}) with the CLI's java and classpath, in a session of its
 *       own; records itself (pid and process start time) in {@code processes.json}, which only it writes while it
 *       runs; logs one line per decision to {@code supervisor.log}.</li>
 *   <li>Runs the pods {@link LocalClusterPlan#pods} makes of {@code manifests.yaml} and the TLS Secrets of the data
 *       dir ({@link LocalSecrets}) as its child processes (each in its own session, so they outlive it), StatefulSet by
 *       StatefulSet: the brokers once every ZooKeeper pod was ready, as the operator orders them.</li>
 *   <li>A pod that exits is started again on the same data dir and log (appended) after a {@link RestartBackoff}
 *       delay; its restart count and last exit (code and time) go to {@code processes.json} for {@code status}.</li>
 *   <li>Pods recorded as running when it starts (its predecessor died) are adopted: watched, and restarted when they
 *       exit; their exit code cannot be known (they are not its children) and is recorded as unknown.</li>
 *   <li>SIGTERM ({@code down}) ends it after the current step; the pods keep running until {@code down} stops them.</li>
 * </ul>
 */
public final class LocalSupervisor {
    /** The runtime's own per-pod lines would repeat this class's; held so the level sticks. */
    private static final Logger RUNTIME_LOG = Logger.getLogger("dev.brook.local");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Duration TICK = Duration.ofMillis(200);

    private final LocalState state;
    private final Clock clock;
    private final LocalProcessRuntime runtime;
    private final List<Supervised> pods = new ArrayList<>();
    private LocalState.Processes processes;
    private int openWaves = 1;
    private volatile boolean stopping;

    /** One pod: its spec and what the supervisor knows of its current process. */
    private static final class Supervised {
        final PodSpec spec;
        final int wave;
        final RestartBackoff backoff = new RestartBackoff();
        Process process;          // set when the process is this JVM's child
        ProcessHandle handle;     // set while a process runs (child or adopted)
        Instant startedAt;
        boolean everStarted;
        boolean seenReady;
        int restarts;
        Integer lastExitCode;
        Instant lastExitAt;
        Instant nextStart;

        Supervised(PodSpec spec, int wave) {
            this.spec = spec;
            this.wave = wave;
        }

        boolean running() {
            return process != null ? process.isAlive() : handle != null && handle.isAlive();
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp <brook-cli classpath> " + LocalSupervisor.class.getName() + " <data dir>");
            System.exit(2);
        }
        RUNTIME_LOG.setLevel(java.util.logging.Level.WARNING);
        LocalSupervisor supervisor = new LocalSupervisor(new LocalState(Path.of(args[0])), BrookImage.locate(), Clock.systemUTC());
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            supervisor.stopping = true;
            main.interrupt();
            try {
                main.join(10_000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "supervisor-stop"));
        supervisor.run();
    }

    LocalSupervisor(LocalState state, BrookImage image, Clock clock) {
        this.state = state;
        this.clock = clock;
        this.processes = state.processes().orElseThrow(() -> new IllegalStateException(
                "no " + LocalState.PROCESSES_FILE + " in " + state.dataDir() + ": nothing to supervise"));
        // The Secrets are read once, as up wrote them: a pod restarted later gets the files it was started with.
        LocalSecrets secrets = state.secrets();
        List<List<PodSpec>> waves = LocalClusterPlan.pods(state.manifests(), processes.addressBlock(), state.podsRoot(), secrets::secret);
        List<PodSpec> all = new ArrayList<>();
        for (int w = 0; w < waves.size(); w++) {
            for (PodSpec spec : waves.get(w)) {
                pods.add(new Supervised(spec, w));
                all.add(spec);
            }
        }
        // Running pods (adopted below) resolve each other's names through the hosts file from the first write on.
        this.runtime = LocalProcessRuntime.detached(image, state.dataDir(), all);
    }

    void run() {
        Instant now = clock.instant();
        for (Supervised p : pods) {
            adopt(p, processes.pod(p.spec.name()), now);
        }
        processes = processes.withSupervisor(SupervisorProcess.self());
        write();
        log("supervising " + pods.size() + " pods of cluster " + processes.cluster() + " from " + state.dataDir()
                + " (pid " + ProcessHandle.current().pid() + ")");
        while (!stopping) {
            boolean changed = false;
            now = clock.instant();
            for (Supervised p : pods) {
                changed |= observeExit(p, now);
            }
            openWaves();
            for (Supervised p : pods) {
                if (stopping) {
                    break;
                }
                if (p.handle == null && p.wave < openWaves && (p.nextStart == null || !now.isBefore(p.nextStart))) {
                    start(p, now);
                    changed = true;
                }
            }
            if (changed) {
                write();
            }
            try {
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        log("stopping: the pods keep running (brook local down stops them)");
    }

    /** Takes over what {@code processes.json} recorded: the counters, and the process if it still runs. */
    private void adopt(Supervised p, Optional<LocalState.Pod> recorded, Instant now) {
        if (recorded.isEmpty()) {
            return;
        }
        LocalState.Pod r = recorded.get();
        p.restarts = r.restarts();
        p.lastExitCode = r.lastExitCode();
        p.lastExitAt = r.lastExitAt() == null ? null : Instant.parse(r.lastExitAt());
        if (r.pid() <= 0) {
            return;
        }
        p.everStarted = true;
        Optional<ProcessHandle> running = PodProcesses.handle(r);
        if (running.isPresent()) {
            p.handle = running.get();
            p.startedAt = r.startedAt() != null ? Instant.parse(r.startedAt()) : running.get().info().startInstant().orElse(now);
            log("adopted pod " + p.spec.name() + " (pid " + r.pid() + "), running since " + p.startedAt);
        } else {
            p.lastExitCode = null; // it exited while nobody watched: its code is gone
            p.lastExitAt = now;
            p.nextStart = now.plus(p.backoff.afterExit(Duration.ZERO));
            log("pod " + p.spec.name() + " (pid " + r.pid() + ") exited while no supervisor ran (exit code unknown); "
                    + "starting it again");
        }
    }

    private boolean observeExit(Supervised p, Instant now) {
        if (p.handle == null || p.running()) {
            return false;
        }
        Integer code = p.process != null ? p.process.exitValue() : null;
        Duration ran = Duration.between(p.startedAt, now);
        Duration delay = p.backoff.afterExit(ran);
        p.lastExitCode = code;
        p.lastExitAt = now;
        p.nextStart = now.plus(delay);
        long pid = p.handle.pid();
        p.handle = null;
        p.process = null;
        log(String.format(Locale.ROOT, "pod %s (pid %d) exited with code %s after %.1f s; restarting in %d s",
                p.spec.name(), pid, code == null ? "unknown" : code.toString(), ran.toMillis() / 1000.0, delay.toSeconds()));
        return true;
    }

    /** The next StatefulSet's pods start once every pod of the ones before was ready (ZooKeeper before the brokers). */
    private void openWaves() {
        int waves = pods.stream().mapToInt(p -> p.wave + 1).max().orElse(1);
        while (openWaves < waves) {
            int wave = openWaves - 1;
            boolean allReady = true;
            for (Supervised p : pods) {
                if (p.wave != wave || p.seenReady) {
                    continue;
                }
                p.seenReady = p.running() && AgentStatus.isReady(p.spec.bindAddress(), p.spec.healthPort());
                allReady &= p.seenReady;
            }
            if (!allReady) {
                return;
            }
            log("every pod of " + setOf(wave) + " was ready: starting " + setOf(wave + 1));
            openWaves++;
        }
    }

    private void start(Supervised p, Instant now) {
        try {
            LocalPod pod = runtime.start(p.spec);
            if (p.everStarted) {
                p.restarts++;
            }
            p.everStarted = true;
            p.process = pod.process();
            p.handle = pod.process().toHandle();
            p.startedAt = pod.startedAt();
            p.nextStart = null;
            log("started pod " + p.spec.name() + " on " + p.spec.bindAddress() + " (pid " + pod.pid() + ", restarts "
                    + p.restarts + ")");
        } catch (RuntimeException e) {
            p.nextStart = now.plus(p.backoff.afterExit(Duration.ZERO));
            log("cannot start pod " + p.spec.name() + ": " + e.getMessage() + "; trying again at " + p.nextStart);
        }
    }

    /** The StatefulSet of a wave, by its pods' names ({@code <set>-<ordinal>}). */
    private String setOf(int wave) {
        return pods.stream().filter(p -> p.wave == wave).findFirst()
                .map(p -> p.spec.name().substring(0, p.spec.name().lastIndexOf('-'))).orElse("wave " + wave);
    }

    /**
     * One line per decision on stdout ({@code supervisor.log}). Not java.util.logging: its handlers are closed by
     * the JVM's shutdown, and the last line (the stop) would be lost.
     */
    private static void log(String line) {
        System.out.println(TIME.format(LocalDateTime.now()) + " " + line);
    }

    private void write() {
        List<LocalState.Pod> out = new ArrayList<>();
        for (Supervised p : pods) {
            PodSpec s = p.spec;
            long pid = p.handle == null ? 0 : p.handle.pid();
            out.add(new LocalState.Pod(s.name(), PodName.parse(s.name()).role().argument(), s.bindAddress(), pid, s.healthPort(),
                    state.podsRoot().resolve(s.name()).resolve(s.name() + ".log").toString(),
                    p.startedAt == null ? null : p.startedAt.toString(), p.restarts, p.lastExitCode,
                    p.lastExitAt == null ? null : p.lastExitAt.toString()));
        }
        processes = processes.withPods(out);
        state.writeProcesses(processes);
    }
}
