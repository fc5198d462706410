package dev.brook.local;

import dev.brook.contract.PodEndpoints;
import dev.brook.contract.StatusFields;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a pod's agent reports on {@link PodEndpoints#STATUS}: the one reader of that JSON (the operator, {@code brook
 * local} and the tests use it), with the field names of {@link StatusFields}. The agent writes one flat object of
 * strings, numbers, booleans and nulls; {@link #json()} keeps the text as it came.
 *
 * <pre>{@code
 * AgentStatus.read("c1-broker-0.c1-broker.ns.svc.cluster.local", PodPorts.HEALTH)
 *         .filter(AgentStatus::recovering)
 *         .ifPresent(s -> ...);
 * }</pre>
 */
public final class AgentStatus {
    /** Connect and read bound of one request: the agent answers from memory. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final String json;
    private final Map<String, Object> fields;

    private AgentStatus(String json, Map<String, Object> fields) {
        this.json = json;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** The status of the agent at {@code host:healthPort}, or empty when it does not answer 200 with valid JSON. */
    public static Optional<AgentStatus> read(String host, int healthPort) {
        return read(host, healthPort, DEFAULT_TIMEOUT);
    }

    public static Optional<AgentStatus> read(String host, int healthPort, Duration timeout) {
        return get(host, healthPort, PodEndpoints.STATUS, timeout).flatMap(body -> {
            try {
                return Optional.of(parse(body));
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
        });
    }

    /** True when the agent at {@code host:healthPort} answers 200 on {@link PodEndpoints#READINESS}. */
    public static boolean isReady(String host, int healthPort) {
        return responseCode(host, healthPort, PodEndpoints.READINESS, DEFAULT_TIMEOUT) == 200;
    }

    /**
     * Parses the agent's status text.
     *
     * @throws IllegalArgumentException when it is not one flat JSON object
     */
    public static AgentStatus parse(String json) {
        String text = json.trim();
        return new AgentStatus(text, new FlatJson(text).object());
    }

    /** The JSON as the agent wrote it (trimmed). */
    public String json() {
        return json;
    }

    /** Every field, in the agent's order. */
    public Map<String, Object> fields() {
        return fields;
    }

    public Optional<String> text(String field) {
        Object value = fields.get(field);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    public Optional<Long> number(String field) {
        return fields.get(field) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    /** A boolean field; false when absent. */
    public boolean flag(String field) {
        return Boolean.TRUE.equals(fields.get(field));
    }

    public String role() {
        return text(StatusFields.ROLE).orElse("");
    }

    public String pod() {
        return text(StatusFields.POD).orElse("");
    }

    public boolean live() {
        return flag(StatusFields.LIVE);
    }

    public boolean ready() {
        return flag(StatusFields.READY);
    }

    /** Broker: Kafka's broker state, e.g. {@code RUNNING}. */
    public Optional<String> brokerState() {
        return text(StatusFields.BROKER_STATE);
    }

    /** Broker: logs left to recover (0 when absent). */
    public long remainingLogsToRecover() {
        return number(StatusFields.REMAINING_LOGS_TO_RECOVER).orElse(0L);
    }

    /** Broker: still recovering logs (never restart it now). */
    public boolean recovering() {
        return remainingLogsToRecover() > 0;
    }

    /** ZooKeeper: the peer state, e.g. {@code leading}. */
    public Optional<String> peerState() {
        return text(StatusFields.PEER_STATE);
    }

    /** ZooKeeper: this peer leads the ensemble. */
    public boolean leading() {
        return peerState().map(StatusFields.PEER_LEADING::equalsIgnoreCase).orElse(false);
    }

    /** With TLS: SHA-256 (hex) of the certificate in the pod's key store file as the pod sees it now; empty without TLS. */
    public Optional<String> tlsCertificate() {
        return text(StatusFields.TLS_CERTIFICATE).filter(s -> !s.isEmpty());
    }

    /** ZooKeeper with TLS: SHA-256 (hex) of the certificate the server loaded when it started (the one it presents). */
    public Optional<String> tlsLoadedCertificate() {
        return text(StatusFields.TLS_LOADED).filter(s -> !s.isEmpty());
    }

    /** With TLS: the expiry of the pod certificate the running server presents (see {@link StatusFields#TLS_SERVED_NOT_AFTER}). */
    public Optional<java.time.Instant> tlsServedNotAfter() {
        return text(StatusFields.TLS_SERVED_NOT_AFTER).filter(s -> !s.isEmpty()).map(java.time.Instant::parse);
    }

    /** With TLS: that certificate's expiry. */
    public Optional<java.time.Instant> tlsNotAfter() {
        return text(StatusFields.TLS_NOT_AFTER).filter(s -> !s.isEmpty()).map(java.time.Instant::parse);
    }

    /** With TLS: SHA-256 (hex) of the public key of the bundle CA that signed the certificate; empty when none did. */
    public Optional<String> tlsIssuerKey() {
        return text(StatusFields.TLS_ISSUER_KEY).filter(s -> !s.isEmpty());
    }

    /** With TLS: SHA-256 (hex) of every CA certificate in the pod's cluster CA bundle, sorted; empty without TLS. */
    public java.util.List<String> tlsTrusted() {
        return commaSeparated(StatusFields.TLS_TRUSTED);
    }

    /**
     * With TLS: the cluster CAs the running server trusts (fingerprints, as {@link #tlsTrusted}), which lag the file
     * until a broker reloads or a ZooKeeper server restarts; empty when unknown.
     */
    public java.util.List<String> tlsTrustedLoaded() {
        return commaSeparated(StatusFields.TLS_TRUSTED_LOADED);
    }

    /** Broker with TLS: the listeners that serve another certificate than their key store file holds (Kafka names). */
    public java.util.List<String> tlsStaleListeners() {
        return commaSeparated(StatusFields.TLS_STALE_LISTENERS);
    }

    /** A field the agent writes as a comma-separated list; empty when absent or empty. */
    private java.util.List<String> commaSeparated(String field) {
        return text(field).filter(s -> !s.isEmpty()).map(s -> java.util.List.of(s.split(","))).orElse(java.util.List.of());
    }

    /**
     * ZooKeeper with TLS: its key store file holds another certificate, or its cluster CA bundle file other CAs, than
     * the server loaded when it started (it uses those until restarted). False when either side is unknown.
     */
    public boolean tlsFilesChangedSinceStart() {
        String loaded = text(StatusFields.TLS_LOADED).orElse("");
        String now = tlsCertificate().orElse("");
        boolean certificate = !loaded.isEmpty() && !now.isEmpty() && !loaded.equals(now);
        java.util.List<String> trustedLoaded = tlsTrustedLoaded();
        java.util.List<String> trustedNow = tlsTrusted();
        boolean trust = !text(StatusFields.TLS_LOADED).orElse("").isEmpty() && !trustedLoaded.isEmpty() && !trustedNow.isEmpty()
                && !trustedLoaded.equals(trustedNow);
        return certificate || trust;
    }

    /** With TLS: why the pod's TLS files could not be read, when they could not. */
    public Optional<String> tlsError() {
        return text(StatusFields.TLS_ERROR);
    }

    @Override
    public String toString() {
        return json;
    }

    private static Optional<String> get(String host, int port, String path, Duration timeout) {
        HttpURLConnection connection = null;
        try {
            connection = open(host, port, path, timeout);
            if (connection.getResponseCode() != 200) {
                return Optional.empty();
            }
            try (InputStream in = connection.getInputStream()) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static int responseCode(String host, int port, String path, Duration timeout) {
        HttpURLConnection connection = null;
        try {
            connection = open(host, port, path, timeout);
            return connection.getResponseCode();
        } catch (IOException e) {
            return -1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static HttpURLConnection open(String host, int port, String path, Duration timeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host + ":" + port + path).toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        return connection;
    }

    /** The agent's JSON: one object whose values are strings, numbers, booleans or null (no nesting). */
    private static final class FlatJson {
        private final String s;
        private int i;

        FlatJson(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    skipSpace();
                    String key = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    out.put(key, value());
                    skipSpace();
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw error("',' or '}'");
                    }
                }
            }
            skipSpace();
            if (i != s.length()) {
                throw error("end of text");
            }
            return out;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String number = s.substring(start, i);
            try {
                if (number.matches("-?\\d+")) {
                    return Long.parseLong(number);
                }
                return Double.parseDouble(number);
            } catch (NumberFormatException e) {
                i = start;
                throw error("a string, number, boolean or null");
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("four hex digits");
                        }
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw error("an escape");
                }
            }
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("more text");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                i--;
                throw error("'" + c + "'");
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("agent status is not a flat JSON object: expected " + expected + " at offset " + i
                    + " of: " + (s.length() > 200 ? s.substring(0, 200) + "..." : s));
        }
    }
}
