package dev.brook.cli;

import dev.brook.contract.PodEndpoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pods of a detached cluster, seen from a later command: by pid (checked to still be that pod's
 * JVM, so a reused pid is never signalled) and by the agent's health endpoints.
 */
final class PodProcesses {
    private PodProcesses() {
    }

    /** The pod's process, if it still runs and is still the agent of that pod. */
    static Optional<ProcessHandle> handle(LocalState.Pod pod) {
        return ProcessHandle.of(pod.pid()).filter(ProcessHandle::isAlive).filter(h -> isThatPod(h, pod));
    }

    static boolean isRunning(LocalState.Pod pod) {
        return handle(pod).isPresent();
    }

    private static boolean isThatPod(ProcessHandle h, LocalState.Pod pod) {
        // The pod JVM's command line names its own work dir (-Djava.io.tmpdir=<data dir>/pods/<pod>/work).
        return h.info().commandLine().map(c -> c.contains("/pods/" + pod.name() + "/")).orElse(true);
    }

    /** SIGTERM; after {@code grace}, SIGKILL. Returns true when it had to kill. */
    static boolean stop(LocalState.Pod pod, Duration grace) {
        Optional<ProcessHandle> h = handle(pod);
        if (h.isEmpty()) {
            return false;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (Exception timeoutOrInterrupt) {
            h.get().destroyForcibly();
            try {
                h.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller's final check
            }
            return true;
        }
    }

    static boolean isReady(LocalState.Pod pod) {
        return status(pod, PodEndpoints.READINESS).map(s -> s == 200).orElse(false);
    }

    /** The pod's {@code /status} JSON, or empty. */
    static Optional<String> statusJson(LocalState.Pod pod) {
        HttpURLConnection c = null;
        try {
            c = open(pod, PodEndpoints.STATUS);
            if (c.getResponseCode() != 200) {
                return Optional.empty();
            }
            try (InputStream in = c.getInputStream()) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static Optional<Integer> status(LocalState.Pod pod, String path) {
        HttpURLConnection c = null;
        try {
            c = open(pod, path);
            return Optional.of(c.getResponseCode());
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static HttpURLConnection open(LocalState.Pod pod, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + pod.address() + ":" + pod.healthPort() + path).toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        return c;
    }
}
