package dev.brook.cli;

import dev.brook.local.BrookImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link LocalSupervisor} process of a data dir, from the commands' side: started detached by {@code up}, found
 * again by its recorded pid and start time, stopped first by {@code down}.
 */
final class SupervisorProcess {
    /** How long {@code down} lets the supervisor finish its current step after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /**
     * System property naming the data dir on the supervisor's command line, before the (long) classpath: the JDK reads
     * at most 4096 bytes of another process's command line, so what identifies a process must come first.
     */
    static final String DATA_DIR_PROPERTY = "brook.local.supervisor";
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private SupervisorProcess() {
    }

    /**
     * Starts {@code java -cp <this JVM's classpath> dev.brook.cli.LocalSupervisor <data dir>} with this JVM's java, in a
     * session of its own (no terminal hang-up or Ctrl-C reaches it), output appended to {@value LocalState#SUPERVISOR_LOG}.
     */
    static Process launch(LocalState state, BrookImage image) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // same pid: a child of this JVM is no process-group leader, so setsid does not fork
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(marker(state.dataDir()), "-Xms32m", "-Xmx96m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC",
                "-D" + BrookImage.HOME_PROPERTY + "=" + image.home(),
                "-Djava.util.logging.SimpleFormatter.format=%1$tF %1$tT %4$s %5$s%6$s%n",
                "-cp", System.getProperty("java.class.path"),
                LocalSupervisor.class.getName(), state.dataDir().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.supervisorLog().toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BROOK_") && !k.equals(BrookImage.HOME_ENV));
        try {
            Files.createDirectories(state.dataDir());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the supervisor: " + command, e);
        }
    }

    /** The recorded supervisor, if it still runs: the same pid, the same process start time, the supervisor's main class. */
    static Optional<ProcessHandle> find(LocalState.Processes processes) {
        LocalState.Supervisor recorded = processes == null ? null : processes.supervisor();
        if (recorded == null || recorded.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(recorded.pid()).filter(ProcessHandle::isAlive).filter(h -> isSupervisor(h)
                && h.info().startInstant().map(start -> recorded.startedAt() == null
                        || start.equals(Instant.parse(recorded.startedAt()))).orElse(true));
    }

    /** Supervisors of this data dir that run, recorded or not (one that was replaced while it hung, a failed start). */
    static List<ProcessHandle> allOf(Path dataDir) {
        String marker = marker(dataDir) + " ";
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    /** SIGTERM (the supervisor stops watching, the pods keep running); SIGKILL after {@link #STOP_GRACE}. */
    static boolean stop(ProcessHandle supervisor) {
        return PodProcesses.stop(supervisor, STOP_GRACE);
    }

    /** This JVM's own record for {@code processes.json}. */
    static LocalState.Supervisor self() {
        ProcessHandle me = ProcessHandle.current();
        return new LocalState.Supervisor(me.pid(), me.info().startInstant().map(Instant::toString).orElse(null));
    }

    private static boolean isSupervisor(ProcessHandle h) {
        return h.info().commandLine().map(c -> c.contains(" -D" + DATA_DIR_PROPERTY + "=")).orElse(false);
    }

    private static String marker(Path dataDir) {
        return "-D" + DATA_DIR_PROPERTY + "=" + dataDir.toAbsolutePath().normalize();
    }
}
