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
 * @param authentication how clients prove who they are: null (they do not: {@code User:ANONYMOUS}), {@link #AUTH_TLS}
 *                       (a client certificate from the clients CA, {@link TlsFiles#CLIENTS_CA_BUNDLE}; the principal is
 *                       {@code User:<its CN>}) or {@link #AUTH_SCRAM} (SCRAM-SHA-512 over SASL; the principal is
 *                       {@code User:<user name>}). Rendered {@code listener.<NAME>.authentication}, absent when null
 * @param reauthenticationMs with SCRAM: how often a connection must authenticate again (Kafka's
 *                       {@code connections.max.reauth.ms}: a changed or deleted password then ends open connections);
 *                       0 for never. Rendered {@code listener.<NAME>.reauthentication.ms}, absent when 0
 */
public record Listener(String name, int port, String protocol, SortedMap<Integer, HostPort> advertised, boolean ownCertificate,
                       String authentication, long reauthenticationMs) {
    /** Mutual TLS with a certificate from the clients CA. */
    public static final String AUTH_TLS = "tls";
    /** SCRAM-SHA-512 over SASL (SASL_SSL, or SASL_PLAINTEXT when the user asks for it). */
    public static final String AUTH_SCRAM = "scram-sha-512";

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
        boolean sasl = protocol.startsWith("SASL_");
        if (authentication != null && !AUTH_TLS.equals(authentication) && !AUTH_SCRAM.equals(authentication)) {
            throw new InvalidInputsException("listener " + name + " authentication '" + authentication + "' is not one of "
                    + AUTH_TLS + ", " + AUTH_SCRAM);
        }
        if (AUTH_TLS.equals(authentication) && !"SSL".equals(protocol)) {
            throw new InvalidInputsException("listener " + name + " authenticates by client certificate but its protocol is "
                    + protocol + " (needs SSL)");
        }
        if (sasl != AUTH_SCRAM.equals(authentication)) {
            throw new InvalidInputsException("listener " + name + " has protocol " + protocol + " and authentication "
                    + authentication + ": SASL protocols go with " + AUTH_SCRAM + " and only with it");
        }
        if (reauthenticationMs < 0 || (reauthenticationMs > 0 && !sasl)) {
            throw new InvalidInputsException("listener " + name + " re-authentication interval " + reauthenticationMs
                    + " ms: only a SCRAM listener has one, and it is not negative");
        }
    }

    public Listener(String name, int port, String protocol, SortedMap<Integer, HostPort> advertised, boolean ownCertificate) {
        this(name, port, protocol, advertised, ownCertificate, null, 0);
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

    /**
     * This listener with another security protocol (an own certificate is dropped unless the new protocol is TLS; the
     * authentication is kept).
     */
    public Listener withProtocol(String newProtocol) {
        return new Listener(name, port, newProtocol, advertised, ownCertificate && isTls(newProtocol), authentication, reauthenticationMs);
    }

    /** This TLS listener serving {@link TlsFiles#listenerKeyStore} instead of the pod's key store. */
    public Listener withOwnCertificate() {
        return new Listener(name, port, protocol, advertised, true, authentication, reauthenticationMs);
    }

    /**
     * This listener authenticating its clients: by certificate ({@link #AUTH_TLS}: the protocol stays SSL) or by SCRAM
     * ({@link #AUTH_SCRAM}: SSL becomes SASL_SSL, PLAINTEXT becomes SASL_PLAINTEXT).
     */
    public Listener withAuthentication(String mechanism, long reauthMs) {
        String newProtocol = AUTH_SCRAM.equals(mechanism) ? (isTls(protocol) ? "SASL_SSL" : "SASL_PLAINTEXT") : protocol;
        return new Listener(name, port, newProtocol, advertised, ownCertificate, mechanism, AUTH_SCRAM.equals(mechanism) ? reauthMs : 0);
    }

    /** SASL with SCRAM-SHA-512. */
    public boolean usesScram() {
        return AUTH_SCRAM.equals(authentication);
    }

    /** Clients present a certificate from the clients CA. */
    public boolean usesClientCertificates() {
        return AUTH_TLS.equals(authentication);
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
        if (authentication != null) {
            out.put(prefix + "authentication", authentication);
        }
        if (reauthenticationMs > 0) {
            out.put(prefix + "reauthentication.ms", Long.toString(reauthenticationMs));
        }
    }

    private static boolean isTls(String protocol) {
        return "SSL".equals(protocol) || "SASL_SSL".equals(protocol);
    }
}
