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
 * <p>TLS: a listener whose protocol is {@code SSL} (or {@code SASL_SSL}) serves TLS with the broker pod's own key store
 * ({@link TlsFiles#podKeyStore}, issued by the operator from the cluster CA, with the pod's addresses as SANs) unless
 * {@link #ownCertificate} is set: then with {@link TlsFiles#listenerKeyStore} (a certificate the user provides, e.g.
 * from a public CA for an external listener). The inter-broker listener authenticates its clients (brokers, the
 * operator) by certificate; other listeners do not ({@link BrokerInputs}).
 *
 * @param name           listener name, upper case ({@code REPLICATION}, {@code CLIENT}, ...)
 * @param port           container port
 * @param protocol       security protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param advertised     per-ordinal advertised address; empty for a listener advertised on the pod host
 * @param ownCertificate the listener serves {@link TlsFiles#listenerKeyStore} instead of the pod's key store; only
 *                       with a TLS protocol. Rendered {@code listener.<NAME>.own.certificate=true}, absent when false
 */
public record Listener(String name, int port, String protocol, SortedMap<Integer, HostPort> advertised, boolean ownCertificate) {

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
        if (ownCertificate && !isTls(protocol)) {
            throw new InvalidInputsException("listener " + name + " has its own certificate but protocol " + protocol
                    + " (an own certificate needs SSL or SASL_SSL)");
        }
    }

    /** A listener that serves the pod's key store when its protocol is a TLS one. */
    public Listener(String name, int port, String protocol, SortedMap<Integer, HostPort> advertised) {
        this(name, port, protocol, advertised, false);
    }

    /** A PLAINTEXT listener advertised on the pod's own host. */
    public static Listener internal(String name, int port) {
        return new Listener(name, port, "PLAINTEXT", new TreeMap<>());
    }

    /** A PLAINTEXT listener advertised at an explicit address per broker ordinal. */
    public static Listener external(String name, int port, Map<Integer, HostPort> advertisedByOrdinal) {
        return new Listener(name, port, "PLAINTEXT", new TreeMap<>(advertisedByOrdinal));
    }

    /** This listener with another security protocol (an own certificate is dropped unless the new protocol is TLS). */
    public Listener withProtocol(String newProtocol) {
        return new Listener(name, port, newProtocol, advertised, ownCertificate && isTls(newProtocol));
    }

    /** This TLS listener serving {@link TlsFiles#listenerKeyStore} instead of the pod's key store. */
    public Listener withOwnCertificate() {
        return new Listener(name, port, protocol, advertised, true);
    }

    /** True for SSL and SASL_SSL: the listener speaks TLS. */
    public boolean usesTls() {
        return isTls(protocol);
    }

    /** The file in the TLS directory this listener's server certificate comes from (only for a TLS listener). */
    public String keyStoreFile(PodName pod) {
        if (!usesTls()) {
            throw new IllegalStateException("listener " + name + " (" + protocol + ") has no key store");
        }
        return ownCertificate ? TlsFiles.listenerKeyStore(name) : TlsFiles.podKeyStore(pod.toString());
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
        if (ownCertificate) {
            // Only when set: inputs of clusters without it keep their text, and their hash.
            out.put(prefix + "own.certificate", "true");
        }
    }

    private static boolean isTls(String protocol) {
        return "SSL".equals(protocol) || "SASL_SSL".equals(protocol);
    }
}
