package dev.brook.contract;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a broker's start went, as one line the agent logs and the benchmarks read back: the JVM's own start (to the agent's
 * broker start: JVM boot, class loading, the agent reading and validating its inputs), the agent's preparation
 * (rendering, metrics, waiting for a stale ZooKeeper registration of a previous process), and Kafka's startup
 * (log loading and recovery, ZooKeeper session, registration; it returns once the broker is registered).
 */
public record BrokerStartupTimes(long jvmMillis, long agentMillis, long kafkaMillis) {
    private static final Pattern LINE = Pattern.compile("broker started in (\\d+) ms: JVM and agent inputs (\\d+) ms, "
            + "preparing \\(rendering, stale registration\\) (\\d+) ms, Kafka startup \\(logs, ZooKeeper, registration\\) (\\d+) ms");

    /** All times as epoch milliseconds: the JVM's start, the agent's broker start, Kafka's startup called and returned. */
    public static String line(long jvmStart, long agentStart, long kafkaStart, long kafkaStarted) {
        return new BrokerStartupTimes(agentStart - jvmStart, kafkaStart - agentStart, kafkaStarted - kafkaStart).toString();
    }

    public long totalMillis() {
        return jvmMillis + agentMillis + kafkaMillis;
    }

    /** The last startup line in a broker's log, if any. */
    public static java.util.Optional<BrokerStartupTimes> lastIn(String log) {
        Matcher m = LINE.matcher(log);
        BrokerStartupTimes last = null;
        while (m.find()) {
            last = new BrokerStartupTimes(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)));
        }
        return java.util.Optional.ofNullable(last);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "broker started in %d ms: JVM and agent inputs %d ms, preparing (rendering, stale registration) %d ms, "
                + "Kafka startup (logs, ZooKeeper, registration) %d ms", totalMillis(), jvmMillis, agentMillis, kafkaMillis);
    }
}
