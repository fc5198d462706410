package dev.brook.model;

import dev.brook.contract.PodPorts;
import dev.brook.api.v1alpha1.ListenerSpec;

import java.util.Locale;
import java.util.Set;

/** Brook's own listener and ports (from the pod contract), which user listeners may not take. */
public final class Listeners {
    /** The broker-to-broker listener Brook adds to every cluster. */
    public static final String REPLICATION_LISTENER = "replication";
    /** Its name in the broker inputs ({@code listener.REPLICATION.*}, {@code inter.broker.listener}). */
    public static final String REPLICATION_KAFKA_NAME = "REPLICATION";
    public static final Set<Integer> RESERVED_PORTS = Set.of(PodPorts.BROKER_REPLICATION, PodPorts.HEALTH, PodPorts.METRICS);
    /** Container/Service port names Brook uses itself; a listener with such a name gets {@code tcp-<port>}. */
    static final Set<String> RESERVED_PORT_NAMES = Set.of(REPLICATION_LISTENER, "health", "metrics");

    private Listeners() {
    }

    /**
     * The Kafka listener name of a spec listener: upper case, '-' as '_' ({@code external-lb} -> {@code EXTERNAL_LB}).
     * One-to-one, because spec names are lower-case letters, digits and '-'.
     */
    public static String kafkaName(String specName) {
        return specName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The container and Service port name of a listener: its own name when that is a valid port name
     * (at most 15 characters, no "--", not ending in '-', not one of Brook's), else {@code tcp-<port>}.
     */
    public static String portName(ListenerSpec listener) {
        String name = listener.getName();
        boolean valid = name.length() <= 15 && !name.contains("--") && !name.endsWith("-")
                && !RESERVED_PORT_NAMES.contains(name);
        return valid ? name : "tcp-" + listener.getPort();
    }
}
