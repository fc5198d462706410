package dev.brook.contract;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One Kafka listener. Each broker binds it on its bind address and {@link #port}. It is advertised
 * as the pod's own host ({@link PodAddressing}) and {@link #port} unless {@link #advertised} holds an
 * explicit address for the broker's ordinal (an external listener behind per-broker Services, a
 * NodePort or, locally, another loopback address).
 *
 * @param name       listener name, upper case ({@code REPLICATION}, {@code CLIENT}, ...)
 * @param port       container port
 * @param protocol   security protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param advertised per-ordinal advertised address; empty for a listener advertised on the pod host
 */
public record Listener(String name, int port, String protocol, SortedMap<Integer, HostPort> advertised) {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    public Listener {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputsException("listener name '" + name + "' must match " + NAME.pattern());
        }
        Ports.check("listener " + name + " port", port);
        if (protocol == null || !PROTOCOLS.contains(protocol)) {
            throw new InvalidInputsException("listener " + name + " protocol '" + protocol + "' is not one of " + new TreeMap<>(Map.of(
                    "a", "PLAINTEXT", "b", "SSL", "c", "SASL_PLAINTEXT", "d", "SASL_SSL")).values());
        }
        advertised = Collections.unmodifiableSortedMap(advertised == null ? new TreeMap<>() : new TreeMap<>(advertised));
    }

    /** A PLAINTEXT listener advertised on the pod's own host. */
    public static Listener internal(String name, int port) {
        return new Listener(name, port, "PLAINTEXT", new TreeMap<>());
    }

    /** A PLAINTEXT listener advertised at an explicit address per broker ordinal. */
    public static Listener external(String name, int port, Map<Integer, HostPort> advertisedByOrdinal) {
        return new Listener(name, port, "PLAINTEXT", new TreeMap<>(advertisedByOrdinal));
    }

    /** The address broker {@code pod} advertises for this listener. */
    public HostPort advertisedAddress(PodName pod, PodAddressing addressing) {
        if (advertised.isEmpty()) {
            return new HostPort(addressing.host(pod), port);
        }
        HostPort explicit = advertised.get(pod.ordinal());
        if (explicit == null) {
            throw new InvalidInputsException("listener " + name + " has no advertised address for broker ordinal " + pod.ordinal());
        }
        return explicit;
    }

    void renderInto(SortedMap<String, String> out) {
        String prefix = "listener." + name + ".";
        out.put(prefix + "port", Integer.toString(port));
        out.put(prefix + "protocol", protocol);
        advertised.forEach((ordinal, address) -> out.put(prefix + "advertised." + ordinal, address.toString()));
    }
}
