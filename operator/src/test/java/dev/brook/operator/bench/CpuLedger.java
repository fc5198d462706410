package dev.brook.operator.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU seconds of this JVM's child processes (the ZooKeeper and broker JVMs), kept per pid, so a broker
 * that restarted still counts with what its old process used; {@link KafkaPoller} samples it every 250 ms.
 * A {@link Mark} also holds this JVM's own CPU time (operator, mock API, benchmark clients).
 */
final class CpuLedger {
    record Mark(Map<Long, Double> children, double jvmSeconds) {
    }

    private final Map<Long, Double> seconds = new HashMap<>();

    synchronized void sample() {
        ProcessHandle.current().descendants().forEach(p -> p.info().totalCpuDuration()
                .ifPresent(d -> seconds.merge(p.pid(), d.toMillis() / 1000.0, Math::max)));
    }

    synchronized Mark mark() {
        sample();
        return new Mark(new HashMap<>(seconds), PhaseMeter.jvmCpuSeconds());
    }

    /** CPU used between two marks, as "Kafka+ZK JVMs s / test JVM s". */
    static String between(Mark from, Mark to) {
        double children = 0;
        for (var e : to.children.entrySet()) {
            children += e.getValue() - from.children.getOrDefault(e.getKey(), 0.0);
        }
        return String.format(Locale.ROOT, "%.1f s / %.1f s", children, to.jvmSeconds - from.jvmSeconds);
    }
}
