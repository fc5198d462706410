package dev.brook.contract;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Kafka broker configuration keys that Brook sets itself and a user may not: identity, addressing,
 * storage location, the ZooKeeper connection, and everything about security (TLS, SASL, principals,
 * authorization, ZooKeeper TLS and ACLs). The operator checks user config with
 * {@link #offending(Collection)} before any pod starts; the agent refuses the same keys at start, with
 * {@link #refusal(List)} as its one line.
 *
 * <p>A key is owned when it is one of {@link #KEYS} or starts with one of {@link #PREFIXES}, unless it is one of
 * the TLS settings that stay the user's ({@link #USER_TLS_KEYS}: cipher suites and protocol versions, globally or for
 * one listener as {@code listener.name.<listener>.<key>}).
 */
public final class OwnedKafkaKeys {
    private OwnedKafkaKeys() {
    }

    /** Owned keys, exact names. */
    public static final Set<String> KEYS = Set.of(
            "broker.id",
            "node.id",
            "zookeeper.connect",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "inter.broker.listener.name",
            "security.inter.broker.protocol",
            "log.dirs",
            "log.dir",
            "broker.rack",
            "process.roles",
            "controller.listener.names",
            // Removed in Kafka 3.0 but still honoured by tools that read the file; owned so they cannot conflict.
            "host.name",
            "port",
            "advertised.host.name",
            "advertised.port",
            "zookeeper.metadata.migration.enable",
            "broker.id.generation.enable",
            // Security: ZooKeeper TLS client and znode ACLs, principals, authorization.
            "zookeeper.set.acl",
            "zookeeper.clientCnxnSocket",
            "principal.builder.class",
            "authorizer.class.name",
            "super.users",
            "allow.everyone.if.no.acl.found");

    /**
     * Owned key prefixes: KRaft controller quorum settings (Brook runs ZooKeeper mode; ZooKeeper-mode tuning such as
     * {@code controller.socket.timeout.ms} stays with the user), and security: TLS ({@code ssl.}, which includes
     * {@code ssl.principal.mapping.rules}), per-listener settings ({@code listener.name.}: key stores, client
     * authentication, SASL callbacks), {@code security.}, SASL ({@code sasl.}, which includes the Kerberos principal
     * rules), ZooKeeper TLS ({@code zookeeper.ssl.}), delegation tokens and the encoder of dynamically stored passwords.
     */
    public static final Set<String> PREFIXES = Set.of("controller.quorum.", "ssl.", "listener.name.", "security.", "sasl.",
            "zookeeper.ssl.", "delegation.token.", "password.encoder.");

    /**
     * TLS settings that stay the user's although their prefix is owned: which cipher suites and protocol versions the
     * brokers' listeners accept. Also allowed for one listener: {@code listener.name.<listener>.<key>}.
     */
    public static final Set<String> USER_TLS_KEYS = Set.of("ssl.cipher.suites", "ssl.enabled.protocols", "ssl.protocol");

    private static final Pattern PER_LISTENER_USER_TLS_KEY =
            Pattern.compile("listener\\.name\\.[a-z0-9_]+\\.(ssl\\.cipher\\.suites|ssl\\.enabled\\.protocols|ssl\\.protocol)");

    private static final List<String> SECURITY_PREFIXES = List.of("ssl.", "listener.name.", "security.", "sasl.", "zookeeper.ssl.",
            "delegation.token.", "password.encoder.");
    private static final Set<String> SECURITY_KEYS = Set.of("security.inter.broker.protocol", "zookeeper.set.acl",
            "zookeeper.clientCnxnSocket", "principal.builder.class", "authorizer.class.name", "super.users",
            "allow.everyone.if.no.acl.found");

    public static boolean isOwned(String key) {
        if (USER_TLS_KEYS.contains(key) || PER_LISTENER_USER_TLS_KEY.matcher(key).matches()) {
            return false;
        }
        return KEYS.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** True for an owned key that is about security (TLS, SASL, principals, authorization, ZooKeeper TLS and ACLs). */
    public static boolean isSecurityKey(String key) {
        return isOwned(key) && (SECURITY_KEYS.contains(key) || SECURITY_PREFIXES.stream().anyMatch(key::startsWith));
    }

    /** The owned keys among {@code keys}, sorted; empty when the user config is acceptable. */
    public static List<String> offending(Collection<String> keys) {
        TreeSet<String> found = new TreeSet<>();
        for (String key : keys) {
            if (isOwned(key)) {
                found.add(key);
            }
        }
        return List.copyOf(found);
    }

    /**
     * The one-line refusal for {@code offending} (non-empty, as {@link #offending} returns it), e.g. {@code user config
     * sets Brook-owned key 'broker.id'; remove it from the cluster's Kafka config (Brook sets it)}. When a security key
     * is among them, the line says that Brook configures TLS and authentication and which TLS keys stay the user's.
     */
    public static String refusal(List<String> offending) {
        if (offending.isEmpty()) {
            throw new IllegalArgumentException("no owned keys to refuse");
        }
        StringBuilder line = new StringBuilder("user config sets Brook-owned key").append(offending.size() > 1 ? "s " : " ")
                .append(String.join(", ", offending.stream().map(k -> "'" + k + "'").toList()))
                .append("; remove ").append(offending.size() > 1 ? "them" : "it")
                .append(" from the cluster's Kafka config (Brook sets ").append(offending.size() > 1 ? "them" : "it").append(")");
        if (offending.stream().anyMatch(OwnedKafkaKeys::isSecurityKey)) {
            line.append(". TLS, SASL, principals, authorization and ZooKeeper TLS/ACLs are configured by Brook from the"
                    + " cluster's security settings; of the TLS keys only ssl.cipher.suites, ssl.enabled.protocols and"
                    + " ssl.protocol are yours (also per listener: listener.name.<listener>.<key>)");
        }
        return line.toString();
    }
}
