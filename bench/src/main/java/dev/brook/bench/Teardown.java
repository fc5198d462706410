package dev.brook.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the benchmark started, closed in reverse order exactly once: at the normal end, on failure, and from a
 * shutdown hook when the JVM is interrupted (Ctrl-C, SIGTERM), so no operator, broker or ZooKeeper outlives it.
 */
final class Teardown {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    Teardown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "bench-teardown"));
    }

    synchronized <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes one resource now (e.g. the first operator process before the memory arm starts its own). */
    synchronized void closeNow(AutoCloseable resource) throws Exception {
        resources.remove(resource);
        resource.close();
    }

    synchronized void closeAll() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("[bench] closing " + resource + " failed: " + e);
            }
        }
    }
}
