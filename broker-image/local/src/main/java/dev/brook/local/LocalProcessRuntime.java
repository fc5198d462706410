package dev.brook.local;

import dev.brook.contract.PodEndpoints;
import dev.brook.contract.PodEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Runs the broker image's pods as local child processes of the very launcher the container uses
 * ({@code bin/brook-agent}), each on its own loopback address with its own data directory, inputs
 * directory (the "mounted ConfigMap") and log file.
 *
 * <pre>{@code
 * try (LocalProcessRuntime runtime = new LocalProcessRuntime(workDir)) {
 *     runtime.start(PodSpec.of("c1-zookeeper-0", Role.ZOOKEEPER, "127.0.1.11")
 *             .withInputFile(PodPaths.ZOOKEEPER_INPUTS_FILE, inputs.render())
 *             .withHostname("c1-zookeeper-0.c1-zookeeper.ns.svc.cluster.local"));
 *     runtime.awaitReady("c1-zookeeper-0", Duration.ofSeconds(30));
 *     runtime.stop("c1-zookeeper-0", Duration.ofSeconds(30)); // SIGTERM, then SIGKILL after the grace period
 * }
 * }</pre>
 *
 * Pod DNS names: every pod JVM gets {@code -Djdk.net.hosts.file=<work root>/hosts}, a hosts file this
 * runtime keeps with every registered name ({@link PodSpec#hostnames()}, {@link #registerHost}), so
 * {@code <pod>.<headless-service>.<ns>.svc.cluster.local} resolves to the pod's 127.0.0.x address.
 *
 * <p>No JVM outlives the runtime: {@link #close()} kills every pod, and a JVM shutdown hook does the
 * same if the owner never calls it. The exception is a runtime made with {@link #detached}: its pods
 * are meant to outlive it (the {@code brook local} CLI), so it registers no hook, {@link #close()}
 * leaves them running, and each pod starts in a session of its own ({@code setsid}, stdin from
 * {@code /dev/null}) so a terminal's hang-up or Ctrl-C does not reach it; whoever detaches stops the
 * pods later by pid. Thread-safe.
 */
public final class LocalProcessRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalProcessRuntime.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final BrookImage image;
    private final Path workRoot;
    private final Path hostsFile;
    private final Map<String, LocalPod> pods = new LinkedHashMap<>();
    private final Map<String, String> hosts = new TreeMap<>();
    private final Thread shutdownHook;
    private final boolean detached;
    private boolean closed;

    /** A runtime using the image tree found by {@link BrookImage#locate()}. */
    public LocalProcessRuntime(Path workRoot) {
        this(BrookImage.locate(), workRoot);
    }

    public LocalProcessRuntime(BrookImage image, Path workRoot) {
        this(image, workRoot, false);
    }

    /**
     * A runtime whose pods outlive it: no shutdown hook, {@link #close()} does not stop them, and each pod
     * runs in its own session. The caller records {@link LocalPod#pid()} to stop them later.
     */
    public static LocalProcessRuntime detached(BrookImage image, Path workRoot) {
        return new LocalProcessRuntime(image, workRoot, true, List.of());
    }

    /**
     * A {@link #detached} runtime whose hosts file names {@code known} pods from the start: pods started by an
     * earlier runtime on the same work root keep resolving each other while this one takes over.
     */
    public static LocalProcessRuntime detached(BrookImage image, Path workRoot, Collection<PodSpec> known) {
        return new LocalProcessRuntime(image, workRoot, true, known);
    }

    private LocalProcessRuntime(BrookImage image, Path workRoot, boolean detached) {
        this(image, workRoot, detached, List.of());
    }

    private LocalProcessRuntime(BrookImage image, Path workRoot, boolean detached, Collection<PodSpec> known) {
        this.image = image;
        this.detached = detached;
        this.workRoot = workRoot.toAbsolutePath().normalize();
        this.hostsFile = this.workRoot.resolve("hosts");
        try {
            Files.createDirectories(this.workRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hosts.put("localhost", "127.0.0.1");
        localHostname().ifPresent(name -> hosts.put(name, "127.0.0.1"));
        known.forEach(spec -> spec.hostnames().forEach(h -> hosts.put(h, spec.bindAddress())));
        writeHostsFile();
        shutdownHook = new Thread(this::killAll, "brook-local-runtime-cleanup");
        if (!detached) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** True for a runtime made with {@link #detached}: its pods outlive it. */
    public boolean isDetached() {
        return detached;
    }

    public BrookImage image() {
        return image;
    }

    public Path workRoot() {
        return workRoot;
    }

    /** The hosts file every pod resolves names with ({@code -Djdk.net.hosts.file}). */
    public Path hostsFile() {
        return hostsFile;
    }

    /** Makes {@code hostname} resolve to {@code address} in every pod (already running ones too). */
    public synchronized void registerHost(String hostname, String address) {
        hosts.put(hostname, address);
        writeHostsFile();
    }

    /** Starts a pod. A pod of the same name must not be running. */
    public synchronized LocalPod start(PodSpec spec) {
        requireOpen();
        LocalPod previous = pods.get(spec.name());
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException("pod " + spec.name() + " is already running (pid " + previous.pid() + ")");
        }
        spec.hostnames().forEach(h -> hosts.put(h, spec.bindAddress()));
        writeHostsFile();
        Path podDir = workRoot.resolve("pods").resolve(spec.name());
        Path inputsDir = podDir.resolve("inputs");
        Path tlsDir = tlsDir(spec.name());
        Path workDir = podDir.resolve("work");
        Path dataDir = spec.dataDir() != null ? spec.dataDir().toAbsolutePath() : podDir.resolve("data");
        Path logFile = podDir.resolve(spec.name() + ".log");
        try {
            Files.createDirectories(inputsDir);
            Files.createDirectories(workDir);
            Files.createDirectories(dataDir);
            // As a new container starts with an empty termination log: a message is always about the last exit.
            Files.deleteIfExists(terminationLog(spec.name()));
            replaceInputs(inputsDir, spec.inputFiles());
            Files.createDirectories(tlsDir);
            replaceTlsFiles(tlsDir, spec.tlsFiles());
            Files.writeString(logFile, "=== brook-local: starting " + spec.name() + " at " + Instant.now() + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare pod " + spec.name(), e);
        }
        List<String> command = new ArrayList<>();
        if (detached && Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // a new session: no controlling terminal, own process group; same pid
        }
        command.add(image.launcher().toString());
        command.add(spec.roleArgument());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("BROOK_")); // only what this pod is given
        env.put(PodEnvironment.POD_NAME, spec.name());
        env.put(PodEnvironment.BIND_ADDRESS, spec.bindAddress());
        env.put(PodEnvironment.INPUTS_DIR, inputsDir.toString());
        env.put(PodEnvironment.DATA_DIR, dataDir.toString());
        env.put(PodEnvironment.WORK_DIR, workDir.toString());
        env.put(PodEnvironment.TLS_DIR, tlsDir.toString());
        env.put(PodEnvironment.HEALTH_PORT, Integer.toString(spec.healthPort()));
        env.put(PodEnvironment.TERMINATION_LOG, terminationLog(spec.name()).toString());
        List<String> jvm = new ArrayList<>();
        jvm.add("-Djdk.net.hosts.file=" + hostsFile);
        jvm.add("-Djava.io.tmpdir=" + workDir);
        jvm.addAll(spec.jvmOptions());
        env.put(PodEnvironment.JVM_OPTS, String.join(" ", jvm));
        env.putAll(spec.env());
        builder.redirectErrorStream(true);
        if (detached) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.directory(podDir.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + image.launcher() + " for pod " + spec.name(), e);
        }
        LocalPod pod = new LocalPod(spec, process, dataDir, logFile, Instant.now());
        pods.put(spec.name(), pod);
        LOG.info(() -> "started pod " + spec.name() + " (" + spec.roleArgument() + ") pid " + process.pid() + " on "
                + spec.bindAddress() + ", log " + logFile);
        return pod;
    }

    /**
     * The pod's TLS dir ({@code BROOK_TLS_DIR}, {@code <work root>/pods/<name>/tls}): the files of {@link PodSpec#tlsFiles()},
     * written at every start like a mounted Secret.
     */
    public Path tlsDir(String podName) {
        return workRoot.resolve("pods").resolve(podName).resolve("tls");
    }

    /**
     * Replaces one file in a started pod's TLS dir while it runs, atomically (a reader sees the old or the new
     * content, as with a Secret volume's update), and keeps it in the pod's spec so a restart sees it too.
     */
    public synchronized void writeTlsFile(String podName, String fileName, String content) {
        LocalPod pod = require(podName);
        try {
            writeAtomically(tlsDir(podName), fileName, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " of pod " + podName, e);
        }
        pods.put(podName, new LocalPod(pod.spec().withTlsFile(fileName, content), pod.process(), pod.dataDir(), pod.logFile(),
                pod.startedAt()));
    }

    public synchronized Optional<LocalPod> pod(String name) {
        return Optional.ofNullable(pods.get(name));
    }

    public synchronized Collection<LocalPod> pods() {
        return List.copyOf(pods.values());
    }

    /** True when the pod's readiness endpoint answers 200. */
    public boolean isReady(String name) {
        LocalPod pod = require(name);
        return pod.isAlive() && AgentStatus.isReady(pod.spec().bindAddress(), pod.spec().healthPort());
    }

    /** Where the pod's agent writes its last failure's one line (its container's termination log). */
    private Path terminationLog(String podName) {
        return workRoot.resolve("pods").resolve(podName).resolve("termination-log");
    }

    /**
     * The one line the pod's agent wrote before its process exited non-zero (what Kubernetes shows as the
     * container's {@code lastState.terminated.message}); empty while it runs or when it exited without one.
     */
    public Optional<String> terminationMessage(String name) {
        LocalPod pod = require(name);
        Path file = terminationLog(name);
        if (pod.isAlive() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String message = Files.readString(file, StandardCharsets.UTF_8).strip();
            return message.isEmpty() ? Optional.empty() : Optional.of(message);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The pod's status JSON ({@link PodEndpoints#STATUS}) as the agent wrote it, or empty when it does not answer. */
    public Optional<String> status(String name) {
        return agentStatus(name).map(AgentStatus::json);
    }

    /** The pod's agent status, or empty when it does not answer. */
    public Optional<AgentStatus> agentStatus(String name) {
        LocalPod pod = require(name);
        return AgentStatus.read(pod.spec().bindAddress(), pod.spec().healthPort());
    }

    /**
     * Waits until the pod is ready. Fails early, with the pod's last log lines, if it exits.
     *
     * @throws IllegalStateException when the pod exits or the timeout passes
     */
    public void awaitReady(String name, Duration timeout) {
        LocalPod pod = require(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!pod.isAlive()) {
                throw new IllegalStateException("pod " + name + " exited with code " + pod.process().exitValue()
                        + " before becoming ready; last log lines:\n" + tail(pod.logFile(), 15));
            }
            if (AgentStatus.isReady(pod.spec().bindAddress(), pod.spec().healthPort())) {
                return;
            }
            sleep(POLL);
        }
        throw new IllegalStateException("pod " + name + " not ready within " + timeout + "; last log lines:\n" + tail(pod.logFile(), 15));
    }

    /** Waits for the pod's process to exit and returns its exit code. */
    public int awaitExit(String name, Duration timeout) {
        LocalPod pod = require(name);
        try {
            if (!pod.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("pod " + name + " still running after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        }
        return pod.process().exitValue();
    }

    /** SIGTERM, then SIGKILL if the pod has not exited within {@code grace}. Returns the exit code. */
    public int stop(String name, Duration grace) {
        LocalPod pod = require(name);
        if (!pod.isAlive()) {
            return pod.process().exitValue();
        }
        pod.process().destroy(); // SIGTERM on Unix
        try {
            if (!pod.process().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning(() -> "pod " + name + " did not exit within " + grace + " after SIGTERM; killing");
                pod.process().destroyForcibly();
                pod.process().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pod.process().destroyForcibly();
        }
        LOG.info(() -> "stopped pod " + name + " (exit " + pod.process().exitValue() + ")");
        return pod.process().exitValue();
    }

    /** SIGKILL, like a node crash; waits until the process is gone. */
    public void kill(String name) {
        LocalPod pod = require(name);
        pod.process().destroyForcibly();
        try {
            pod.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(() -> "killed pod " + name);
    }

    /**
     * SIGSTOP: the pod's process freezes with its sockets open, like a node that hangs rather than dies.
     * Its peers' connections neither fail nor answer, so they wait out their own timeouts; a killed
     * process instead refuses connections at once. {@link #resume} undoes it; {@link #kill} works on a
     * paused pod too.
     */
    public void pause(String name) {
        signal(require(name), "STOP");
        LOG.info(() -> "paused pod " + name + " (SIGSTOP)");
    }

    /** SIGCONT: a {@linkplain #pause paused} pod runs again. */
    public void resume(String name) {
        LocalPod pod = require(name);
        if (pod.isAlive()) {
            signal(pod, "CONT");
            LOG.info(() -> "resumed pod " + name + " (SIGCONT)");
        }
    }

    private static void signal(LocalPod pod, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pod.pid())).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pod.pid() + " (" + pod.name() + ") failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted signalling " + pod.name(), e);
        }
    }

    /** Starts the pod again from the same spec and data dir (stopping it gracefully first if it runs). */
    public LocalPod restart(String name, Duration grace) {
        LocalPod pod = require(name);
        stop(name, grace);
        return start(pod.spec().withDataDir(pod.dataDir()));
    }

    /** Kills every pod (a {@link #detached} runtime leaves them running). Data and logs stay under the work root. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (detached) {
            return;
        }
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran; nothing left to do
        }
    }

    private void killAll() {
        List<LocalPod> all;
        synchronized (this) {
            all = List.copyOf(pods.values());
        }
        for (LocalPod pod : all) {
            pod.process().destroyForcibly();
        }
        for (LocalPod pod : all) {
            try {
                pod.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized LocalPod require(String name) {
        LocalPod pod = pods.get(name);
        if (pod == null) {
            throw new IllegalArgumentException("no pod " + name);
        }
        return pod;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("runtime is closed");
        }
    }

    private static void replaceInputs(Path inputsDir, Map<String, String> files) throws IOException {
        try (var existing = Files.list(inputsDir)) {
            for (Path p : existing.toList()) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(inputsDir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Like a Secret volume: exactly the spec's files, readable by the owner only. */
    private static void replaceTlsFiles(Path tlsDir, Map<String, String> files) throws IOException {
        try (var existing = Files.list(tlsDir)) {
            for (Path p : existing.toList()) {
                if (!files.containsKey(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            writeAtomically(tlsDir, file.getKey(), file.getValue());
        }
    }

    private static void writeAtomically(Path dir, String fileName, String content) throws IOException {
        Path tmp = dir.resolve("." + fileName + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // keep the default permissions
        }
        Files.move(tmp, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeHostsFile() {
        StringBuilder text = new StringBuilder("# written by brook-local LocalProcessRuntime\n");
        hosts.forEach((name, address) -> text.append(address).append(' ').append(name).append('\n'));
        try {
            Path tmp = hostsFile.resolveSibling("hosts.tmp");
            Files.writeString(tmp, text.toString());
            Files.move(tmp, hostsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hostsFile, e);
        }
    }

    private static Optional<String> localHostname() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME"));
        }
    }

    /** The last {@code lines} lines of a pod log (for failure messages). */
    public static String tail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
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
